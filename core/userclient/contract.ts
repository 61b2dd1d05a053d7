/**
 * The user-client contract of a workspace: each app call linked to the dispatch-table entry its
 * selector reaches, with what the dext checks and what the call passes, as numbers where both can
 * be computed. A call is linked only through a named selector that the dext's code also knows (the
 * table is indexed by it, or the dext's file names one of its enum's members) and only to the one
 * table that fits, or — for a Swift call that numbers its selectors itself — by value, to the one
 * table of the one dext service the Swift file matches. Anything not followed leaves the link
 * without a verdict, and the checks silent. What names and sizes evaluate to is contractValues.ts.
 */
import type { AppCall, CallPart } from './appCalls';
import type { DispatchEntry, DispatchField, DispatchTable } from './dispatch';
import { outputWriteOf, type HandlerFacts } from './handlers';
import type { Span } from '../model/span';
import type { ConstantDecl } from './constants';
import { ContractValues, push, ValueMemo, type Side } from './contractValues';
import type { StructDecl } from './structs';

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

/** The values and links computed so far (see ValueMemo): where each selector leads, what each call passes. */
export class ContractMemo extends ValueMemo {
  readonly indexed = new Map<DispatchTable, { index: number; entry: DispatchEntry }[] | undefined>();
  readonly reached = new Map<string, Reach | undefined>();
  /**
   * By a call's parts: a call the reader kept from its last read (moved, as a new object) shares its
   * parts with the one before, and keeps its values; the others go with it. Parts belong to one file's
   * call, so the side they were computed for is that file's.
   */
  readonly actuals = new WeakMap<AppCall['parts'], Readonly<Record<CallPart, number | undefined>>>();
}

export class Contract extends ContractValues<ContractMemo> {
  private readonly handlers = new Map<string, { path: string; facts: HandlerFacts }[]>();
  private readonly familyTables = new Map<ReadonlySet<string>, ReadonlySet<ContractFacts>>();
  private readonly tables: Placed[];
  readonly links: ContractLink[] = [];

  /** `memo`: the last contract's, when nothing but calls changed since (else a new one). */
  constructor(files: ReadonlyMap<string, ContractFacts>, memo: ContractMemo = new ContractMemo()) {
    super(files, memo);
    for (const [path, facts] of files) {
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

  /** What this contract computed, for the next one to start from when only calls change. */
  memoForNext(): ContractMemo {
    return this.memo;
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
    let actual = this.memo.actuals.get(call.parts);
    if (actual) return actual;
    const side = this.sideOf(path);
    const computed = {} as Record<CallPart, number | undefined>;
    for (const part of PARTS) computed[part] = call.parts[part] === undefined ? undefined : this.size(call.parts[part]!, side);
    this.memo.actuals.set(call.parts, (actual = computed));
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

  /**
   * The entry a named selector reaches from an app file, by the linking rules above; undefined when
   * anything is not followed. The app's call sites and the completion of a selector both ask it.
   */
  reach(path: string, selector: string): Reach | undefined {
    // Many calls of a file pass the same selector.
    const key = `${path}\u0000${selector}`;
    if (this.memo.reached.has(key)) return this.memo.reached.get(key);
    const value = this.computeReach(path, selector);
    if (this.memo.reached.size < 100_000) this.memo.reached.set(key, value);
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
    if (!this.memo.indexed.has(table)) this.memo.indexed.set(table, this.computeIndices(table, side));
    return this.memo.indexed.get(table);
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
/** The entry as messages name it: `sMethods[2] (MyUserClient::StaticReset)`. */
export function entryLabel(link: ContractLink): string {
  const index = link.entry ? `[${link.selectorValue}]` : '';
  return `${link.table.name}${index}${link.entry?.handler ? ` (${link.entry.handler})` : ''}`;
}

