/**
 * Known keys with the wrong value element: such a matching key never matches. USB matching keys
 * also take the string "*", which the USB family reads as "any".
 */
import { keyInfo, TOP_LEVEL_KEYS, USB_MATCHING_KEYS, type ValueKind } from '../../plist/plistKeys';
import type { PlistEntry, PlistNode } from '../../plist/plistXml';
import { finding, type Finding } from '../finding';
import type { InfoPlistRule } from './context';
import { dextPersonalities, nestedDicts } from './personalities';
import { convertValueFix } from './plistFixValues';
import { entry } from '../../plist/plistXml';

const TOP_LEVEL = new Set(TOP_LEVEL_KEYS.map((info) => info.key));
const USB_KEYS = new Set(USB_MATCHING_KEYS.map((info) => info.key));

export const wrongType: InfoPlistRule = {
  id: 'plist.wrong-type',
  severity: 'error',
  summary: 'A known key whose value has the wrong type (such a matching key never matches).',
  applies: 'info-plist',
  local: true,
  check: ({ file }) => {
    const out: Finding[] = [];
    const root = file.document.root;
    if (root?.kind !== 'dict') return out;
    checkEntries(file.path, root.entries.filter((e) => TOP_LEVEL.has(e.key)), out);
    const personalities = entry(root, 'IOKitPersonalities')?.value;
    if (personalities?.kind === 'dict') {
      for (const p of personalities.entries) {
        if (p.value.kind !== 'dict') out.push(finding(wrongType, file.path, p.value.span, `The personality '${p.key}' must be a <dict>.`));
      }
    }
    for (const personality of dextPersonalities(root)) {
      checkEntries(file.path, personality.dict.entries, out);
      for (const nested of nestedDicts(personality)) checkEntries(file.path, nested.dict.entries, out);
    }
    return out;
  },
  fix: convertValueFix,
};

function checkEntries(path: string, entries: readonly PlistEntry[], out: Finding[]): void {
  for (const e of entries) {
    const info = keyInfo(e.key);
    // IOPropertyMatch may also be an array of alternative dicts.
    if (!info || matchesKind(e.value, info.kind) || (e.key === 'IOPropertyMatch' && e.value.kind === 'array')) continue;
    if (USB_KEYS.has(e.key) && e.value.kind === 'string' && e.value.value.trim() === '*') continue;
    out.push(finding(wrongType, path, e.value.span, `${e.key} must be ${article(info.kind)} <${info.kind === 'boolean' ? 'true/> or <false/' : info.kind}>, not ${article(e.value.kind)} <${e.value.kind === 'boolean' ? 'true/' : e.value.kind}>.`, undefined, { key: e.key, kind: info.kind }));
  }
}

function matchesKind(node: PlistNode, kind: ValueKind): boolean {
  if (kind === 'real') return node.kind === 'real' || node.kind === 'integer';
  return node.kind === kind;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? 'an' : 'a';
}
