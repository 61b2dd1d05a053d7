/**
 * The one table of what macOS writes about system extensions and dexts — the messages sysextd,
 * kernelmanagerd, amfid, taskgated and the kernel's `DK:` lines write when a dext fails to activate,
 * load or open its user client, and the OSSystemExtensionError codes a host app receives — each with
 * its cause and fixes in plain words. The activation doctor's report, the hover and notifications
 * over log lines and the Debug Console's notes all read it (logMessages.ts matches a line).
 *
 * Exact strings come first (exactFailures.ts), broader patterns after them (broadFailures.ts). A
 * message that stands for an error code (`code`) is explained by the code's own text
 * (extensionErrors.ts), never twice.
 */
import { BROAD_FAILURES } from './broadFailures';
import { EXACT_FAILURES } from './exactFailures';
import { explainSystemExtensionError } from './extensionErrors';
import { CODE_FIXES, type Fix, type KnownFailure } from './failureTypes';

export type { Fix, FixKind, KnownFailure } from './failureTypes';

export const KNOWN_FAILURES: readonly KnownFailure[] = [...EXACT_FAILURES, ...BROAD_FAILURES];

export interface FailureMatch {
  readonly failure: KnownFailure;
  /** `code-N` for a message that stands for OSSystemExtensionError code N (however written), else the entry's id. */
  readonly id: string;
  readonly code?: number;
  /** The cause for this line: the entry's, its line-specific one, or its error code's. */
  readonly cause: string;
  readonly title: string;
  readonly fixes: readonly Fix[];
  readonly isError: boolean;
  /** The captured parts of the message (the dext name, the needed bundle id, …). */
  readonly captures: readonly string[];
  /** UTF-16 offsets of the recognised text in the line. */
  readonly start: number;
  readonly end: number;
}

/** The known failure a log message is, if any. `process` narrows the table when it is known. */
export function matchKnownFailure(message: string, process = ''): FailureMatch | undefined {
  for (const failure of KNOWN_FAILURES) {
    if (process && failure.processes.length > 0 && !failure.processes.includes(process)) continue;
    const m = failure.pattern.exec(message);
    if (!m) continue;
    const code = typeof failure.code === 'function' ? failure.code(m) : failure.code;
    // A code entry whose match names no code the table knows: a later entry may know the line.
    if (typeof failure.code === 'function' && code === undefined) continue;
    const explained = code !== undefined ? explainSystemExtensionError(code) : undefined;
    // An error code as an app logs it says that activation failed; a sysextd message standing for one already says what.
    const codeWords = explained && (failure.id === 'code' ? `Activation failed with ${explained.name}: ${explained.explanation}` : explained.explanation);
    const cause = failure.explain?.(m, message) ?? failure.cause ?? codeWords ?? '';
    const title = failure.id === 'code' && code !== undefined ? `Activation failed: OSSystemExtensionErrorDomain code ${code} (${explained!.name})` : failure.title;
    return {
      failure,
      id: code !== undefined ? `code-${code}` : failure.id,
      ...(code !== undefined ? { code } : {}),
      cause,
      title,
      fixes: failure.fixes.length > 0 || code === undefined ? failure.fixes : CODE_FIXES[code] ?? [],
      isError: typeof failure.failure === 'boolean' ? failure.failure : failure.failure.test(message),
      captures: m.slice(1).filter((c): c is string => c !== undefined),
      start: m.index,
      end: m.index + m[0].length,
    };
  }
  return undefined;
}
