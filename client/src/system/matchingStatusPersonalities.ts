/**
 * The IOKit personalities the workspace's dext Info.plist files declare, with `$(...)` build settings
 * resolved where that can be known. Pure: callers read the files and, when an Xcode project names the
 * Info.plist, pass its build-setting resolver (see `linkProjects` in server/src/plist/projectSettings.ts).
 */
import { NO_PROJECT } from '../../../core/plist/plistContext';
import { entry, parsePlist, plainValue } from '../../../core/plist/plistXml';
import { resolveSetting } from '../../../core/xcode/settingExpansion';

export interface InfoPlistSource {
  readonly path: string;
  readonly text: string;
  /** Expands `$(VAR)` with the build settings of the target that owns this file. */
  readonly resolve?: (value: string) => string | undefined;
  /** The dext's bundle id, when the caller knows it: `$(PRODUCT_BUNDLE_IDENTIFIER)` then means it. */
  readonly bundleId?: string;
}

export interface WorkspacePersonality {
  readonly file: string;
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

export interface PersonalitiesRead {
  readonly personalities: WorkspacePersonality[];
  /** `path: message` for each Info.plist that could not be read as a property list. */
  readonly problems: string[];
}

export function readPersonalities(sources: readonly InfoPlistSource[]): PersonalitiesRead {
  const personalities: WorkspacePersonality[] = [];
  const problems: string[] = [];
  for (const source of sources) {
    const doc = parsePlist(source.text);
    if (doc.problem) {
      problems.push(`${source.path}: ${doc.problem.message}`);
      continue;
    }
    const list = entry(doc.root, 'IOKitPersonalities')?.value;
    if (list?.kind !== 'dict') continue;
    const top = entry(doc.root, 'CFBundleIdentifier')?.value;
    const topText = top?.kind === 'string' ? top.value.trim() : undefined;
    const resolve = resolverFor(source, topText);
    const fileBundleId = topText === undefined ? undefined : resolve(topText);
    for (const { key: name, value } of list.entries) {
      if (value.kind !== 'dict') continue;
      const properties: Record<string, unknown> = {};
      const unresolved: Record<string, string> = {};
      for (const e of value.entries) {
        const plain = plainValue(e.value);
        const resolved = resolveDeep(plain, resolve);
        if (resolved.ok) properties[e.key] = resolved.value;
        else unresolved[e.key] = typeof plain === 'string' ? plain : JSON.stringify(plain);
      }
      const text = (key: string): string | undefined => (typeof properties[key] === 'string' && properties[key] !== '' ? (properties[key] as string) : undefined);
      // A personality without its own CFBundleIdentifier belongs to the bundle that holds it.
      const bundleId = text('CFBundleIdentifier') ?? ('CFBundleIdentifier' in unresolved ? undefined : fileBundleId);
      const serverName = text('IOUserServerName') ?? ('IOUserServerName' in unresolved ? undefined : bundleId);
      personalities.push({
        file: source.path,
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
  }
  return { personalities, problems };
}

type Resolve = (value: string) => string | undefined;

/**
 * The caller's build settings first; failing those, `$(PRODUCT_BUNDLE_IDENTIFIER)` (and its modified
 * forms) stands for the bundle id the caller gave or the Info.plist states literally.
 */
function resolverFor(source: InfoPlistSource, topBundleId: string | undefined): Resolve {
  const base = source.resolve ?? NO_PROJECT.resolve;
  const bundleId = source.bundleId ?? (topBundleId === undefined ? undefined : base(topBundleId));
  if (!bundleId) return base;
  const settings = { PRODUCT_BUNDLE_IDENTIFIER: bundleId };
  return (value) => base(value) ?? resolveSetting(value, settings);
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
