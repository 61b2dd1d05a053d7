/**
 * A 16-bit usage is only half a usage: the Usage Page in force completes it. One written while no
 * Usage Page has been given, and with none given before the main item that uses it either, names
 * no control at all.
 */
import { finding, type Finding } from '../finding';
import { eachDescriptor, itemSpan, trustedItems, type HidRule } from './context';

const USAGE_ITEMS = new Set(['Usage', 'Usage Minimum', 'Usage Maximum']);

export const usageWithoutPage: HidRule = {
  id: 'hid.usage-without-page',
  severity: 'error',
  summary: 'A Usage (or Usage Minimum/Maximum) with no Usage Page in force, and none before the main item that uses it.',
  applies: 'hid-descriptor',
  local: true,
  check: eachDescriptor((found, path) => {
    const out: Finding[] = [];
    const items = found.decoded.items;
    const trusted = trustedItems(found);
    for (let i = 0; i < trusted; i++) {
      const { item, global } = items[i];
      // A 32-bit usage carries its own page.
      if (!item.name || !USAGE_ITEMS.has(item.name) || item.data.length === 4 || global.usagePage !== undefined) continue;
      // The main item that takes this usage (a Usage Page before it still applies), else the end.
      let next = i + 1;
      while (next < trusted && items[next].item.type !== 'main') next++;
      const pageThen = next < trusted ? items[next].global.usagePage : items[trusted - 1].global.usagePage;
      if (pageThen !== undefined) continue;
      out.push(
        finding(usageWithoutPage, path, itemSpan(found, i), `This ${item.name} has no Usage Page to complete it: no Usage Page item comes before it (nor before the main item that uses it), so the host cannot tell which control it names. Put a Usage Page (0x05 …) before it.`),
      );
    }
    return out;
  }),
};
