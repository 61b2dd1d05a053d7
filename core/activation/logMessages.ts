/**
 * One line of log text against the table of known messages (knownFailures.ts): what it is, in
 * words, and where in the line — for the hover and notifications over log lines in the editor and
 * the notes under the dext's lines in the Debug Console. Lines whose process is unknown (syslog-style
 * text, a pasted line) are matched against every entry.
 */
import { matchKnownFailure } from './knownFailures';

/** What a log line was recognised as. */
export interface SysextMessageMatch {
  /** Stable across lines: `code-8` for error 8 however written, else the table entry's id. */
  readonly id: string;
  readonly title: string;
  readonly explanation: string;
  /** The OSSystemExtensionError code, when the line names one (by number, by name, or by its message). */
  readonly code?: number;
  /** A failure, as opposed to a state such as "waiting for the user" or a normal exit. */
  readonly isError: boolean;
  /** UTF-16 offsets of the recognised text in the line. */
  readonly start: number;
  readonly end: number;
}

export function matchSysextMessage(line: string): SysextMessageMatch | undefined {
  const match = matchKnownFailure(line);
  if (!match) return undefined;
  return { id: match.id, title: match.title, explanation: match.cause, ...(match.code !== undefined ? { code: match.code } : {}), isError: match.isError, start: match.start, end: match.end };
}

/** A plain-words explanation of a sysextd / AMFI / kernel log line about a dext, or undefined. */
export function explainSysextMessage(line: string): string | undefined {
  return matchSysextMessage(line)?.explanation;
}

/** `DK: MyDriver-0x100000a2b` — the dext class and its registry id. */
const DK = /\bDK: ([A-Za-z_][\w]*)-0x([0-9a-f]+)\b/i;

/** The dext class and registry id named by a `DK:` kernel line. */
export function dkSubject(line: string): { className: string; registryId: string } | undefined {
  const m = DK.exec(line);
  return m ? { className: m[1], registryId: `0x${m[2].toLowerCase()}` } : undefined;
}
