/**
 * Completion of an `IOConnectCall…` selector in an app's source (C, C++, Objective-C, Swift): the selector
 * constants that reach the linked dext's dispatch tables, each with its value, handler and checks
 * (core/userclient/selectorCompletion.ts). Undefined off a selector argument, so other completion runs.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { selectorChoices, selectorSlot } from '../../../core/userclient/selectorCompletion';
import type { FeatureContext } from './context';

export function userClientSelectorCompletion(context: FeatureContext, path: string, offset: number): CompletionItem[] | undefined {
  const { workspace } = context;
  const text = workspace.text(path);
  if (text === undefined || !/\.(?:c|cc|cpp|cxx|m|mm|h|hpp|swift)$/i.test(path)) return undefined;
  const slot = selectorSlot(text, offset);
  if (!slot) return undefined;
  const range = context.range(path, slot);
  return selectorChoices(workspace.contract.contract(), path).map((choice, i) => ({
    label: choice.name,
    kind: CompletionItemKind.EnumMember,
    detail: choice.detail,
    documentation: { kind: MarkupKind.Markdown, value: choice.documentation },
    // Best first, whatever the client's own sort would do with the names.
    sortText: String(i).padStart(5, '0'),
    textEdit: { range, newText: choice.name },
  }));
}
