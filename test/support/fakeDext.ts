/**
 * Builds the fake dext (test/fixtures/fake-dext/fake_driver.c) with `gcc -g -O0` into
 * `<dir>/<bundleId>.dext/<bundleId>` and starts instances of it with a dext's arguments.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const FAKE_DEXT_SOURCE = resolve(__dirname, '..', 'fixtures', 'fake-dext', 'fake_driver.c');
/** A fake dext that crashes in its Start and writes an .ips report of it (see the file's header). */
export const CRASHING_DEXT_SOURCE = resolve(__dirname, '..', 'fixtures', 'fake-dext', 'crashing_driver.c');

/** 1-based line of a marker comment in a fixture source. */
export function markerLine(marker: string, source = FAKE_DEXT_SOURCE): number {
  const lines = readFileSync(source, 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(marker));
  if (index < 0) throw new Error(`${marker} is not in ${source}`);
  return index + 1;
}

/** 1-based line of the `BREAK HERE` marker: in tick(), which runs every 50 ms. */
export function breakLine(): number {
  return markerLine('BREAK HERE');
}

/**
 * 1-based line of the `START HERE` marker: in fake_start(), which runs once, 100 ms after exec (or,
 * started with `holdUntilTraced`, once a debugger is attached).
 */
export function startLine(): number {
  return markerLine('START HERE');
}

/** Compiles `source` (its path is what the debug info names, so breakpoints are set on that file). */
export function buildFakeDext(dir: string, bundleId = 'com.example.FakeDriver', source = FAKE_DEXT_SOURCE): string {
  const bundle = join(dir, `${bundleId}.dext`);
  mkdirSync(bundle, { recursive: true });
  const executable = join(bundle, bundleId);
  execFileSync('gcc', ['-g', '-O0', '-o', executable, source]);
  return executable;
}

export interface FakeDextStart {
  /**
   * fake_start() waits for a debugger instead of 100 ms: for tests that check an early attach stops
   * there, which must not depend on how fast a busy machine lets lldb attach.
   */
  readonly holdUntilTraced?: boolean;
  readonly cwd?: string;
}

export function startFakeDext(executable: string, bundleId = 'com.example.FakeDriver', how: FakeDextStart = {}): ChildProcess {
  const env = how.holdUntilTraced ? { ...process.env, FAKE_DEXT_HOLD_UNTIL_TRACED: '1' } : process.env;
  return spawn(executable, [bundleId, '0x100000a2b', bundleId], { stdio: 'ignore', env, ...(how.cwd ? { cwd: how.cwd } : {}) });
}

/**
 * Resolves once `child` runs `executable` (its /proc/<pid>/exe names it): from then on ps and lldb
 * see it by that name. Waiting for this instead of a fixed pause keeps the tests right on a busy machine.
 */
export async function untilExecuted(child: ChildProcess, executable: string): Promise<void> {
  const wanted = realpathSync(executable);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${executable} ended before it ran`);
    try {
      if (readlinkSync(`/proc/${child.pid}/exe`) === wanted) return;
    } catch {
      // Not spawned yet, or already gone (the check above says which next time).
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs a crashing fake dext until it dies; its .ips report lands in `reports`. */
export function crashFakeDext(executable: string, bundleId: string, reports: string, how: 'segv' | 'abort' = 'segv'): Promise<NodeJS.Signals | null> {
  const child = spawn(executable, [bundleId, '0x100000a2b', bundleId], { stdio: 'ignore', env: { ...process.env, FAKE_CRASH: how, FAKE_DEXT_REPORTS: reports } });
  return new Promise((resolveSignal) => child.on('exit', (_code, signal) => resolveSignal(signal)));
}

/** lldb-dap on this machine (Debian's lldb-dap-19, or one on PATH), or undefined. */
export function lldbDapPath(): string | undefined {
  for (const candidate of [process.env.DRIVERKIT_LLDB_DAP, '/usr/bin/lldb-dap-19', '/usr/bin/lldb-dap', '/usr/local/bin/lldb-dap']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** lldb itself, beside lldb-dap (Debian: /usr/bin/lldb-19 beside /usr/bin/lldb-dap-19), or undefined. */
export function lldbPath(): string | undefined {
  const dap = lldbDapPath();
  const beside = dap ? join(dirname(dap), basename(dap).replace('lldb-dap', 'lldb')) : undefined;
  for (const candidate of [process.env.DRIVERKIT_LLDB, beside, '/usr/bin/lldb']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}
