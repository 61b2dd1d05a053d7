/**
 * Early attach: from the fake dext's exec to "stopped at a breakpoint in fake_start()", the function
 * it runs 100 ms after exec, with lldb already waiting for it (the adapter's `waitFor` with
 * `program`); 20 runs, and how many of them stopped there. The ps path (`earlyAttach: false`, what
 * the adapter did before) is run beside it for comparison: it attaches after the dext has started,
 * and whether fake_start() had already run is read from the dext itself (its `started` flag) at the
 * moment lldb attached, so a miss is known without waiting for one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildFakeDext, FAKE_DEXT_SOURCE, lldbDapPath, startFakeDext, startLine } from '../../test/support/fakeDext';
import { Peer } from './debug';
import { emit, note, now, percentile, round } from './support';

const ADAPTER = resolve(__dirname, '..', '..', 'dist', 'debugAdapter.js');
const RUNS = 20;
const PS_RUNS = 5;
const BUNDLE = 'com.example.BenchEarly';

interface Run {
  readonly hit: boolean;
  /** exec → stopped in fake_start, when it stopped there. */
  readonly ms?: number;
}

async function once(executable: string, lldbDap: string, early: boolean): Promise<Run> {
  const peer = new Peer(process.execPath, [ADAPTER], { ...process.env, DRIVERKIT_LLDB_DAP: lldbDap });
  const dext: { kill(signal: NodeJS.Signals): void }[] = [];
  try {
    await peer.request('initialize', { adapterID: 'driverkit' });
    const waiting = peer.event('driverkitWaiting');
    const initialized = peer.event('initialized');
    const stopped = peer.event('stopped');
    const attached = peer.request('attach', { dext: BUNDLE, program: executable, waitFor: true, earlyAttach: early, logStream: false, timeout: 60 });
    const first = await Promise.race([waiting, attached]);
    if (first.type === 'response') throw new Error(`the attach was answered before lldb waited: ${JSON.stringify(first)}`);
    const started = now();
    dext.push(startFakeDext(executable, BUNDLE));
    await initialized;
    // Still stopped where lldb attached: had fake_start() run already?
    const flag = (await peer.request('evaluate', { expression: 'started', context: 'repl' })) as unknown as { body?: { result?: string } };
    const alreadyRan = flag.body?.result?.trim().endsWith('1') === true;
    await peer.request('setBreakpoints', { source: { path: FAKE_DEXT_SOURCE }, breakpoints: [{ line: startLine() }] });
    await peer.request('configurationDone', {});
    await attached;
    if (alreadyRan) return { hit: false };
    await stopped;
    const ms = now() - started;
    const body = (await peer.request('stackTrace', { threadId: ((await peer.request('threads', {})) as unknown as { body: { threads: { id: number }[] } }).body.threads[0].id })) as unknown as { body: { stackFrames: { name: string; line: number }[] } };
    const top = body.body.stackFrames[0];
    return { hit: /fake_start/.test(top.name) && top.line === startLine(), ms };
  } finally {
    await peer.close();
    for (const child of dext) child.kill('SIGKILL');
  }
}

export async function earlyAttachFigures(tempDirs: string[]): Promise<void> {
  const lldbDap = lldbDapPath();
  if (!lldbDap) {
    note('lldb-dap is not installed: the early-attach figure is skipped (apt-get install lldb-19)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'driverkit-bench-early-'));
  tempDirs.push(dir);
  const executable = buildFakeDext(dir, BUNDLE);
  const early: Run[] = [];
  for (let i = 0; i < RUNS; i++) early.push(await once(executable, lldbDap, true));
  const ps: Run[] = [];
  for (let i = 0; i < PS_RUNS; i++) ps.push(await once(executable, lldbDap, false));
  const times = early.filter((r) => r.hit).map((r) => r.ms!).sort((a, b) => a - b);
  emit({
    figure: 'exec_to_stopped_in_start_100ms_after_exec',
    unit: 'ms',
    p50: times.length ? round(percentile(times, 50)) : null,
    max: times.length ? round(times[times.length - 1]) : null,
    hits: times.length,
    runs: RUNS,
    psPathHits: ps.filter((r) => r.hit).length,
    psPathRuns: PS_RUNS,
    target: `${RUNS} of ${RUNS}`,
  });
}
