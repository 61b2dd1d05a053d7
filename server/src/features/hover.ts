/** Hover: the core's hover text for the word under the cursor, as an LSP Hover. */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { hoverInfo } from '../analysis/intellisense/hoverInfo';
import type { SourceFile } from '../analysis/model';
import type { FeatureContext } from './context';

export function hover(context: FeatureContext, path: string, file: SourceFile, offset: number): Hover | null {
  const { workspace } = context;
  const info = hoverInfo({ text: workspace.text(path) ?? '', code: workspace.code(path) ?? '', offset, file, index: workspace.index, catalog: workspace.catalog });
  return info ? { contents: { kind: MarkupKind.Markdown, value: info.markdown }, range: context.range(path, info.span) } : null;
}
