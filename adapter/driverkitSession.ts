/**
 * The DriverKit debug session: owns initialize, attach, cancel and disconnect, and relays every other
 * request, response, event and reverse request between VS Code and a real lldb-dap unchanged, with
 * sequence numbers mapped. What it adds: lldb-dap discovery, finding the dext with ps (waiting for it
 * with progress), the dext's log lines in the Debug Console, and errors in plain words.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { DebugSession, OutputEvent, ProgressEndEvent, ProgressStartEvent, ProgressUpdateEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { explainAttachError } from './attachErrors';
import type { AdapterOptions, DriverKitAttachArguments } from './attachConfig';
import { DapConnection, type DapMessage } from './dapConnection';
import { forEachLine } from '../client/src/util/streamLines';
import { locateDext, waitForDext } from './dextLocator';
import { findLldbDap, lldbDapCommandLine } from './lldbDapLocator';
import { formatLogEntry, logStreamArgs, parseLogLine } from './logStream';
import type { ProcessInfo } from '../core/tools/ps';

export class DriverKitSession extends DebugSession {
  private lldb?: { child: ChildProcess; connection: DapConnection; stderr: string };
  /** lldb-dap request seq → the VS Code request it answers. */
  private readonly pending = new Map<number, DebugProtocol.Request>();
  private readonly cancelledProgress = new Set<string>();
  private logStream?: ChildProcess;
  private attached?: { pid: number; dext?: string };
  private terminateDebuggee = false;
  private ending = false;
  private clientSupportsProgress = false;
  /** lldb-dap's own answer: lldb-dap 19 does not know `cancel` and aborts on a request it does not know. */
  private lldbSupportsCancel = false;

  constructor(private readonly options: AdapterOptions) {
    super();
  }

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    switch (request.command) {
      case 'initialize':
        void this.initialize(request);
        return;
      case 'attach':
        void this.attach(request, (request.arguments ?? {}) as DriverKitAttachArguments);
        return;
      case 'launch':
        this.fail(request, 'A driverkit configuration attaches to a running driver extension; use "request": "attach".');
        return;
      case 'cancel':
        this.cancel(request);
        return;
      case 'disconnect':
      case 'terminate':
        void this.end(request);
        return;
      default:
        this.forward(request);
    }
  }

  private async initialize(request: DebugProtocol.Request): Promise<void> {
    const args = (request.arguments ?? {}) as DebugProtocol.InitializeRequestArguments;
    this.clientSupportsProgress = args.supportsProgressReporting === true;
    const lookup = await findLldbDap(this.options.lldbDapPath);
    if (!lookup.path) {
      this.fail(request, `lldb-dap was not found. Tried: ${lookup.tried.join('; ')}. Install Xcode 16 or later (macOS), or LLVM's lldb (for example "apt-get install lldb-19"), or set "lldbDapPath" in the launch configuration.`);
      return;
    }
    const [command, ...commandArgs] = lldbDapCommandLine(lookup.path, this.options.runAsRoot);
    const child = spawn(command, commandArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
    const lldb = { child, stderr: '', connection: new DapConnection(child, (message) => this.fromLldb(message)) };
    this.lldb = lldb;
    child.stderr!.on('data', (chunk: Buffer) => (lldb.stderr = (lldb.stderr + chunk.toString()).slice(-4000)));
    child.on('error', (error) => this.lldbGone(`lldb-dap (${lookup.path}) could not be started: ${error.message}`));
    child.on('exit', (code, signal) => {
      if (!this.ending) this.lldbGone(explainAttachError(lldb.stderr.trim() || `lldb-dap exited (${signal ?? `code ${code}`}) during the session.`, { platform: process.platform, pid: this.attached?.pid, dext: this.attached?.dext }));
    });
    this.forward(request, (response) => {
      this.lldbSupportsCancel = response.body?.supportsCancelRequest === true;
      // Our own additions: progress while waiting for the dext, and its cancellation.
      const body = { ...(response.body ?? {}), supportsCancelRequest: true };
      this.sendResponse({ ...response, body } as DebugProtocol.Response);
    });
  }

  private async attach(request: DebugProtocol.Request, args: DriverKitAttachArguments): Promise<void> {
    if (!this.lldb) {
      this.fail(request, 'The debug session has no lldb-dap (initialize failed).');
      return;
    }
    this.terminateDebuggee = args.terminateDebuggee === true;
    let target: ProcessInfo | { pid: number } | undefined;
    // A pid may come as a string from ${command:driverkit.pickDextProcess}.
    const pid = args.pid === undefined || String(args.pid).trim() === '' ? undefined : Number(args.pid);
    if (pid !== undefined && (!Number.isInteger(pid) || pid <= 0)) {
      this.fail(request, `"pid" must be a process id, not ${JSON.stringify(args.pid)}.`);
      return;
    }
    try {
      target = pid ? { pid } : await this.findTarget(request, args);
    } catch (error) {
      this.fail(request, error instanceof Error ? error.message : String(error));
      return;
    }
    this.attached = { pid: target.pid, dext: args.dext };
    const { dext: _dext, waitFor: _waitFor, timeout: _timeout, lldbDapPath: _path, runAsRoot: _root, logStream: _log, logCommand: _logCommand, ...rest } = args;
    const lldbArgs = { ...rest, pid: target.pid };
    this.forward({ ...request, arguments: lldbArgs }, (response) => {
      if (!response.success) {
        const explained = explainAttachError(response.message ?? '', { platform: process.platform, pid: target.pid, dext: args.dext });
        this.sendResponse({ ...response, message: explained, body: { error: { id: 2, format: explained, showUser: true } } } as DebugProtocol.Response);
        return;
      }
      this.sendResponse(response);
      this.output(`Attached to ${args.dext ?? 'the process'} (pid ${target.pid}).\n`);
      this.startLogStream(args, target);
    });
  }

  /** Finds the one dext process to attach to, waiting for it when asked; answers the request itself on failure. */
  private async findTarget(request: DebugProtocol.Request, args: DriverKitAttachArguments): Promise<ProcessInfo> {
    const dext = args.dext?.trim();
    if (!dext) throw new Error('Name the driver extension to attach to: set "dext" to its bundle id or executable name, or "pid".');
    let found = await locateDext(dext);
    if (found.matches.length === 0 && args.waitFor) {
      const progressId = `driverkit-wait-${request.seq}`;
      const timeoutMs = Math.max(1, args.timeout ?? 60) * 1000;
      if (this.clientSupportsProgress) this.sendEvent(new ProgressStartEvent(progressId, `Waiting for ${dext}`, 'Attach or plug in a matching device…'));
      const result = await waitForDext(dext, timeoutMs, () => this.cancelledProgress.has(progressId) || this.ending, (seconds) => {
        if (this.clientSupportsProgress) this.sendEvent(new ProgressUpdateEvent(progressId, `waited ${seconds} s of ${timeoutMs / 1000} s`));
      });
      if (this.clientSupportsProgress) this.sendEvent(new ProgressEndEvent(progressId));
      if (result === 'cancelled') throw new Error(`Stopped waiting for ${dext}.`);
      if (result === 'timeout') throw new Error(`${dext} did not start within ${timeoutMs / 1000} s. A dext starts when a device matching its personality appears and the system extension is activated.`);
      found = result;
    }
    if (found.matches.length === 0) {
      const near = found.near.map((p) => `  ${p.pid}  ${p.command}`).join('\n');
      throw new Error(`${dext} is not running.${near ? ` Processes that look close:\n${near}` : ''}\nStart it (plug in the device, activate the extension), or set "waitFor": true to wait for it.`);
    }
    if (found.matches.length > 1) {
      const list = found.matches.map((p) => `  pid ${p.pid}, started ${p.started}: ${p.command}`).join('\n');
      throw new Error(`${found.matches.length} instances of ${dext} are running (one per matched device):\n${list}\nSet "pid" to choose one, for example "pid": "\${command:driverkit.pickDextProcess}".`);
    }
    return found.matches[0];
  }

  private startLogStream(args: DriverKitAttachArguments, target: ProcessInfo | { pid: number }): void {
    const enabled = args.logStream ?? process.platform === 'darwin';
    if (!enabled) return;
    const executable = 'argv' in target && target.argv[0] ? basename(target.argv[0]) : args.dext ?? '';
    const [command, ...commandArgs] = args.logCommand?.length ? args.logCommand : ['log', ...logStreamArgs(executable)];
    let child: ChildProcess;
    try {
      child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      // spawn refuses some values outright (a NUL byte, an empty program): say so instead of streaming nothing.
      this.output(`The dext's log could not be streamed (${JSON.stringify(command)}: ${error instanceof Error ? error.message : String(error)}).\n`);
      return;
    }
    this.logStream = child;
    forEachLine(child.stdout, (line) => {
      const entry = parseLogLine(line);
      if (entry) this.sendEvent(new OutputEvent(`${formatLogEntry(entry)}\n`, 'console'));
    });
    child.on('error', (error) => this.output(`The dext's log could not be streamed (${command}: ${error.message}).\n`));
    // Read, so a chatty stderr cannot fill its pipe and stall the command; said when it fails.
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-1000)));
    child.on('exit', (code) => {
      if (this.logStream !== child || this.ending || !code) return;
      this.output(`The dext's log stream stopped: ${command} exited with code ${code}${stderr.trim() ? ` (${stderr.trim()})` : ''}.\n`);
    });
  }

  /** `log stream` keeps nothing worth a graceful end, and one that ignores SIGTERM must not outlive the session. */
  private stopLogStream(): void {
    this.logStream?.kill('SIGKILL');
    this.logStream = undefined;
  }

  private cancel(request: DebugProtocol.Request): void {
    const args = (request.arguments ?? {}) as DebugProtocol.CancelArguments;
    if (args.progressId) this.cancelledProgress.add(args.progressId);
    // A cancel is only a hint (the request still gets its answer): one lldb-dap cannot take is
    // answered here, since sending it would end lldb-dap, and the session with it.
    if (args.requestId !== undefined && this.lldb && this.lldbSupportsCancel) this.forward(request);
    else this.succeed(request);
  }

  private async end(request: DebugProtocol.Request): Promise<void> {
    if (this.ending) {
      // Already detached (or lldb-dap is gone): a second disconnect just gets its answer.
      this.succeed(request);
      return;
    }
    this.ending = true;
    this.stopLogStream();
    const args = { ...(request.arguments ?? {}), terminateDebuggee: (request.arguments as DebugProtocol.DisconnectArguments | undefined)?.terminateDebuggee ?? this.terminateDebuggee };
    if (!this.lldb || this.lldb.child.exitCode !== null) {
      this.succeed(request);
      this.shutdown();
      return;
    }
    this.forward({ ...request, arguments: args }, (response) => {
      this.sendResponse(response);
      // The session is over: lldb-dap goes with it, and so does this adapter process.
      this.shutdown();
    });
  }

  /** Sends a VS Code request on to lldb-dap; `reply` (default: relay unchanged) receives its response. */
  private forward(request: DebugProtocol.Request, reply?: (response: DebugProtocol.Response) => void): void {
    if (!this.lldb) {
      this.fail(request, 'lldb-dap is not running.');
      return;
    }
    const seq = this.lldb.connection.send({ type: 'request', command: request.command, arguments: request.arguments });
    this.pending.set(seq, request);
    if (reply) this.replies.set(seq, reply);
  }

  private readonly replies = new Map<number, (response: DebugProtocol.Response) => void>();

  private fromLldb(message: DapMessage): void {
    if (message.type === 'response') {
      const response = message as unknown as DebugProtocol.Response;
      const original = this.pending.get(response.request_seq);
      if (!original) return;
      this.pending.delete(response.request_seq);
      const mapped = { ...response, request_seq: original.seq } as DebugProtocol.Response;
      const reply = this.replies.get(response.request_seq);
      this.replies.delete(response.request_seq);
      if (reply) reply(mapped);
      else this.sendResponse(mapped);
    } else if (message.type === 'event') {
      const event = message as unknown as DebugProtocol.Event;
      if (event.event === 'exited' && !this.ending) this.output(`The dext process (pid ${this.attached?.pid ?? '?'}) exited while attached.\n`);
      this.sendEvent(event);
    } else if (message.type === 'request') {
      // A reverse request (runInTerminal, startDebugging): ask VS Code, hand the answer back.
      const reverse = message as unknown as DebugProtocol.Request;
      this.sendRequest(reverse.command, reverse.arguments, 30_000, (response) => {
        this.lldb?.connection.send({ type: 'response', request_seq: reverse.seq, command: reverse.command, success: response.success, message: response.message, body: response.body });
      });
    }
  }

  private lldbGone(message: string): void {
    if (this.ending) return;
    this.ending = true;
    for (const [seq, request] of this.pending) {
      this.pending.delete(seq);
      this.replies.delete(seq);
      this.fail(request, message);
    }
    this.output(`${message}\n`);
    this.stopLogStream();
    this.sendEvent(new TerminatedEvent());
  }

  private output(text: string): void {
    this.sendEvent(new OutputEvent(text, 'console'));
  }

  /** An empty success answer, for requests the adapter settles itself. */
  private succeed(request: DebugProtocol.Request): void {
    this.sendResponse({ type: 'response', seq: 0, request_seq: request.seq, command: request.command, success: true } as DebugProtocol.Response);
  }

  private fail(request: DebugProtocol.Request, message: string): void {
    this.sendResponse({
      type: 'response',
      seq: 0,
      request_seq: request.seq,
      command: request.command,
      success: false,
      message,
      body: { error: { id: 1, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: true } },
    } as DebugProtocol.Response);
  }

  override shutdown(): void {
    this.ending = true;
    this.stopLogStream();
    this.lldb?.child.kill();
    super.shutdown();
  }
}
