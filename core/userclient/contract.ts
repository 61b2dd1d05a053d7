/**
 * The user-client contract of a workspace: each app call linked to the dispatch-table entry its
 * selector reaches, with what the dext checks and what the call passes, as numbers where both can
 * be computed. A call is linked only through a named selector that the dext's code also knows (the
 * table is indexed by it, or the dext's file names one of its enum's members) and only to the one
 * table that fits; anything not followed leaves the link without a verdict, and the checks silent.
 */
import type { AppCall, CallPart } from './appCalls';
import { evaluate, type ConstantDecl } from './constants';
import type { DispatchEntry, DispatchField, DispatchTable } from './dispatch';
import { scalarLayout, type Layout, type StructDecl } from './structs';

/** What one file contributes (core/userclient/contractIndex.ts reads it). */
export interface ContractFacts {
  readonly constants: readonly ConstantDecl[];
  readonly structs: readonly StructDecl[];
  readonly calls: readonly AppCall[];
  readonly tables: readonly DispatchTable[];
  /** Selectors the file's code handles itself: `case` labels of its `ExternalMethod`, names compared with `==`. */
  readonly handled: ReadonlySet<string>;
  /** Names the file uses outside its tables (only for a file with tables). */
  readonly names: ReadonlySet<string>;
}

export const PART_FIELDS: Readonly<Record<CallPart, DispatchField>> = {
  scalarInput: 'checkScalarInputCount',
  structureInput: 'checkStructureInputSize',
  scalarOutput: 'checkScalarOutputCount',
  structureOutput: 'checkStructureOutputSize',
};

/** kIOUserClientVariableStructureSize: the dext accepts any count or size. */
const VARIABLE = 0xffffffff;

export type Expected = number | 'any' | undefined;

export interface ContractLink {
  readonly path: string;
  readonly call: AppCall;
  readonly selectorValue: number;
  readonly tablePath: string;
  readonly table: DispatchTable;
  /** The table's length, when it is known. */
  readonly length?: number;
  /** The entry at the selector's index; undefined when the table has none there. */
  readonly entry?: DispatchEntry;
  /** The dext names the selector in its own code (a `case`, a test): the table is not all it does. */
  readonly handledInCode: boolean;
  readonly expected: Readonly<Record<CallPart, Expected>>;
  readonly actual: Readonly<Record<CallPart, number | undefined>>;
}

const PARTS: readonly CallPart[] = ['scalarInput', 'structureInput', 'scalarOutput', 'structureOutput'];

export class Contract {
  private readonly constantDecls = new Map<string, ConstantDecl[]>();
  private readonly constantValues = new Map<string, number | null>();
  private readonly siblings = new Map<string, Set<string>>();
  private readonly structDecls = new Map<string, StructDecl[]>();
  private readonly layouts = new Map<string, Layout | null>();
  private readonly indexed = new Map<DispatchTable, { index: number; entry: DispatchEntry }[] | undefined>();
  readonly links: ContractLink[] = [];

  constructor(files: ReadonlyMap<string, ContractFacts>) {
    for (const facts of files.values()) {
      for (const decl of facts.constants) {
        push(this.constantDecls, decl.name, decl);
        if (decl.siblings) {
          let set = this.siblings.get(decl.name);
          if (!set) this.siblings.set(decl.name, (set = new Set()));
          for (const s of decl.siblings) if (set.size < 4096) set.add(s);
        }
      }
      for (const decl of facts.structs) push(this.structDecls, decl.name, decl);
    }
    // In declaration order, so a long enum's members are computed one from the one before.
    for (const name of this.constantDecls.keys()) this.constant(name);
    const tables = [...files].flatMap(([path, facts]) => facts.tables.map((table) => ({ path, table, facts })));
    if (tables.length === 0) return;
    for (const [path, facts] of files) for (const call of facts.calls) this.link(path, call, tables);
  }

  /** The value of a named constant, when every declaration of it agrees. */
  constant(name: string, depth = 0): number | undefined {
    const known = this.constantValues.get(name);
    if (known !== undefined) return known ?? undefined;
    const decls = this.constantDecls.get(name);
    if (!decls || depth > 64) return undefined;
    this.constantValues.set(name, null); // a cycle reads as unknown
    let value: number | undefined;
    for (const decl of decls) {
      const v = decl.follows !== undefined ? plus(this.constant(decl.follows, depth + 1), 1) : evaluate(decl.expression ?? '', (n) => this.constant(n, depth + 1));
      if (v === undefined || (value !== undefined && v !== value)) {
        value = undefined;
        break;
      }
      value = v;
    }
    this.constantValues.set(name, value ?? null);
    return value;
  }

  /** A size or count expression (`sizeof(MyRequest)`, `kCount`, `(3)*sizeof(uint64_t)/sizeof(uint64_t)`). */
  size(expression: string): number | undefined {
    let failed = false;
    const plain = expression.replace(/sizeof\s*\(\s*(?:struct\s+)?([A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*)\s*\)/g, (_, type: string) => {
      const layout = this.layout(type);
      if (!layout) failed = true;
      return layout ? String(layout.size) : '0';
    });
    return failed || /\bsizeof\b/.test(plain) ? undefined : evaluate(plain, (n) => this.constant(n));
  }

  /** The layout of a fixed-size scalar or of a struct made only of such fields. */
  layout(type: string, depth = 0): Layout | undefined {
    const scalar = scalarLayout(type);
    if (scalar) return scalar;
    const known = this.layouts.get(type);
    if (known !== undefined) return known ?? undefined;
    const decls = this.structDecls.get(type);
    if (!decls || depth > 16) return undefined;
    this.layouts.set(type, null);
    let result: Layout | undefined;
    for (const decl of decls) {
      const layout = this.structLayout(decl, depth);
      if (!layout || (result && (layout.size !== result.size || layout.align !== result.align))) {
        result = undefined;
        break;
      }
      result = layout;
    }
    this.layouts.set(type, result ?? null);
    return result;
  }

  private structLayout(decl: StructDecl, depth: number): Layout | undefined {
    let offset = 0;
    let align = 1;
    for (const field of decl.fields) {
      const layout = this.layout(field.type, depth + 1);
      const count = evaluate(field.count, (n) => this.constant(n));
      if (!layout || count === undefined || count < 0) return undefined;
      offset = Math.ceil(offset / layout.align) * layout.align + layout.size * count;
      align = Math.max(align, layout.align);
    }
    // An empty struct is 1 byte in C++ and 0 in C: not judged.
    if (decl.fields.length === 0) return undefined;
    return { size: Math.ceil(offset / align) * align, align };
  }

  private link(path: string, call: AppCall, tables: readonly { path: string; table: DispatchTable; facts: ContractFacts }[]): void {
    // Only a named selector links: a bare number could be any user client's (SMC's, a HID family's).
    if (!/^[A-Za-z_]\w*$/.test(call.selector)) return;
    const selectorValue = this.constant(call.selector);
    if (selectorValue === undefined) return;
    const family = this.siblings.get(call.selector) ?? new Set([call.selector]);
    const candidates = tables.filter(({ table, facts }) => table.entries.some((e) => e.designator === call.selector) || [...family].some((n) => facts.names.has(n)));
    if (candidates.length !== 1) return;
    const { path: tablePath, table, facts } = candidates[0];
    if (table.unreadable || !table.indexedBySelector) return;
    const indexed = this.indexEntries(table);
    if (!indexed) return;
    const length = table.length !== undefined ? this.size(table.length) : indexed.reduce((max, e) => Math.max(max, e.index + 1), 0);
    const entry = indexed.find((e) => e.index === selectorValue)?.entry;
    const handledInCode = facts.handled.has(call.selector);
    const expected = {} as Record<CallPart, Expected>;
    const actual = {} as Record<CallPart, number | undefined>;
    for (const part of PARTS) {
      const field = entry?.fields[PART_FIELDS[part]] ?? '0';
      const value = /\bkIOUserClientVariableStructureSize\b/.test(field) ? VARIABLE : this.size(field);
      expected[part] = value === VARIABLE ? 'any' : value;
      const written = call.parts[part];
      actual[part] = written === undefined ? undefined : this.size(written);
    }
    this.links.push({ path, call, selectorValue, tablePath, table, ...(length !== undefined && { length }), ...(entry && { entry }), handledInCode, expected, actual });
  }

  /** Each entry with its index; undefined when a designator cannot be computed. Computed once per table. */
  private indexEntries(table: DispatchTable): { index: number; entry: DispatchEntry }[] | undefined {
    if (!this.indexed.has(table)) this.indexed.set(table, this.computeIndices(table));
    return this.indexed.get(table);
  }

  private computeIndices(table: DispatchTable): { index: number; entry: DispatchEntry }[] | undefined {
    const out: { index: number; entry: DispatchEntry }[] = [];
    let next = 0;
    for (const entry of table.entries) {
      const index = entry.designator === undefined ? next : this.size(entry.designator);
      if (index === undefined || index < 0) return undefined;
      out.push({ index, entry });
      next = index + 1;
    }
    return out;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    if (list.length < 16) list.push(value);
  } else map.set(key, [value]);
}

function plus(value: number | undefined, n: number): number | undefined {
  return value === undefined ? undefined : value + n;
}

/** The entry as messages name it: `sMethods[2] (MyUserClient::StaticReset)`. */
export function entryLabel(link: ContractLink): string {
  const index = link.entry ? `[${link.selectorValue}]` : '';
  return `${link.table.name}${index}${link.entry?.handler ? ` (${link.entry.handler})` : ''}`;
}

