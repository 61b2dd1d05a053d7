/**
 * What a HID descriptor rule sees: the decoded report descriptors of one file and the report
 * lengths the file's code states where they can be tied to one report (core/hid).
 */
import type { DecodedFound } from '../../hid/descriptors';
import type { ReportLengthSite } from '../../hid/reportLengths';
import type { Span } from '../../model/span';
import { bytesSpan, type ArrayBytes } from '../../hid/arrayBytes';
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
 * A descriptor's findings are kept with its decoding (core/hid/descriptors.ts reuses the decoding
 * and its byte offsets while the initializer's text and place stay the same): a keystroke in one
 * descriptor re-checks that one, not the file's other descriptors. The checks read the decoding,
 * the byte offsets and the array's name only, so those three and the path decide the findings.
 */
export function eachDescriptor(check: (found: DecodedFound, path: string) => Finding[]): HidRule['check'] {
  const memo = new WeakMap<DecodedDescriptor, { readonly bytes: ArrayBytes; readonly name: string; readonly path: string; readonly findings: Finding[] }>();
  return ({ path, descriptors }) =>
    descriptors.flatMap((found) => {
      const hit = memo.get(found.decoded);
      if (hit && hit.bytes === found.bytes && hit.name === found.array.name && hit.path === path) return hit.findings;
      const findings = check(found, path);
      memo.set(found.decoded, { bytes: found.bytes, name: found.array.name, path, findings });
      return findings;
    });
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
  const stop = items.findIndex(({ item }) => item.truncated || isUnknownItem(item));
  return stop < 0 ? items.length : stop;
}

/** A short item with a reserved tag, or a long item whose tag is not vendor-defined (0xF0–0xFF). */
export function isUnknownItem(item: { readonly type: string; readonly name: string | undefined; readonly tag: number }): boolean {
  return item.type === 'long' ? item.tag < 0xf0 : item.name === undefined;
}
