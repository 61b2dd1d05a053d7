/**
 * Reuses what was extracted from a syntax node whose text did not change since the last parse, so a
 * keystroke in one method re-extracts that method only. Results are stored with the offset they were
 * computed at and shifted (every {start, end} span inside) when the same text now stands elsewhere.
 * Only entries used by the latest extraction are kept, so memory follows the document's size.
 */
export class NodeMemo<T> {
  private previous = new Map<string, { base: number; value: T }>();
  private current = new Map<string, { base: number; value: T }>();

  get(key: string, base: number, compute: () => T): T {
    const hit = this.current.get(key) ?? this.previous.get(key);
    if (hit) {
      const value = hit.base === base ? hit.value : shiftSpans(hit.value, base - hit.base);
      this.current.set(key, { base, value });
      return value;
    }
    const value = compute();
    this.current.set(key, { base, value });
    return value;
  }

  /** Call after each extraction: entries not used by it are dropped at the next one. */
  rotate(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

/** A deep copy of `value` with every `{start, end}` offset pair moved by `delta`. */
export function shiftSpans<T>(value: T, delta: number): T {
  if (Array.isArray(value)) return value.map((item: unknown) => shiftSpans(item, delta)) as T;
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) out[key] = shiftSpans(source[key], delta);
  if (typeof source.start === 'number' && typeof source.end === 'number') {
    out.start = source.start + delta;
    out.end = source.end + delta;
  }
  return out as T;
}
