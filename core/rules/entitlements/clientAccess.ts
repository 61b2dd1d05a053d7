/** In a client app's entitlements: userclient-access must name every dext that does not allow any client. */
import { entry } from '../../plist/plistXml';
import { finding, type Finding } from '../finding';
import type { ClientEntitlementsRule } from '../plist/context';

const ANY_CLIENT = 'com.apple.developer.driverkit.allow-any-userclient-access';
const CLIENT_ACCESS = 'com.apple.developer.driverkit.userclient-access';

export const userClientAccess: ClientEntitlementsRule = {
  id: 'entitlements.userclient-access',
  severity: 'warning',
  summary: 'A client app\'s userclient-access that does not name the dext, which does not allow any client.',
  applies: 'client-entitlements',
  check: ({ file, dexts }) => {
    const access = entry(file.document.root, CLIENT_ACCESS);
    if (access?.value.kind !== 'array') return [];
    const named = new Set(access.value.items.flatMap((item) => (item.kind === 'string' ? [item.value.trim()] : [])));
    const out: Finding[] = [];
    for (const dext of dexts) {
      if (dext.bundleId === undefined) continue;
      const open = dext.entitlements.some((entitlements) => {
        const any = entry(entitlements.document.root, ANY_CLIENT)?.value;
        return any?.kind === 'boolean' && any.value;
      });
      if (open || named.has(dext.bundleId)) continue;
      out.push(finding(userClientAccess, file.path, access.value.span, `${CLIENT_ACCESS} does not name ${dext.bundleId}, and that dext does not allow any client (${ANY_CLIENT}), so the app cannot open its user client.`));
    }
    return out;
  },
};
