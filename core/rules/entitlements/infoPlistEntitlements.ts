/**
 * Entitlement findings that belong in the Info.plist: a personality's idVendor the transport.usb
 * entitlement does not allow, and a dext target that signs with no entitlements file at all while its
 * personalities need transport or family entitlements.
 */
import { TRANSPORT_BY_PROVIDER } from '../../plist/plistKeys';
import { openTag, resolvedString } from '../../plist/plistContext';
import { entry } from '../../plist/plistXml';
import { finding, type Finding } from '../finding';
import type { InfoPlistRule } from '../plist/context';
import { dextPersonalities } from '../plist/personalities';
import { neededEntitlements, USB } from './dextEntitlements';
import { signedByXcode } from '../../xcode/projectSettings';

export const usbVendor: InfoPlistRule = {
  id: 'entitlements.usb-vendor',
  severity: 'error',
  summary: 'A personality\'s idVendor that the transport.usb entitlement does not cover.',
  applies: 'info-plist',
  check: ({ project, file, resolver }) => {
    const allowed = new Set<number | '*'>();
    let array = false;
    for (const entitlements of project.entitlements) {
      const usb = entry(entitlements.document.root, USB)?.value;
      if (usb?.kind !== 'array') continue;
      array = true;
      for (const item of usb.items) {
        const vendor = entry(item, 'idVendor')?.value;
        if (vendor?.kind === 'integer') allowed.add(vendor.value);
        else if (vendor?.kind === 'string' && vendor.value.trim() === '*') allowed.add('*');
      }
    }
    if (!array || allowed.has('*')) return [];
    const out: Finding[] = [];
    for (const { dict } of dextPersonalities(file.document.root)) {
      const provider = resolvedString(dict, 'IOProviderClass', resolver);
      const vendor = entry(dict, 'idVendor');
      if (!provider || TRANSPORT_BY_PROVIDER[provider] !== USB || vendor?.value.kind !== 'integer' || allowed.has(vendor.value.value)) continue;
      out.push(finding(usbVendor, file.path, vendor.value.span, `idVendor ${vendor.value.value} is not in the dext's ${USB} entitlement (it allows ${[...allowed].join(', ') || 'none'}), so the system will not let the dext match it.`));
    }
    return out;
  },
};

export const missingEntitlementsFile: InfoPlistRule = {
  id: 'entitlements.missing-file',
  severity: 'error',
  summary: 'A dext target with no entitlements file (CODE_SIGN_ENTITLEMENTS) whose personalities need transport or family entitlements.',
  applies: 'info-plist',
  check: ({ project, file, lookup, catalog }) => {
    const root = file.document.root;
    if (root?.kind !== 'dict' || project.target?.kind !== 'dext' || project.target.entitlements || !signedByXcode(project.target)) return [];
    const needed = neededEntitlements(root, project.resolver, lookup, catalog).map((n) => n.key);
    if (needed.length === 0) return [];
    return [
      finding(missingEntitlementsFile, file.path, openTag(file.text, root), `The dext target '${project.target.name}' signs with no entitlements file (CODE_SIGN_ENTITLEMENTS is not set), so it lacks ${needed.join(', ')}, which its personalities need. Add a .entitlements file to the target.`),
    ];
  },
};
