/**
 * Our DriverKit language server against Debian's clangd-19 on the same fixtures, in one run
 * (npm run bench:peers, which builds first). stdout: one JSON line per figure, e.g.
 *   {"figure":"peers.completion","unit":"ms","ours_p50":..,"ours_p99":..,"clangd_p50":..,"clangd_p99":..,"ratio_p99":..,"target":0.2,"met":true}
 * stderr: notes. Exit status 1 when clangd is missing or anything fails, 2 without a build.
 * DRIVERKIT_CLANGD chooses the clangd binary; BENCH_ONLY=startup measures the start-up figure alone.
 */
import { existsSync } from 'node:fs';
import { SERVER } from '../test/support/lspClient';
import { completionComputeFigure } from './bench/completionCompute';
import { PEER_ROOTS, peerFigures } from './bench/peers';
import { clangdVersion, CLANGD_MISSING, findClangd } from './bench/peersSupport';
import { note, now, round } from './bench/support';

async function main(): Promise<number> {
  if (!existsSync(SERVER)) {
    note(`${SERVER} is missing: run npm run build first`);
    return 2;
  }
  const clangd = findClangd();
  if (!clangd) {
    note(CLANGD_MISSING);
    return 1;
  }
  note(`comparing with ${clangd} (${await clangdVersion(clangd).catch((e: Error) => `--version failed: ${e.message}`)})`);
  const watchdog = setTimeout(() => {
    note('the peer benchmark took over 15 minutes; giving up');
    process.exit(3); // support.ts's 'exit' handler kills both servers
  }, 15 * 60_000);
  watchdog.unref();
  const started = now();
  try {
    await peerFigures(clangd);
    if (process.env.BENCH_ONLY !== 'startup') await completionComputeFigure(PEER_ROOTS);
    note(`done in ${round((now() - started) / 1000)} s`);
    return 0;
  } catch (error) {
    note(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 2_000).unref(); // never hang on a lingering handle
  },
  (error) => {
    note(`bench:peers crashed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  },
);
