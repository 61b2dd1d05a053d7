/**
 * The dext's unified-log lines for the Debug Console: the `log stream` arguments, and parsing of
 * its `--style ndjson` output. Pure: the caller spawns `log` (no shell) with logStreamArgs.
 */

export type LogLevel = 'Default' | 'Info' | 'Debug' | 'Error' | 'Fault';

export interface LogEntry {
  /** As `log` prints it, e.g. `2026-11-21 12:01:02.123456-0800`. */
  timestamp: string;
  level: LogLevel;
  /** Executable names (last path component), e.g. `kernel` and `com.example.MyDriver`. */
  process: string;
  sender: string;
  message: string;
}

const LEVELS: readonly LogLevel[] = ['Default', 'Info', 'Debug', 'Error', 'Fault'];

/**
 * A double-quoted string literal of the predicate language (NSPredicate) holding `value` exactly,
 * so a workspace-supplied name can never end the literal early and add predicate syntax. Inside
 * quotes `$VAR`, `%@` and keywords are literal text; only `\` and `"` need escaping. Control
 * characters are dropped: they are never part of a real executable name, and a newline would
 * break the one-line predicate.
 */
export function predicateString(value: string): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '');
  return `"${clean.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * `log stream` arguments for the dext's own lines (its os_log calls, sender = the executable) and
 * the kernel's lines about it (`DK: <name>-0x<id>: ...`). `alsoNamed` adds other names the kernel
 * uses for the dext (its bundle id, its IOUserClass names). An empty name gives FALSEPREDICATE:
 * `CONTAINS ""` would otherwise let every kernel line through.
 */
export function logStreamArgs(executable: string, level: 'default' | 'info' | 'debug' = 'debug', alsoNamed: readonly string[] = [], { activation = false } = {}): string[] {
  return ['stream', '--style', 'ndjson', '--level', level, '--predicate', dextPredicate(executable, alsoNamed, activation)];
}

/** The daemons that speak about a system extension's activation; the kernel speaks with `DK:` lines. */
export const ACTIVATION_PROCESSES = ['sysextd', 'kernelmanagerd', 'amfid', 'syspolicyd', 'taskgated-helper'] as const;

/** `log show` arguments for the dext's lines of the last `last` (for example "10m", "1h"). */
export function logShowArgs(executable: string, last: string): string[] {
  const window = /^\d+[smhd]$/.test(last) ? last : '10m';
  return ['show', '--last', window, '--style', 'ndjson', '--info', '--debug', '--predicate', dextPredicate(executable)];
}

/**
 * The dext's own lines, and the kernel's lines that name it. With `activation`, also the lines of
 * the daemons that activate, validate and launch it (sysextd, amfid…) that name it: while a session
 * waits for a dext that never comes, their refusal is the news.
 */
function dextPredicate(executable: string, alsoNamed: readonly string[] = [], activation = false): string {
  const name = predicateString(executable.trim());
  if (name === '""') return 'FALSEPREDICATE';
  const mentioned = [...new Set([name, ...alsoNamed.map((n) => predicateString(n.trim()))])].filter((n) => n !== '""');
  const naming = mentioned.length === 1 ? `eventMessage CONTAINS ${name}` : `(${mentioned.map((n) => `eventMessage CONTAINS ${n}`).join(' OR ')})`;
  const speakers = activation ? `(${['kernel', ...ACTIVATION_PROCESSES].map((p) => `process == "${p}"`).join(' OR ')})` : 'process == "kernel"';
  return `sender == ${name} OR (${speakers} AND ${naming})`;
}

/**
 * One ndjson line of `log stream`, or undefined for what is not a log entry: the leading
 * `Filtering the log data using "..."` banner, blank or cut-off lines, and JSON objects without a
 * message (such as the `{"count":…,"finished":1}` summary).
 */
export function parseLogLine(line: string): LogEntry | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.eventMessage !== 'string') return undefined;
  const type = record.messageType;
  return {
    timestamp: stringField(record.timestamp),
    level: LEVELS.find((l) => l === type) ?? 'Default',
    process: lastComponent(stringField(record.processImagePath)),
    sender: lastComponent(stringField(record.senderImagePath)),
    message: record.eventMessage,
  };
}

/** `12:01:02.123 [Error] MyDriver: message` — no trailing newline. */
export function formatLogEntry(entry: LogEntry): string {
  const clock = /(\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(entry.timestamp);
  const time = clock ? `${clock[1]}.${(clock[2] ?? '').padEnd(3, '0').slice(0, 3)}` : entry.timestamp;
  const who = entry.sender || entry.process || '?';
  // Continuation lines are indented so a multi-line message still reads as one entry.
  const message = entry.message.replace(/\s+$/, '').replace(/\r?\n/g, '\n    ');
  return `${time ? `${time} ` : ''}[${entry.level}] ${who}: ${message}`;
}

function stringField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function lastComponent(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
