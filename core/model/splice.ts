import { NOT_LATIN1 } from './codeView';

/**
 * `text` with [start, end) replaced, as a flat string of its own. Joining slices would give a string
 * that points into the old one, which points into the one before: every keystroke's copy of the file
 * would stay alive until something happened to flatten the newest. One byte a character when every
 * character is Latin-1, as codeView makes it (`latin1`: the caller knows `text` is).
 */
export function splice(text: string, start: number, end: number, replacement: string, latin1?: boolean): string {
  const length = text.length - (end - start) + replacement.length;
  // `latin1`, when the caller knows it, saves a scan of the whole text on every keystroke.
  const width = (latin1 ?? !NOT_LATIN1.test(text)) && !NOT_LATIN1.test(replacement) ? 1 : 2;
  const encoding = width === 2 ? 'utf16le' : 'latin1';
  const bytes = Buffer.allocUnsafeSlow(length * width);
  bytes.write(text.slice(0, start), 0, encoding);
  bytes.write(replacement, start * width, encoding);
  bytes.write(text.slice(end), (start + replacement.length) * width, encoding);
  return bytes.toString(encoding);
}
