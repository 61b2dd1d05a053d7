/**
 * A personality's own IOServiceDEXTEntitlements: before the kernel starts the dext's service it checks
 * that property of the new service against the dext's entitlements (IOUserServer::checkEntitlements,
 * "family entitlements check failed" when they are missing), so a dext that lacks them never starts.
 * Its shape, as the kernel reads it: a string; an array whose strings are alternatives; an array of
 * arrays, where one inner array must be held whole. (The same key inside UserClientProperties is
 * checked against the client app instead, and is not this rule's business.)
 */
import { entry, type PlistNode } from '../../plist/plistXml';
import { finding, type Finding } from '../finding';
import type { InfoPlistRule } from '../plist/context';
import { dextPersonalities } from '../plist/personalities';

const KEY = 'IOServiceDEXTEntitlements';

/** The alternatives the property offers, each a set of entitlements that must all be held; undefined when not readable. */
function alternatives(value: PlistNode): string[][] | undefined {
  if (value.kind === 'string') return [[value.value.trim()]];
  if (value.kind !== 'array') return undefined;
  const out: string[][] = [];
  for (const item of value.items) {
    if (item.kind === 'string') out.push([item.value.trim()]);
    else if (item.kind === 'array' && item.items.every((leaf) => leaf.kind === 'string')) out.push(item.items.map((leaf) => (leaf.kind === 'string' ? leaf.value.trim() : '')));
    else return undefined;
  }
  return out;
}

export const personalityRequires: InfoPlistRule = {
  id: 'entitlements.personality-requires',
  severity: 'error',
  summary: 'A personality whose IOServiceDEXTEntitlements asks for entitlements the dext does not have: the kernel never starts the service.',
  applies: 'info-plist',
  check: ({ project, file }) => {
    if (project.entitlements.length === 0) return [];
    const out: Finding[] = [];
    for (const { entry: named, dict } of dextPersonalities(file.document.root)) {
      const required = entry(dict, KEY);
      const options = required && alternatives(required.value);
      if (!required || !options || options.length === 0) continue;
      // Held means present as a key, whatever its value: that is all the kernel looks at.
      const holds = (entitlements: PlistNode | undefined) => options.some((all) => all.every((name) => entry(entitlements, name) !== undefined));
      if (project.entitlements.some((e) => holds(e.document.root))) continue;
      const wanted = options.map((all) => all.join(' + ')).join(' or ');
      const clientSide = options.flat().some((name) => /userclient-access$/.test(name));
      out.push(
        finding(personalityRequires, file.path, required.value.span, `The personality '${named.key}' asks for ${wanted} in ${KEY}, and the kernel checks that against the dext's own entitlements before starting its service; the dext does not have ${options.length > 1 ? 'any of them' : 'it'}, so the service never starts ("family entitlements check failed").${clientSide ? ' To require an entitlement of the client app, put the key in the UserClientProperties dictionary instead.' : ''}`),
      );
    }
    return out;
  },
};
