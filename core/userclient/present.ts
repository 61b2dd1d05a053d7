/**
 * The contract as the editor shows it: on an app's call, the dext entry it reaches and what that
 * entry checks next to what the call passes; above each dispatch entry, the app calls that reach it.
 */
import { basename } from 'node:path';
import type { Span } from '../model/span';
import type { CallPart } from './appCalls';
import { entryLabel, PART_FIELDS, type ContractLink, type Expected } from './contract';
import type { DispatchTable } from './dispatch';

/** 1-based line of an offset in a file, for `File.c:12` labels. */
export type LineOf = (path: string, offset: number) => number | undefined;

const ROWS: readonly [CallPart, string][] = [
  ['scalarInput', 'scalar inputs'],
  ['structureInput', 'structure input (bytes)'],
  ['scalarOutput', 'scalar outputs'],
  ['structureOutput', 'structure output (bytes)'],
];

function where(path: string, offset: number, lineOf: LineOf): string {
  const line = lineOf(path, offset);
  return line === undefined ? basename(path) : `${basename(path)}:${line}`;
}

function shown(value: Expected): string {
  return value === 'any' ? 'any (kIOUserClientVariableStructureSize)' : value === undefined ? '?' : String(value);
}

/** The hover of the app call under `offset`, when one is linked to a dext table. */
export function callHover(links: readonly ContractLink[], offset: number, lineOf: LineOf): { span: Span; markdown: string } | undefined {
  const link = links.find((l) => offset >= l.call.callSpan.start && offset <= l.call.callSpan.end);
  if (!link) return undefined;
  const target = link.entry ?? undefined;
  const through = link.call.via ? ` (through \`${link.call.via}\`, which calls ${link.call.function})` : '';
  const head = `**${link.call.selector}** (${link.selectorValue})${through} → \`${entryLabel(link)}\` in ${where(link.tablePath, target?.span.start ?? link.table.nameSpan.start, lineOf)}`;
  if (!target) {
    const why = link.handledInCode ? "handled by the dext's `ExternalMethod` in code, not by the table" : link.length !== undefined && link.selectorValue >= link.length ? `past the end of \`${link.table.name}\` (${link.length} entries)` : `no entry of \`${link.table.name}\``;
    return { span: link.call.span, markdown: `${head}\n\n${why}` };
  }
  const rows = ROWS.map(([part, label]) => `| ${label} | ${shown(link.expected[part])} | ${link.actual[part] ?? '?'} | \`${PART_FIELDS[part]}\` |`);
  return {
    span: link.call.span,
    markdown: [head, '', '| | dext checks | this call passes | field |', '|---|---|---|---|', ...rows].join('\n'),
  };
}

/** Above each entry of a file's linked tables: the app calls that reach it. */
/** A lens above a dispatch entry: its title, and the app calls it lists (to open as references). */
export interface EntryLens {
  readonly span: Span;
  readonly title: string;
  readonly callers: readonly { path: string; span: Span }[];
}

export function entryLenses(tables: readonly DispatchTable[], links: readonly ContractLink[], lineOf: LineOf): EntryLens[] {
  const out: EntryLens[] = [];
  for (const table of tables) {
    // In a stable order: by file, then by place in it.
    const reaching = links.filter((l) => l.table === table).sort((a, b) => (a.path === b.path ? a.call.span.start - b.call.span.start : a.path < b.path ? -1 : 1));
    // A table no app call is linked to says nothing: its app may be Swift, or call it by number.
    if (reaching.length === 0) continue;
    for (const entry of table.entries) {
      const callers = reaching.filter((l) => l.entry === entry);
      const places = callers.slice(0, 3).map((l) => where(l.path, l.call.span.start, lineOf));
      const more = callers.length > 3 ? `, +${callers.length - 3} more` : '';
      const title = callers.length === 0 ? 'no app caller found' : `${callers.length} app caller${callers.length === 1 ? '' : 's'}: ${places.join(', ')}${more}`;
      out.push({ span: { start: entry.span.start, end: entry.span.start }, title, callers: callers.map((l) => ({ path: l.path, span: l.call.span })) });
    }
  }
  return out;
}

/** Where an app call leads: its dext handler `Class::Method` (when the entry names one) and the entry itself. */
export function callTarget(links: readonly ContractLink[], offset: number): { tablePath: string; span: Span; className?: string; methodName?: string } | undefined {
  const link = links.find((l) => offset >= l.call.callSpan.start && offset <= l.call.callSpan.end);
  if (!link) return undefined;
  const span = link.entry?.span ?? link.table.nameSpan;
  const handler = link.entry?.handler;
  const at = handler?.lastIndexOf('::') ?? -1;
  return at > 0 ? { tablePath: link.tablePath, span, className: handler!.slice(0, at), methodName: handler!.slice(at + 2) } : { tablePath: link.tablePath, span };
}

/** The app calls that reach the dispatch entry under `offset` in a table file (each caller's call span). */
export function entryCallers(tables: readonly DispatchTable[], links: readonly ContractLink[], offset: number): { path: string; span: Span }[] {
  for (const table of tables) {
    const entry = table.entries.find((e) => offset >= e.span.start && offset <= e.span.end);
    const onName = offset >= table.nameSpan.start && offset <= table.nameSpan.end;
    if (!entry && !onName) continue;
    return links.filter((l) => l.table === table && (onName || l.entry === entry)).map((l) => ({ path: l.path, span: l.call.callSpan }));
  }
  return [];
}
