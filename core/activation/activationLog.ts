/**
 * The unified-log side of the activation doctor: the `log show` arguments with a safe predicate
 * (every workspace value goes through the project's one NSPredicate string escaper), and reading the
 * `--style ndjson` lines back (the project's one ndjson line parser).
 */
import { ACTIVATION_PROCESSES, parseLogLine, predicateString, type LogEntry } from '../tools/unifiedLog';

export type { LogEntry };


export interface ActivationSubject {
  /** The dext's bundle id, e.g. `com.example.driver`. */
  readonly bundleId: string;
  /** The dext's executable name when it differs from the bundle id (its kernel lines name it). */
  readonly executable?: string;
  /** The host app's executable name: its own lines carry the OSSystemExtensionErrorDomain error. */
  readonly hostExecutable?: string;
}

/**
 * The predicate: every line of the activation daemons, and the kernel's lines about dexts, AMFI
 * and this bundle. Values are quoted with predicateString, so a bundle id can never end the literal.
 */
export function activationPredicate(subject: ActivationSubject): string {
  const processes = [...ACTIVATION_PROCESSES, ...(subject.hostExecutable?.trim() ? [subject.hostExecutable.trim()] : [])];
  const daemons = processes.map((p) => `process == ${predicateString(p)}`).join(' OR ');
  const names = [...new Set([subject.bundleId, subject.executable].filter((n): n is string => !!n && n.trim() !== ''))];
  const kernelAbout = ['eventMessage CONTAINS "DK: "', 'eventMessage CONTAINS "AMFI"', ...names.map((n) => `eventMessage CONTAINS ${predicateString(n)}`)].join(' OR ');
  return `(${daemons}) OR (process == "kernel" AND (${kernelAbout}))`;
}

/** `log show` arguments for the last `last` (`10m`, `1h`; anything else means 10m). */
export function activationLogShowArgs(subject: ActivationSubject, last = '10m'): string[] {
  const window = /^\d+[smhd]$/.test(last) ? last : '10m';
  return ['show', '--last', window, '--style', 'ndjson', '--info', '--debug', '--predicate', activationPredicate(subject)];
}

/** The entries of recorded or live ndjson output; banners, summaries and broken lines are skipped. */
export function parseActivationLog(output: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const line of output.split('\n')) {
    const parsed = parseLogLine(line);
    if (parsed) entries.push(parsed);
  }
  return entries;
}
