/** A rule's finding: what the diagnostics, the CLI and code actions all consume. */
import type { Span } from '../model/span';
import type { RuleInfo, Severity } from './ruleCatalog';

export interface RelatedLocation {
  readonly path: string;
  readonly span: Span;
  readonly message: string;
}

export interface Finding {
  readonly path: string;
  readonly span: Span;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  /** Facts a fix needs (the missing key, the suggested name ...), so it never parses the message. */
  readonly data?: Readonly<Record<string, string>>;
}

export function finding(rule: RuleInfo, path: string, span: Span, message: string, related?: RelatedLocation[], data?: Record<string, string>): Finding {
  return { path, span, code: rule.code, severity: rule.severity, message, related, data };
}
