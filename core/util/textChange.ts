/**
 * The one region where two versions of a text differ, found by comparing from both ends: what the
 * incremental readers (the syntax tree's edit, the windowed code view, the kept directives) start from.
 */
/** The one region where two texts differ: [start, oldEnd) in the old text became [start, newEnd). */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/** The one region where `before` and `after` differ. */
export function changedRegion(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  const prefix = commonPrefix(before, after, max);
  const suffix = commonSuffix(before, after, max - prefix);
  return { start: prefix, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

// Whole chunks are compared as strings first (a native memory compare), large ones then smaller,
// then characters: a large document with a one-character edit is diffed in well under a millisecond,
// and with few slices made for it (each compare makes two).
const CHUNKS = [65536, 4096, 256];

function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  for (const chunk of CHUNKS) while (i + chunk <= max && a.substring(i, i + chunk) === b.substring(i, i + chunk)) i += chunk;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  for (const chunk of CHUNKS) while (n + chunk <= max && a.substring(a.length - n - chunk, a.length - n) === b.substring(b.length - n - chunk, b.length - n)) n += chunk;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}
