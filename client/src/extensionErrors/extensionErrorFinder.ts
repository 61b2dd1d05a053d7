/**
 * Finding system extension failures in text — OSSystemExtensionError codes (`Code=8`, `error 8`,
 * `(OSSystemExtensionErrorDomain, code 8)`), error names (`OSSystemExtensionErrorRequestCanceled`,
 * `.requestCanceled`) and the sysextd / AMFI / kernel messages core/activation knows — for the hover
 * over log lines, the notifications while logs stream and the "Explain" command. Pure: no `vscode`.
 */
import { explainSystemExtensionError, systemExtensionErrorCode, systemExtensionErrorConstant } from '../../../core/activation/extensionErrors';
import { matchSysextMessage, type SysextMessageMatch } from '../../../core/activation/logMessages';

export interface FoundExtensionError {
  /** A short heading, e.g. `OSSystemExtensionErrorCodeSignatureInvalid (code 8)`. */
  readonly title: string;
  readonly explanation: string;
  /** The UTF-16 offsets in the line the explanation is about. */
  readonly start: number;
  readonly end: number;
}

function titleOfCode(code: number): string {
  const constant = systemExtensionErrorConstant(code);
  return constant ? `${constant} (code ${code})` : `OSSystemExtensionErrorDomain code ${code}`;
}

function found(match: SysextMessageMatch, start = match.start, end = match.end): FoundExtensionError {
  const title = match.code !== undefined ? titleOfCode(match.code) : match.title;
  return { title, explanation: match.explanation, start, end };
}

/**
 * What a line of log text says about a system extension failure, when `character` is on the line's
 * text. The range is the recognised part when the cursor is on it, else the whole line: a log line
 * is explained as one message wherever the pointer rests on it.
 */
export function findExtensionErrorAt(line: string, character: number): FoundExtensionError | undefined {
  const first = line.search(/\S/);
  const last = line.trimEnd().length;
  if (first < 0 || character < first || character > last) return undefined;
  const match = matchSysextMessage(line);
  if (!match) return undefined;
  return character >= match.start && character <= match.end ? found(match) : found(match, first, last);
}

/** The failure a line reports, worth a notification: recognised, and an error rather than a state. */
export function notableExtensionError(line: string): SysextMessageMatch | undefined {
  const match = matchSysextMessage(line);
  return match?.isError ? match : undefined;
}

/**
 * Decides which streamed log lines deserve a notification: failures only, each kind (an error code,
 * or a kind of message) at most once for as long as this object lives — one per session.
 */
export class ExtensionErrorNotifier {
  private readonly notified = new Set<string>();

  /** The explanation to show for this line, or undefined when it is not a failure or was already shown. */
  take(line: string): string | undefined {
    const match = notableExtensionError(line);
    if (!match || this.notified.has(match.id)) return undefined;
    this.notified.add(match.id);
    return plainText(match.explanation);
  }
}

/** Explanations mark commands with backticks for hovers; notifications and dialogs show plain text. */
export function plainText(explanation: string): string {
  return explanation.replace(/`/g, '');
}

/**
 * What the user typed or pasted into the "Explain" command: a code (`8`, `code 8`), an error name,
 * or log text (the first line that is recognised wins).
 */
export function explainInput(text: string): Omit<FoundExtensionError, 'start' | 'end'> | undefined {
  const trimmed = text.trim();
  const number = /^(?:code\s*[:=]?\s*)?(-?\d+)$/i.exec(trimmed);
  const code = number ? Number(number[1]) : systemExtensionErrorCode(trimmed);
  if (code !== undefined) return { title: titleOfCode(code), explanation: explainSystemExtensionError(code).explanation };
  for (const line of trimmed.split(/\r?\n/)) {
    const match = matchSysextMessage(line);
    if (match) {
      const { title, explanation } = found(match);
      return { title, explanation };
    }
  }
  return undefined;
}
