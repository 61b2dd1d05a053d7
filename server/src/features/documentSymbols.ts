/** Outline: classes with their methods (attributes as detail), ivars structs and IMPL definitions. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { attributeLabel } from '../../../core/intellisense/format';
import type { ClassDecl, NamedDecl, SourceFile } from '../../../core/model/model';
import type { FeatureContext } from './context';
import { hidSymbols } from './hidDescriptors';

/** The outline of a model never changes, and VS Code asks for it often (outline, breadcrumbs, sticky scroll). */
const outlines = new WeakMap<SourceFile, DocumentSymbol[]>();

export function documentSymbols(context: FeatureContext, path: string, file: SourceFile): DocumentSymbol[] {
  let outline = outlines.get(file);
  if (!outline) {
    outline = computeSymbols(context, path, file);
    outlines.set(file, outline);
  }
  return outline;
}

function computeSymbols(context: FeatureContext, path: string, file: SourceFile): DocumentSymbol[] {
  const range = (s: { start: number; end: number }) => context.range(path, s);
  if (file.kind === 'iig') {
    const classes = file.classes.map((cls) => classSymbol(cls, range));
    const others = file.declarations.filter((d) => d.kind !== 'forward-class').map((d) => declarationSymbol(d, range));
    return [...classes, ...others, ...hidSymbols(context, path)].sort((a, b) => a.range.start.line - b.range.start.line);
  }
  const structs: DocumentSymbol[] = file.ivarsStructs.map((s) => ({
    name: `${s.className}_IVars`,
    kind: SymbolKind.Struct,
    detail: 'instance variables',
    range: range(s.span),
    selectionRange: range(s.nameSpan),
    children: s.members.map((m) => ({ name: m.name, detail: m.type, kind: SymbolKind.Field, range: range(m.span), selectionRange: range(m.nameSpan) })),
  }));
  const definitions: DocumentSymbol[] = file.definitions.map((d) => ({
    name: `${d.className}::${d.methodName}`,
    kind: SymbolKind.Method,
    detail: d.form === 'IMPL' ? 'IMPL' : d.form === 'Impl-suffix' ? '_Impl' : '',
    range: range(d.span),
    selectionRange: range(d.methodSpan),
  }));
  // A kext's .cpp may declare its classes itself (a header is read as a model with classes already).
  const kextClasses: DocumentSymbol[] = (context.workspace.kextFacts(path)?.classes ?? []).map((cls) => ({
    name: cls.name,
    kind: SymbolKind.Class,
    detail: cls.base ? `: ${cls.base}` : '',
    range: range(cls.span),
    selectionRange: range(cls.nameSpan),
  }));
  return [...kextClasses, ...structs, ...definitions, ...hidSymbols(context, path)].sort((a, b) => a.range.start.line - b.range.start.line);
}

function classSymbol(cls: ClassDecl, range: (s: { start: number; end: number }) => DocumentSymbol['range']): DocumentSymbol {
  const head = attributeLabel(cls.attributes);
  const methods: DocumentSymbol[] = cls.methods.map((m) => ({
    name: m.name,
    kind: m.name === 'init' || m.name === 'free' ? SymbolKind.Constructor : SymbolKind.Method,
    detail: [attributeLabel(m.attributes), m.isOverride ? 'override' : '', m.isPure ? '= 0' : ''].filter(Boolean).join(' '),
    range: range(m.span),
    selectionRange: range(m.nameSpan),
  }));
  const fields: DocumentSymbol[] = cls.dataMembers.map((f) => ({
    name: f.name,
    kind: SymbolKind.Field,
    detail: f.type,
    range: range(f.span),
    selectionRange: range(f.nameSpan),
  }));
  return {
    name: cls.name,
    kind: cls.keyword === 'class' ? SymbolKind.Class : SymbolKind.Struct,
    detail: [head, cls.baseClass ? `: ${cls.baseClass}` : ''].filter(Boolean).join(' '),
    range: range(cls.span),
    selectionRange: range(cls.nameSpan),
    children: [...methods, ...fields].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character),
  };
}

function declarationSymbol(d: NamedDecl, range: (s: { start: number; end: number }) => DocumentSymbol['range']): DocumentSymbol {
  const kind = d.kind === 'enum' ? SymbolKind.Enum : d.kind === 'struct' ? SymbolKind.Struct : SymbolKind.TypeParameter;
  return { name: d.name, kind, detail: d.kind, range: range(d.span), selectionRange: range(d.nameSpan) };
}
