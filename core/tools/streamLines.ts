/** The lines a child process writes to one of its pipes, whole: split across chunks or not. */

/**
 * Calls `onLine` for each line of `stream` (without its `\n` or `\r\n`), and for a last line left
 * without a newline when the stream ends. The stream decodes UTF-8 itself, so a character whose
 * bytes arrive in two chunks stays one character.
 */
export function forEachLine(stream: NodeJS.ReadableStream | null | undefined, onLine: (line: string) => void): void {
  if (!stream) return;
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split(/\r?\n/);
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => partial && onLine(partial));
}
