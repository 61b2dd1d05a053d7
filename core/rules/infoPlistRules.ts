/** Rules over a dext's Info.plist: top-level keys, versions, personalities, value types, matching. */
import { classChain, chainIncludes } from '../hierarchy/classChain';
import { finding, type Finding } from './finding';
import { RULES } from './ruleCatalog';
import { closest } from '../util/closest';
import { EXPECTED_TOP_LEVEL, FAMILY_IOCLASS_BY_BASE, IOCLASS_FAMILIES, keyInfo, REQUIRED_TOP_LEVEL, TOP_LEVEL_KEYS, type ValueKind } from '../plist/plistKeys';
import { checkMatching } from './matchingRules';
import { openTag, resolvedString, valueSpan, type PlistCheckContext } from '../plist/plistContext';
import { entry, type PlistEntry, type PlistNode } from '../plist/plistXml';

const PERSONALITY_REQUIRED = ['IOClass', 'IOProviderClass', 'IOUserClass', 'IOUserServerName', 'CFBundleIdentifier'] as const;
/** Kext versions: 1–3 numbers of at most 4 digits, then optionally a stage and a number ≤ 255. */
const KEXT_VERSION = /^(\d{1,4})(\.\d{1,4}){0,2}(?:(d|a|b|f|fc)(\d{1,3}))?$/;

export function checkInfoPlist(context: PlistCheckContext): Finding[] {
  const { file, resolver } = context;
  const root = file.document.root;
  if (root?.kind !== 'dict') return [];
  const out: Finding[] = [];
  const at = openTag(file.text, root);
  const has = (key: string): boolean => !!entry(root, key) || resolver.generatedKeys.has(key);
  for (const key of REQUIRED_TOP_LEVEL) {
    if (!has(key)) out.push(finding(RULES.missingRequiredKey, file.path, at, `The Info.plist has no ${key}; the system refuses to install a dext without it.`, undefined, { key }));
  }
  for (const key of EXPECTED_TOP_LEVEL) {
    if (!has(key)) out.push(finding(RULES.missingKey, file.path, at, `The Info.plist has no ${key}.`, undefined, { key }));
  }
  const version = entry(root, 'CFBundleVersion');
  const versionText = resolvedString(root, 'CFBundleVersion', resolver);
  if (version && versionText !== undefined && !validKextVersion(versionText)) {
    out.push(finding(RULES.invalidVersion, file.path, valueSpan(version), `CFBundleVersion '${versionText}' is not a valid kext version: use up to three numbers of at most four digits (1.2.3), optionally followed by d, a, b or fc and a number up to 255.`));
  }
  const packageType = entry(root, 'CFBundlePackageType');
  const packageText = resolvedString(root, 'CFBundlePackageType', resolver);
  if (packageType && packageText !== undefined && packageText !== 'DEXT') {
    out.push(finding(RULES.packageType, file.path, valueSpan(packageType), `CFBundlePackageType is '${packageText}'; a driver extension's is DEXT.`));
  }
  for (const e of root.entries) {
    if (e.key.startsWith('com.apple.developer.')) {
      out.push(finding(RULES.entitlementInInfo, file.path, e.keySpan, `${e.key} is an entitlement: it only counts in the .entitlements file that signs the dext, not in Info.plist.`));
    }
  }
  checkTypes(context, root.entries, TOP_LEVEL_KEYS.map((info) => info.key), out);
  const personalities = entry(root, 'IOKitPersonalities')?.value;
  if (personalities?.kind === 'dict') {
    const bundleId = resolvedString(root, 'CFBundleIdentifier', resolver);
    for (const personality of personalities.entries) {
      if (personality.value.kind !== 'dict') {
        out.push(finding(RULES.wrongType, file.path, personality.value.span, `The personality '${personality.key}' must be a <dict>.`));
        continue;
      }
      checkPersonality(context, personality, bundleId, out);
    }
  }
  return out;
}

export function validKextVersion(text: string): boolean {
  const m = KEXT_VERSION.exec(text);
  return !!m && (m[4] === undefined || Number(m[4]) <= 255);
}

function checkPersonality(context: PlistCheckContext, personality: PlistEntry, bundleId: string | undefined, out: Finding[]): void {
  const { file, resolver } = context;
  const dict = personality.value;
  const at = openTag(file.text, dict);
  for (const key of PERSONALITY_REQUIRED) {
    if (!entry(dict, key)) out.push(finding(RULES.personalityMissingKey, file.path, at, `The personality '${personality.key}' has no ${key}.`, undefined, { key }));
  }
  checkTypes(context, dict.kind === 'dict' ? dict.entries : [], undefined, out);
  checkUserClass(context, dict, out);
  const idEntry = entry(dict, 'CFBundleIdentifier');
  const id = resolvedString(dict, 'CFBundleIdentifier', resolver);
  if (idEntry && id !== undefined && bundleId !== undefined && id !== bundleId) {
    out.push(finding(RULES.bundleId, file.path, valueSpan(idEntry), `The personality says CFBundleIdentifier '${id}' but the dext is '${bundleId}': the kernel would look for a dext that does not exist.`));
  }
  const serverEntry = entry(dict, 'IOUserServerName');
  const server = resolvedString(dict, 'IOUserServerName', resolver);
  if (serverEntry && server !== undefined && bundleId !== undefined && server !== bundleId) {
    const oneProcess = entry(dict, 'IOUserServerOneProcess')?.value;
    const required = oneProcess?.kind === 'boolean' && oneProcess.value;
    const rule = required ? { ...RULES.serverName, severity: 'error' as const } : RULES.serverName;
    out.push(finding(rule, file.path, valueSpan(serverEntry), `IOUserServerName '${server}' differs from the bundle identifier '${bundleId}'${required ? ', which IOUserServerOneProcess requires' : ''}.`));
  }
  const providerEntry = entry(dict, 'IOProviderClass');
  const provider = resolvedString(dict, 'IOProviderClass', resolver);
  const ioClass = resolvedString(dict, 'IOClass', resolver);
  const providers = ioClass ? IOCLASS_FAMILIES[ioClass]?.providers : undefined;
  if (providerEntry && provider !== undefined && providers && !providers.includes(provider)) {
    out.push(finding(RULES.unknownPair, file.path, valueSpan(providerEntry), `IOClass ${ioClass} is used with ${providers.join(', ')}, not with ${provider}; check the personality's family.`));
  }
  checkMatching(context, dict, out);
  const userClient = entry(dict, 'UserClientProperties')?.value;
  if (userClient?.kind === 'dict') {
    const uc = openTag(file.text, userClient);
    for (const key of ['IOClass', 'IOUserClass']) {
      if (!entry(userClient, key)) out.push(finding(RULES.personalityMissingKey, file.path, uc, `UserClientProperties has no ${key}.`, undefined, { key }));
    }
    checkTypes(context, userClient.entries, undefined, out);
    checkUserClass(context, userClient, out);
  }
}

/** IOUserClass must name a workspace class that derives from what IOClass implies. */
function checkUserClass(context: PlistCheckContext, dict: PlistNode, out: Finding[]): void {
  const { file, resolver, index, catalog } = context;
  const userClassEntry = entry(dict, 'IOUserClass');
  const userClass = resolvedString(dict, 'IOUserClass', resolver);
  if (!userClassEntry || userClass === undefined) return;
  const classes = index.allClasses().map((c) => c.item.name);
  if (classes.length === 0) return; // no .iig in the workspace: nothing to compare with
  if (!index.classNamed(userClass)) {
    const guess = closest(userClass, classes);
    out.push(finding(RULES.unknownUserClass, file.path, valueSpan(userClassEntry), `No .iig in the workspace declares a class '${userClass}'.${guess ? ` Did you mean '${guess}'?` : ''}`, undefined, guess ? { guess } : undefined));
    return;
  }
  const chain = classChain(index, catalog, userClass);
  if (chain.unknown) return;
  const ioClass = resolvedString(dict, 'IOClass', resolver);
  const family = ioClass ? IOCLASS_FAMILIES[ioClass] : undefined;
  if (family && !chainIncludes(chain, family.base)) {
    out.push(finding(RULES.userClassBase, file.path, valueSpan(userClassEntry), `IOClass ${ioClass} runs a ${family.base}, but ${userClass} does not derive from ${family.base}.`));
    return;
  }
  if (ioClass === 'IOUserService') {
    const needed = Object.entries(FAMILY_IOCLASS_BY_BASE).find(([base]) => chainIncludes(chain, base));
    if (needed) {
      out.push(finding(RULES.userClassBase, file.path, valueSpan(userClassEntry), `${userClass} is a ${needed[0]}: publish it with IOClass ${needed[1]}, not IOUserService.`));
    }
  }
}

/** Known keys with a value of the wrong kind. `allowed` limits the check to those keys (top level). */
function checkTypes(context: PlistCheckContext, entries: readonly PlistEntry[], allowed: readonly string[] | undefined, out: Finding[]): void {
  for (const e of entries) {
    if (allowed && !allowed.includes(e.key)) continue;
    const info = keyInfo(e.key);
    // IOPropertyMatch may also be an array of alternative dicts.
    if (!info || matchesKind(e.value, info.kind) || (e.key === 'IOPropertyMatch' && e.value.kind === 'array')) continue;
    out.push(finding(RULES.wrongType, context.file.path, e.value.span, `${e.key} must be ${article(info.kind)} <${info.kind === 'boolean' ? 'true/> or <false/' : info.kind}>, not ${article(e.value.kind)} <${e.value.kind === 'boolean' ? 'true/' : e.value.kind}>.`, undefined, { key: e.key, kind: info.kind }));
  }
}

function matchesKind(node: PlistNode, kind: ValueKind): boolean {
  if (kind === 'real') return node.kind === 'real' || node.kind === 'integer';
  return node.kind === kind;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? 'an' : 'a';
}
