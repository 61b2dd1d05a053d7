/** Converts between UTF-16 offsets and zero-based line/character positions of one text. */
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

  constructor(private readonly length: number, text: string) {
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
