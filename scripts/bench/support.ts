/** Shared by the benchmark figures: output, statistics, timeouts and tracked server processes. */
import { getHeapSpaceStatistics } from 'node:v8';
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { LspClient, productLaunch } from '../../test/support/lspClient';

// ---------------------------------------------------------------------------------------------
// Output, timing, statistics

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;
export const round = (x: number): number => Math.round(x * 100) / 100;
export const note = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

const minorGc = (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc;
if (!minorGc) note('run with node --expose-gc (as the npm scripts do): without it the client\'s own garbage collection is counted in the latencies');

/**
 * Keeps the measuring client's own garbage collection out of the timings. Parsing large answers
 * (1,100 document symbols) makes this process's scavenges take 5–11 ms, and one landing inside a
 * request was counted as the server's latency. So the npm scripts give the client a young generation
 * of 64 MB (--max-semi-space-size=64), and before each timed request it is emptied (a minor GC,
 * outside the timing) once a quarter full. Not before every request: a collection just before a
 * sub-millisecond request slows that request down. Servers run with Node's defaults.
 */
export function collectClientGarbage(): void {
  if (!minorGc) return;
  const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  if (young && young.space_used_size > young.space_size / 4) minorGc({ type: 'minor' });
}

export function emit(figure: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export function emitLatencies(figure: string, samples: readonly number[], target: number): void {
  const sorted = [...samples].sort((a, b) => a - b);
  emit({ figure, unit: 'ms', p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), runs: sorted.length, target });
  note(`${figure}: min ${round(sorted[0])} ms, mean ${round(sorted.reduce((a, b) => a + b, 0) / sorted.length)} ms, slowest ${sorted.slice(-5).map(round).join(', ')} ms`);
  note(`${figure}: slowest runs in order of occurrence at ${samples.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 5).map(([, i]) => i).join(', ')}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class BenchFailure extends Error {}

/** Resolves with `promise`, or rejects after `ms`, or as soon as `crash` rejects. */
export function guard<T>(promise: Promise<T>, ms: number, what: string, crash?: Promise<never>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchFailure(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout, ...(crash ? [crash] : [])]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// Server processes: every one started is tracked, stopped in `finally`, killed on exit at worst

export const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Rejects when `child` exits before `isStopping()` says we asked it to. */
export function crashOf(child: ChildProcess, isStopping: () => boolean, stderr: () => string): Promise<never> {
  const crash = new Promise<never>((_, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      live.delete(child);
      if (!isStopping()) reject(new BenchFailure(`server exited unexpectedly (code ${code}, signal ${signal}); stderr: ${stderr().slice(-2000)}`));
    };
    if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
    else child.once('exit', onExit);
  });
  crash.catch(() => undefined); // observed through guard(); never an unhandled rejection
  return crash;
}

/** An LspClient (test/support/lspClient.ts) with crash detection and a bounded stop. */
let codeCache: string | undefined;

/**
 * The code-cache folder of this run's servers (a private temporary folder, removed at exit). The
 * first server of a run compiles and writes the cache; the ones after it start from it, as every
 * start after the first does in VS Code.
 */
export function benchCodeCache(): string {
  if (!codeCache) {
    const folder = mkdtempSync(join(tmpdir(), 'driverkit-bench-cache-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    codeCache = folder;
  }
  return codeCache;
}

export class Session {
  private stopping = false;
  readonly crashed: Promise<never>;

  private constructor(readonly client: LspClient) {
    live.add(client.process);
    this.crashed = crashOf(client.process, () => this.stopping, () => client.stderr);
  }

  /** A session over a client of an already spawned server. */
  static attach(client: LspClient): Session {
    return new Session(client);
  }

  /** A server started as the extension starts it (its code cache in one folder for the whole run). */
  static async start(root?: string): Promise<Session> {
    const { client } = await guard(LspClient.start(root, undefined, productLaunch(benchCodeCache())), 20_000, 'initialize');
    return new Session(client);
  }

  wait<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    return guard(promise, ms, what, this.crashed);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.client.process;
    await guard(this.client.stop(), 5_000, 'stop').catch(() => undefined);
    await killAndWait(child);
  }
}

export async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill();
    await guard(exited, 3_000, 'server exit').catch(() => child.kill('SIGKILL'));
  }
  live.delete(child);
}

/** Watches a connection's indexing progress and its "Indexed N ... in X ms." log line. */
export class IndexWatch {
  private token: string | number | undefined;
  private endResolve!: (at: number) => void;
  private logResolve!: (v: { files: number; ms: number }) => void;
  /** Time (now()) the `$/progress` end notification arrived. */
  readonly ended = new Promise<number>((r) => (this.endResolve = r));
  /** The server's own figure. */
  readonly logged = new Promise<{ files: number; ms: number }>((r) => (this.logResolve = r));

  /** Registers (replacing LspClient's no-op handlers) the progress, progress-create and log handlers. */
  constructor(connection: ProtocolConnection) {
    connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      this.token = params.token;
      return null;
    });
    connection.onNotification('$/progress', (params: { token: string | number; value?: { kind?: string } }) => {
      if (params.value?.kind === 'end' && (this.token === undefined || params.token === this.token)) this.endResolve(now());
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      const m = /Indexed (\d+) DriverKit source files in (\d+) ms/.exec(params.message);
      if (m) this.logResolve({ files: Number(m[1]), ms: Number(m[2]) });
    });
  }
}

/**
 * CPU time (user + system, all threads) a process has used, in ms, from /proc; undefined elsewhere.
 * Unlike latencies it hardly moves with the machine's load, so it shows what a change saved.
 */
export function cpuMilliseconds(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces) start at the process state.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ, the unit of /proc's CPU times (100 on every architecture Node supports). */
const CLOCK_TICKS = 100;

export function rssMegabytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s*(\d+)\s*kB/m.exec(status);
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

