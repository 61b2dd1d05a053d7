/**
 * The app ↔ dext user-client contract in the editor: hover on an app's IOConnectCall… shows the
 * dispatch entry it reaches and what that entry checks; a code lens above each dispatch entry lists
 * the app calls that reach it (core/userclient links and presents them).
 */
import { MarkupKind, type CodeLens, type Hover } from 'vscode-languageserver';
import { callHover, entryLenses, type LineOf } from '../../../core/userclient/present';
import type { FeatureContext } from './context';

function lineOf(context: FeatureContext): LineOf {
  return (path, offset) => {
    const lines = context.workspace.lines(path);
    return lines ? lines.position(offset).line + 1 : undefined;
  };
}

export function userClientHover(context: FeatureContext, path: string, offset: number): Hover | null {
  const found = callHover(context.workspace.contract.linksFrom(path), offset, lineOf(context));
  return found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: context.range(path, found.span) } : null;
}

export function userClientCodeLenses(context: FeatureContext, path: string): CodeLens[] {
  const { contract } = context.workspace;
  const tables = contract.tablesIn(path);
  if (tables.length === 0) return [];
  // A title-only lens: an empty command id makes it plain text, not a link.
  return entryLenses(tables, contract.linksInto(path), lineOf(context)).map((lens) => ({ range: context.range(path, lens.span), command: { title: lens.title, command: '' } }));
}
