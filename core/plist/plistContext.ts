/** A parsed property list and how to read its values: build settings resolved, positions of keys and values. */
import type { Span } from '../model/span';
import { entry, type PlistDocument, type PlistEntry, type PlistNode } from './plistXml';

/** Turns `$(VAR)` values into what the build would write; undefined when that cannot be known. */
export interface SettingsResolver {
  resolve(value: string): string | undefined;
  /** Keys the build generates into Info.plist (GENERATE_INFOPLIST_FILE + INFOPLIST_KEY_*). */
  readonly generatedKeys: ReadonlySet<string>;
  /** Their values, resolved (undefined where a value could not be resolved). */
  readonly generated?: Readonly<Record<string, string | undefined>>;
  /** Why the settings are only partly known (a project generator's templates): any key may be generated. */
  readonly incomplete?: string;
  /** The configuration these settings are (the target's default), when a project names it. */
  readonly configuration?: string;
  /** The target's other configurations with the keys each generates: a key only those generate is missing from the default build alone. */
  readonly otherConfigurations?: readonly { readonly name: string; readonly generatedKeys: ReadonlySet<string> }[];
}

/** Without a project: plain values stand, anything with a variable is unknown. */
export const NO_PROJECT: SettingsResolver = {
  resolve: (value) => (/\$[({]|\$[A-Z_]/.test(value) ? undefined : value),
  generatedKeys: new Set(),
};

export interface PlistFile {
  readonly path: string;
  readonly text: string;
  readonly document: PlistDocument;
}

/** The start tag of a node, where "missing key" findings point. */
export function openTag(text: string, node: PlistNode): Span {
  const end = text.indexOf('>', node.span.start);
  return { start: node.span.start, end: end < 0 ? node.span.end : end + 1 };
}

/** A string entry's value after build-setting resolution (undefined when absent, not a string, or unresolvable). */
export function resolvedString(node: PlistNode | undefined, key: string, resolver: SettingsResolver): string | undefined {
  const value = entry(node, key)?.value;
  return value?.kind === 'string' ? resolver.resolve(value.value.trim()) : undefined;
}

/** The span a finding about an entry's value points at. */
export function valueSpan(e: PlistEntry): Span {
  return 'valueSpan' in e.value ? e.value.valueSpan : e.value.span;
}

/** True when this Info.plist describes a driver extension. */
export function isDextInfoPlist(root: PlistNode | undefined, resolver: SettingsResolver): boolean {
  if (root?.kind !== 'dict') return false;
  if (entry(root, 'IOKitPersonalities')) return true;
  return resolvedString(root, 'CFBundlePackageType', resolver) === 'DEXT';
}
