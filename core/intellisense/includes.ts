/** Adding an #include where a file keeps its includes. */
import type { SourceFile } from '../model/model';
import type { TextEdit } from './candidate';

/** An edit inserting `#include <path>` after the file's last include (or at the top). */
export function includeEdit(text: string, file: SourceFile, path: string): TextEdit {
  const last = file.includes[file.includes.length - 1];
  if (!last) return { span: { start: 0, end: 0 }, newText: `#include <${path}>\n` };
  const lineEnd = text.indexOf('\n', last.span.end);
  const at = lineEnd < 0 ? text.length : lineEnd + 1;
  return { span: { start: at, end: at }, newText: `#include <${path}>\n` };
}
