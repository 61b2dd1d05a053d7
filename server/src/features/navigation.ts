/**
 * Go to definition / implementation between the two halves of a DriverKit class:
 * from IMPL(Foo, Start) or Foo::Start_Impl to `Start` in Foo.iig, and from the .iig back to every
 * implementation site. Base classes in `: public Foo` lead to Foo's declaration.
 */
import type { Location } from 'vscode-languageserver';
import type { SourceFile } from '../analysis/model';
import { contains } from '../analysis/span';
import type { FeatureContext } from './context';

export function definition(context: FeatureContext, path: string, file: SourceFile, offset: number): Location[] {
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
