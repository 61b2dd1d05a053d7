/**
 * Completion of the selector of an app's `IOConnectCall…` call: inside its second argument (also
 * while the call is still being typed, `IOConnectCallScalarMethod(conn, k|`), the selector
 * constants the app sees that reach an entry of a dext's dispatch table (or that the dext's
 * `ExternalMethod` handles in code), by the contract's own linking, each with its value, its handler
 * and what the entry checks.
 */
import { basename } from 'node:path';
import { codeView } from '../model/codeView';
import type { Span } from '../model/span';
import type { CallPart } from './appCalls';
import { type Contract, type Expected, type Reach } from './contract';

export interface SelectorChoice {
  readonly name: string;
  readonly value: number;
  /** 0: an entry with a handler; 1: handled by the dext's code. */
  readonly rank: number;
  /** The table it reaches, so one user client's selectors stay together. */
  readonly table: string;
  readonly detail: string;
  readonly documentation: string;
}

/** How far back the call's name may be: a selector argument is near its call's opening parenthesis. */
const LOOK_BACK = 400;
/** Constants tried at most (each asks the contract to link it). */
const MAX_NAMES = 1024;

/** The selector argument under `offset`: the span the chosen name replaces. */
export function selectorSlot(text: string, offset: number): Span | undefined {
  const from = Math.max(0, offset - LOOK_BACK);
  // Comments and strings blanked (a window may start inside a comment: then it is not a call we see).
  const window = codeView(text.slice(from, offset));
  let call: RegExpExecArray | undefined;
  for (const m of window.matchAll(/\bIOConnectCall(?:Async)?(?:Scalar|Struct)?Method\s*\(/g)) call = m;
  if (!call) return undefined;
  const args = window.slice(call.index + call[0].length);
  let depth = 0;
  let commas = 0;
  let lastComma = -1;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth < 0) return undefined; // the call is closed before the cursor
    } else if (c === ';') return undefined;
    else if (c === ',' && depth === 0) {
      commas++;
      lastComma = i;
    }
  }
  if (commas !== 1) return undefined;
  // After the comma: an optional C cast (`(uint32_t)`) or Swift conversion (`UInt32(`), then the name
  // being typed (or nothing yet).
  const typed = /^\s*(?:\(\s*[A-Za-z_]\w*\s*\)\s*|[A-Za-z_]\w*\(\s*)?([A-Za-z_]\w*)?$/.exec(args.slice(lastComma + 1));
  if (!typed) return undefined;
  const start = offset - (typed[1]?.length ?? 0);
  let end = offset;
  while (end < text.length && end - offset < 200 && /\w/.test(text[end])) end++;
  return { start, end };
}

/**
 * The selectors an app file may pass, best first: of the constants it sees, or when none of those
 * reaches a dext (its shared header was not found), of all the workspace's.
 */
export function selectorChoices(contract: Contract, path: string): SelectorChoice[] {
  const mine = choicesAmong(contract, path, contract.constantNames(MAX_NAMES, path));
  return mine.length > 0 ? mine : choicesAmong(contract, path, contract.constantNames(MAX_NAMES));
}

function choicesAmong(contract: Contract, path: string, names: readonly string[]): SelectorChoice[] {
  const out: SelectorChoice[] = [];
  for (const name of names) {
    const reached = contract.reach(path, name);
    if (!reached) continue;
    const handler = reached.entry?.handler;
    if (!handler && !reached.handledInCode) continue;
    out.push({
      name,
      value: reached.selectorValue,
      rank: handler && !reached.handledInCode ? 0 : 1,
      table: `${reached.tablePath}\u0000${reached.table.name}`,
      detail: handler ? `${reached.selectorValue} → ${reached.table.name}[${reached.selectorValue}] ${handler}` : `${reached.selectorValue} → handled in the dext's ExternalMethod`,
      documentation: documentationOf(name, reached, basename(reached.tablePath)),
    });
  }
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort((a, b) => a.rank - b.rank || order(a.table, b.table) || a.value - b.value || order(a.name, b.name));
}

const ROWS: readonly [CallPart, string][] = [
  ['scalarInput', 'scalar inputs'],
  ['structureInput', 'structure input (bytes)'],
  ['scalarOutput', 'scalar outputs'],
  ['structureOutput', 'structure output (bytes)'],
];

function shown(value: Expected): string {
  return value === 'any' ? 'any' : value === undefined ? '?' : String(value);
}

function documentationOf(name: string, reached: Reach, file: string): string {
  const head = `**${name}** (${reached.selectorValue}) → \`${reached.table.name}\` in ${file}`;
  if (!reached.entry?.handler) return `${head}\n\nHandled by the dext's \`ExternalMethod\` in code, not by the table.`;
  const completion = reached.entry.fields.checkCompletionExists ?? '0';
  const rows = ROWS.map(([part, label]) => `| ${label} | ${shown(reached.expected[part])} |`);
  return [head, '', `Handler: \`${reached.entry.handler}\`${reached.handledInCode ? " (the dext's `ExternalMethod` also handles it in code)" : ''}`, '', '| the entry checks | |', '|---|---|', ...rows, `| completion (async) | ${completion} |`].join('\n');
}
