/** A rule's finding: what the diagnostics, the CLI and code actions all consume. */
import type { Span } from '../model/span';
import type { RuleInfo, Severity } from './rule';

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

/** A finding of `rule`; `severity` overrides the rule's own where a situation makes it worse. */
export function finding(rule: RuleInfo, path: string, span: Span, message: string, related?: RelatedLocation[], data?: Record<string, string>, severity: Severity = rule.severity): Finding {
  return { path, span, code: rule.id, severity, message, related, data };
}
