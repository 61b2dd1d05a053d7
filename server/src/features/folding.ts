/** Folding ranges from the model: class bodies, function bodies, ivars structs, comment blocks. */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { SourceFile } from '../../../core/model/model';
import type { FeatureContext } from './context';

export function foldingRanges(context: FeatureContext, path: string, file: SourceFile): FoldingRange[] {
  const text = context.workspace.text(path) ?? '';
  const out: FoldingRange[] = [];
  for (const span of file.foldingSpans) {
    const { start, end } = context.range(path, span);
    // Keep the closing line visible for braces, as VS Code's own folding does.
    const isComment = text.startsWith('/*', span.start) || text.startsWith('//', span.start);
    const endLine = isComment ? end.line : end.line - 1;
    if (endLine > start.line) out.push({ startLine: start.line, endLine, kind: isComment ? FoldingRangeKind.Comment : undefined });
  }
  return out;
}
