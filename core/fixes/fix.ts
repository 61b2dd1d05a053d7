/** A fix or refactoring, as edits to files (some of which may not exist yet). */
import type { Span } from '../model/span';

export interface FileEdit {
  readonly path: string;
  readonly span: Span;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly kind: 'quickfix' | 'refactor';
  /** The rule this fix answers, if any. */
  readonly code?: string;
  readonly preferred?: boolean;
  /** Files to create (empty) before the edits apply. */
  readonly createFiles?: readonly string[];
  readonly edits: readonly FileEdit[];
}
