/**
 * Builds the fake dext (test/fixtures/fake-dext/fake_driver.c) with `gcc -g -O0` into
 * `<dir>/<bundleId>.dext/<bundleId>` and starts instances of it with a dext's arguments.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FAKE_DEXT_SOURCE = resolve(__dirname, '..', 'fixtures', 'fake-dext', 'fake_driver.c');

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

/** 1-based line of the `START HERE` marker: in fake_start(), which runs once, 100 ms after exec. */
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

export function startFakeDext(executable: string, bundleId = 'com.example.FakeDriver'): ChildProcess {
  return spawn(executable, [bundleId, '0x100000a2b', bundleId], { stdio: 'ignore' });
}

/** lldb-dap on this machine (Debian's lldb-dap-19, or one on PATH), or undefined. */
export function lldbDapPath(): string | undefined {
  for (const candidate of [process.env.DRIVERKIT_LLDB_DAP, '/usr/bin/lldb-dap-19', '/usr/bin/lldb-dap', '/usr/local/bin/lldb-dap']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}
