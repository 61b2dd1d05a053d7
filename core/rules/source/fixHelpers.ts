/** What several source fixes share: finding the class or method at a finding, writing an IMPL stub. */
import { classChain, sdkMethodsNamed } from '../../hierarchy/classChain';
import { methodKind } from '../../hierarchy/methodKind';
import type { Fix } from '../../fixes/fix';
import type { ClassDecl, MethodDecl, SourceFile } from '../../model/model';
import { contains, type Span } from '../../model/span';
import type { Finding } from '../finding';
import type { SourceFixRequest } from '../rule';

export function classAt(file: SourceFile, offset: number): ClassDecl | undefined {
  return file.kind === 'iig' ? file.classes.find((c) => contains(c.span, offset)) : undefined;
}

export function methodAt(request: SourceFixRequest, span: Span): { cls: ClassDecl; method: MethodDecl } | undefined {
  const cls = classAt(request.file, span.start);
  const method = cls?.methods.find((m) => contains(m.span, span.start));
  return cls && method ? { cls, method } : undefined;
}

/** "IOService *" + "provider" → "IOService * provider"; "uint8_t[]" keeps its brackets after the name. */
export function declarationOf(type: string, name: string): string {
  const array = /^(.*?)\s*((?:\[[^\]]*\])+)$/.exec(type);
  return array ? `${array[1]} ${name}${array[2]}` : `${type} ${name}`;
}

/** An IMPL stub with the declared signature; overrides pass the call to the parent. */
export function implStub(request: SourceFixRequest, cls: ClassDecl, method: MethodDecl): string {
  const lookup = request.index.from(request.path);
  const kind = methodKind(lookup, request.catalog, cls.name, method.name);
  const names = method.parameters.map((p) => p.name ?? '').filter(Boolean);
  const inherited = cls.baseClass ? sdkMethodsNamed(classChain(lookup, request.catalog, cls.baseClass), method.name).length > 0 : false;
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

/** Gives a TYPE callback the parameters of its prototype. */
export function useCallbackParameters(request: SourceFixRequest, found: Finding): Fix | undefined {
  const at = methodAt(request, found.span);
  const target = at?.method.typeTarget;
  const callback = target ? request.catalog.callback(target) : undefined;
  const params = at?.method.parameters;
  if (!at || !callback || !params || params.length === 0) return undefined;
  const span = { start: params[0].span.start, end: params[params.length - 1].span.end };
  return {
    title: `Use the parameters of ${target}`,
    kind: 'quickfix',
    preferred: true,
    edits: [{ path: request.path, span, newText: callback.method.parameters.join(', ') }],
  };
}

/** The `)` closing the `(` at `open` in plain text, or -1. */
export function matchingClose(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
