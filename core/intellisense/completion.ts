/**
 * Completion that knows where the cursor is in DriverKit code. Each provider recognises one place
 * (after `: public`, in a class body, after a declarator, in `TYPE(`, `#include <`, `IMPL(`, after
 * `ivars->` or `x->`, in an IMPL body) and proposes only what belongs there.
 */
import { methodKind } from '../hierarchy/methodKind';
import type { ClassDecl, IigFile } from '../model/model';
import { contains, type Span } from '../model/span';
import { IIG_ATTRIBUTES } from '../model/vocabulary';
import type { Candidate } from './candidate';
import { enclosingDefinition, linePrefix, receiverBefore, typedPrefix, type CursorRequest } from './cursor';
import { classDocumentation, methodDocumentation, overrideDeclaration, parameterName } from './format';
import { availabilityNote } from '../sdk/availabilityText';
import { includeEdit } from './includes';
import { methodsOfType } from './members';
import { typeOfExpression } from './types';
import { methodNamedIn } from '../model/namedMethods';

export type CompletionRequest = CursorRequest;

type Provider = (request: CompletionRequest, replace: Span, line: string) => Candidate[] | undefined;

const IIG_PROVIDERS: Provider[] = [includePaths, typeCallbacks, baseClasses, attributesAfterDeclarator, overridableMethods];
const CPP_PROVIDERS: Provider[] = [includePaths, implClasses, implMethods, ivarsMembers, memberMethods, bodyHelpers];

export function complete(request: CompletionRequest): Candidate[] {
  const { offset, text, code } = request;
  // Nothing to offer inside a comment or a string (the code view blanks them; #include lines too).
  const inInclude = /#\s*include\s*[<"][^>"]*$/.test(linePrefix(text, offset));
  if (!inInclude && offset > 0 && code[offset - 1] === ' ' && text[offset - 1] !== ' ' && text[offset - 1] !== '\t') return [];
  const { start } = typedPrefix(text, offset);
  const replace = { start, end: offset };
  const line = linePrefix(text, offset);
  for (const provider of request.file.kind === 'iig' ? IIG_PROVIDERS : CPP_PROVIDERS) {
    const found = provider(request, replace, line);
    if (found) return found;
  }
  return [];
}

function includePaths(request: CompletionRequest, _replace: Span, line: string): Candidate[] | undefined {
  const m = /#\s*include\s*<([^>]*)$/.exec(line);
  if (!m) return undefined;
  const replace = { start: request.offset - m[1].length, end: request.offset };
  const header = request.file.kind === 'iig' ? (p: string) => p : (p: string) => p.replace(/\.iig$/, '.h');
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const cls of request.catalog.classes()) {
    if (!cls.include) continue;
    const path = header(cls.include);
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ label: path, kind: 'include', detail: cls.framework, insertText: path, replace, rank: cls.role === 'service' ? 0 : 1 });
  }
  return out;
}

function typeCallbacks(request: CompletionRequest, _replace: Span, line: string): Candidate[] | undefined {
  const m = /\bTYPE\s*\(\s*([\w:]*)$/.exec(line);
  if (!m) return undefined;
  const replace = { start: request.offset - m[1].length, end: request.offset };
  const method = request.file.kind === 'iig' ? methodAt(request.file, request.offset) : undefined;
  return request.catalog.callbacks().map(({ cls, method: callback }) => {
    const qualified = `${cls.name}::${callback.name}`;
    // Choosing a prototype also gives the method the prototype's parameters.
    const additionalEdits = method?.parameterList && method.parameterText !== callback.parameters.join(', ')
      ? [{ span: method.parameterList, newText: callback.parameters.join(', ') }]
      : undefined;
    return {
      label: qualified,
      kind: 'callback',
      detail: `(${callback.parameters.join(', ')})`,
      documentation: methodDocumentation(cls, callback),
      insertText: qualified,
      replace,
      rank: 0,
      additionalEdits,
    } satisfies Candidate;
  });
}

function baseClasses(request: CompletionRequest, replace: Span, line: string): Candidate[] | undefined {
  if (!/\b(class|struct)\s+\w+\s*:\s*(public\s+|protected\s+|private\s+)?\w*$/.test(line)) return undefined;
  const file = request.file as IigFile;
  const included = new Set(file.includes.map((i) => i.path));
  const includedFrameworks = new Set(file.includes.map((i) => i.path.split('/')[0]));
  const out: Candidate[] = [];
  for (const cls of request.catalog.classes()) {
    if (cls.role !== 'service' && cls.role !== 'user-client') continue;
    const edit = cls.include && !included.has(cls.include) ? includeEdit(request.text, file, cls.include) : undefined;
    out.push({
      label: cls.name,
      kind: 'class',
      detail: `${cls.framework}${cls.superclass ? ` · : ${cls.superclass}` : ''}${availabilityNote(cls)}`,
      documentation: classDocumentation(cls),
      insertText: cls.name,
      replace,
      // Families already included first, then subclassable services by family.
      rank: (includedFrameworks.has(cls.framework) ? 0 : 10) + (cls.role === 'service' ? 0 : 1),
      additionalEdits: edit ? [edit] : undefined,
    });
  }
  for (const { item } of request.index.allClasses()) {
    if (file.classes.some((c) => c.name === item.name)) continue;
    out.push({ label: item.name, kind: 'class', detail: 'workspace class', insertText: item.name, replace, rank: 5 });
  }
  return out;
}

function attributesAfterDeclarator(request: CompletionRequest, replace: Span, line: string): Candidate[] | undefined {
  if (!/\)\s*(const\s+)?((override|final|[A-Z_]+(\([^)]*\))?)\s+)*\w*$/.test(line) || !classAt(request.file as IigFile, request.offset)) return undefined;
  const words = IIG_ATTRIBUTES.filter((a) => ['LOCAL', 'LOCALONLY', 'TYPE', 'QUEUENAME', 'TARGET'].includes(a.name));
  const out: Candidate[] = words.map((a, i) => ({
    label: a.name,
    kind: 'attribute',
    detail: a.where,
    documentation: a.summary,
    insertText: a.takesArgument ? `${a.name}($1)` : a.name,
    snippet: a.takesArgument,
    replace,
    rank: i,
  }));
  out.push({ label: 'override', kind: 'keyword', insertText: 'override', replace, rank: 10 });
  return out;
}

function overridableMethods(request: CompletionRequest, replace: Span, line: string): Candidate[] | undefined {
  if (!/^\s*(virtual\s+)?\w*$/.test(line)) return undefined;
  const cls = classAt(request.file as IigFile, request.offset);
  if (!cls?.baseClass) return undefined;
  const lineStart = request.offset - line.length + (line.length - line.trimStart().length);
  const declared = new Set(cls.methods.map((m) => m.name));
  const baseName = request.index.classNamed(cls.baseClass) ? sdkAncestor(request, cls.baseClass) : cls.baseClass;
  if (!baseName) return undefined;
  const members = request.catalog.methodsOf(baseName).filter(({ method }) => (method.overridable || method.isPure) && !method.isStatic && !declared.has(method.name));
  return members.map(({ cls: owner, method }, i) => ({
    label: method.name,
    kind: 'method',
    detail: `${owner.name} · ${method.kind === 'localonly' ? 'LOCALONLY' : 'IIG'}${availabilityNote(method)}`,
    documentation: methodDocumentation(owner, method),
    insertText: overrideDeclaration(method, owner),
    filterText: method.name,
    replace: { start: Math.min(lineStart, replace.start), end: replace.end },
    rank: i,
  }));
}

function implClasses(request: CompletionRequest, replace: Span, line: string): Candidate[] | undefined {
  if (!/\bIMPL\s*\(\s*\w*$/.test(line)) return undefined;
  return request.index.allClasses().map(({ item }) => ({ label: item.name, kind: 'class', detail: 'class declared in the workspace', insertText: item.name, replace, rank: 0 }));
}

function implMethods(request: CompletionRequest, replace: Span, line: string): Candidate[] | undefined {
  const m = /\bIMPL\s*\(\s*(\w+)\s*,\s*\w*$/.exec(line);
  if (!m) return undefined;
  const cls = request.index.classNamed(m[1])?.item;
  if (!cls) return [];
  return cls.methods
    .filter((method) => methodKind(request.index, request.catalog, cls.name, method.name) !== 'localonly' && !method.isPure)
    .map((method, i) => ({
      label: method.name,
      kind: 'method',
      detail: `(${method.parameters.map((p) => `${p.type} ${p.name ?? ''}`.trim()).join(', ')})`,
      insertText: method.name,
      replace,
      rank: request.index.definitionsOf(cls.name, method.name).length > 0 ? 100 + i : i,
    }));
}

function ivarsMembers(request: CompletionRequest, replace: Span, line: string): Candidate[] | undefined {
  if (!/\bivars\s*->\s*\w*$/.test(line)) return undefined;
  const def = enclosingDefinition(request.file, request.offset);
  const ivars = def ? request.index.ivarsOf(def.className)?.item : undefined;
  return (ivars?.members ?? []).map((member, i) => ({ label: member.name, kind: 'field', detail: member.type, insertText: member.name, replace, rank: i }));
}

function memberMethods(request: CompletionRequest, replace: Span): Candidate[] | undefined {
  const receiver = receiverBefore(request.code, replace.start);
  if (!receiver) return undefined;
  const def = enclosingDefinition(request.file, request.offset);
  const type = typeOfExpression({ code: request.code, offset: request.offset, definition: def, index: request.index }, receiver);
  if (!type) return [];
  return methodsOfType(request.index, request.catalog, type).map(({ name, detail, documentation, parameters }, i) => ({
    label: name,
    kind: 'method',
    detail,
    documentation,
    insertText: `${name}(${parameters.map((p, k) => `\${${k + 1}:${parameterName(p)}}`).join(', ')})`,
    snippet: true,
    replace,
    rank: i,
  }));
}

/** In a method body: the parent call, CreateAction<Method> and Class_<Method>_ID of the class. */
function bodyHelpers(request: CompletionRequest, replace: Span): Candidate[] | undefined {
  const def = enclosingDefinition(request.file, request.offset);
  if (!def) return undefined;
  const out: Candidate[] = [];
  const cls = request.index.classNamed(def.className)?.item;
  const declaration = methodNamedIn(cls?.methods, def.methodName);
  const sdkMethod = cls?.baseClass ? request.catalog.findMethod(sdkAncestor(request, cls.baseClass) ?? cls.baseClass, def.methodName) : undefined;
  const parameters = declaration?.parameters.map((p) => p.name ?? '') ?? sdkMethod?.method.parameters.map(parameterName) ?? [];
  const kind = methodKind(request.index, request.catalog, def.className, def.methodName);
  if (kind === 'rpc') {
    const call = `${def.methodName}(${[...parameters, 'SUPERDISPATCH'].join(', ')})`;
    out.push({ label: call, kind: 'function', detail: 'pass the call to the parent class', insertText: call, filterText: def.methodName, replace, rank: 0 });
  } else if (kind === 'localonly') {
    const call = `super::${def.methodName}(${parameters.join(', ')})`;
    out.push({ label: call, kind: 'function', detail: 'pass the call to the parent class', insertText: call, filterText: `super ${def.methodName}`, replace, rank: 0 });
  }
  for (const method of cls?.methods ?? []) {
    if (method.typeTarget) {
      out.push({
        label: `CreateAction${method.name}`,
        kind: 'function',
        detail: `make an OSAction that calls ${method.name}`,
        insertText: `CreateAction${method.name}(\${1:0}, &\${2:action})`,
        snippet: true,
        replace,
        rank: 1,
      });
    }
    if (!method.isOverride) {
      out.push({ label: `${def.className}_${method.name}_ID`, kind: 'constant', detail: 'IIG message id', insertText: `${def.className}_${method.name}_ID`, replace, rank: 2 });
    }
  }
  return out.length > 0 ? out : undefined;
}

/** The nearest SDK class in a workspace class's chain. */
function sdkAncestor(request: CompletionRequest, name: string): string | undefined {
  const seen = new Set<string>();
  let current: string | undefined = name;
  while (current && !seen.has(current)) {
    seen.add(current);
    if (request.catalog.classNamed(current)) return current;
    current = request.index.classNamed(current)?.item.baseClass;
  }
  return undefined;
}

function classAt(file: IigFile, offset: number): ClassDecl | undefined {
  return file.classes.find((c) => contains(c.span, offset));
}

/** The method declaration around the cursor and its parameter list (between the parentheses). */
function methodAt(file: IigFile, offset: number): { parameterList?: Span; parameterText: string } | undefined {
  const method = classAt(file, offset)?.methods.find((m) => contains(m.span, offset));
  if (!method) return undefined;
  const first = method.parameters[0];
  const last = method.parameters[method.parameters.length - 1];
  return { parameterList: first && last ? { start: first.span.start, end: last.span.end } : undefined, parameterText: method.parameters.map((p) => `${p.type} ${p.name ?? ''}`.trim()).join(', ') };
}
