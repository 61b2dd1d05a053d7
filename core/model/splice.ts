/**
 * `text` with [start, end) replaced, as a flat string of its own. A joined string points into the
 * old one (V8 keeps the parts of a concatenation, and a slice is a view of its parent), which would
 * keep every keystroke's copy of the file alive until something flattened the newest. `Number()`
 * reads the whole string, which makes V8 copy it into one piece and let go of the parts; any later
 * reader would do the same, so this costs one copy, made here rather than in whoever reads it first.
 */
export function splice(text: string, start: number, end: number, replacement: string): string {
  const joined = text.slice(0, start) + replacement + text.slice(end);
  Number(joined);
  return joined;
}
