/**
 * The IOKit personalities a dext's Info.plist declares, with `$(...)` build settings resolved where
 * that can be known: what a personality will match and which IOUserServer will run it. Pure: reads a
 * parsed Info.plist (core/plist) with the resolver of the Xcode target that uses it.
 */
import { resolveSetting } from '../xcode/settingExpansion';
import { entry, plainValue, type PlistNode } from '../plist/plistXml';

export interface DextPersonality {
  /** Its key under IOKitPersonalities (the kernel does not keep this name). */
  readonly name: string;
  /** The resolved CFBundleIdentifier (the personality's, else the Info.plist's); undefined when unknown. */
  readonly bundleId?: string;
  readonly userClass?: string;
  readonly providerClass?: string;
  readonly ioClass?: string;
  /** The resolved IOUserServerName, else the bundle id: the name its IOUserServer will carry. */
  readonly serverName?: string;
  /** Every key whose value is known, with build settings resolved. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Keys whose value refers to a build setting that could not be resolved, with the text as written. */
  readonly unresolved: Readonly<Record<string, string>>;
}

type Resolve = (value: string) => string | undefined;

/**
 * The personalities of an Info.plist's root dict. `resolve` expands `$(VAR)` with the settings of the
 * target that owns the file; `knownBundleId`, when the caller knows the dext's, is what
 * `$(PRODUCT_BUNDLE_IDENTIFIER)` means where those settings do not say.
 */
export function readPersonalities(root: PlistNode | undefined, resolve: Resolve, knownBundleId?: string): DextPersonality[] {
  const list = entry(root, 'IOKitPersonalities')?.value;
  if (list?.kind !== 'dict') return [];
  const top = entry(root, 'CFBundleIdentifier')?.value;
  const topText = top?.kind === 'string' ? top.value.trim() : undefined;
  const withBundleId = withBundleIdentifier(resolve, knownBundleId ?? (topText === undefined ? undefined : resolve(topText)));
  const fileBundleId = topText === undefined ? undefined : withBundleId(topText);
  const personalities: DextPersonality[] = [];
  for (const { key: name, value } of list.entries) {
    if (value.kind !== 'dict') continue;
    const properties: Record<string, unknown> = {};
    const unresolved: Record<string, string> = {};
    for (const e of value.entries) {
      const plain = plainValue(e.value);
      const resolved = resolveDeep(plain, withBundleId);
      if (resolved.ok) properties[e.key] = resolved.value;
      else unresolved[e.key] = typeof plain === 'string' ? plain : JSON.stringify(plain);
    }
    const text = (key: string): string | undefined => (typeof properties[key] === 'string' && properties[key] !== '' ? (properties[key] as string) : undefined);
    // A personality without its own CFBundleIdentifier belongs to the bundle that holds it.
    const bundleId = text('CFBundleIdentifier') ?? ('CFBundleIdentifier' in unresolved ? undefined : fileBundleId);
    const serverName = text('IOUserServerName') ?? ('IOUserServerName' in unresolved ? undefined : bundleId);
    personalities.push({
      name,
      ...(bundleId ? { bundleId } : {}),
      ...(text('IOUserClass') ? { userClass: text('IOUserClass') } : {}),
      ...(text('IOProviderClass') ? { providerClass: text('IOProviderClass') } : {}),
      ...(text('IOClass') ? { ioClass: text('IOClass') } : {}),
      ...(serverName ? { serverName } : {}),
      properties,
      unresolved,
    });
  }
  return personalities;
}

/**
 * The target's build settings first; failing those, `$(PRODUCT_BUNDLE_IDENTIFIER)` (and its modified
 * forms) stands for the bundle id given or stated literally in the Info.plist.
 */
function withBundleIdentifier(resolve: Resolve, bundleId: string | undefined): Resolve {
  if (!bundleId) return resolve;
  const settings = { PRODUCT_BUNDLE_IDENTIFIER: bundleId };
  return (value) => resolve(value) ?? resolveSetting(value, settings);
}

/** Resolves every string inside a plain value; not ok when any of them cannot be resolved. */
function resolveDeep(value: unknown, resolve: Resolve): { ok: boolean; value: unknown } {
  if (typeof value === 'string') {
    const resolved = resolve(value);
    return resolved === undefined ? { ok: false, value } : { ok: true, value: resolved };
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => resolveDeep(item, resolve));
    return { ok: items.every((i) => i.ok), value: items.map((i) => i.value) };
  }
  if (value && typeof value === 'object') {
    const fields = Object.entries(value).map(([k, v]) => [k, resolveDeep(v, resolve)] as const);
    return { ok: fields.every(([, r]) => r.ok), value: Object.fromEntries(fields.map(([k, r]) => [k, r.value])) };
  }
  return { ok: true, value };
}
