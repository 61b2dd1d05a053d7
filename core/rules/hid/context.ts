/**
 * What a HID descriptor rule sees: the decoded report descriptors of one file and the report
 * lengths the file's code states where they can be tied to one report (core/hid).
 */
import { isPadding, type DecodedFound } from '../../hid/descriptors';
import type { ReportLengthSite } from '../../hid/reportLengths';
import type { Span } from '../../model/span';
import { bytesSpan } from '../../hid/arrayBytes';
import type { DecodedDescriptor } from '../../hid/decode';
import type { Finding } from '../finding';
import type { RuleInfo } from '../rule';

export interface HidContext {
  readonly path: string;
  readonly descriptors: readonly DecodedFound[];
  readonly lengthSites: readonly ReportLengthSite[];
}

export interface HidRule extends RuleInfo {
  readonly applies: 'hid-descriptor';
  check(context: HidContext): Finding[];
}

/**
 * A check of one descriptor at a time; the rule's findings are those of every descriptor of the file.
 * A descriptor's findings are kept with its decoding: core/hid/descriptors.ts hands out the same
 * decoding while an initializer's text stays the same (several identical arrays share one), with
 * byte offsets moved to where the initializer now starts. A keystroke in one descriptor then
 * re-checks that one, not the file's other descriptors. The checks read the decoding, the byte
 * offsets and the array's name only: for one decoding, the offset of its first byte fixes all the
 * others, so that offset, the name and the path decide the findings.
 */
export function eachDescriptor(check: (found: DecodedFound, path: string) => Finding[]): HidRule['check'] {
  const rule = ruleCount++;
  // Plain loops: this runs for every rule and descriptor of the file after every keystroke.
  return ({ path, descriptors }) => {
    const out: Finding[] = [];
    for (const found of descriptors) {
      const kept = keptFor(found, path);
      let findings = kept.byRule[rule];
      if (!findings) kept.byRule[rule] = findings = check(found, path);
      for (const finding of findings) out.push(finding);
    }
    return out;
  };
}

/** The findings each rule gave one descriptor at one place (its array's name, its file). */
interface Kept {
  readonly name: string;
  readonly path: string;
  readonly byRule: (Finding[] | undefined)[];
}

/** Per decoding, by the offset of its first byte: one table for all the rules, so a new decoding costs one entry. */
const kept = new WeakMap<DecodedDescriptor, Map<number, Kept>>();
let ruleCount = 0;

/** Findings kept per decoding: one place per identical array of a file, and a few places it moved through. */
const MAX_KEPT_PER_DECODING = 256;

function keptFor(found: DecodedFound, path: string): Kept {
  const start = found.bytes.starts.length > 0 ? found.bytes.starts[0] : -1;
  let places = kept.get(found.decoded);
  if (!places) kept.set(found.decoded, (places = new Map()));
  let entry = places.get(start);
  if (!entry || entry.name !== found.array.name || entry.path !== path) {
    // Bounded: offsets that moved with an edit earlier in the file are not asked for again.
    if (places.size >= MAX_KEPT_PER_DECODING && !places.has(start)) places.delete(places.keys().next().value!);
    entry = { name: found.array.name, path, byRule: [] };
    places.set(start, entry);
  }
  return entry;
}

/** The descriptor was read to its end: no reserved or cut-off item stops the rules that judge it whole. */
export function readToEnd(found: DecodedFound): boolean {
  return trustedItems(found) === found.decoded.items.length;
}

/** The span of an item's bytes in the file: from its prefix's element to its last data byte's. */
export function itemSpan(found: DecodedFound, itemIndex: number): Span {
  const item = found.decoded.items[itemIndex].item;
  return bytesSpan(found.bytes, item.index, item.length);
}

/**
 * The items a rule may trust: all of them up to the first reserved or truncated one. Past such an
 * item the bytes are likely read out of step, so what follows is not judged.
 */
export function trustedItems(found: DecodedFound): number {
  const items = found.decoded.items;
  const stop = items.findIndex(({ item }, i) => item.truncated || (isUnknownItem(item) && !isPadding(items, i)));
  return stop < 0 ? items.length : stop;
}

/** A short item with a reserved tag, or a long item whose tag is not vendor-defined (0xF0–0xFF). */
export function isUnknownItem(item: { readonly type: string; readonly name: string | undefined; readonly tag: number }): boolean {
  return item.type === 'long' ? item.tag < 0xf0 : item.name === undefined;
}
