/** Runs every HID report descriptor rule over the descriptors of one file (core/hid finds and decodes them). */
import type { Finding } from './finding';
import type { HidContext } from './hid/context';
import { HID_RULES } from './ruleCatalog';

export function checkHid(context: HidContext): Finding[] {
  if (context.descriptors.length === 0 && context.lengthSites.length === 0) return [];
  return HID_RULES.flatMap((rule) => rule.check(context));
}
