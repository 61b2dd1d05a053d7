/** Code actions: the core's fixes and refactorings as LSP workspace edits (files created as needed). */
import {
  CodeActionKind,
  type CodeAction,
  type CreateFile,
  type Diagnostic,
  type Range,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver';
import { fixesAt, plistFixes } from '../../../core/rules/fixesAt';
import type { Fix } from '../../../core/fixes/fix';
import type { SourceFile } from '../../../core/model/model';
import type { FeatureContext } from './context';
import { migrateActions } from './migrateToDriverKit';
import { showProfileActions } from './signing';

export function codeActions(context: FeatureContext, path: string, file: SourceFile | undefined, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const { workspace } = context;
  const start = context.offset(path, range.start) ?? 0;
  const end = context.offset(path, range.end) ?? start;
  const findings = workspace.check(path).filter((f) => f.span.start <= end && f.span.end >= start);
  const fixes = file
    ? fixesAt({ path, file, span: { start, end }, findings, index: workspace.index, catalog: workspace.catalog, textOf: (p) => workspace.text(p) })
    : plistFixes(workspace, path, findings);
  return [...fixes.map((fix) => toAction(context, fix, diagnostics)), ...(file ? [] : showProfileActions(findings, diagnostics)), ...migrateActions(context, path, range)];
}

function toAction(context: FeatureContext, fix: Fix, diagnostics: readonly Diagnostic[]): CodeAction {
  const created = new Set(fix.createFiles ?? []);
  const byPath = new Map<string, TextEdit[]>();
  for (const edit of fix.edits) {
    // A file created by this action is empty: its edits start at 0:0.
    const range = created.has(edit.path) ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : context.range(edit.path, edit.span);
    const list = byPath.get(edit.path) ?? [];
    list.push({ range, newText: edit.newText });
    byPath.set(edit.path, list);
  }
  const creations: CreateFile[] = [...created].map((p) => ({ kind: 'create', uri: context.uriOf(p), options: { ignoreIfExists: true } }));
  const documentEdits: TextDocumentEdit[] = [...byPath].map(([p, edits]) => ({ textDocument: { uri: context.uriOf(p), version: null }, edits }));
  return {
    title: fix.title,
    kind: fix.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
    isPreferred: fix.preferred,
    diagnostics: fix.code ? diagnostics.filter((d) => d.code === fix.code) : undefined,
    edit: { documentChanges: [...creations, ...documentEdits] },
  };
}
