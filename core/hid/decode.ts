/**
 * Runs a report descriptor's items through the item state table of HID 1.11 (section 6.2.2): global
 * items set state that lasts until changed (Push and Pop save and restore it), local items set state
 * for the next main item only and are cleared after every main item, and each Input, Output or
 * Feature item adds Report Size × Report Count bits to the report of its direction and Report ID.
 * The result keeps the state at every item, so a hover on any byte can show it.
 */
import { readItems, signedValue, unsignedValue, type HidItem } from './items';

export type Direction = 'Input' | 'Output' | 'Feature';

/** A usage as a local item wrote it; `page` is the one in force where it stands (or its own, for 32-bit usages). */
export interface UsageRef {
  readonly page: number | undefined;
  readonly id: number;
  /** Index into `items` of the Usage / Usage Minimum / Usage Maximum item. */
  readonly item: number;
  /** Written as 32 bits: the high half is its own usage page. */
  readonly extended: boolean;
}

export interface GlobalState {
  readonly usagePage?: number;
  /** Items (indices into `items`) of the extents, so their written size decides their sign. */
  readonly logicalMinimum?: number;
  readonly logicalMaximum?: number;
  readonly physicalMinimum?: number;
  readonly physicalMaximum?: number;
  readonly unitExponent?: number;
  readonly unit?: number;
  readonly reportSize?: number;
  readonly reportId?: number;
  readonly reportCount?: number;
}

export interface LocalState {
  readonly usages: readonly UsageRef[];
  readonly usageMinimum?: UsageRef;
  readonly usageMaximum?: UsageRef;
  readonly designatorIndex?: number;
  readonly stringIndex?: number;
  /** Open Delimiter sets (alternative usages for one control). */
  readonly delimiterDepth: number;
}

/** What an Input, Output or Feature item adds to its report. */
export interface Field {
  readonly direction: Direction;
  readonly reportId: number | undefined;
  readonly size: number;
  readonly count: number;
  readonly bits: number;
  /** Offset of the field's first bit in its report (after the Report ID byte, which is not counted). */
  readonly bitOffset: number;
  readonly flags: number;
  readonly constant: boolean;
  readonly variable: boolean;
  /** The usages of the field, pages completed with the one in force at the main item. */
  readonly usages: readonly UsageRef[];
  readonly usageRange?: { readonly minimum: UsageRef; readonly maximum: UsageRef };
}

export interface CollectionInfo {
  /** Collection type (0x00 Physical, 0x01 Application …). */
  readonly kind: number;
  readonly usage: UsageRef | undefined;
}

export interface DecodedItem {
  readonly item: HidItem;
  /** Collection depth the item stands at (an End Collection at the depth of its Collection). */
  readonly depth: number;
  /** Global state after the item. */
  readonly global: GlobalState;
  /** Local state after the item; for a main item, the state it used (cleared after it). */
  readonly local: LocalState;
  readonly field?: Field;
  readonly collection?: CollectionInfo;
  /** For an End Collection: the index of the Collection it closes (undefined when it closes none). */
  readonly closes?: number;
  /** For a Collection: the index of the End Collection that closes it (undefined when none does). */
  readonly closedBy?: number;
  /** A Pop with nothing pushed. */
  readonly popWithoutPush?: true;
}

export interface Report {
  readonly direction: Direction;
  readonly id: number | undefined;
  readonly bits: number;
  /** Indices of its Input/Output/Feature items. */
  readonly fields: readonly number[];
}

export interface DecodedDescriptor {
  readonly items: readonly DecodedItem[];
  /** Reports in order of first appearance. */
  readonly reports: readonly Report[];
  /** True when any Report ID item is present: every report then starts with its ID byte. */
  readonly usesReportIds: boolean;
  /** Collections left open at the end (indices of their Collection items). */
  readonly unclosed: readonly number[];
}

const EMPTY_LOCAL: LocalState = { usages: [], delimiterDepth: 0 };

export function decodeDescriptor(bytes: readonly number[]): DecodedDescriptor {
  const items = readItems(bytes);
  // Built mutable, then handed out read-only: a Collection learns its End Collection when it comes.
  const decoded: { -readonly [K in keyof DecodedItem]: DecodedItem[K] }[] = [];
  const reports = new Map<string, { direction: Direction; id: number | undefined; bits: number; fields: number[] }>();
  const stack: GlobalState[] = [];
  const open: number[] = [];
  let global: GlobalState = {};
  let local: LocalState = EMPTY_LOCAL;
  let usesReportIds = false;

  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const depth = open.length;
    if (item.truncated) {
      decoded.push({ item, depth, global, local });
      break;
    }
    switch (item.type) {
      case 'global': {
        const next = applyGlobal(item, i, global, stack);
        if (item.name === 'Report ID') usesReportIds = true;
        if (next === 'pop-empty') {
          decoded.push({ item, depth, global, local, popWithoutPush: true });
          continue;
        }
        global = next;
        decoded.push({ item, depth, global, local });
        continue;
      }
      case 'local':
        local = applyLocal(item, i, global, local);
        decoded.push({ item, depth, global, local });
        continue;
      case 'main': {
        const used = local;
        local = EMPTY_LOCAL;
        if (item.name === 'Collection') {
          open.push(i);
          decoded.push({ item, depth, global, local: used, collection: { kind: unsignedValue(item), usage: completed(used.usages, global)[0] } });
        } else if (item.name === 'End Collection') {
          const start = open.pop();
          if (start !== undefined) decoded[start].closedBy = i;
          decoded.push({ item, depth: open.length, global, local: used, closes: start });
        } else if (item.name === 'Input' || item.name === 'Output' || item.name === 'Feature') {
          const field = fieldOf(item, i, item.name, global, used, reports);
          decoded.push({ item, depth, global, local: used, field });
        } else {
          decoded.push({ item, depth, global, local: used });
        }
        continue;
      }
      default:
        decoded.push({ item, depth, global, local });
    }
  }
  return { items: decoded, reports: [...reports.values()], usesReportIds, unclosed: open };
}

function applyGlobal(item: HidItem, index: number, global: GlobalState, stack: GlobalState[]): GlobalState | 'pop-empty' {
  const value = unsignedValue(item);
  switch (item.name) {
    case 'Usage Page':
      return { ...global, usagePage: value };
    case 'Logical Minimum':
      return { ...global, logicalMinimum: index };
    case 'Logical Maximum':
      return { ...global, logicalMaximum: index };
    case 'Physical Minimum':
      return { ...global, physicalMinimum: index };
    case 'Physical Maximum':
      return { ...global, physicalMaximum: index };
    case 'Unit Exponent':
      return { ...global, unitExponent: unitExponentOf(item) };
    case 'Unit':
      return { ...global, unit: value };
    case 'Report Size':
      return { ...global, reportSize: value };
    case 'Report ID':
      return { ...global, reportId: value };
    case 'Report Count':
      return { ...global, reportCount: value };
    case 'Push':
      stack.push(global);
      return global;
    case 'Pop':
      return stack.pop() ?? 'pop-empty';
    default:
      return global;
  }
}

/**
 * The unit exponent: a 4-bit two's-complement code when written in one byte with the high nibble
 * clear (0x0E is -2, as the HID 1.11 unit exponent table gives it), else the item's signed value.
 */
export function unitExponentOf(item: HidItem): number {
  const value = unsignedValue(item);
  if (value <= 0xf) return value >= 8 ? value - 16 : value;
  return signedValue(item);
}

function applyLocal(item: HidItem, index: number, global: GlobalState, local: LocalState): LocalState {
  const value = unsignedValue(item);
  const extended = item.data.length === 4;
  const usage = (): UsageRef =>
    extended ? { page: Math.floor(value / 0x10000), id: value % 0x10000, item: index, extended } : { page: global.usagePage, id: value, item: index, extended };
  switch (item.name) {
    case 'Usage':
      // Inside a delimiter set only the first usage is the control's; the others are alternatives.
      return { ...local, usages: [...local.usages, usage()] };
    case 'Usage Minimum':
      return { ...local, usageMinimum: usage() };
    case 'Usage Maximum':
      return { ...local, usageMaximum: usage() };
    case 'Designator Index':
      return { ...local, designatorIndex: value };
    case 'String Index':
      return { ...local, stringIndex: value };
    case 'Delimiter':
      return { ...local, delimiterDepth: Math.max(0, local.delimiterDepth + (value === 1 ? 1 : -1)) };
    default:
      return local;
  }
}

/**
 * Usages written before the block's Usage Page take the page in force at the main item (a Usage
 * Page later in the same block applies to them, as hosts read it).
 */
function completed(usages: readonly UsageRef[], global: GlobalState): readonly UsageRef[] {
  if (global.usagePage === undefined || usages.every((u) => u.page !== undefined || u.extended)) return usages;
  return usages.map((u) => (u.page === undefined && !u.extended && global.usagePage !== undefined ? { ...u, page: global.usagePage } : u));
}

function fieldOf(item: HidItem, index: number, direction: Direction, global: GlobalState, local: LocalState, reports: Map<string, { direction: Direction; id: number | undefined; bits: number; fields: number[] }>): Field {
  const size = global.reportSize ?? 0;
  const count = global.reportCount ?? 0;
  const bits = size * count;
  const key = `${direction}:${global.reportId ?? ''}`;
  let report = reports.get(key);
  if (!report) {
    report = { direction, id: global.reportId, bits: 0, fields: [] };
    reports.set(key, report);
  }
  const bitOffset = report.bits;
  report.bits += bits;
  report.fields.push(index);
  const flags = unsignedValue(item);
  const [minimum, maximum] = completed([local.usageMinimum, local.usageMaximum].filter((u): u is UsageRef => u !== undefined), global);
  const usageRange = local.usageMinimum && local.usageMaximum ? { minimum, maximum } : undefined;
  return { direction, reportId: global.reportId, size, count, bits, bitOffset, flags, constant: (flags & 1) === 1, variable: (flags & 2) === 2, usages: completed(local.usages, global), usageRange };
}

/** Bytes a report takes on the wire: its bits rounded up, and the Report ID byte when IDs are used. */
export function reportBytes(report: Report, usesReportIds: boolean): number {
  return Math.ceil(report.bits / 8) + (usesReportIds ? 1 : 0);
}

export interface Extents {
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
}

/**
 * A minimum and maximum (logical or physical) as their items give them: the minimum is a
 * two's-complement number of the size it is written in; the maximum is read the same way only when
 * that minimum is negative, and as an unsigned number otherwise (so `15 00 25 FF` is 0…255, and
 * `15 81 25 7F` is -127…127).
 */
export function extentsOf(items: readonly DecodedItem[], minimumItem: number | undefined, maximumItem: number | undefined): Extents {
  const minimum = minimumItem === undefined ? undefined : signedValue(items[minimumItem].item);
  const max = maximumItem === undefined ? undefined : items[maximumItem].item;
  const maximum = max === undefined ? undefined : minimum !== undefined && minimum < 0 ? signedValue(max) : unsignedValue(max);
  return { minimum, maximum };
}
