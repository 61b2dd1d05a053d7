/**
 * A host app and the user client of the dext it embeds: the kernel lets an app open a dext's user
 * client only when the app's com.apple.developer.driverkit.userclient-access lists the dext's bundle
 * id, or the dext allows any client ("UC failed userclient-access check", IOServiceOpen returns
 * kIOReturnNotPermitted). Judged only where everything is known and the app evidently talks to
 * dexts: the project's copy phase embeds the dext in the app's SystemExtensions folder, the dext's
 * bundle id is known in every configuration, its personalities give it a user client
 * (`UserClientProperties`, what `Create(this, "UserClientProperties", …)` reads), and the app lists
 * userclient-access bundle ids — none of them the dext's, none a near miss (the entitlements rule
 * reports typos), and no `*`. An app without the key may leave the talking to another process.
 */
import { entry, type PlistNode } from '../../plist/plistXml';
import type { PlistFile } from '../../plist/plistContext';
import { plistValueXml } from '../../plist/plistWrite';
import type { Fix } from '../../fixes/fix';
import { ANY_CLIENT, CLIENT_ACCESS, nearlyNames } from '../entitlements/clientAccess';
import { finding, type Finding } from '../finding';
import type { PlistFixRequest } from '../plist/context';
import type { SigningProjectRule, SigningTarget } from './context';

function allowsAnyClient(file: PlistFile | undefined): boolean {
  const value = file ? entry(file.document.root, ANY_CLIENT)?.value : undefined;
  return value?.kind === 'boolean' && value.value;
}

function hasUserClient(file: PlistFile | undefined): boolean {
  const personalities = file ? entry(file.document.root, 'IOKitPersonalities')?.value : undefined;
  if (personalities?.kind !== 'dict') return false;
  return personalities.entries.some((p) => p.value.kind === 'dict' && entry(p.value, 'UserClientProperties') !== undefined);
}

/** The bundle ids of an embedded dext (every configuration's), when every one is known. */
function dextBundleIds(targets: readonly SigningTarget[], product: string): { ids: Set<string>; configurations: SigningTarget[] } | undefined {
  const configurations = targets.filter((t) => t.role === 'dext' && t.target?.products?.product === product);
  if (configurations.length === 0 || configurations.some((t) => !t.bundleId)) return undefined;
  return { ids: new Set(configurations.map((t) => t.bundleId!)), configurations };
}

function named(array: PlistNode): string[] | undefined {
  if (array.kind !== 'array') return undefined;
  const names = array.items.map((item) => (item.kind === 'string' ? item.value.trim() : undefined));
  return names.every((n): n is string => n !== undefined) ? names : undefined;
}

export const hostUserClientAccess: SigningProjectRule = {
  id: 'signing.host-userclient-access',
  severity: 'warning',
  summary: 'A host app whose userclient-access lists bundle ids, none of them that of the dext it embeds (which has a user client and allows no other client), so the app cannot open the dext\'s user client.',
  applies: 'signing-project',
  check: ({ targets }) => {
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const app of targets) {
      const file = app.entitlements;
      const access = file ? entry(file.document.root, CLIENT_ACCESS) : undefined;
      const names = access ? named(access.value) : undefined;
      if (app.role !== 'app' || !file || !access || !names || names.length === 0 || names.includes('*')) continue;
      for (const copy of app.target?.products?.copies ?? []) {
        if (!copy.intoSystemExtensions || !copy.file.endsWith('.dext')) continue;
        const dext = dextBundleIds(targets, copy.file);
        if (!dext || names.some((n) => dext.ids.has(n) || [...dext.ids].some((id) => nearlyNames(n, id)))) continue;
        if (dext.configurations.some((t) => allowsAnyClient(t.entitlements)) || !dext.configurations.some((t) => hasUserClient(t.infoPlist))) continue;
        const bundleId = [...dext.ids][0];
        const key = `${file.path}\u0000${copy.file}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(
          finding(
            hostUserClientAccess,
            file.path,
            access.value.span,
            `${app.name} embeds ${copy.file} (${bundleId}), whose personalities give it a user client, but this ${CLIENT_ACCESS} names only ${names.join(', ')}: opening the dext's user client fails ("UC failed userclient-access check", kIOReturnNotPermitted). Add ${bundleId} here (and to the app's profile), or give the dext ${ANY_CLIENT}.`,
            undefined,
            { key: CLIENT_ACCESS, bundleId },
          ),
        );
      }
    }
    return out;
  },
  fix: addBundleIdFix,
};

/** Appends `<string>bundle id</string>` to the userclient-access array, indented like its items. */
function addBundleIdFix({ file }: PlistFixRequest, found: Finding): Fix | undefined {
  const bundleId = found.data?.bundleId;
  const array = entry(file.document.root, CLIENT_ACCESS)?.value;
  if (!bundleId || array?.kind !== 'array' || array.items.length === 0) return undefined;
  const last = array.items[array.items.length - 1];
  const lineStart = file.text.lastIndexOf('\n', last.span.start - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart))?.[0] ?? '\t\t';
  const newText = `\n${indent}${plistValueXml(bundleId)}`;
  return { title: `Add ${bundleId} to ${CLIENT_ACCESS}`, kind: 'quickfix', preferred: true, edits: [{ path: file.path, span: { start: last.span.end, end: last.span.end }, newText }] };
}
