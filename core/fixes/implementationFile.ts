/** Where a class's .cpp lives (or should), and how to add to it. */
import { basename, dirname, join } from 'node:path';
import type { CppFile } from '../model/model';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import type { Fix, FileEdit } from './fix';

export interface ImplementationFile {
  readonly path: string;
  /** Current text; undefined when the file does not exist yet. */
  readonly text?: string;
  readonly model?: CppFile;
}

/** The .cpp holding the class's definitions, else the one beside its .iig named after it. */
export function implementationFileOf(index: WorkspaceIndex, className: string, iigPath: string, textOf: (path: string) => string | undefined): ImplementationFile {
  const existing = index.definitionsOf(className)[0]?.path ?? index.ivarsOf(className)?.path;
  const path = existing ?? join(dirname(iigPath), `${basename(iigPath, '.iig')}.cpp`);
  const model = index.file(path);
  return { path, text: textOf(path), model: model?.kind === 'cpp' ? model : undefined };
}

/** Edits appending `block` to the file, creating it (with the generated header's include) if needed. */
export function appendToFile(file: ImplementationFile, className: string, block: string): Pick<Fix, 'createFiles' | 'edits'> {
  if (file.text === undefined) {
    return { createFiles: [file.path], edits: [{ path: file.path, span: { start: 0, end: 0 }, newText: `#include "${className}.h"\n\n${block}` }] };
  }
  const end = file.text.length;
  const separator = file.text.endsWith('\n\n') ? '' : file.text.endsWith('\n') ? '\n' : '\n\n';
  return { edits: [{ path: file.path, span: { start: end, end }, newText: `${separator}${block}` }] };
}

/** Edits adding a member to Class_IVars: into the existing struct, or a new struct after the includes. */
export function addIvarsMember(file: ImplementationFile, className: string, declaration: string): Pick<Fix, 'createFiles' | 'edits'> {
  const struct = file.model?.ivarsStructs.find((s) => s.className === className);
  if (struct && file.text !== undefined) {
    const close = file.text.lastIndexOf('}', struct.span.end);
    const lineStart = file.text.lastIndexOf('\n', close - 1) + 1;
    return { edits: [{ path: file.path, span: { start: lineStart, end: lineStart }, newText: `    ${declaration}\n` }] };
  }
  const block = `struct ${className}_IVars\n{\n    ${declaration}\n};\n\n`;
  if (file.text === undefined) return appendToFile(file, className, block);
  const includes = file.model?.includes ?? [];
  const last = includes[includes.length - 1];
  const at = last ? file.text.indexOf('\n', last.span.end) + 1 || file.text.length : 0;
  const edit: FileEdit = { path: file.path, span: { start: at, end: at }, newText: `\n${block}` };
  return { edits: [edit] };
}
