/**
 * Debugger figures: attach → stopped at a breakpoint through our adapter vs the same requests sent
 * straight to lldb-dap (ratio), and the relay's added latency per request. Real lldb-dap, real process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DapConnection, type DapMessage } from '../../adapter/dapConnection';
import { breakLine, buildFakeDext, FAKE_DEXT_SOURCE, lldbDapPath, startFakeDext } from '../../test/support/fakeDext';
import { collectClientGarbage, emit, note, now, round } from './support';

const ADAPTER = resolve(__dirname, '..', '..', 'dist', 'debugAdapter.js');

/** A minimal DAP client over a child's stdio (also used by earlyAttach.ts). */
export class Peer {
  private readonly waiting = new Map<number, (m: DapMessage) => void>();
  private readonly events: ((m: DapMessage) => void)[] = [];
  private readonly connection: DapConnection;
  readonly child;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'], env });
    this.connection = new DapConnection(this.child, (m) => {
      if (m.type === 'response') this.waiting.get((m as unknown as { request_seq: number }).request_seq)?.(m);
      else if (m.type === 'event') for (const listener of this.events) listener(m);
    });
  }

  request(command: string, args: unknown): Promise<DapMessage> {
    return new Promise((resolveResponse) => {
      const seq = this.connection.send({ type: 'request', command, arguments: args });
      this.waiting.set(seq, resolveResponse);
    });
  }

  event(name: string): Promise<DapMessage> {
    return new Promise((resolveEvent) => this.events.push((m) => (m as unknown as { event: string }).event === name && resolveEvent(m)));
  }

  /** SIGTERM lets the adapter end its lldb-dap (a SIGKILL would leave it behind); SIGKILL if it lingers. */
  close(): Promise<void> {
    return new Promise((resolveClosed) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolveClosed();
      const forced = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      this.child.once('exit', () => {
        clearTimeout(forced);
        resolveClosed();
      });
      this.child.kill('SIGTERM');
    });
  }
}

async function attachToStop(peer: Peer, attachArgs: Record<string, unknown>): Promise<{ ms: number; threadId: number }> {
  await peer.request('initialize', { adapterID: 'driverkit' });
  const started = now();
  const initialized = peer.event('initialized');
  const stopped = peer.event('stopped');
  const attached = peer.request('attach', attachArgs);
  await initialized;
  await peer.request('setBreakpoints', { source: { path: FAKE_DEXT_SOURCE }, breakpoints: [{ line: breakLine() }] });
  await peer.request('configurationDone', {});
  await attached;
  const event = (await stopped) as unknown as { body: { threadId: number } };
  return { ms: now() - started, threadId: event.body.threadId };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function debugFigures(tempDirs: string[]): Promise<void> {
  const lldbDap = lldbDapPath();
  if (!lldbDap) {
    note('lldb-dap is not installed: the debugger figures are skipped (apt-get install lldb-19)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'driverkit-bench-debug-'));
  tempDirs.push(dir);
  const executable = buildFakeDext(dir);
  const viaAdapter: number[] = [];
  const direct: number[] = [];
  const relayed: number[] = [];
  const straight: number[] = [];
  for (let round_ = 0; round_ < 5; round_++) {
    for (const mode of ['adapter', 'direct'] as const) {
      const dext = startFakeDext(executable);
      await new Promise((r) => setTimeout(r, 200));
      const peer = mode === 'adapter' ? new Peer(process.execPath, [ADAPTER], { ...process.env, DRIVERKIT_LLDB_DAP: lldbDap }) : new Peer(lldbDap, []);
      try {
        const { ms, threadId } = await attachToStop(peer, mode === 'adapter' ? { dext: 'com.example.FakeDriver', logStream: false } : { pid: dext.pid });
        (mode === 'adapter' ? viaAdapter : direct).push(ms);
        for (let i = 0; i < 100; i++) {
          collectClientGarbage();
          const started = now();
          await peer.request('threads', {});
          const elapsed = now() - started;
          if (i >= 10) (mode === 'adapter' ? relayed : straight).push(elapsed);
        }
        void threadId;
      } finally {
        await peer.close();
        dext.kill('SIGKILL');
      }
    }
  }
  const ratio = median(viaAdapter) / median(direct);
  emit({ figure: 'attach_to_stopped_adapter_vs_lldb_dap', unit: 'ratio', value: round(ratio), adapterMs: round(median(viaAdapter)), lldbDapMs: round(median(direct)), runs: viaAdapter.length, target: 1.1 });
  emit({ figure: 'relay_added_latency_per_request', unit: 'ms', value: round(median(relayed) - median(straight)), adapterMs: round(median(relayed)), lldbDapMs: round(median(straight)), requests: relayed.length, target: 1 });
}
