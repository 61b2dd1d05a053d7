/**
 * Words for decoded items: `Usage Page (Generic Desktop)`, `Input (Data, Variable, Absolute)`,
 * `Logical Maximum (255)`. Hover, inlay hints, the outline and messages all use these.
 */
import { extentsOf, type DecodedDescriptor, type DecodedItem, type Direction, type Field, type Report, type UsageRef } from './decode';
import { signedValue, unsignedValue, type HidItem } from './items';
import { hex, pageName, usageLabel } from './usages';

const COLLECTION_TYPES = ['Physical', 'Application', 'Logical', 'Report', 'Named Array', 'Usage Switch', 'Usage Modifier'];

export function collectionTypeName(kind: number): string {
  if (kind < COLLECTION_TYPES.length) return COLLECTION_TYPES[kind];
  return kind >= 0x80 ? `Vendor-defined ${hex(kind)}` : `Reserved ${hex(kind)}`;
}

/** `Keyboard`, `Generic Desktop: X` for a 32-bit usage, `0x20` for a usage the tables do not name. */
export function usageText(usage: UsageRef): string {
  const label = usageLabel(usage.page, usage.id);
  return usage.extended ? `${pageName(usage.page ?? 0)}: ${label}` : label;
}

/** The words of a main item's flags, the defaults (Data, Array, Absolute) named too. */
export function mainFlags(direction: Direction, flags: number): string[] {
  const words = [flags & 1 ? 'Constant' : 'Data', flags & 2 ? 'Variable' : 'Array', flags & 4 ? 'Relative' : 'Absolute'];
  if (flags & 8) words.push('Wrap');
  if (flags & 0x10) words.push('Non Linear');
  if (flags & 0x20) words.push('No Preferred State');
  if (flags & 0x40) words.push('Null State');
  if (flags & 0x80 && direction !== 'Input') words.push('Volatile');
  if (flags & 0x100) words.push('Buffered Bytes');
  return words;
}

/** Physical units of a Unit item: a system nibble, then a signed exponent nibble per base unit. */
const UNIT_SYSTEMS = ['None', 'SI Linear', 'SI Rotation', 'English Linear', 'English Rotation'];
const UNIT_NAMES: readonly (readonly string[])[] = [
  [],
  ['cm', 'g', 's', 'K', 'A', 'cd'],
  ['rad', 'g', 's', 'K', 'A', 'cd'],
  ['in', 'slug', 's', '°F', 'A', 'cd'],
  ['deg', 'slug', 's', '°F', 'A', 'cd'],
];

export function unitText(value: number): string {
  if (value === 0) return 'None';
  const system = value & 0xf;
  const names = UNIT_NAMES[system];
  if (!names) return `${hex(value)} (vendor-defined or reserved system)`;
  const parts: string[] = [];
  for (let nibble = 1; nibble <= 6; nibble++) {
    const code = Math.floor(value / 16 ** nibble) % 16;
    if (code === 0) continue;
    const exponent = code >= 8 ? code - 16 : code;
    parts.push(exponent === 1 ? names[nibble - 1] : `${names[nibble - 1]}^${exponent}`);
  }
  return `${UNIT_SYSTEMS[system]}${parts.length ? `: ${parts.join('·')}` : ''}`;
}

/** The item's name and value: `Report Size (8)`, `Usage (X)`, `Collection (Application)`. */
export function itemLabel(descriptor: DecodedDescriptor, index: number): string {
  const decoded = descriptor.items[index];
  const item = decoded.item;
  if (item.truncated) return `${item.name ?? 'Item'} (truncated: ${item.size} data byte${item.size === 1 ? '' : 's'} declared, ${item.data.length} present)`;
  if (item.type === 'long') return `Long Item (tag ${hex(item.tag)}, ${item.size} data bytes)`;
  if (!item.name) return `Reserved ${item.type} item (tag ${hex(item.tag, 1)})`;
  const value = unsignedValue(item);
  switch (item.name) {
    case 'Usage Page':
      return `Usage Page (${pageName(value)})`;
    case 'Usage':
    case 'Usage Minimum':
    case 'Usage Maximum':
      return `${item.name} (${usageText(usageOfItem(decoded, index))})`;
    case 'Logical Minimum':
    case 'Logical Maximum':
    case 'Physical Minimum':
    case 'Physical Maximum':
      return `${item.name} (${extentValue(descriptor, index)})`;
    case 'Unit Exponent':
      return `Unit Exponent (${decoded.global.unitExponent ?? signedValue(item)})`;
    case 'Unit':
      return `Unit (${unitText(value)})`;
    case 'Push':
    case 'Pop':
    case 'End Collection':
      return decoded.popWithoutPush ? 'Pop (nothing was pushed)' : item.name;
    case 'Collection':
      return `Collection (${collectionTypeName(value)})`;
    case 'Input':
    case 'Output':
    case 'Feature':
      return `${item.name} (${mainFlags(item.name, value).join(', ')})`;
    case 'Delimiter':
      return `Delimiter (${value === 1 ? 'Open Set' : value === 0 ? 'Close Set' : value})`;
    default:
      return `${item.name} (${value})`;
  }
}

/** The usage a Usage / Usage Minimum / Usage Maximum item wrote, as the decoder recorded it. */
function usageOfItem(decoded: DecodedItem, index: number): UsageRef {
  const local = decoded.local;
  const found = [...local.usages, local.usageMinimum, local.usageMaximum].find((u) => u?.item === index);
  return found ?? { page: decoded.global.usagePage, id: unsignedValue(decoded.item), item: index, extended: decoded.item.data.length === 4 };
}

/** An extent item's value with the sign rule of extentsOf (the maximum read against the minimum in force). */
function extentValue(descriptor: DecodedDescriptor, index: number): number {
  const decoded = descriptor.items[index];
  const g = decoded.global;
  switch (decoded.item.name) {
    case 'Logical Maximum':
      return extentsOf(descriptor.items, g.logicalMinimum, index).maximum!;
    case 'Physical Maximum':
      return extentsOf(descriptor.items, g.physicalMinimum, index).maximum!;
    default:
      return signedValue(decoded.item);
  }
}

/** `report 3` or, without IDs, `the report`; with its direction: `Input report 3`. */
export function reportName(direction: Direction, id: number | undefined): string {
  return id === undefined ? `${direction} report` : `${direction} report ${id}`;
}

/** `8 × 1 bit`, `1 × 16 bits`. */
export function fieldShape(field: Field): string {
  return `${field.count} × ${field.size} bit${field.size === 1 ? '' : 's'}`;
}

/** The usages of a field in a few words: `X, Y`, `Button 1 – Button 14`, `Keyboard a – 0xFF`. */
export function fieldUsages(field: Field): string {
  const parts = field.usages.map(usageText);
  if (field.usageRange) parts.push(`${usageText(field.usageRange.minimum)} – ${usageText(field.usageRange.maximum)}`);
  if (parts.length > 4) return `${parts.slice(0, 3).join(', ')} … (${parts.length} usages)`;
  return parts.join(', ');
}

/** `Input 1 · 8 bytes` for a code lens; without IDs `Input · 8 bytes`. */
export function reportSummary(report: Report, bytes: number): string {
  const id = report.id === undefined ? '' : ` ${report.id}`;
  return `${report.direction}${id} · ${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** The item's bytes as written: `0x75 0x08`. */
export function itemBytes(item: HidItem, bytes: readonly number[]): string {
  return bytes.slice(item.index, item.index + item.length).map((b) => hex(b)).join(' ');
}
