/** Completion: the core's candidates for the cursor's place, as LSP completion items. */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { Candidate, CandidateKind } from '../../../core/intellisense/candidate';
import { complete } from '../../../core/intellisense/completion';
import type { SourceFile } from '../../../core/model/model';
import { isEntitlementsPath } from '../../../core/rules/checkPlist';
import { plistCompletion } from '../../../core/intellisense/plistIntellisense';
import type { FeatureContext } from './context';

const KIND: Record<CandidateKind, CompletionItemKind> = {
  class: CompletionItemKind.Class,
  method: CompletionItemKind.Method,
  attribute: CompletionItemKind.Keyword,
  callback: CompletionItemKind.Interface,
  include: CompletionItemKind.File,
  field: CompletionItemKind.Field,
  constant: CompletionItemKind.Constant,
  function: CompletionItemKind.Function,
  keyword: CompletionItemKind.Keyword,
};

export function completion(context: FeatureContext, path: string, file: SourceFile | undefined, offset: number): CompletionItem[] {
  const { workspace } = context;
  const text = workspace.text(path) ?? '';
  const candidates = file
    ? complete({ text, code: workspace.code(path) ?? '', offset, file, index: workspace.index, catalog: workspace.catalog })
    : plistCompletion({ text, offset, entitlements: isEntitlementsPath(path), index: workspace.index, catalog: workspace.catalog });
  return candidates.map((c) => toItem(context, path, c));
}

function toItem(context: FeatureContext, path: string, c: Candidate): CompletionItem {
  return {
    label: c.label,
    kind: KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
    sortText: `${String(c.rank).padStart(4, '0')}${c.label}`,
    filterText: c.filterText,
    insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: context.range(path, c.replace), newText: c.insertText },
    additionalTextEdits: c.additionalEdits?.map((e) => ({ range: context.range(path, e.span), newText: e.newText })),
  };
}
