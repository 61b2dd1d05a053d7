/** Hover: what an IIG attribute or DriverKit macro means, and the declaration behind an IMPL. */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { methodKind } from '../analysis/methodKind';
import type { SourceFile } from '../analysis/model';
import { contains } from '../analysis/span';
import { lookupWord, type WordInfo } from '../analysis/vocabulary';
import type { FeatureContext } from './context';
import { attributeLabel, methodSignature } from './documentSymbols';

export function hover(context: FeatureContext, path: string, file: SourceFile, offset: number): Hover | null {
  if (file.kind === 'iig') {
    const attribute = file.attributes.find((a) => contains(a.nameSpan, offset));
    if (attribute) return wordHover(context, path, attribute.nameSpan, attribute.known ? lookupWord(attribute.name) : undefined, attribute.name);
    return null;
  }
  const macro = file.macroUses.find((m) => contains(m.span, offset));
  if (macro) return wordHover(context, path, macro.span, lookupWord(macro.name), macro.name);
  const def = file.definitions.find((d) => contains(d.methodSpan, offset));
  if (def) {
    const cls = context.workspace.index.classNamed(def.className);
    const method = cls?.item.methods.find((m) => m.name === def.methodName);
    if (!cls || !method) return null;
    const kind = methodKind(context.workspace.index, context.workspace.catalog, def.className, def.methodName);
    const label = [methodSignature(method), method.isOverride ? 'override' : '', attributeLabel(method.attributes)].filter(Boolean).join(' ');
    const how = kind === 'rpc' ? 'Reached through IIG: call the parent with SUPERDISPATCH.' : kind === 'localonly' ? 'LOCALONLY: call the parent with super::.' : '';
    return {
      contents: { kind: MarkupKind.Markdown, value: `\`\`\`cpp\n${label};\n\`\`\`\nDeclared in class \`${def.className}\`${how ? `. ${how}` : ''}` },
      range: context.range(path, def.methodSpan),
    };
  }
  return null;
}

function wordHover(context: FeatureContext, path: string, span: { start: number; end: number }, info: WordInfo | undefined, name: string): Hover {
  const value = info
    ? [`**${info.name}** — ${info.where}`, '', info.summary, ...(info.example ? ['', '```cpp', info.example, '```'] : [])].join('\n')
    : `**${name}** is not an IIG attribute.`;
  return { contents: { kind: MarkupKind.Markdown, value }, range: context.range(path, span) };
}
