/**
 * Real debug sessions for the security tests: the built adapter (dist/debugAdapter.js) driven by
 * DebugClient, a real lldb-dap, and fake dexts whose bundle ids start with com.example.Security so
 * they never meet another suite's processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { buildFakeDext, lldbDapPath, untilExecuted } from '../support/fakeDext';

export const ADAPTER = resolve(__dirname, '..', '..', 'dist', 'debugAdapter.js');
export const LLDB_DAP = lldbDapPath();
export const skip = LLDB_DAP && existsSync(ADAPTER) ? false : 'needs lldb-dap (apt-get install lldb-19) and a built adapter (npm run build)';

/** A session test that takes longer has hung: it fails instead of holding up the run. */
export const SESSION_TIMEOUT_MS = 60_000;

/** Debug clients and fake dexts a test started, so that a failing test leaves none behind. */
export class Lab {
  private readonly clients: DebugClient[] = [];
  private readonly dexts: ChildProcess[] = [];
  private executable?: string;

  constructor(private readonly dir: string) {}

  client(env: Record<string, string> = {}, cwd = this.dir): DebugClient {
    const dc = new DebugClient(process.execPath, ADAPTER, 'driverkit', { env: { ...process.env, DRIVERKIT_LLDB_DAP: LLDB_DAP ?? '', ...env }, cwd });
    dc.defaultTimeout = 20_000;
    this.clients.push(dc);
    return dc;
  }

  /** A fake dext, started from `dir` with a dext's arguments; `argv0` gives it another name in ps. */
  async dext(name = 'com.example.SecurityDriver', argv0?: string): Promise<ChildProcess> {
    this.executable ??= buildFakeDext(this.dir, 'com.example.SecurityDriver');
    const child = spawn(this.executable, [name, '0x100000a2b', name], { cwd: this.dir, stdio: 'ignore', ...(argv0 ? { argv0 } : {}) });
    this.dexts.push(child);
    await untilExecuted(child, this.executable);
    return child;
  }

  /** Ends every adapter still running (DebugClient keeps its process private) and every fake dext. */
  end(): void {
    for (const dc of this.clients.splice(0)) {
      const adapter = (dc as unknown as { _adapterProcess?: ChildProcess })._adapterProcess;
      if (adapter && adapter.exitCode === null && adapter.signalCode === null) adapter.kill('SIGKILL');
    }
    for (const child of this.dexts.splice(0)) child.kill('SIGKILL');
  }
}

/** initialize → attach → configurationDone, the order VS Code uses; resolves once attached. */
export async function attach(dc: DebugClient, args: Record<string, unknown>): Promise<void> {
  await dc.start();
  await dc.initializeRequest({ adapterID: 'driverkit', supportsProgressReporting: true } as DebugProtocol.InitializeRequestArguments);
  const initialized = dc.waitForEvent('initialized');
  const attached = dc.attachRequest({ logStream: false, ...args } as DebugProtocol.AttachRequestArguments);
  await initialized;
  await dc.configurationDoneRequest();
  await attached;
}

/** `State:` and `TracerPid:` of a Linux process, or undefined once it is gone. */
export function procStatus(pid: number): { state: string; tracer: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { state: /^State:\s*(\S)/m.exec(text)?.[1] ?? '?', tracer: Number(/^TracerPid:\s*(\d+)/m.exec(text)?.[1] ?? -1) };
  } catch {
    return undefined;
  }
}

/** Waits until `pid` runs free: no tracer, not stopped. Rejects with what it saw after `ms`. */
export async function runsFree(pid: number, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = procStatus(pid);
    if (status && status.tracer === 0 && /[RSD]/.test(status.state)) return;
    if (Date.now() > deadline) throw new Error(`pid ${pid} does not run free: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves with how the child ended; rejects when it is still running after `ms`. */
export function ends(child: ChildProcess, ms = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`pid ${child.pid} still runs after ${ms} ms`)), ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal });
    });
  });
}

/** Polls `read` until it gives something, for at most `ms`. */
export async function eventually<T>(read: () => T | undefined, ms = 5000): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
