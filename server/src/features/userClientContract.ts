/**
 * The app ↔ dext user-client contract in the editor: hover on an app's IOConnectCall… shows the
 * dispatch entry it reaches and what that entry checks; a code lens above each dispatch entry lists
 * the app calls that reach it (core/userclient links and presents them). Go to definition leads from
 * an app call to the dext's handler (or the entry, when the handler is not found), and find
 * references on an entry or a table back to the app calls.
 */
import { MarkupKind, type CodeLens, type Hover, type Location } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { callHover, callTarget, entryCallers, entryLenses, type LineOf } from '../../../core/userclient/present';
import { SHOW_APP_CALLERS_COMMAND, type ShowAppCallersArguments } from '../../../protocol/commands';
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
  return entryLenses(tables, contract.linksInto(path), lineOf(context)).map((lens) => {
    const range = context.range(path, lens.span);
    const locations = lens.callers.flatMap(({ path: where, span }) => (context.workspace.lines(where) ? [{ uri: URI.file(where).toString(), range: context.range(where, span) }] : []));
    // With no caller the lens is plain text (an empty command id is not a link); else it opens them as references.
    if (locations.length === 0) return { range, command: { title: lens.title, command: '' } };
    const shown: ShowAppCallersArguments = { uri: URI.file(path).toString(), position: range.start, locations };
    return { range, command: { title: lens.title, command: SHOW_APP_CALLERS_COMMAND, arguments: [shown] } };
  });
}

export function userClientDefinition(context: FeatureContext, path: string, offset: number): Location[] {
  const { workspace } = context;
  const target = callTarget(workspace.contract.linksFrom(path), offset);
  if (!target) return [];
  const handlers = target.className && target.methodName ? workspace.index.from(target.tablePath).definitionsOf(target.className, target.methodName) : [];
  const places = handlers.length > 0 ? handlers.map((h) => ({ path: h.path, span: h.item.methodSpan })) : [{ path: target.tablePath, span: target.span }];
  return places.flatMap(({ path: where, span }) => (workspace.lines(where) ? [{ uri: URI.file(where).toString(), range: context.range(where, span) }] : []));
}

export function userClientReferences(context: FeatureContext, path: string, offset: number): Location[] {
  const { contract } = context.workspace;
  const tables = contract.tablesIn(path);
  if (tables.length === 0) return [];
  return entryCallers(tables, contract.linksInto(path), offset).flatMap(({ path: where, span }) =>
    context.workspace.lines(where) ? [{ uri: URI.file(where).toString(), range: context.range(where, span) }] : [],
  );
}
