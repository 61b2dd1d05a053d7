/** Items that cannot be read: cut off by the end of the array, or with a tag HID 1.11 reserves. */
import { hex } from '../../hid/usages';
import { finding } from '../finding';
import { isPadding } from '../../hid/descriptors';
import { eachDescriptor, isUnknownItem, itemSpan, type HidRule } from './context';

export const truncatedItem: HidRule = {
  id: 'hid.truncated-item',
  severity: 'error',
  summary: 'An item whose prefix declares more data bytes than the descriptor has left.',
  applies: 'hid-descriptor',
  local: true,
  check: eachDescriptor((found, path) => {
    const index = found.decoded.items.findIndex(({ item }) => item.truncated);
    if (index < 0) return [];
    const item = found.decoded.items[index].item;
    const prefix = found.bytes.values[item.index];
    return [
      finding(
        truncatedItem,
        path,
        itemSpan(found, index),
        `${item.name ?? 'This item'} (prefix ${hex(prefix)}) declares ${item.size} data byte${item.size === 1 ? '' : 's'}, but ${found.array.name} ends ${item.data.length === 0 ? 'right after it' : `after ${item.data.length}`}: the host rejects the descriptor. Add the missing byte${item.size - item.data.length === 1 ? '' : 's'} or use a prefix of the right size.`,
      ),
    ];
  }),
};

export const unknownTag: HidRule = {
  id: 'hid.unknown-tag',
  severity: 'warning',
  summary: 'An item whose tag HID 1.11 reserves (a byte read out of step, or a stray byte).',
  applies: 'hid-descriptor',
  local: true,
  check: eachDescriptor((found, path) => {
    const items = found.decoded.items;
    // The first one only: past it the bytes are probably read out of step.
    const index = items.findIndex(({ item }, i) => !item.truncated && isUnknownItem(item) && !isPadding(items, i));
    if (index < 0) return [];
    const item = items[index].item;
    const prefix = found.bytes.values[item.index];
    const what = item.type === 'long' ? `a long item with the reserved tag ${hex(item.tag)}` : `a ${item.type} item with the reserved tag ${hex(item.tag, 1)}`;
    const previous = index > 0 ? items[index - 1].item : undefined;
    const hint = previous?.name ? ` If the item before it (${previous.name}) has the wrong size in its prefix, every byte after it is read out of step.` : '';
    return [finding(unknownTag, path, itemSpan(found, index), `${hex(prefix)} reads as ${what}: no host knows this item, and the items after it are not checked.${hint}`)];
  }),
};
