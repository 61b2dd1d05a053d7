/**
 * In a client app's entitlements: userclient-access that almost names a dext of the workspace. An
 * app may talk to any dext, in the workspace or not, so a list that names one of the workspace's
 * dexts, or none that looks like one, says nothing wrong; a near miss (a typo, a shortened or
 * lengthened bundle id) is the mistake that leaves the app unable to open the user client.
 */
import { entry } from '../../plist/plistXml';
import { closest } from '../../util/closest';
import { finding, type Finding } from '../finding';
import type { ClientEntitlementsRule } from '../plist/context';

export const ANY_CLIENT = 'com.apple.developer.driverkit.allow-any-userclient-access';
export const CLIENT_ACCESS = 'com.apple.developer.driverkit.userclient-access';

/** A name in userclient-access that is almost a dext's bundle id: a typo, a shortened or lengthened id. */
export function nearlyNames(name: string, id: string): boolean {
  return name !== '' && name !== id && (id.startsWith(name) || name.startsWith(id) || closest(name, [id]) !== undefined);
}

export const userClientAccess: ClientEntitlementsRule = {
  id: 'entitlements.userclient-access',
  severity: 'warning',
  summary: 'A client app\'s userclient-access that almost names a dext of the workspace (a typo in the bundle id), so the app cannot open its user client.',
  applies: 'client-entitlements',
  check: ({ file, dexts }) => {
    const access = entry(file.document.root, CLIENT_ACCESS);
    if (access?.value.kind !== 'array') return [];
    const named = access.value.items.flatMap((item) => (item.kind === 'string' ? [item.value.trim()] : []));
    const known = dexts.flatMap((dext) => (dext.bundleId === undefined ? [] : [dext.bundleId]));
    if (named.some((id) => known.includes(id))) return [];
    const out: Finding[] = [];
    for (const dext of dexts) {
      if (dext.bundleId === undefined) continue;
      const id = dext.bundleId;
      const open = dext.entitlements.some((entitlements) => {
        const any = entry(entitlements.document.root, ANY_CLIENT)?.value;
        return any?.kind === 'boolean' && any.value;
      });
      const miss = named.find((name) => nearlyNames(name, id));
      if (open || miss === undefined) continue;
      out.push(finding(userClientAccess, file.path, access.value.span, `${CLIENT_ACCESS} names '${miss}', not the dext's bundle id ${id}, and that dext does not allow any client (${ANY_CLIENT}), so the app cannot open its user client.`));
    }
    return out;
  },
};
