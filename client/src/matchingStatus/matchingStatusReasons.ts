/**
 * Why a personality matched no provider, told from the providers ioreg printed: the objects of its
 * IOProviderClass are compared with its matching keys, and the closest one is described. Pure.
 *
 * Only what can be checked from properties is checked: a personality key counts when the provider
 * has a property of that name (`idVendor`, `bInterfaceNumber`, `PrimaryUsagePage`, ...), plus
 * `IOPropertyMatch`, `<key>Array` lists (`idProductArray`) and `<key>Mask` masks. Keys the provider
 * lacks are the driver's own settings or rules we do not model (`IONameMatch`, `IOPCIMatch`), and
 * are left out rather than guessed.
 */
import { isDeepStrictEqual } from 'node:util';
import { describeEntry, describePlace, distinctEntries, type IoregParseResult, type RegistryVisit } from '../../../core/tools/ioreg';
import type { DextPersonality } from '../../../core/workspace/dextPersonalities';

/** Keys that say what the personality is or runs, not what it matches. */
const NOT_MATCHING = new Set([
  'CFBundleIdentifier', 'CFBundleIdentifierKernel', 'IOClass', 'IOUserClass', 'IOProviderClass', 'IOUserServerName',
  'IOProbeScore', 'IOMatchCategory', 'IOMatchDefer', 'IOPersonalityPublisher', 'IOUserServerCDHash', 'UserClientProperties',
  'IOKitDebug', 'IOResourceMatch',
]);

interface Difference {
  readonly key: string;
  readonly provider: unknown;
  readonly wanted: string;
}

interface Fit {
  readonly visit: RegistryVisit;
  readonly agreed: string[];
  readonly differences: Difference[];
}

/** What a selection of subtrees leaves out, and how to see everything. */
const SUBTREES_ONLY =
  'This output lists only objects on the way to a DriverKit service; to compare with every device, set driverkit.ioreg.command to ["ioreg", "-a", "-l", "-w0"].';

export function providerReasons(p: DextPersonality, ioreg: IoregParseResult): string[] {
  if (!p.providerClass) return ['It names no IOProviderClass, so it can match nothing.'];
  const fits: Fit[] = [];
  for (const visit of distinctEntries(ioreg.entries)) {
    if (visit.entry.objectClass === p.providerClass) fits.push({ visit, ...compareMatching(p.properties, visit.entry.properties) });
  }
  if (fits.length === 0) {
    return [ioreg.subtrees ? `No ${p.providerClass} is in ioreg's output to compare its matching keys with. ${SUBTREES_ONLY}` : `No ${p.providerClass} is in the I/O Registry: is the device connected?`];
  }
  fits.sort((a, b) => a.differences.length - b.differences.length || b.agreed.length - a.agreed.length);
  const best = fits[0];
  const label = describePlace(best.visit);
  if (best.differences.length > 0) {
    const diffs = best.differences.map((d) => `${d.key} is ${show(d.provider)} there, ${d.wanted} here`).join('; ');
    const others = fits.length > 1 ? ` (${fits.length - 1} other ${p.providerClass} object${fits.length > 2 ? 's fit' : ' fits'} less well)` : '';
    return [`The closest ${p.providerClass} is ${label}: ${diffs}${others}.${ioreg.subtrees ? ` ${SUBTREES_ONLY}` : ''}`];
  }
  if (best.agreed.length === 0) return [`${label} is a ${p.providerClass}, but none of the personality's matching keys could be compared with it.`];
  const drivers = best.visit.entry.children.map(describeEntry);
  const fitting = `${label} fits every matching key compared (${best.agreed.join(', ')})`;
  return [
    drivers.length > 0
      ? `${fitting}, but ${drivers.join(', ')} already drives it: another driver won it (a higher IOProbeScore, or it matched first). Reconnect the device once the dext is installed and approved.`
      : `${fitting}, yet nothing drives it: reconnect the device so that matching runs again.`,
  ];
}

function compareMatching(personality: Readonly<Record<string, unknown>>, provider: Readonly<Record<string, unknown>>): { agreed: string[]; differences: Difference[] } {
  const agreed: string[] = [];
  const differences: Difference[] = [];
  const check = (key: string, ok: boolean, wanted: string): void => {
    if (ok) agreed.push(key);
    else differences.push({ key, provider: provider[key], wanted });
  };
  for (const [key, value] of Object.entries(personality)) {
    if (NOT_MATCHING.has(key)) continue;
    if (key === 'IOPropertyMatch') {
      // A dict: all of its keys must be equal; an array of dicts: any one of them must fit.
      const options = (Array.isArray(value) ? value : [value]).filter((o): o is Record<string, unknown> => !!o && typeof o === 'object' && !Array.isArray(o));
      const fitting = options.find((o) => Object.entries(o).every(([k, v]) => isDeepStrictEqual(provider[k], v)));
      const first = options[0];
      if (fitting) agreed.push(...Object.keys(fitting));
      else if (first) for (const [k, v] of Object.entries(first)) check(k, isDeepStrictEqual(provider[k], v), show(v));
      continue;
    }
    const base = key.endsWith('Array') ? key.slice(0, -'Array'.length) : undefined;
    if (base && Array.isArray(value) && base in provider) {
      check(base, value.some((v) => isDeepStrictEqual(masked(v, personality[`${base}Mask`]), masked(provider[base], personality[`${base}Mask`]))), `one of ${value.map(show).join(', ')}`);
      continue;
    }
    if (!(key in provider)) continue;
    const mask = personality[`${key}Mask`];
    check(key, isDeepStrictEqual(masked(value, mask), masked(provider[key], mask)), typeof mask === 'number' ? `${show(value)} under mask ${show(mask)}` : show(value));
  }
  return { agreed, differences };
}

function masked(value: unknown, mask: unknown): unknown {
  return typeof value === 'number' && typeof mask === 'number' ? value & mask : value;
}

/** A value as it reads in a sentence: numbers with their hex form, text in quotes. */
export function show(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) && value > 9 ? `${value} (0x${value.toString(16)})` : String(value);
  if (typeof value === 'string') return `"${value}"`;
  if (value === undefined) return 'absent';
  return JSON.stringify(value);
}
