/** Semantic tokens: IIG attributes, the classes/callbacks they name, and DriverKit macros in .cpp. */
import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver';
import type { SourceFile } from '../../../core/model/model';
import type { Span } from '../../../core/model/span';
import type { FeatureContext } from './context';

export const TOKEN_TYPES = ['iigAttribute', 'driverkitMacro', 'type', 'string'] as const;
export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [] };

type TokenType = (typeof TOKEN_TYPES)[number];

export function semanticTokens(context: FeatureContext, path: string, file: SourceFile): SemanticTokens {
  const tokens: { span: Span; type: TokenType }[] = [];
  if (file.kind === 'iig') {
    for (const a of file.attributes) {
      if (a.availability || !a.known) continue;
      tokens.push({ span: a.nameSpan, type: 'iigAttribute' });
      if (a.argumentSpan && a.argument) {
        tokens.push({ span: a.argumentSpan, type: a.name === 'QUEUENAME' ? 'string' : 'type' });
      }
    }
  } else {
    for (const use of file.macroUses) tokens.push({ span: use.span, type: 'driverkitMacro' });
  }
  tokens.sort((a, b) => a.span.start - b.span.start);
  const builder = new SemanticTokensBuilder();
  for (const { span, type } of tokens) {
    const { start, end } = context.range(path, span);
    // Tokens may not span lines; a multi-line argument is marked on its first line only.
    const length = start.line === end.line ? end.character - start.character : 0;
    if (length > 0) builder.push(start.line, start.character, length, TOKEN_TYPES.indexOf(type), 0);
  }
  return builder.build();
}
