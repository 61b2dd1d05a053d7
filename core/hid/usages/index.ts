/**
 * Names of usage pages and usages, from our own tables of the HID Usage Tables' facts. A usage the
 * tables do not name is shown as its number: a name is never guessed.
 */
import { CONSUMER } from './consumer';
import { DIGITIZER } from './digitizer';
import { GENERIC_DESKTOP } from './genericDesktop';
import { KEYBOARD } from './keyboard';
import { LED } from './led';
import { isVendorPage, PAGE_NAMES } from './pages';

export { isVendorPage };

const USAGES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  0x01: GENERIC_DESKTOP,
  0x07: KEYBOARD,
  0x08: LED,
  0x0c: CONSUMER,
  0x0d: DIGITIZER,
};

export function hex(value: number, digits = 2): string {
  return `0x${value.toString(16).toUpperCase().padStart(digits, '0')}`;
}

/** "Generic Desktop", "Vendor-defined 0xFF00", or the number of a page the tables do not name. */
export function pageName(page: number): string {
  if (isVendorPage(page)) return `Vendor-defined ${hex(page, 4)}`;
  return PAGE_NAMES[page] ?? `page ${hex(page, 4)}`;
}

/** The name of a usage on a page, or undefined when the tables do not name it. */
export function usageName(page: number, id: number): string | undefined {
  if (page === 0x09) return id === 0 ? 'No Button Pressed' : `Button ${id}`;
  if (page === 0x0a) return id === 0 ? undefined : `Instance ${id}`;
  return USAGES[page]?.[id];
}

/** A usage as shown: its name, else its number (`0x20`). */
export function usageLabel(page: number | undefined, id: number): string {
  return (page === undefined ? undefined : usageName(page, id)) ?? hex(id);
}
