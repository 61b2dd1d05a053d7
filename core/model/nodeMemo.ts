/**
 * Reuses what was extracted from a syntax node whose text did not change since the last extraction,
 * so a keystroke in one method re-extracts that method only. Nodes are matched by position: one
 * wholly before the changed region is found at the same offset, one wholly after it at its offset
 * less the change in length, and a match needs the same node type and length, which makes its text
 * the same. Results are shifted (every {start, end} span inside) when that text now stands
 * elsewhere. Matching by position, not by text, means no key is built from a node's text: a
 * keystroke in a 200 KB file allocates and hashes nothing in proportion to the file.
 */
import type { Span } from './span';

import type { TextChange } from '../util/textChange';

export type { TextChange };

interface Entry<T> {
  readonly type: string;
  readonly span: Span;
  readonly value: T;
}

export class NodeMemo<T> {
  private previous = new Map<number, Entry<T>>();
  private current = new Map<number, Entry<T>>();
  private change: TextChange | undefined;

  /**
   * Call before an extraction with the change since the text of the last one; undefined when that
   * is unknown (nothing is reused).
   */
  begin(change: TextChange | undefined): void {
    this.change = change;
    this.current = new Map();
  }

  get(type: string, span: Span, compute: () => T): T {
    const before = this.positionBefore(span);
    const hit = before === undefined ? undefined : this.previous.get(before);
    let value: T;
    if (hit && hit.type === type && hit.span.end - hit.span.start === span.end - span.start) {
      value = before === span.start ? hit.value : shiftSpans(hit.value, span.start - hit.span.start);
    } else {
      value = compute();
    }
    this.current.set(span.start, { type, span, value });
    return value;
  }

  /** Call after each extraction: entries not used by it are dropped at the next one. */
  rotate(): void {
    this.previous = this.current;
    this.current = new Map();
    this.change = undefined;
  }

  /** Where a node outside the changed region started in the previous text (undefined inside it). */
  private positionBefore(span: Span): number | undefined {
    const change = this.change;
    if (!change) return undefined;
    if (span.end <= change.start) return span.start;
    if (span.start >= change.newEnd) return span.start - (change.newEnd - change.oldEnd);
    return undefined;
  }
}

/**
 * A deep copy of `value` with every `{start, end}` offset pair moved by `delta`. Runs for every node
 * after the edit on every keystroke, so it recurses only into objects and copies primitives inline.
 */
export function shiftSpans<T>(value: T, delta: number): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      items[i] = typeof item === 'object' && item !== null ? shiftSpans(item, delta) : item;
    }
    return items as T;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in source) {
    const field = source[key];
    out[key] = typeof field === 'object' && field !== null ? shiftSpans(field, delta) : field;
  }
  if (typeof source.start === 'number' && typeof source.end === 'number') {
    out.start = source.start + delta;
    out.end = source.end + delta;
  }
  return out as T;
}
