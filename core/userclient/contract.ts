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
import { EnumFamilies } from './families';
import { outputWriteOf, type HandlerFacts } from './handlers';
import type { Span } from '../model/span';
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
  /** File names it includes (`#include "Shared.h"` → `Shared.h`). */
  readonly includes: readonly string[];
  /** Its methods taking an `IOUserClientMethodArguments *` (core/userclient/handlers.ts). */
  readonly handlers?: readonly HandlerFacts[];
  /** The classes a .iig declares: services an app may match. */
  readonly classes: readonly string[];
  /** Service names a Swift app matches with (`IOServiceNameMatching("MyDriver")`). */
  readonly matches: readonly string[];
}

/**
 * The files one side of the contract sees: a file and what it includes. An app and its dext may each
 * have their own copy of a shared header; each side's sizes and values come from its own copy.
 */
interface Side {
  readonly key: string;
  readonly paths: ReadonlySet<string>;
}

interface Declared<T> {
  readonly path: string;
  readonly decl: T;
}

const MAX_SIDE_FILES = 256;

export const PART_FIELDS: Readonly<Record<CallPart, DispatchField>> = {
  scalarInput: 'checkScalarInputCount',
  structureInput: 'checkStructureInputSize',
  scalarOutput: 'checkScalarOutputCount',
  structureOutput: 'checkStructureOutputSize',
};

/** kIOUserClientVariableStructureSize: the dext accepts any count or size. */
const VARIABLE = 0xffffffff;

/**
 * sizeof(io_struct_inband_t): IOKit.framework sends a structure output larger than this out of line,
 * and the dext gets it as `structureOutputDescriptor` (IOKitLib.c, IOConnectCallMethod).
 */
export const INBAND_STRUCT_MAX = 4096;

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
  /**
   * For a call whose structure output goes out of line: where the entry's handler (or a method it
   * hands the arguments to) sets `structureOutput`, when none of them names `structureOutputDescriptor`
   * and every place the arguments go was followed.
   */
  readonly outputWrite?: { readonly path: string; readonly span: Span };
}

/** Where a selector leads: a link without the call. */
export type Reach = Omit<ContractLink, 'path' | 'call' | 'actual' | 'outputWrite'>;

/** A dispatch entry's values, as the dext's side computes them (for the checks of the table itself). */
export interface EntryValues {
  readonly table: DispatchTable;
  readonly entry: DispatchEntry;
  readonly values: Readonly<Record<CallPart, Expected>>;
}

/** An app call's counts and sizes, whatever user client it calls. */
export interface CallValues {
  readonly call: AppCall;
  readonly actual: Readonly<Record<CallPart, number | undefined>>;
}

const PARTS: readonly CallPart[] = ['scalarInput', 'structureInput', 'scalarOutput', 'structureOutput'];

/** A dispatch table with the file it is in. */
interface Placed {
  readonly path: string;
  readonly table: DispatchTable;
  readonly facts: ContractFacts;
}

export class Contract {
  private readonly constantDecls = new Map<string, Declared<ConstantDecl>[]>();
  private readonly constantValues = new Map<string, number | null>();
  private readonly siblings = new EnumFamilies();
  private readonly structDecls = new Map<string, Declared<StructDecl>[]>();
  private readonly layouts = new Map<string, Layout | null>();
  private readonly sides = new Map<string, Side>();
  private readonly byFileName = new Map<string, string[]>();
  private warmed = false;
  private readonly indexed = new Map<DispatchTable, { index: number; entry: DispatchEntry }[] | undefined>();
  private readonly handlers = new Map<string, { path: string; facts: HandlerFacts }[]>();
  private readonly sizes = new Map<string, number | undefined>();
  private readonly familyTables = new Map<ReadonlySet<string>, ReadonlySet<ContractFacts>>();
  private readonly reached = new Map<string, Reach | undefined>();
  private readonly actuals = new Map<AppCall, Readonly<Record<CallPart, number | undefined>>>();
  private readonly tables: Placed[];
  readonly links: ContractLink[] = [];

  constructor(private readonly files: ReadonlyMap<string, ContractFacts>) {
    for (const [path, facts] of files) {
      const name = path.replace(/^.*[\\/]/, '');
      const same = this.byFileName.get(name);
      if (same) same.push(path);
      else this.byFileName.set(name, [path]);
      for (const decl of facts.constants) {
        push(this.constantDecls, decl.name, { path, decl });
        if (decl.siblings) this.siblings.add(decl.name, decl.siblings);
      }
      for (const decl of facts.structs) push(this.structDecls, decl.name, { path, decl });
      for (const handler of facts.handlers ?? []) {
        if (handler.caseOf !== undefined) {
          push(this.handlers, `case:${handler.caseOf}`, { path, facts: handler });
          continue;
        }
        push(this.handlers, `${handler.className}::${handler.methodName}`, { path, facts: handler });
        push(this.handlers, handler.methodName, { path, facts: handler });
      }
    }
    this.tables = [...files].flatMap(([path, facts]) => facts.tables.map((table) => ({ path, table, facts })));
    // Most workspaces have no user client, or no app calling one: nothing to compute.
    if (this.tables.length === 0 || ![...files.values()].some((facts) => facts.calls.length > 0)) return;
    for (const [path, facts] of files) for (const call of facts.calls) this.link(path, call);
  }

  /** The table files naming a member of a family outside their tables; once per family. */
  private tablesNaming(family: ReadonlySet<string>): ReadonlySet<ContractFacts> {
    let found = this.familyTables.get(family);
    if (!found) {
      const files = new Set(this.tables.map((t) => t.facts));
      found = new Set([...files].filter((facts) => [...family].some((n) => facts.names.has(n))));
      this.familyTables.set(family, found);
    }
    return found;
  }

  /** The counts and sizes of every app call of a file, as its side computes them. */
  callValues(path: string): CallValues[] {
    const calls = this.files.get(path)?.calls ?? [];
    return calls.map((call) => ({ call, actual: this.actualOf(path, call) }));
  }

  /** What a call passes, as its file's side computes it; once per call. */
  private actualOf(path: string, call: AppCall): Readonly<Record<CallPart, number | undefined>> {
    let actual = this.actuals.get(call);
    if (actual) return actual;
    const side = this.sideOf(path);
    const computed = {} as Record<CallPart, number | undefined>;
    for (const part of PARTS) computed[part] = call.parts[part] === undefined ? undefined : this.size(call.parts[part]!, side);
    this.actuals.set(call, (actual = computed));
    return actual;
  }

  /** The entries of a file's dispatch tables with their checks computed, as the dext's side sees them. */
  entryValues(tablePath: string): EntryValues[] {
    const facts = this.files.get(tablePath);
    if (!facts || facts.tables.length === 0) return [];
    const side = this.sideOf(tablePath);
    return facts.tables.flatMap((table) =>
      table.entries.map((entry) => {
        const values = {} as Record<CallPart, Expected>;
        for (const part of PARTS) values[part] = this.expectedOf(entry, part, side);
        return { table, entry, values };
      }),
    );
  }

  private expectedOf(entry: DispatchEntry | undefined, part: CallPart, side: Side): Expected {
    const field = entry?.fields[PART_FIELDS[part]] ?? '0';
    const value = /\bkIOUserClientVariableStructureSize\b/.test(field) ? VARIABLE : this.size(field, side);
    return value === VARIABLE ? 'any' : value;
  }

  /** The files a file sees: itself and what it includes, a few levels deep. */
  private sideOf(path: string): Side {
    let side = this.sides.get(path);
    if (side) return side;
    const paths = new Set<string>([path]);
    let frontier = [path];
    for (let depth = 0; depth < 8 && frontier.length > 0 && paths.size < MAX_SIDE_FILES; depth++) {
      const next: string[] = [];
      for (const from of frontier) {
        for (const name of this.files.get(from)?.includes ?? []) {
          for (const found of nearest(from, this.byFileName.get(name) ?? [])) {
            if (paths.has(found) || paths.size >= MAX_SIDE_FILES) continue;
            paths.add(found);
            next.push(found);
          }
        }
      }
      frontier = next;
    }
    side = { key: path, paths };
    this.sides.set(path, side);
    return side;
  }

  /**
   * The declarations a side sees: those in its files when it sees any, else all. The memo key is the
   * side's only when that narrows the choice (most names are declared once, for every side alike).
   */
  private choose<T>(list: readonly Declared<T>[], side: Side | undefined, name: string): { decls: readonly T[]; key: string } {
    const mine = side ? list.filter((d) => side.paths.has(d.path)) : [];
    const chosen = mine.length > 0 && mine.length < list.length ? mine : list;
    return { decls: chosen.map((d) => d.decl), key: `${chosen === list ? '' : side?.key ?? ''}\u0000${name}` };
  }

  /**
   * Every constant once, in declaration order, so a long enum's members are computed one from the one
   * before (not by recursion down the whole enum); done when the first value is asked for.
   */
  private warm(): void {
    if (this.warmed) return;
    this.warmed = true;
    for (const name of this.constantDecls.keys()) this.constant(name);
  }

  /** The value of a named constant as a side sees it (all sides when none), when every declaration of it agrees. */
  constant(name: string, depth = 0, side?: Side): number | undefined {
    if (depth === 0) this.warm();
    const list = this.constantDecls.get(name);
    if (!list || depth > 64) return undefined;
    const { decls, key } = this.choose(list, side, name);
    const known = this.constantValues.get(key);
    if (known !== undefined) return known ?? undefined;
    this.constantValues.set(key, null); // a cycle reads as unknown
    let value: number | undefined;
    for (const decl of decls) {
      const v = decl.follows !== undefined ? plus(this.constant(decl.follows, depth + 1, side), 1) : evaluate(decl.expression ?? '', (n) => this.constant(n, depth + 1, side));
      if (v === undefined || (value !== undefined && v !== value)) {
        value = undefined;
        break;
      }
      value = v;
    }
    this.constantValues.set(key, value ?? null);
    return value;
  }

  /** A size or count expression (`sizeof(MyRequest)`, `kCount`, `(3)*sizeof(uint64_t)/sizeof(uint64_t)`). */
  size(expression: string, side?: Side): number | undefined {
    // Many calls pass the same few expressions (`sizeof(MyRequest)`, `1`): each is computed once per side.
    const key = `${side?.key ?? ''}\u0000${expression}`;
    if (this.sizes.has(key)) return this.sizes.get(key);
    const value = this.computeSize(expression, side);
    if (this.sizes.size < 100_000) this.sizes.set(key, value);
    return value;
  }

  private computeSize(expression: string, side: Side | undefined): number | undefined {
    let failed = false;
    // Swift's `MemoryLayout<T>.size`: C's sizeof when T ends in no padding (core/userclient/swiftCalls.ts).
    const unpadded = expression.replace(/\bswiftsize\s*\(\s*([A-Za-z_]\w*)\s*\)/g, (_, type: string) => {
      const layout = this.layout(type, 0, side);
      if (!layout || layout.tailPadded) failed = true;
      return layout ? `(${layout.size})` : '0';
    });
    const plain = unpadded.replace(/sizeof\s*\(\s*(?:struct\s+)?([A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*)\s*\)/g, (_, type: string) => {
      const layout = this.layout(type, 0, side);
      if (!layout) failed = true;
      return layout ? String(layout.size) : '0';
    });
    return failed || /\bsizeof\b/.test(plain) ? undefined : evaluate(plain, (n) => this.constant(n, 0, side));
  }

  /** The layout of a fixed-size scalar or of a struct made only of such fields. */
  layout(type: string, depth = 0, side?: Side): Layout | undefined {
    const scalar = scalarLayout(type);
    if (scalar) return scalar;
    const list = this.structDecls.get(type);
    if (!list || depth > 16) return undefined;
    const { decls, key } = this.choose(list, side, type);
    const known = this.layouts.get(key);
    if (known !== undefined) return known ?? undefined;
    this.layouts.set(key, null);
    let result: Layout | undefined;
    for (const decl of decls) {
      const layout = this.structLayout(decl, depth, side);
      if (!layout || (result && (layout.size !== result.size || layout.align !== result.align))) {
        result = undefined;
        break;
      }
      result = layout;
    }
    this.layouts.set(key, result ?? null);
    return result;
  }

  private structLayout(decl: StructDecl, depth: number, side: Side | undefined): Layout | undefined {
    let offset = 0;
    let align = 1;
    let lastPadded = false;
    for (const field of decl.fields) {
      const layout = this.layout(field.type, depth + 1, side);
      const count = evaluate(field.count, (n) => this.constant(n, 0, side));
      if (!layout || count === undefined || count < 0) return undefined;
      offset = Math.ceil(offset / layout.align) * layout.align + layout.size * count;
      align = Math.max(align, layout.align);
      lastPadded = layout.tailPadded === true && count > 0;
    }
    // An empty struct is 1 byte in C++ and 0 in C: not judged.
    if (decl.fields.length === 0) return undefined;
    const size = Math.ceil(offset / align) * align;
    return { size, align, ...((size !== offset || lastPadded) && { tailPadded: true }) };
  }

  /**
   * The entry a named selector reaches from an app file, by the linking rules above; undefined when
   * anything is not followed. The app's call sites and the completion of a selector both ask it.
   */
  reach(path: string, selector: string): Reach | undefined {
    // Many calls of a file pass the same selector.
    const key = `${path}\u0000${selector}`;
    if (this.reached.has(key)) return this.reached.get(key);
    const value = this.computeReach(path, selector);
    if (this.reached.size < 100_000) this.reached.set(key, value);
    return value;
  }

  private computeReach(path: string, selector: string): Reach | undefined {
    // Only a named selector links: a bare number could be any user client's (SMC's, a HID family's).
    if (!/^[A-Za-z_]\w*$/.test(selector) || this.tables.length === 0) return undefined;
    // The value the app sends is the one its own copy of the enum gives.
    const selectorValue = this.constant(selector, 0, this.sideOf(path));
    if (selectorValue === undefined) return undefined;
    const family = this.siblings.get(selector) ?? new Set([selector]);
    const naming = this.tablesNaming(family);
    const candidates = this.tables.filter(({ table, facts }) => naming.has(facts) || table.entries.some((e) => e.designator === selector));
    if (candidates.length !== 1) return undefined;
    return this.entryReached(candidates[0], selectorValue, selector);
  }

  /**
   * The entry a Swift call with a value of its own (its enum's raw value, a literal) reaches, when the
   * table is certain: the file matches a service a .iig of the workspace declares, and the workspace
   * has one dispatch table indexed by selector. A Swift file matching another service (SMC, a HID
   * device) or a workspace with several user clients links nothing.
   */
  private reachByValue(path: string, selectorValue: number, selector: string): Reach | undefined {
    const matches = this.files.get(path)?.matches ?? [];
    if (matches.length === 0) return undefined;
    const declared = [...this.files.values()].some((facts) => facts.classes.some((name) => matches.includes(name)));
    const linkable = this.tables.filter(({ table }) => table.indexedBySelector);
    return declared && linkable.length === 1 ? this.entryReached(linkable[0], selectorValue, selector) : undefined;
  }

  /** What a selector of a known value reaches in a table, and what that entry expects. */
  private entryReached(placed: Placed, selectorValue: number, selector: string): Reach | undefined {
    const { path: tablePath, table, facts } = placed;
    if (table.unreadable || !table.indexedBySelector) return undefined;
    const dextSide = this.sideOf(tablePath);
    const indexed = this.indexEntries(table, dextSide);
    if (!indexed) return undefined;
    const length = table.length !== undefined ? this.size(table.length, dextSide) : indexed.reduce((max, e) => Math.max(max, e.index + 1), 0);
    const entry = indexed.find((e) => e.index === selectorValue)?.entry;
    const expected = {} as Record<CallPart, Expected>;
    for (const part of PARTS) expected[part] = this.expectedOf(entry, part, dextSide);
    return { selectorValue, tablePath, table, ...(length !== undefined && { length }), ...(entry && { entry }), handledInCode: facts.handled.has(selector), expected };
  }

  /**
   * Constant names in declaration order, at most `limit`: those a file sees (declared in it or in
   * what it includes), or with `all`, the workspace's.
   */
  constantNames(limit: number, seenFrom?: string): string[] {
    const side = seenFrom === undefined ? undefined : this.sideOf(seenFrom);
    const out: string[] = [];
    for (const [name, decls] of this.constantDecls) {
      if (out.length >= limit) break;
      if (!side || decls.some((d) => side.paths.has(d.path))) out.push(name);
    }
    return out;
  }

  private link(path: string, call: AppCall): void {
    const reached =
      call.selectorValue === undefined ? this.reach(path, call.selector) : call.language === 'swift' ? this.reachByValue(path, call.selectorValue, call.selector) : undefined;
    if (!reached) return;
    const actual = this.actualOf(path, call);
    // Only a structure output sent out of line reaches the dext as a descriptor.
    const out = actual.structureOutput;
    // A selector the dext's ExternalMethod handles in code runs its `case`, not the table's entry.
    const handler = reached.handledInCode ? `case:${call.selector}` : reached.entry?.handler;
    const outputWrite = handler && out !== undefined && out > INBAND_STRUCT_MAX ? outputWriteOf(handler, (name) => this.handlers.get(name) ?? []) : undefined;
    this.links.push({ path, call, ...reached, actual, ...(outputWrite && { outputWrite }) });
  }

  /** Each entry with its index; undefined when a designator cannot be computed. Computed once per table. */
  private indexEntries(table: DispatchTable, side: Side): { index: number; entry: DispatchEntry }[] | undefined {
    if (!this.indexed.has(table)) this.indexed.set(table, this.computeIndices(table, side));
    return this.indexed.get(table);
  }

  private computeIndices(table: DispatchTable, side: Side): { index: number; entry: DispatchEntry }[] | undefined {
    const out: { index: number; entry: DispatchEntry }[] = [];
    let next = 0;
    for (const entry of table.entries) {
      const index = entry.designator === undefined ? next : this.size(entry.designator, side);
      if (index === undefined || index < 0) return undefined;
      out.push({ index, entry });
      next = index + 1;
    }
    return out;
  }
}

/**
 * Of files sharing a name, the one beside `from` (where the compiler looks first for `#include "…"`);
 * when none is, all of them (and where their declarations differ, nothing is concluded).
 */
function nearest(from: string, candidates: readonly string[]): readonly string[] {
  if (candidates.length < 2) return candidates;
  const folder = (path: string): string => path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const beside = candidates.filter((c) => folder(c) === folder(from));
  return beside.length > 0 ? beside : candidates;
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

