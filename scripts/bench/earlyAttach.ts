/**
 * Early attach: from the fake dext's exec to "stopped at a breakpoint in fake_start()", the function
 * it runs 100 ms after exec, with lldb already waiting for it (the adapter's `waitFor` with
 * `program`); 20 runs, and how many of them stopped there. The ps path (`earlyAttach: false`, what
 * the adapter did before) is run beside it for comparison: it attaches after the dext has started,
 * and catches fake_start() only when a look with ps happens to fall just after the exec.
 * A run that has not stopped 3 s after lldb let the dext go on is paused, and the dext's own
 * `started` flag says whether fake_start() ran before lldb attached (a miss) or is still to come.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildFakeDext, FAKE_DEXT_SOURCE, lldbDapPath, startFakeDext, startLine } from '../../test/support/fakeDext';
import type { DapMessage } from '../../adapter/dapConnection';
import { Peer } from './debug';
import { emit, note, now, percentile, round } from './support';

const ADAPTER = resolve(__dirname, '..', '..', 'dist', 'debugAdapter.js');
const RUNS = 20;
const PS_RUNS = 10;
const BUNDLE = 'com.example.BenchEarly';

interface Run {
  readonly hit: boolean;
  /** exec → stopped in fake_start, when it stopped there. */
  readonly ms?: number;
}

/**
 * `phaseMs`: how long after the adapter says it waits the dext is started. A device is plugged in at
 * any moment, not when a look with ps is due: the runs spread the start over the ps path's 250 ms
 * polling interval.
 */
async function once(executable: string, lldbDap: string, early: boolean, phaseMs: number): Promise<Run> {
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
    await new Promise((r) => setTimeout(r, phaseMs));
    const started = now();
    dext.push(startFakeDext(executable, BUNDLE));
    await initialized;
    await peer.request('setBreakpoints', { source: { path: FAKE_DEXT_SOURCE }, breakpoints: [{ line: startLine() }] });
    await peer.request('configurationDone', {});
    await attached;
    for (;;) {
      const stop = (await Promise.race([stopped, new Promise((r) => setTimeout(r, 3000, undefined))])) as DapMessage | undefined;
      const ms = now() - started;
      const threadId = stop ? (stop as unknown as { body: { threadId: number } }).body.threadId : await pause(peer);
      const top = await topFrame(peer, threadId);
      if (stop) return { hit: /fake_start/.test(top.name) && top.line === startLine(), ms };
      const flag = (await peer.request('evaluate', { expression: 'started', frameId: top.id, context: 'watch' })) as unknown as { body?: { result?: string } };
      if (flag.body?.result === '1') return { hit: false };
      await peer.request('continue', { threadId });
    }
  } finally {
    await peer.close();
    for (const child of dext) child.kill('SIGKILL');
  }
}

async function topFrame(peer: Peer, threadId: number): Promise<{ id: number; name: string; line: number }> {
  const trace = (await peer.request('stackTrace', { threadId })) as unknown as { body: { stackFrames: { id: number; name: string; line: number }[] } };
  return trace.body.stackFrames[0];
}

/** Pauses the dext; the id of the thread it stopped on. */
async function pause(peer: Peer): Promise<number> {
  const threads = (await peer.request('threads', {})) as unknown as { body: { threads: { id: number }[] } };
  const paused = peer.event('stopped');
  await peer.request('pause', { threadId: threads.body.threads[0].id });
  return ((await paused) as unknown as { body: { threadId: number } }).body.threadId;
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
  for (let i = 0; i < RUNS; i++) early.push(await once(executable, lldbDap, true, (i * 25) % 250));
  const ps: Run[] = [];
  for (let i = 0; i < PS_RUNS; i++) ps.push(await once(executable, lldbDap, false, (i * 25) % 250));
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
