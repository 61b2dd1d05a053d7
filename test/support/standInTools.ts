/**
 * Real executables that stand in for xcrun, ps, log and lldb-dap gone wrong, written to a temp folder
 * for tests that put that folder on PATH or name a script as the command to run.
 *
 * - `hanging(name)`: writes its pid to `<name>.pid`, ignores SIGTERM and never ends, printing nothing.
 * - `garbage(name)`: prints bytes that are no tool's output (binary, a half JSON object, junk lines), exits 0.
 * - `failing(name)`: prints a complaint on stderr and exits 3.
 * - `printing(name, text, code)`: prints the text given and exits with the code given.
 * - `answeringDap(name)`: a debug adapter peer that answers every DAP request with success and exits
 *   after `disconnect`: the least lldb-dap a session can attach through, for tests about what the
 *   DriverKit adapter does around it.
 * A command that does not exist needs no script: use `missing(name)`, a path in the folder never written.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class StandInTools {
  readonly dir = mkdtempSync(join(tmpdir(), 'dk-standins-'));
  private readonly hangingNames = new Set<string>();

  hanging(name: string): string {
    this.hangingNames.add(name);
    // Short sleeps leave no long-lived grandchild once the shell is SIGKILLed; /bin/sleep by path, as
    // PATH may hold only this folder.
    return this.script(name, `trap '' TERM\necho $$ > '${this.pidFile(name)}'\nwhile :; do /bin/sleep 1; done\n`);
  }

  garbage(name: string): string {
    return this.script(name, `printf '\\000\\377\\376 not output\\n{"eventMessage": "cut off\\n)}]{ @@ #if ( /*\\n'\nexit 0\n`);
  }

  /** Prints `text` (no NUL bytes, no single quotes) and exits with `code`. */
  printing(name: string, text: string, code: number): string {
    return this.script(name, `printf '%s' '${text}'\nexit ${code}\n`);
  }

  failing(name: string): string {
    return this.script(name, `echo "${name}: error: something is wrong with this installation" >&2\nexit 3\n`);
  }

  answeringDap(name: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, `#!${process.execPath}\n${ANSWERING_DAP}`);
    chmodSync(path, 0o755);
    return path;
  }

  missing(name: string): string {
    return join(this.dir, name);
  }

  /** The pid a hanging stand-in wrote when it started, once it has. */
  startedPid(name: string): number | undefined {
    const file = this.pidFile(name);
    return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) || undefined : undefined;
  }

  /** Deletes the folder, and kills every hanging stand-in still running (a failed test must not leave one behind). */
  remove(): void {
    for (const name of this.hangingNames) {
      const pid = this.startedPid(name);
      if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pidFile(name: string): string {
    return join(this.dir, `${name}.pid`);
  }

  private script(name: string, body: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}`);
    chmodSync(path, 0o755);
    return path;
  }
}

const ANSWERING_DAP = `
let pending = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  for (;;) {
    const end = pending.indexOf('\\r\\n\\r\\n');
    if (end < 0) return;
    const length = Number(/Content-Length: *(\\d+)/i.exec(pending.subarray(0, end).toString())[1]);
    if (pending.length < end + 4 + length) return;
    const request = JSON.parse(pending.subarray(end + 4, end + 4 + length).toString());
    pending = pending.subarray(end + 4 + length);
    const body = JSON.stringify({ seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: true, body: {} });
    process.stdout.write('Content-Length: ' + Buffer.byteLength(body) + '\\r\\n\\r\\n' + body);
    if (request.command === 'disconnect') process.stdout.end(() => process.exit(0));
  }
});
`;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `pid` is gone; rejects after `ms` (then the stand-in was left running). */
export async function waitForExit(pid: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} is still running after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
