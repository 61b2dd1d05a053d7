/** Converts between UTF-16 offsets and zero-based line/character positions of one text. */
import { changedRegion } from './textChange';

export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  /**
   * Where each line starts. A typed array of exactly the line count: the server keeps one per
   * indexed file, and an array grown by push holds twice the bytes (8 per number, and spare room).
   */
  private readonly starts: Uint32Array;

  /** From the text, or from line starts already found (LineIndex.after). */
  constructor(private readonly length: number, text: string | Uint32Array) {
    if (typeof text !== 'string') {
      this.starts = text;
      return;
    }
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    const starts = new Uint32Array(lines);
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[line++] = i + 1;
    this.starts = starts;
  }

  static of(text: string): LineIndex {
    return new LineIndex(text.length, text);
  }

  /**
   * The index of `text` from the index of the text before it: lines before the change keep their
   * starts, lines after it move, and only the changed part is searched for line breaks. A keystroke
   * in a 20,000-line file then costs a copy of the starts, not two scans of the file.
   */
  static after(last: LineIndex, before: string, text: string): LineIndex {
    const change = changedRegion(before, text);
    const old = last.starts;
    // Starts whose line break lies before the change stay: start - 1 < change.start.
    let kept = 0;
    for (let lo = 0, hi = old.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (old[mid] <= change.start) lo = kept = mid + 1;
      else hi = mid;
    }
    // Starts whose line break lies at or after the change's old end move: start - 1 >= change.oldEnd.
    let moved = old.length;
    for (let lo = kept, hi = old.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (old[mid] > change.oldEnd) hi = moved = mid;
      else lo = mid + 1;
    }
    const inside: number[] = [];
    for (let i = text.indexOf('\n', change.start); i >= 0 && i < change.newEnd; i = text.indexOf('\n', i + 1)) inside.push(i + 1);
    const starts = new Uint32Array(kept + inside.length + (old.length - moved));
    starts.set(old.subarray(0, kept), 0);
    starts.set(inside, kept);
    const delta = change.newEnd - change.oldEnd;
    for (let i = moved, at = kept + inside.length; i < old.length; i++, at++) starts[at] = old[i] + delta;
    return new LineIndex(text.length, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): LinePosition {
    const clamped = Math.max(0, Math.min(offset, this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
  }

  offset(position: LinePosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.length;
    const lineEnd = position.line + 1 < this.starts.length ? this.starts[position.line + 1] - 1 : this.length;
    return Math.min(this.starts[position.line] + Math.max(0, position.character), lineEnd);
  }
}
