/**
 * The dext side of the contract: `IOUserClientMethodDispatch` tables (the model's array
 * initializers, core/model/arrayInitializers.ts) read entry by entry — positional (`{ &f, 0, 1, 0, 0, 0 }`)
 * and designated (`[kGetStats] = { .function = …, .checkScalarInputCount = 1 }`), the index written
 * or counted — and the selectors an `ExternalMethod` handles in a `switch`. Values stay expressions
 * here; core/userclient/contract.ts evaluates them against the workspace's constants and structs.
 */
import type { ArrayInitializer, SourceFile } from '../model/model';
import type { Span } from '../model/span';

/** The fields of IOUserClientMethodDispatch, in declaration order (what a positional entry fills). */
export const DISPATCH_FIELDS = ['function', 'checkCompletionExists', 'checkScalarInputCount', 'checkStructureInputSize', 'checkScalarOutputCount', 'checkStructureOutputSize'] as const;
export type DispatchField = (typeof DISPATCH_FIELDS)[number];

export interface DispatchEntry {
  /** The index as written (`kGetStats`, `2`), or undefined when it follows the entry before. */
  readonly designator?: string;
  /** Position among the entries (the index when no entry before it has a designator). */
  readonly position: number;
  readonly span: Span;
  /** Each field's expression; a field left out is zero. */
  readonly fields: Readonly<Partial<Record<DispatchField, string>>>;
  /** `Class::Method` or `Method`, from the function field. */
  readonly handler?: string;
}

export interface DispatchTable {
  readonly name: string;
  readonly nameSpan: Span;
  /** The length written between the brackets (`kNumberOfMethods`), when one is. */
  readonly length?: string;
  readonly entries: readonly DispatchEntry[];
  /** An entry not understood: the table's indices past it are not trusted, so nothing is judged. */
  readonly unreadable?: true;
  /** The file indexes it with a name (`sMethods[selector]`): the selector is its index. */
  readonly indexedBySelector: boolean;
}

const MAX_ENTRIES = 1024;

export function dispatchTablesOf(code: string, file: SourceFile): DispatchTable[] {
  const tables: DispatchTable[] = [];
  for (const array of file.arrays) {
    if (!/\bIOUserClientMethodDispatch\b/.test(array.elementType) || array.hasError) continue;
    tables.push(tableOf(code, array));
  }
  return tables;
}

function tableOf(code: string, array: ArrayInitializer): DispatchTable {
  const between = code.slice(array.nameSpan.end, array.initializer.start);
  const length = /^\s*\[\s*([^\]]*?)\s*\]/.exec(between)?.[1];
  const body = code.slice(array.initializer.start + 1, array.initializer.end - 1);
  const base = array.initializer.start + 1;
  const entries: DispatchEntry[] = [];
  let unreadable = false;
  for (const piece of topLevelPieces(body)) {
    if (entries.length >= MAX_ENTRIES) {
      unreadable = true;
      break;
    }
    const text = body.slice(piece.start, piece.end);
    if (text.trim() === '') continue;
    const m = /^\s*(?:\[\s*([^\]]+?)\s*\]\s*=\s*)?\{([^]*)\}\s*$/.exec(text);
    const fields = m ? fieldsOf(m[2]) : undefined;
    if (!m || !fields) {
      unreadable = true;
      break;
    }
    const start = base + piece.start + (text.length - text.trimStart().length);
    entries.push({
      ...(m[1] !== undefined && { designator: m[1].replace(/\s+/g, ' ') }),
      position: entries.length,
      span: { start, end: base + piece.start + text.trimEnd().length },
      fields,
      ...(handlerOf(fields.function) && { handler: handlerOf(fields.function) }),
    });
  }
  const indexed = new RegExp(`\\b${array.name}\\s*\\[\\s*[A-Za-z_]\\w*\\s*\\]`, 'g');
  let indexedBySelector = false;
  for (const m of code.matchAll(indexed)) {
    if (m.index < array.span.start || m.index >= array.span.end) indexedBySelector = true;
  }
  return { name: array.name, nameSpan: array.nameSpan, ...(length ? { length } : {}), entries, ...(unreadable && { unreadable: true as const }), indexedBySelector };
}

/** The fields of one entry's braces: positional, or designated with `.name =`. */
function fieldsOf(inner: string): Partial<Record<DispatchField, string>> | undefined {
  const out: Partial<Record<DispatchField, string>> = {};
  const pieces = topLevelPieces(inner)
    .map((p) => inner.slice(p.start, p.end).trim())
    .filter((p, i, all) => p !== '' || i < all.length - 1);
  if (pieces.length > DISPATCH_FIELDS.length) return undefined;
  let next = 0;
  for (const piece of pieces) {
    const designated = /^\.\s*([A-Za-z_]\w*)\s*=\s*([^]*)$/.exec(piece);
    if (designated) {
      const index = DISPATCH_FIELDS.indexOf(designated[1] as DispatchField);
      if (index < 0) return undefined;
      out[DISPATCH_FIELDS[index]] = designated[2].replace(/\s+/g, ' ');
      next = index + 1;
    } else {
      if (next >= DISPATCH_FIELDS.length || piece === '') return undefined;
      out[DISPATCH_FIELDS[next++]] = piece.replace(/\s+/g, ' ');
    }
  }
  return out;
}

/** `(IOUserClientMethodFunction) &MyClient::StaticGetStats` → `MyClient::StaticGetStats`. */
function handlerOf(expression: string | undefined): string | undefined {
  if (!expression) return undefined;
  const names = /([A-Za-z_]\w*(?:\s*::\s*[A-Za-z_]\w*)*)\s*\)?\s*$/.exec(expression.replace(/\([^()]*\)\s*(?=&|[A-Za-z_])/, ''));
  const name = names?.[1].replace(/\s+/g, '');
  return name && !/^(?:nullptr|NULL|0)$/.test(name) ? name : undefined;
}

/** Spans of the comma-separated pieces of `text` at bracket depth 0. */
export function topLevelPieces(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  out.push({ start, end: text.length });
  return out;
}

/**
 * The selectors a file's code handles besides its table: `case` labels of its `ExternalMethod`
 * definitions, and names it compares with `==` or `!=` anywhere (`if (selector == kSpecial)`).
 */
export function handledSelectors(code: string, file: SourceFile): Set<string> {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:[=!]=\s*([A-Za-z_]\w*)\b)|(?:\b([A-Za-z_]\w*)\s*[=!]=)/g)) out.add(m[1] ?? m[2]);
  if (file.kind !== 'cpp') return out;
  for (const def of file.definitions) {
    if (def.methodName !== 'ExternalMethod') continue;
    const body = code.slice(def.bodySpan.start, def.bodySpan.end);
    for (const m of body.matchAll(/\bcase\s+([^:]+?)\s*:(?!:)/g)) out.add(m[1].replace(/\s+/g, ' '));
  }
  return out;
}
