/** Refactorings offered without a finding: the boilerplate a DriverKit callback needs. */
import type { SourceFile } from '../model/model';
import { contains, type Span } from '../model/span';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import type { Fix } from './fix';
import { addIvarsMember, implementationFileOf } from './implementationFile';

export interface RefactoringRequest {
  readonly path: string;
  readonly file: SourceFile;
  readonly span: Span;
  readonly index: WorkspaceIndex;
  readonly textOf: (path: string) => string | undefined;
}

/**
 * On a TYPE(...) method: create its OSAction in Start (kept in ivars) and release it in free — the
 * boilerplate every callback needs before it can be handed to a pipe, timer or queue.
 */
export function createActionRefactoring(request: RefactoringRequest): Fix[] {
  const file = request.file;
  if (file.kind !== 'iig') return [];
  const cls = file.classes.find((c) => contains(c.span, request.span.start));
  const method = cls?.methods.find((m) => m.typeTarget && contains(m.span, request.span.start));
  if (!cls || !method) return [];
  const target = implementationFileOf(request.index, cls.name, request.path, request.textOf);
  const start = target.model?.definitions.find((d) => d.className === cls.name && d.methodName === 'Start');
  const text = target.text;
  if (!start || text === undefined) return [];
  const member = `${method.name[0].toLowerCase()}${method.name.slice(1)}Action`;
  if (target.model?.ivarsStructs.some((s) => s.className === cls.name && s.members.some((m) => m.name === member))) return [];
  const parentCall = start.superDispatchCalls[0];
  const statementEnd = parentCall ? text.indexOf(';', parentCall.span.end) + 1 : 0;
  const isReturn = parentCall ? /return\s[^;]*$/.test(text.slice(text.lastIndexOf(';', parentCall.span.start) + 1, parentCall.span.start)) : false;
  const creation = `    if (CreateAction${method.name}(0, &ivars->${member}) != kIOReturnSuccess) {\n        return kIOReturnNoMemory;\n    }\n`;
  let at: number;
  if (parentCall && !isReturn && statementEnd > 0) at = text.indexOf('\n', statementEnd) + 1;
  else at = text.lastIndexOf('\n', parentCall ? parentCall.span.start : start.bodySpan.start + 1) + 1;
  const edits = [...addIvarsMember(target, cls.name, `OSAction * ${member};`).edits, { path: target.path, span: { start: at, end: at }, newText: creation }];
  const free = target.model?.definitions.find((d) => d.className === cls.name && d.methodName === 'free');
  const release = free?.ivarsReleases[0];
  if (release) {
    const lineStart = text.lastIndexOf('\n', release.span.start - 1) + 1;
    edits.push({ path: target.path, span: { start: lineStart, end: lineStart }, newText: `    OSSafeReleaseNULL(ivars->${member});\n` });
  }
  return [{ title: `Create the OSAction for ${method.name} in Start (CreateAction${method.name})`, kind: 'refactor', edits }];
}

