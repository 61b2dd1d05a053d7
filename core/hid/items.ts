/**
 * The items of a HID report descriptor (HID 1.11, section 6.2.2): a stream of short items (one
 * prefix byte holding bSize, bType and bTag, then 0, 1, 2 or 4 data bytes) and long items (prefix
 * 0xFE, a data size byte, a tag byte, then the data). Reading never fails: an item whose data runs
 * past the end is kept, marked truncated, and ends the stream.
 */

export type ItemType = 'main' | 'global' | 'local' | 'reserved' | 'long';

export interface HidItem {
  /** Index of the prefix byte in the descriptor. */
  readonly index: number;
  /** Bytes the item occupies (prefix and the data present). */
  readonly length: number;
  readonly type: ItemType;
  /** bTag (0–15) of a short item; bLongItemTag of a long item. */
  readonly tag: number;
  /** The data size the prefix declares (0, 1, 2 or 4; for a long item bDataSize). */
  readonly size: number;
  /** The data bytes present (fewer than `size` when truncated). */
  readonly data: readonly number[];
  readonly truncated: boolean;
  /** The item's name (`Usage Page`, `Input` …), or undefined for a reserved tag. */
  readonly name: string | undefined;
}

const MAIN_TAGS: Readonly<Record<number, string>> = { 0x8: 'Input', 0x9: 'Output', 0xa: 'Collection', 0xb: 'Feature', 0xc: 'End Collection' };

const GLOBAL_TAGS: Readonly<Record<number, string>> = {
  0x0: 'Usage Page',
  0x1: 'Logical Minimum',
  0x2: 'Logical Maximum',
  0x3: 'Physical Minimum',
  0x4: 'Physical Maximum',
  0x5: 'Unit Exponent',
  0x6: 'Unit',
  0x7: 'Report Size',
  0x8: 'Report ID',
  0x9: 'Report Count',
  0xa: 'Push',
  0xb: 'Pop',
};

/** Local tag 0110 is missing from the HID 1.11 table, so it is reserved like 1011–1111. */
const LOCAL_TAGS: Readonly<Record<number, string>> = {
  0x0: 'Usage',
  0x1: 'Usage Minimum',
  0x2: 'Usage Maximum',
  0x3: 'Designator Index',
  0x4: 'Designator Minimum',
  0x5: 'Designator Maximum',
  0x7: 'String Index',
  0x8: 'String Minimum',
  0x9: 'String Maximum',
  0xa: 'Delimiter',
};

const TYPES: readonly ItemType[] = ['main', 'global', 'local', 'reserved'];
const SIZES = [0, 1, 2, 4];
const LONG_ITEM_PREFIX = 0xfe;

export function readItems(bytes: readonly number[]): HidItem[] {
  const items: HidItem[] = [];
  let i = 0;
  while (i < bytes.length) {
    const prefix = bytes[i];
    if (prefix === LONG_ITEM_PREFIX) {
      // bDataSize and bLongItemTag follow the prefix; both must be there to know the item at all.
      const size = bytes[i + 1] ?? 0;
      const tag = bytes[i + 2] ?? 0;
      const headerPresent = Math.min(3, bytes.length - i);
      const available = Math.max(0, bytes.length - i - 3);
      const present = Math.min(size, available);
      const truncated = headerPresent < 3 || present < size;
      items.push({ index: i, length: headerPresent + present, type: 'long', tag, size, data: bytes.slice(i + 3, i + 3 + present), truncated, name: 'Long Item' });
      if (truncated) break;
      i += 3 + size;
      continue;
    }
    const size = SIZES[prefix & 0x3];
    const type = TYPES[(prefix >> 2) & 0x3];
    const tag = prefix >> 4;
    const present = Math.min(size, bytes.length - i - 1);
    const truncated = present < size;
    items.push({ index: i, length: 1 + present, type, tag, size, data: bytes.slice(i + 1, i + 1 + present), truncated, name: nameOf(type, tag) });
    if (truncated) break;
    i += 1 + size;
  }
  return items;
}

function nameOf(type: ItemType, tag: number): string | undefined {
  switch (type) {
    case 'main':
      return MAIN_TAGS[tag];
    case 'global':
      return GLOBAL_TAGS[tag];
    case 'local':
      return LOCAL_TAGS[tag];
    default:
      return undefined;
  }
}

/** The item's data as an unsigned little-endian number (0 for no data). */
export function unsignedValue(item: HidItem): number {
  let value = 0;
  for (let k = Math.min(item.data.length, 4) - 1; k >= 0; k--) value = value * 256 + item.data[k];
  return value;
}

/** The item's data as a two's-complement number of the size it is written in. */
export function signedValue(item: HidItem): number {
  const bits = Math.min(item.data.length, 4) * 8;
  const value = unsignedValue(item);
  return bits > 0 && value >= 2 ** (bits - 1) ? value - 2 ** bits : value;
}

/** True for the main item of that name. */
export function isMain(item: HidItem, name: 'Input' | 'Output' | 'Feature' | 'Collection' | 'End Collection'): boolean {
  return item.type === 'main' && item.name === name;
}
