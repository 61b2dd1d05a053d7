/**
 * A DAP peer over a child's stdio: frames messages with Content-Length headers, parses the replies.
 * Kept apart from the session so the relay logic stays readable and testable.
 */
import type { ChildProcess } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';

export type DapMessage = DebugProtocol.ProtocolMessage & Record<string, unknown>;

export class DapConnection {
  private buffer = Buffer.alloc(0);
  private nextSeq = 1;

  constructor(
    private readonly child: ChildProcess,
    private readonly onMessage: (message: DapMessage) => void,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  /** Sends a message, giving it the next sequence number of this connection; returns that number. */
  send(message: Omit<DapMessage, 'seq'>): number {
    const seq = this.nextSeq++;
    const body = Buffer.from(JSON.stringify({ ...message, seq }), 'utf8');
    this.child.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
    return seq;
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length:\s*(\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) {
        // Not DAP: drop the garbage up to the separator rather than stall forever.
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      try {
        this.onMessage(JSON.parse(body) as DapMessage);
      } catch {
        // A malformed message from lldb-dap is skipped; the session reports lldb-dap's exit if it dies.
      }
    }
  }
}
