/**
 * The DriverKit debug session: owns initialize, attach, cancel and disconnect, and relays every other
 * request, response, event and reverse request between VS Code and a real lldb-dap unchanged, with
 * sequence numbers mapped. What it adds: lldb-dap discovery, finding the dext (with ps, or — when it
 * is not running yet — letting lldb wait for it and attach before its first instruction), the dext's
 * log lines in the Debug Console from the moment the wait begins, and errors in plain words.
 */
import { basename } from 'node:path';
import { DebugSession, Event, OutputEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { explainAttachError } from './attachErrors';
import { AttachStopRelease } from './attachStop';
import type { AdapterOptions, DriverKitAttachArguments } from './attachConfig';
import type { DapMessage } from './dapConnection';
import { dextLogNames, DextLogStream } from './dextLogStream';
import { locateDext, waitForDext, type LocateResult } from '../core/tools/dextLocator';
import { lldbAttachArguments, planWait } from './earlyAttach';
import { EarlyWait } from './earlyWait';
import { findLldbDap } from './lldbDapLocator';
import { LldbDapProcess } from './lldbDapProcess';
import { WaitClock } from './waitClock';
import { locateDextCopies } from '../core/dext/locate';
import type { ProcessInfo } from '../core/tools/ps';

/** The custom event a client (Build and Debug, tests) watches: the session now waits for the dext. */
export const WAITING_EVENT = 'driverkitWaiting';

export class DriverKitSession extends DebugSession {
  private lldb?: LldbDapProcess;
  private lldbPath?: string;
  /** VS Code's initialize arguments, replayed to a replacement lldb-dap. */
  private initializeArguments?: DebugProtocol.InitializeRequestArguments;
  /** lldb-dap request seq → the VS Code request it answers, and who receives the answer. */
  private readonly pending = new Map<number, { request: DebugProtocol.Request; reply?: (response: DebugProtocol.Response) => void }>();
  private readonly cancelledProgress = new Set<string>();
  private readonly logStream = new DextLogStream((text) => this.output(text), () => this.ending);
  private attached?: { pid?: number; dext?: string };
  /** The wait in progress (early or with ps), for a disconnect or cancel that arrives meanwhile. */
  private waiting?: Promise<void>;
  private earlyWait?: EarlyWait;
  /** Set when an early attach succeeded: lldb-dap's `process` event that follows names the pid. */
  private announceEarlyAttach?: string;
  private readonly attachStop = new AttachStopRelease();
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
      case 'configurationDone':
        this.forward(request, (response) => {
          this.attachStop.configured(response.success);
          this.sendResponse(response);
        });
        return;
      default:
        this.forward(request);
    }
  }

  private async initialize(request: DebugProtocol.Request): Promise<void> {
    this.initializeArguments = (request.arguments ?? {}) as DebugProtocol.InitializeRequestArguments;
    this.clientSupportsProgress = this.initializeArguments.supportsProgressReporting === true;
    const lookup = await findLldbDap(this.options.lldbDapPath);
    if (!lookup.path) {
      this.fail(request, `lldb-dap was not found. Tried: ${lookup.tried.join('; ')}. Install Xcode 16 or later (macOS), or LLVM's lldb (for example "apt-get install lldb-19"), or set "lldbDapPath" in the launch configuration.`);
      return;
    }
    this.lldbPath = lookup.path;
    this.lldb = await this.startLldb();
    this.forward(request, (response) => {
      this.lldbSupportsCancel = response.body?.supportsCancelRequest === true;
      // Our own additions: progress while waiting for the dext, and its cancellation.
      const body = { ...(response.body ?? {}), supportsCancelRequest: true };
      this.sendResponse({ ...response, body } as DebugProtocol.Response);
    });
  }

  private startLldb(): Promise<LldbDapProcess> {
    return LldbDapProcess.start(this.lldbPath!, this.options.runAsRoot, {
      onMessage: (message) => this.fromLldb(message),
      onUnexpectedEnd: (detail, startFailed) => {
        if (startFailed) this.lldbGone(detail);
        else this.lldbGone(explainAttachError(detail, { platform: process.platform, pid: this.attached?.pid, dext: this.attached?.dext }));
      },
    });
  }

  /** A fresh lldb-dap in place of one that waited in vain, initialized as VS Code initialized the first. */
  private async replaceLldb(): Promise<void> {
    const old = this.lldb;
    this.lldb = undefined;
    // Requests to the old one get no answer from it; the attach is answered by what follows.
    this.pending.clear();
    await old?.stop(true);
    if (this.ending) return;
    this.lldb = await this.startLldb();
    await new Promise<void>((resolve) => {
      const seq = this.lldb!.send({ type: 'request', command: 'initialize', arguments: this.initializeArguments });
      this.pending.set(seq, { request: { seq: 0, type: 'request', command: 'initialize' }, reply: () => resolve() });
    });
  }

  private async attach(request: DebugProtocol.Request, args: DriverKitAttachArguments): Promise<void> {
    if (!this.lldb) {
      this.fail(request, 'The debug session has no lldb-dap (initialize failed).');
      return;
    }
    this.terminateDebuggee = args.terminateDebuggee === true;
    // A pid may come as a string from ${command:driverkit.pickDextProcess}.
    const pid = args.pid === undefined || String(args.pid).trim() === '' ? undefined : Number(args.pid);
    if (pid !== undefined && (!Number.isInteger(pid) || pid <= 0)) {
      this.fail(request, `"pid" must be a process id, not ${JSON.stringify(args.pid)}.`);
      return;
    }
    if (pid) {
      this.attachToPid(request, args, { pid });
      return;
    }
    const dext = args.dext?.trim();
    if (!dext) {
      this.fail(request, 'Name the driver extension to attach to: set "dext" to its bundle id or executable name, or "pid".');
      return;
    }
    let found: LocateResult | undefined;
    try {
      found = await locateDext(dext);
    } catch (error) {
      // Without ps, an early attach can still wait; anything else needs the list.
      if (!args.waitFor) return this.fail(request, error instanceof Error ? error.message : String(error));
    }
    const passedOver = new Set(args.waitFor && args.ignoreRunning ? (found?.matches ?? []).map((p) => p.pid) : []);
    const running = (found?.matches ?? []).filter((p) => !passedOver.has(p.pid));
    if (running.length > 1) return this.fail(request, severalInstances(dext, running));
    if (running.length === 1) return this.attachToPid(request, args, running[0]);
    if (!args.waitFor) {
      const near = (found?.near ?? []).map((p) => `  ${p.pid}  ${p.command}`).join('\n');
      return this.fail(request, `${dext} is not running.${near ? ` Processes that look close:\n${near}` : ''}\nStart it (plug in the device, activate the extension), or set "waitFor": true to wait for it.`);
    }
    this.waiting = this.waitAndAttach(request, args, dext, passedOver);
    await this.waiting;
    this.waiting = undefined;
  }

  /** Waits for the dext — lldb itself waiting when it can, else ps — and attaches to it. */
  private async waitAndAttach(request: DebugProtocol.Request, args: DriverKitAttachArguments, dext: string, passedOver: ReadonlySet<number>): Promise<void> {
    const timeoutS = Math.max(1, args.timeout ?? 60);
    const clock = new WaitClock(`driverkit-wait-${request.seq}`, timeoutS * 1000, this.clientSupportsProgress ? (event) => this.sendEvent(event) : undefined, (id) => this.cancelledProgress.has(id) || this.ending);
    clock.begin(`Waiting for ${dext}`, 'Plug in the device or activate the extension…');
    if (passedOver.size > 0) this.output(`Passing over the instance${passedOver.size > 1 ? 's' : ''} already running (pid ${[...passedOver].join(', ')}): waiting for ${dext} to start again.\n`);
    const plan = await planWait(args, dext, {
      platform: process.platform,
      isRoot: process.getuid?.() === 0,
      runAsRoot: this.options.runAsRoot,
      locate: (name) => locateDextCopies(name, { roots: [] }),
    });
    this.logStream.ensure(args, dextLogNames(dext, plan.early ? plan.program : undefined));
    try {
      if (plan.early) {
        const settled = await this.waitEarly(request, args, dext, plan.program, plan.from, passedOver, clock);
        if (settled) return;
      } else {
        this.output(`Waiting for ${dext} with ps: lldb will attach once it runs, after init and Start (breakpoints there are missed). lldb cannot wait for it itself: ${plan.reason}.\n`);
      }
      this.sendEvent(new Event(WAITING_EVENT, { dext, early: false }));
      const result = await waitForDext(dext, clock.remainingMs(), () => clock.stopReason() !== undefined, () => clock.tick(), process.platform, (p) => !passedOver.has(p.pid));
      if (result === 'cancelled' || result === 'timeout') {
        const why = clock.stopReason() ?? result;
        this.fail(request, await this.waitEndedMessage(dext, why, timeoutS, passedOver), { quiet: why === 'cancelled' });
        return;
      }
      if (result.matches.length > 1) return this.fail(request, severalInstances(dext, result.matches));
      clock.end();
      this.attachToPid(request, args, result.matches[0]);
    } finally {
      clock.end();
    }
  }

  /** The early attach; true when the request has been answered, false to go on waiting with ps. */
  private async waitEarly(request: DebugProtocol.Request, args: DriverKitAttachArguments, dext: string, program: string, from: string, passedOver: ReadonlySet<number>, clock: WaitClock): Promise<boolean> {
    const wait = new EarlyWait({
      serverLog: this.lldb?.serverLog,
      attach: (lldbArgs, reply) =>
        this.forward({ ...request, arguments: lldbArgs }, (response) => {
          // Set now: lldb-dap's `process` event (with the pid) follows in the same breath.
          if (response.success) this.announceEarlyAttach = dext;
          reply(response);
        }),
      ready: (exact) => {
        clock.update('lldb attaches as it starts, before init and Start run');
        this.output(`lldb is waiting for ${basename(program)} (from ${from}: ${program}) and will attach the moment it starts, before init and Start run.\n`);
        this.sendEvent(new Event(WAITING_EVENT, { dext, early: true, exact, program }));
      },
      instances: async () => {
        const now = await locateDext(dext);
        return { fresh: now.matches.filter((p) => !passedOver.has(p.pid)), passedOver: now.matches.filter((p) => passedOver.has(p.pid)).length };
      },
      shouldStop: () => clock.stopReason(),
      tick: () => clock.tick(),
    });
    this.earlyWait = wait;
    const outcome = await wait.run(lldbAttachArguments(args, { program }));
    this.earlyWait = undefined;
    switch (outcome.kind) {
      case 'attached':
        this.attached = { ...this.attached, dext: args.dext };
        this.attachStop.attached((args as { stopOnEntry?: unknown }).stopOnEntry === true);
        clock.end();
        this.sendResponse(outcome.response);
        return true;
      case 'stopped':
        await this.lldb?.stop(true);
        this.fail(request, await this.waitEndedMessage(dext, outcome.why, clock.timeoutMs / 1000, passedOver), { quiet: outcome.why === 'cancelled' });
        return true;
      case 'missed':
        this.output(`${dext} (pid ${outcome.instances.map((p) => p.pid).join(', ')}) started while lldb was getting ready to wait, so lldb's wait passes it over. Attaching to it the ordinary way: its init and Start have run.\n`);
        await this.replaceLldb();
        if (this.ending) return this.stoppedWaiting(request, dext);
        if (outcome.instances.length === 1) {
          clock.end();
          this.attachToPid(request, args, outcome.instances[0]);
          return true;
        }
        return false;
      case 'failed':
        this.output(`lldb could not attach to ${dext} as it started: ${explainAttachError(outcome.message, { platform: process.platform, dext })}\nFalling back to ps: lldb attaches once the dext runs, after init and Start.\n`);
        await this.replaceLldb();
        return this.ending ? this.stoppedWaiting(request, dext) : false;
    }
  }

  private stoppedWaiting(request: DebugProtocol.Request, dext: string): true {
    this.fail(request, `Stopped waiting for ${dext}.`, { quiet: true });
    return true;
  }

  private async waitEndedMessage(dext: string, why: 'timeout' | 'cancelled', seconds: number, passedOver: ReadonlySet<number>): Promise<string> {
    if (why === 'cancelled') return `Stopped waiting for ${dext}.`;
    const still = passedOver.size > 0 ? ((await locateDext(dext).catch(() => undefined))?.matches ?? []).filter((p) => passedOver.has(p.pid)) : [];
    const stale = still.length > 0 ? ` The instance that ran before (pid ${still.map((p) => p.pid).join(', ')}) is still running: macOS replaces an installed dext only when the new one has a higher version (CFBundleVersion).` : ' A dext starts when a device matching its personality appears and the system extension is activated.';
    return `${dext} did not start within ${seconds} s.${stale}`;
  }

  private attachToPid(request: DebugProtocol.Request, args: DriverKitAttachArguments, target: ProcessInfo | { pid: number }): void {
    this.attached = { pid: target.pid, dext: args.dext };
    this.forward({ ...request, arguments: lldbAttachArguments(args, { pid: target.pid }) }, (response) => {
      if (!response.success) {
        const explained = explainAttachError(response.message ?? '', { platform: process.platform, pid: target.pid, dext: args.dext });
        this.sendResponse({ ...response, message: explained, body: { error: { id: 2, format: explained, showUser: true } } } as DebugProtocol.Response);
        return;
      }
      this.sendResponse(response);
      this.output(`Attached to ${args.dext ?? 'the process'} (pid ${target.pid}).\n`);
      const executable = 'argv' in target && target.argv[0] ? target.argv[0] : undefined;
      this.logStream.ensure(args, executable ? dextLogNames(args.dext, executable) : args.dext ? [args.dext] : []);
    });
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
    this.logStream.stop();
    // A wait sees the session ending within a quarter second, ends lldb-dap and its debug server if
    // lldb was waiting (lldb-dap answers nothing meanwhile), and answers the attach.
    await this.waiting;
    const args = { ...(request.arguments ?? {}), terminateDebuggee: (request.arguments as DebugProtocol.DisconnectArguments | undefined)?.terminateDebuggee ?? this.terminateDebuggee };
    if (!this.lldb || !this.lldb.running) {
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
    const seq = this.lldb.send({ type: 'request', command: request.command, arguments: request.arguments });
    this.pending.set(seq, { request, reply });
  }

  private fromLldb(message: DapMessage): void {
    if (message.type === 'response') {
      const response = message as unknown as DebugProtocol.Response;
      const waiting = this.pending.get(response.request_seq);
      if (!waiting) return;
      this.pending.delete(response.request_seq);
      const mapped = { ...response, request_seq: waiting.request.seq } as DebugProtocol.Response;
      if (waiting.reply) waiting.reply(mapped);
      else this.sendResponse(mapped);
    } else if (message.type === 'event') {
      const event = message as unknown as DebugProtocol.Event;
      if (event.event === 'exited' && !this.ending) this.output(`The dext process (pid ${this.attached?.pid ?? '?'}) exited while attached.\n`);
      if (event.event === 'process' && typeof event.body?.systemProcessId === 'number') this.processStarted(event.body.systemProcessId);
      if (this.attachStop.releases(event)) return this.resumeAfterAttach((event.body as DebugProtocol.StoppedEvent['body']).threadId!);
      if (event.event === 'output' && typeof event.body?.output === 'string') {
        this.earlyWait?.lldbSaid(event.body.output);
        // lldb-dap ends its "Waiting to attach" line without a line break; ours would run on after it.
        if (/^Waiting to attach\b/.test(event.body.output) && !event.body.output.endsWith('\n')) event.body.output += '\n';
      }
      this.sendEvent(event);
    } else if (message.type === 'request') {
      // A reverse request (runInTerminal, startDebugging): ask VS Code, hand the answer back.
      const reverse = message as unknown as DebugProtocol.Request;
      const lldb = this.lldb;
      this.sendRequest(reverse.command, reverse.arguments, 30_000, (response) => {
        lldb?.send({ type: 'response', request_seq: reverse.seq, command: reverse.command, success: response.success, message: response.message, body: response.body });
      });
    }
  }

  /** The attach's own stop, reported after configurationDone: the process is let run, as it was meant to be. */
  private resumeAfterAttach(threadId: number): void {
    this.output('lldb-dap reported the stop of the attach after it was told to let the dext run: resuming it.\n');
    this.lldb?.send({ type: 'request', command: 'continue', arguments: { threadId } });
  }

  private processStarted(pid: number): void {
    this.attached = { ...this.attached, pid };
    if (!this.announceEarlyAttach) return;
    this.output(`Attached to ${this.announceEarlyAttach} (pid ${pid}) as it started: init and Start have not run yet.\n`);
    this.announceEarlyAttach = undefined;
  }

  private lldbGone(message: string): void {
    if (this.ending) return;
    this.ending = true;
    for (const [seq, { request }] of this.pending) {
      this.pending.delete(seq);
      this.fail(request, message);
    }
    this.output(`${message}\n`);
    this.logStream.stop();
    this.sendEvent(new TerminatedEvent());
  }

  /** Each request is answered once: a wait that ends because lldb-dap died must not answer the attach again. */
  private readonly answered = new Set<number>();

  override sendResponse(response: DebugProtocol.Response): void {
    if (this.answered.has(response.request_seq)) return;
    this.answered.add(response.request_seq);
    super.sendResponse(response);
  }

  private output(text: string): void {
    this.sendEvent(new OutputEvent(text, 'console'));
  }

  /** An empty success answer, for requests the adapter settles itself. */
  private succeed(request: DebugProtocol.Request): void {
    this.sendResponse({ type: 'response', seq: 0, request_seq: request.seq, command: request.command, success: true } as DebugProtocol.Response);
  }

  /**
   * Answers a request with an error. `quiet`: a wait the user or Build and Debug ended — the answer
   * still says so, but VS Code shows no error dialog for an end someone chose.
   */
  private fail(request: DebugProtocol.Request, message: string, { quiet = false } = {}): void {
    this.sendResponse({
      type: 'response',
      seq: 0,
      request_seq: request.seq,
      command: request.command,
      success: false,
      message,
      body: { error: { id: 1, format: message.replace(/[{}]/g, (c) => (c === '{' ? '(' : ')')), showUser: !quiet } },
    } as DebugProtocol.Response);
  }

  private shuttingDown = false;

  /**
   * Ends lldb-dap (and, while lldb waits, its debug server, which would otherwise go on waiting)
   * before this process exits. Reached on disconnect, when VS Code closes the pipe, and on SIGTERM,
   * SIGINT or SIGHUP (main.ts); a SIGKILL leaves no chance to clean up.
   */
  override shutdown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    this.ending = true;
    this.logStream.stop();
    const stopped = this.lldb ? this.lldb.stop(this.earlyWait !== undefined) : Promise.resolve();
    void stopped.catch(() => undefined).finally(() => super.shutdown());
  }
}

function severalInstances(dext: string, instances: readonly ProcessInfo[]): string {
  const list = instances.map((p) => `  pid ${p.pid}, started ${p.started}: ${p.command}`).join('\n');
  return `${instances.length} instances of ${dext} are running (one per matched device):\n${list}\nSet "pid" to choose one, for example "pid": "\${command:driverkit.pickDextProcess}".`;
}
