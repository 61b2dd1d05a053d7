/** A completion proposal in the core's own terms; the LSP layer turns it into a CompletionItem. */
import type { Span } from '../model/span';

export type CandidateKind = 'class' | 'method' | 'attribute' | 'callback' | 'include' | 'field' | 'constant' | 'function' | 'keyword';

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

export interface Candidate {
  readonly label: string;
  readonly kind: CandidateKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Replaces `replace`; a snippet when `snippet` is true ($1, ${1:name}). */
  readonly insertText: string;
  readonly snippet?: boolean;
  readonly replace: Span;
  /** Lower sorts first. */
  readonly rank: number;
  readonly filterText?: string;
  readonly additionalEdits?: readonly TextEdit[];
}
