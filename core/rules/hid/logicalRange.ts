/**
 * Logical Minimum above Logical Maximum. Signs follow HID 1.11: the minimum is a two's-complement
 * number of the size it is written in; the maximum is read as signed only when the minimum is
 * negative, so `15 00 25 FF` is 0…255 and not reported. Constant (padding) fields are not judged.
 */
import { extentsOf } from '../../hid/decode';
import { unsignedValue } from '../../hid/items';
import { hex } from '../../hid/usages';
import { finding, type Finding } from '../finding';
import { eachDescriptor, itemSpan, trustedItems, type HidRule } from './context';

export const logicalRange: HidRule = {
  id: 'hid.logical-range',
  severity: 'error',
  summary: 'A data field whose Logical Minimum is greater than its Logical Maximum (signs as HID 1.11 reads them).',
  applies: 'hid-descriptor',
  local: true,
  check: eachDescriptor((found, path) => {
    const out: Finding[] = [];
    const items = found.decoded.items;
    const reported = new Set<string>();
    const trusted = trustedItems(found);
    for (let i = 0; i < trusted; i++) {
      const { field, global } = items[i];
      if (!field || field.constant || global.logicalMinimum === undefined || global.logicalMaximum === undefined) continue;
      const { minimum, maximum } = extentsOf(items, global.logicalMinimum, global.logicalMaximum);
      const key = `${global.logicalMinimum}:${global.logicalMaximum}`;
      if (minimum === undefined || maximum === undefined || minimum <= maximum || reported.has(key)) continue;
      reported.add(key);
      const at = Math.max(global.logicalMinimum, global.logicalMaximum);
      // A negative minimum makes the maximum signed: its top bit set as written makes it negative too.
      const maximumItem = items[global.logicalMaximum].item;
      const readAsSigned = minimum < 0 && unsignedValue(maximumItem) !== maximum;
      const advice = readAsSigned
        ? ` With a negative minimum the maximum is signed, and ${hex(unsignedValue(maximumItem), maximumItem.data.length * 2)} written in ${maximumItem.data.length} byte${maximumItem.data.length === 1 ? '' : 's'} is ${maximum}: write it in a wider item (0x26 with two bytes) if ${unsignedValue(maximumItem)} is meant.`
        : ' Swap or correct the two values.';
      out.push(finding(logicalRange, path, itemSpan(found, at), `Logical Minimum ${minimum} is greater than Logical Maximum ${maximum} for the ${field.direction} item that follows: the host sees an inverted range.${advice}`));
    }
    return out;
  }),
};
