/**
 * Fixes and refactorings offered at a place in a file: one function per finding or situation, each
 * returning edits (possibly to another file, possibly creating it). Nothing is written here; the
 * editor applies an edit only when the user chooses it.
 */
import type { SdkCatalog } from '../sdk/sdkCatalog';
import { closest } from '../util/closest';
import { classChain, sdkMethodsNamed } from '../hierarchy/classChain';
import { includeEdit } from '../intellisense/includes';
import { parameterName } from '../intellisense/format';
import { methodKind } from '../hierarchy/methodKind';
import type { ClassDecl, IigFile, MethodDecl, SourceFile } from '../model/model';
import type { Finding } from '../rules/finding';
import { contains, type Span } from '../model/span';
import { IIG_ATTRIBUTE_NAMES } from '../model/vocabulary';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import type { Fix } from './fix';
import { addIvarsMember, appendToFile, implementationFileOf } from './implementationFile';

export interface FixRequest {
  readonly path: string;
  readonly file: SourceFile;
  readonly span: Span;
  /** Findings of this file that touch `span`. */
  readonly findings: readonly Finding[];
  readonly index: WorkspaceIndex;
  readonly catalog: SdkCatalog;
  readonly textOf: (path: string) => string | undefined;
}

export function fixesAt(request: FixRequest): Fix[] {
  const out: Fix[] = [];
  for (const f of request.findings) {
    const fix = FIX_BY_CODE[f.code]?.(request, f);
    if (fix) out.push({ ...fix, code: f.code });
  }
  if (request.file.kind === 'iig') out.push(...createActionRefactoring(request, request.file));
  return out;
}

type FixMaker = (request: FixRequest, finding: Finding) => Fix | undefined;

const FIX_BY_CODE: Record<string, FixMaker> = {
  'iig.unknown-attribute': (request, finding) => {
    const word = request.textOf(request.path)?.slice(finding.span.start, finding.span.end) ?? '';
    const guess = closest(word, IIG_ATTRIBUTE_NAMES);
    return guess ? { title: `Change to '${guess}'`, kind: 'quickfix', preferred: true, edits: [{ path: request.path, span: finding.span, newText: guess }] } : undefined;
  },
  'iig.missing-include': (request, finding) => {
    const base = request.textOf(request.path)?.slice(finding.span.start, finding.span.end) ?? '';
    const include = request.catalog.classNamed(base)?.include;
    const text = request.textOf(request.path);
    if (!include || text === undefined) return undefined;
    return { title: `Add #include <${include}>`, kind: 'quickfix', preferred: true, edits: [{ path: request.path, ...includeEdit(text, request.file, include) }] };
  },
  'iig.method-unimplemented': (request, finding) => {
    const found = methodAt(request, finding.span);
    if (!found) return undefined;
    const target = implementationFileOf(request.index, found.cls.name, request.path, request.textOf);
    const stub = implStub(request, found.cls, found.method);
    return { title: `Create IMPL(${found.cls.name}, ${found.method.name}) in ${target.path.split('/').pop()}`, kind: 'quickfix', preferred: true, ...appendToFile(target, found.cls.name, stub) };
  },
  'iig.data-member': (request, finding) => {
    const cls = classAt(request.file, finding.span.start);
    const member = cls?.dataMembers.find((m) => contains(m.nameSpan, finding.span.start));
    const text = request.textOf(request.path);
    if (!cls || !member || text === undefined) return undefined;
    const target = implementationFileOf(request.index, cls.name, request.path, request.textOf);
    const added = addIvarsMember(target, cls.name, `${declarationOf(member.type, member.name)};`);
    // Remove the whole line when the declaration stands alone on it.
    const lineStart = text.lastIndexOf('\n', member.span.start - 1) + 1;
    const lineEnd = text.indexOf('\n', member.span.end);
    const alone = text.slice(lineStart, member.span.start).trim() === '' && text.slice(member.span.end, lineEnd < 0 ? text.length : lineEnd).trim() === '';
    const removal = alone ? { start: lineStart, end: lineEnd < 0 ? text.length : lineEnd + 1 } : member.span;
    return {
      title: `Move '${member.name}' into ${cls.name}_IVars`,
      kind: 'quickfix',
      preferred: true,
      createFiles: added.createFiles,
      edits: [...added.edits, { path: request.path, span: removal, newText: '' }],
    };
  },
  'iig.type-signature-mismatch': (request, finding) => useCallbackParameters(request, finding),
  'iig.type-without-action': (request, finding) => useCallbackParameters(request, finding),
  'cpp.super-on-rpc': (request, finding) => {
    const text = request.textOf(request.path);
    if (text === undefined) return undefined;
    const open = text.indexOf('(', finding.span.end);
    const close = open < 0 ? -1 : matchingClose(text, open);
    if (open < 0 || close < 0 || text.slice(finding.span.end, open).trim() !== '') return undefined;
    const name = text.slice(finding.span.start, finding.span.end).replace(/^super\s*::\s*/, '');
    const args = text.slice(open + 1, close).trim();
    return {
      title: `Call ${name}(..., SUPERDISPATCH) instead`,
      kind: 'quickfix',
      preferred: true,
      edits: [{ path: request.path, span: { start: finding.span.start, end: close + 1 }, newText: `${name}(${args ? `${args}, ` : ''}SUPERDISPATCH)` }],
    };
  },
};

function useCallbackParameters(request: FixRequest, finding: Finding): Fix | undefined {
  const found = methodAt(request, finding.span);
  const target = found?.method.typeTarget;
  const callback = target ? request.catalog.callback(target) : undefined;
  const params = found?.method.parameters;
  if (!found || !callback || !params || params.length === 0) return undefined;
  const span = { start: params[0].span.start, end: params[params.length - 1].span.end };
  return {
    title: `Use the parameters of ${target}`,
    kind: 'quickfix',
    preferred: true,
    edits: [{ path: request.path, span, newText: callback.method.parameters.join(', ') }],
  };
}

/** An IMPL stub with the declared signature; overrides pass the call to the parent. */
function implStub(request: FixRequest, cls: ClassDecl, method: MethodDecl): string {
  const kind = methodKind(request.index, request.catalog, cls.name, method.name);
  const names = method.parameters.map((p) => p.name ?? '').filter(Boolean);
  const inherited = cls.baseClass ? sdkMethodsNamed(classChain(request.index, request.catalog, cls.baseClass), method.name).length > 0 : false;
  let body: string;
  if (method.isOverride && inherited && kind === 'rpc') {
    body = `${method.returnType === 'void' ? '' : 'return '}${method.name}(${[...names, 'SUPERDISPATCH'].join(', ')});`;
  } else if (method.returnType === 'void') {
    body = names.map((n) => `(void) ${n};`).join('\n    ');
  } else {
    body = method.returnType === 'kern_return_t' || method.returnType === 'IOReturn' ? 'return kIOReturnSuccess;' : `return {};`;
  }
  return `${method.returnType}\nIMPL(${cls.name}, ${method.name})\n{\n${body ? `    ${body}\n` : ''}}\n`;
}

/**
 * On a TYPE(...) method: create its OSAction in Start (kept in ivars) and release it in free — the
 * boilerplate every callback needs before it can be handed to a pipe, timer or queue.
 */
function createActionRefactoring(request: FixRequest, file: IigFile): Fix[] {
  const cls = classAt(file, request.span.start);
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

function classAt(file: SourceFile, offset: number): ClassDecl | undefined {
  return file.kind === 'iig' ? file.classes.find((c) => contains(c.span, offset)) : undefined;
}

function methodAt(request: FixRequest, span: Span): { cls: ClassDecl; method: MethodDecl } | undefined {
  const cls = classAt(request.file, span.start);
  const method = cls?.methods.find((m) => contains(m.span, span.start));
  return cls && method ? { cls, method } : undefined;
}

/** "IOService *" + "provider" → "IOService * provider"; "uint8_t[]" keeps its brackets after the name. */
function declarationOf(type: string, name: string): string {
  const array = /^(.*?)\s*((?:\[\])+)$/.exec(type);
  return array ? `${array[1]} ${name}${array[2]}` : `${type} ${name}`;
}

function matchingClose(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

export { parameterName };
