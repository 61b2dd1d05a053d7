/**
 * HID report descriptors in the editor: a decoded comment per line as inlay hints, a code lens per
 * report above the array, and the decoded tree in the outline (core/hid computes them all).
 */
import { InlayHintKind, SymbolKind, type CodeLens, type DocumentSymbol, type InlayHint, type Range } from 'vscode-languageserver';
import { isDecoded } from '../../../core/hid/descriptors';
import { fileDescriptors } from '../../../core/hid/hidIndex';
import { descriptorSymbol, lineHints, reportLenses, type HidSymbol } from '../../../core/hid/present';
import type { FeatureContext } from './context';

/** Two no-break spaces per collection level: the editor keeps them where it would trim plain spaces. */
const INDENT = '\u00a0\u00a0';

export function hidInlayHints(context: FeatureContext, path: string, range: Range): InlayHint[] {
  const text = context.workspace.text(path);
  const lines = context.workspace.lines(path);
  if (text === undefined || !lines) return [];
  const hints: InlayHint[] = [];
  for (const found of fileDescriptors(context.workspace, path)) {
    if (!isDecoded(found)) continue;
    for (const hint of lineHints(found, text, (offset) => lines.position(offset).line, range.start.line, range.end.line)) {
      hints.push({ position: lines.position(hint.offset), label: `// ${INDENT.repeat(hint.depth)}${hint.label}`, kind: InlayHintKind.Type, paddingLeft: true });
    }
  }
  return hints;
}

export function hidCodeLenses(context: FeatureContext, path: string): CodeLens[] {
  return fileDescriptors(context.workspace, path)
    .filter(isDecoded)
    .flatMap((found) => reportLenses(found))
    // A title-only lens: an empty command id makes it plain text, not a link.
    .map((lens) => ({ range: context.range(path, { start: lens.span.start, end: lens.span.start }), command: { title: lens.title, command: '' } }));
}

export function hidSymbols(context: FeatureContext, path: string): DocumentSymbol[] {
  const toSymbol = (symbol: HidSymbol): DocumentSymbol => ({
    name: symbol.name,
    detail: symbol.detail,
    kind: symbol.kind === 'descriptor' ? SymbolKind.Array : symbol.kind === 'collection' ? SymbolKind.Namespace : SymbolKind.Field,
    range: context.range(path, symbol.span),
    selectionRange: context.range(path, symbol.selection),
    children: symbol.children.map(toSymbol),
  });
  return fileDescriptors(context.workspace, path).filter(isDecoded).map((found) => toSymbol(descriptorSymbol(found)));
}
