/**
 * Builds the fake dext (test/fixtures/fake-dext/fake_driver.c) with `gcc -g -O0` into
 * `<dir>/<bundleId>.dext/<bundleId>` and starts instances of it with a dext's arguments.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FAKE_DEXT_SOURCE = resolve(__dirname, '..', 'fixtures', 'fake-dext', 'fake_driver.c');

/** 1-based line of the `BREAK HERE` marker in the source. */
export function breakLine(): number {
  const lines = require('node:fs').readFileSync(FAKE_DEXT_SOURCE, 'utf8').split('\n') as string[];
  return lines.findIndex((l) => l.includes('BREAK HERE')) + 1;
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
