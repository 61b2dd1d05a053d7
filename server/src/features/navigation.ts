/**
 * Go to definition / implementation between the two halves of a DriverKit class:
 * from IMPL(Foo, Start) or Foo::Start_Impl to `Start` in Foo.iig, and from the .iig back to every
 * implementation site. Base classes in `: public Foo` lead to Foo's declaration.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Location } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { resolveSdkSymbol } from '../../../core/intellisense/hoverInfo';
import { renderClass } from '../../../core/sdk/catalogDocument';
import { catalogUri } from '../../../protocol/catalog';
import { frameworksFolder } from '../../../core/sdk/sdkLocator';
import type { SourceFile } from '../../../core/model/model';
import { contains } from '../../../core/model/span';
import type { FeatureContext } from './context';

export function definition(context: FeatureContext, path: string, file: SourceFile, offset: number): Location[] {
  const own = workspaceDefinition(context, path, file, offset);
  return own.length > 0 ? own : sdkDefinition(context, path, file, offset);
}

/**
 * A DriverKit class or method: its header in the installed SDK when one is indexed, otherwise the
 * catalog's read-only rendering of the class.
 */
function sdkDefinition(context: FeatureContext, path: string, file: SourceFile, offset: number): Location[] {
  const { workspace } = context;
  const symbol = resolveSdkSymbol({ text: workspace.text(path) ?? '', code: workspace.code(path) ?? '', offset, file, index: workspace.index, catalog: workspace.catalog });
  if (!symbol) return [];
  const { cls, method } = symbol;
  if (workspace.sdkPath && cls.include && workspace.catalog.isInstalled(cls.name)) {
    const header = join(frameworksFolder(workspace.sdkPath), `${cls.framework}.framework`, 'Headers', basename(cls.include));
    const line = headerLine(header, cls.name, method?.name);
    if (line !== undefined) return [{ uri: URI.file(header).toString(), range: { start: { line, character: 0 }, end: { line, character: 0 } } }];
  }
  const rendered = renderClass(cls);
  const line = (method && rendered.methodLines.get(method.name)) ?? rendered.classLine;
  return [{ uri: catalogUri(cls.framework, cls.name), range: { start: { line, character: 0 }, end: { line, character: 0 } } }];
}

/** The line of `class Name` (or of the method inside it) in an SDK header. */
function headerLine(header: string, className: string, methodName?: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(header, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const classLine = lines.findIndex((l) => new RegExp(`\\bclass\\b.*\\b${className}\\b`).test(l) && !l.trim().endsWith(';'));
  if (classLine < 0) return undefined;
  if (!methodName) return classLine;
  const methodLine = lines.findIndex((l, i) => i > classLine && new RegExp(`\\b${methodName}\\s*\\(`).test(l));
  return methodLine >= 0 ? methodLine : classLine;
}

function workspaceDefinition(context: FeatureContext, path: string, file: SourceFile, offset: number): Location[] {
  const index = context.workspace.index;
  const at = (p: string, span: { start: number; end: number }): Location => ({ uri: context.uriOf(p), range: context.range(p, span) });
  if (file.kind === 'cpp') {
    for (const def of file.definitions) {
      if (contains(def.methodSpan, offset)) {
        const cls = index.classNamed(def.className);
        const method = cls?.item.methods.find((m) => m.name === def.methodName);
        if (cls && method) return [at(cls.path, method.nameSpan)];
      }
      if (contains(def.classSpan, offset)) {
        const cls = index.classNamed(def.className);
        if (cls) return [at(cls.path, cls.item.nameSpan)];
      }
    }
    for (const s of file.ivarsStructs) {
      if (contains(s.nameSpan, offset)) {
        const cls = index.classNamed(s.className);
        if (cls) return [at(cls.path, cls.item.nameSpan)];
      }
    }
    return [];
  }
  for (const cls of file.classes) {
    if (cls.baseSpan && cls.baseClass && contains(cls.baseSpan, offset)) {
      const base = index.classNamed(cls.baseClass);
      return base ? [at(base.path, base.item.nameSpan)] : [];
    }
  }
  // On a declaration, "definition" and "implementation" both lead to the .cpp.
  return implementation(context, path, file, offset);
}

export function implementation(context: FeatureContext, _path: string, file: SourceFile, offset: number): Location[] {
  if (file.kind !== 'iig') return [];
  const index = context.workspace.index;
  for (const cls of file.classes) {
    if (!contains(cls.span, offset)) continue;
    const sites =
      contains(cls.nameSpan, offset)
        ? index.definitionsOf(cls.name)
        : cls.methods.filter((m) => contains(m.nameSpan, offset)).flatMap((m) => index.definitionsOf(cls.name, m.name));
    return sites.map(({ path: p, item }) => ({ uri: context.uriOf(p), range: context.range(p, item.methodSpan) }));
  }
  return [];
}
