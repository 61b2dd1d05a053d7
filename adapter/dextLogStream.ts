/**
 * The dext's unified-log lines in the Debug Console, from the moment the session starts waiting for
 * the dext (a dext that fails in init or Start says why only there: "DK: MyDriver-0x…: start
 * failed 0xe00002c7") until the session ends. The names in the predicate are the executable's,
 * the bundle id and the IOUserClass names of the bundle's personalities — always as quoted
 * predicate strings (logStream.ts). A kernel line the extension recognises gets a plain-words
 * explanation under it, once per kind of failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { readBundleInfo } from '../core/dext/bundle';
import { forEachLine } from '../core/tools/streamLines';
import { matchSysextMessage } from '../core/activation/logMessages';
import { formatLogEntry, logStreamArgs, parseLogLine } from '../core/tools/unifiedLog';

export interface LogStreamConfig {
  readonly logStream?: boolean;
  readonly logCommand?: readonly string[];
}

/**
 * The command streaming the dext's lines while a session waits and runs: the configured one, else
 * `log stream` for the dext's own lines and those of the kernel and the activation daemons that name it.
 */
export function logStreamCommand(config: LogStreamConfig, names: readonly string[]): readonly string[] {
  return config.logCommand?.length ? config.logCommand : ['log', ...logStreamArgs(names[0], 'debug', names.slice(1), { activation: true })];
}

/** The names to stream for: the executable first (the sender), then what else the kernel calls it. */
export function dextLogNames(dext: string | undefined, executablePath: string | undefined): string[] {
  const names: string[] = [];
  if (executablePath) names.push(basename(executablePath));
  if (dext?.trim()) names.push(dext.trim());
  const bundle = executablePath ? dirname(executablePath) : undefined;
  if (bundle?.endsWith('.dext')) {
    const info = readBundleInfo(bundle);
    if (info.bundleId) names.push(info.bundleId);
    names.push(...info.userClasses);
  }
  return [...new Set(names.filter((n) => n.length > 0))];
}

export class DextLogStream {
  private child?: ChildProcess;
  private names: readonly string[] = [];
  private readonly explained = new Set<string>();

  constructor(
    private readonly output: (text: string) => void,
    private readonly isEnding: () => boolean,
  ) {}

  /** Streams for `names` (restarting the stream when they changed); nothing when logs are off. */
  ensure(config: LogStreamConfig, names: readonly string[]): void {
    const enabled = config.logStream ?? process.platform === 'darwin';
    // Without a name only a configured command can stream: `log` would get FALSEPREDICATE.
    if (!enabled || (names.length === 0 && !config.logCommand?.length)) return;
    if (this.child && names.join('\n') === this.names.join('\n')) return;
    this.stop();
    this.names = names;
    const [command, ...args] = logStreamCommand(config, names);
    let child: ChildProcess;
    try {
      child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      // spawn refuses some values outright (a NUL byte, an empty program): say so instead of streaming nothing.
      this.output(`The dext's log could not be streamed (${JSON.stringify(command)}: ${error instanceof Error ? error.message : String(error)}).\n`);
      return;
    }
    this.child = child;
    forEachLine(child.stdout, (line) => this.line(line));
    child.on('error', (error) => this.output(`The dext's log could not be streamed (${command}: ${error.message}).\n`));
    // Read, so a chatty stderr cannot fill its pipe and stall the command; said when it fails.
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-1000)));
    child.on('exit', (code) => {
      if (this.child !== child || this.isEnding() || !code) return;
      this.output(`The dext's log stream stopped: ${command} exited with code ${code}${stderr.trim() ? ` (${stderr.trim()})` : ''}.\n`);
    });
  }

  private line(line: string): void {
    const entry = parseLogLine(line);
    if (!entry) return;
    let text = `${formatLogEntry(entry)}\n`;
    const known = matchSysextMessage(entry.message);
    if (known?.isError && !this.explained.has(known.id)) {
      this.explained.add(known.id);
      text += `    ↳ ${known.explanation}\n`;
    }
    this.output(text);
  }

  /** `log stream` keeps nothing worth a graceful end, and one that ignores SIGTERM must not outlive the session. */
  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}
