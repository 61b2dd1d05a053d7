/**
 * Reading an XcodeGen spec (`project.yml`). Many dext repositories commit the spec and leave the
 * generated `.xcodeproj` out of version control; without reading the spec, a dext whose Info.plist
 * Xcode completes from build settings (GENERATE_INFOPLIST_FILE) would look like it lacks its bundle
 * id and executable. The spec's targets become the same `XcodeTarget` records a `project.pbxproj`
 * gives, with settings merged the way XcodeGen merges them (project, then target; base, then the
 * configuration's; setting groups first), and INFOPLIST_FILE, CODE_SIGN_ENTITLEMENTS and the bundle
 * id from `bundleIdPrefix` set the way XcodeGen sets them. What the reader does not follow (other
 * spec files pulled in with `include`, target templates) marks the target's settings incomplete, so
 * the checks stay silent about them rather than guess.
 */
import { dirname, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { applyAll, xcodeDefinedSettings, type BuildSettings, type XcodeProject, type XcodeTarget } from './buildSettings';
import { readXcconfig, type FileReader } from './xcconfig';

/** Larger specs are not read (a real one is a few kilobytes). */
const MAX_SPEC_CHARS = 1024 * 1024;
/** Values read at most, aliases expanded: nested aliases can otherwise multiply a small file. */
const MAX_SPEC_VALUES = 200_000;

/** What XcodeGen writes into a generated Info.plist before the target's own `info.properties`. */
const DEFAULT_INFO: Readonly<Record<string, string>> = {
  CFBundleIdentifier: '$(PRODUCT_BUNDLE_IDENTIFIER)',
  CFBundleInfoDictionaryVersion: '6.0',
  CFBundleExecutable: '$(EXECUTABLE_NAME)',
  CFBundleName: '$(PRODUCT_NAME)',
  CFBundleDevelopmentRegion: '$(DEVELOPMENT_LANGUAGE)',
  CFBundleShortVersionString: '1.0',
  CFBundleVersion: '1',
};

type Assignments = [string, string][];
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The targets of an XcodeGen spec, or `undefined` when the text is not one (not YAML, or no
 * `targets` map): a `project.yml` of another tool is not an error.
 */
export function readXcodeGenSpec(text: string, specPath: string, readFile: FileReader): XcodeProject | undefined {
  if (text.length > MAX_SPEC_CHARS) return undefined;
  // YAML 1.1, as XcodeGen's parser reads it: YES and NO are booleans there.
  const document = parseDocument(text, { version: '1.1', prettyErrors: false });
  if (document.errors.length > 0) return undefined;
  const walk = { document, budget: MAX_SPEC_VALUES };
  const spec = objectOf(toJson(document.contents, walk));
  if (walk.budget < 0) return undefined; // aliases that multiply out (a "billion laughs" spec)
  const targetsSpec = objectOf(spec?.targets);
  if (!spec || !targetsSpec) return undefined;

  const sourceRoot = dirname(specPath);
  const options = objectOf(spec.options) ?? {};
  const configNames = Object.keys(objectOf(spec.configs) ?? { Debug: 'debug', Release: 'release' });
  const settingGroups = objectOf(spec.settingGroups) ?? {};
  const environment = { sourceRoot, projectName: stringOf(spec.name), developmentRegion: stringOf(options.developmentLanguage) };
  const warnings: string[] = [];
  const xcconfig = (files: Json | undefined, config: string): Assignments => {
    const path = stringOf(objectOf(files)?.[config]);
    return path === undefined ? [] : readXcconfig(resolve(sourceRoot, path), readFile, warnings);
  };
  const projectIncomplete = spec.include !== undefined ? 'the spec includes other spec files' : undefined;

  const targets: XcodeTarget[] = [];
  for (const [name, value] of Object.entries(targetsSpec)) {
    const target = objectOf(value);
    if (!target) continue;
    const type = stringOf(target.type);
    const productType = type === undefined ? undefined : type.startsWith('com.apple.') ? type : `com.apple.product-type.${type}`;
    const info = objectOf(target.info);
    const entitlements = objectOf(target.entitlements);
    const configurations = configNames.map((config) => {
      const settings: BuildSettings = {};
      applyAll(settings, xcodeDefinedSettings(name, config, productType, environment));
      applyAll(settings, xcconfig(spec.configFiles, config));
      applyAll(settings, settingsFor(spec.settings, config, configNames, settingGroups));
      applyAll(settings, xcconfig(target.configFiles, config));
      applyAll(settings, settingsFor(target.settings, config, configNames, settingGroups));
      const own: Assignments = [];
      const entitlementsPath = stringOf(entitlements?.path);
      if (entitlementsPath !== undefined) own.push(['CODE_SIGN_ENTITLEMENTS', entitlementsPath]);
      const infoPath = stringOf(info?.path);
      if (infoPath !== undefined) own.push(['INFOPLIST_FILE', infoPath]);
      const prefix = stringOf(options.bundleIdPrefix);
      if (prefix !== undefined && !('PRODUCT_BUNDLE_IDENTIFIER' in settings)) own.push(['PRODUCT_BUNDLE_IDENTIFIER', `${prefix}.${bundleIdPart(name)}`]);
      applyAll(settings, own);
      return { name: config, settings };
    });
    const incomplete = projectIncomplete ?? (target.templates !== undefined ? 'the target uses templates' : undefined);
    targets.push({
      id: name,
      name,
      productName: stringOf(target.productName),
      productType,
      configurations,
      defaultConfigurationName: stringOf(options.defaultConfig) ?? (configNames.includes('Release') ? 'Release' : configNames[0]),
      // A source entry may be a folder or a single file; either way what lies at or under it is built.
      files: [],
      folders: sourcePaths(target.sources).map((path) => resolve(sourceRoot, path)),
      ...(incomplete ? { incomplete } : {}),
      ...(info?.path !== undefined ? { infoProperties: { ...DEFAULT_INFO, ...scalarEntries(objectOf(info.properties)) } } : {}),
    });
  }
  return { sourceRoot, targets, warnings };
}

/**
 * A settings value: either a plain map of settings, or `base`, `configs` and `groups`. Config
 * settings apply to every configuration whose name contains the key (XcodeGen's partial match),
 * unless the key names another configuration exactly.
 */
function settingsFor(value: Json | undefined, config: string, configNames: readonly string[], groups: { [key: string]: Json }, depth = 0): Assignments {
  const settings = objectOf(value);
  if (!settings || depth > 8) return [];
  const structured = Object.keys(settings).every((key) => key === 'base' || key === 'configs' || key === 'groups');
  if (!structured) return scalarAssignments(settings);
  const out: Assignments = [];
  for (const group of arrayOf(settings.groups)) {
    const name = stringOf(group);
    if (name !== undefined && Object.prototype.hasOwnProperty.call(groups, name)) out.push(...settingsFor(groups[name], config, configNames, groups, depth + 1));
  }
  out.push(...scalarAssignments(objectOf(settings.base) ?? {}));
  for (const [variant, configSettings] of Object.entries(objectOf(settings.configs) ?? {})) {
    const matches = config.toLowerCase().includes(variant.toLowerCase());
    const namesAnother = configNames.some((other) => other.toLowerCase() === variant.toLowerCase() && other !== config);
    if (matches && !namesAnother) out.push(...settingsFor(configSettings, config, configNames, groups, depth + 1));
  }
  return out;
}

/** Settings as Xcode sees them: booleans as YES/NO, lists joined by spaces, numbers as written. */
function scalarAssignments(settings: { [key: string]: Json }): Assignments {
  const out: Assignments = [];
  for (const [key, value] of Object.entries(settings)) {
    const text = Array.isArray(value) ? value.map(settingText).filter((v) => v !== undefined).join(' ') : settingText(value);
    if (text !== undefined) out.push([key, text]);
  }
  return out;
}

function scalarEntries(map: { [key: string]: Json } | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    const text = settingText(value);
    if (text !== undefined) Object.defineProperty(out, key, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function settingText(value: Json | undefined): string | undefined {
  if (typeof value === 'boolean') return value ? 'YES' : 'NO';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return undefined;
}

function sourcePaths(value: Json | undefined): string[] {
  const entries = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return entries.flatMap((entry) => {
    const path = typeof entry === 'string' ? entry : stringOf(objectOf(entry)?.path);
    return path === undefined ? [] : [path];
  });
}

/** XcodeGen's escaping of a target name in a bundle id: `_` becomes `-`, then only letters, digits, `-` and `.` remain. */
function bundleIdPart(name: string): string {
  return name.replace(/_/g, '-').replace(/[^\p{L}\p{N}.-]/gu, '');
}

/**
 * The document as plain values; numbers keep the digits as written (`1.0` stays `1.0`), which is
 * what XcodeGen writes into the project.
 */
function toJson(node: unknown, walk: { readonly document: Document; budget: number }, depth = 0): Json {
  // The depth bound also ends alias cycles.
  if (depth > 64 || --walk.budget < 0) return null;
  if (isAlias(node)) return toJson(node.resolve(walk.document), walk, depth + 1);
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === 'number') return node.source ?? String(value);
    if (typeof value === 'boolean' || typeof value === 'string') return value;
    return null;
  }
  if (isSeq(node)) return node.items.map((item) => toJson(item, walk, depth + 1));
  if (!isMap(node)) return null;
  const out: { [key: string]: Json } = {};
  const put = (key: string, value: Json, override: boolean) => {
    if (override || !Object.prototype.hasOwnProperty.call(out, key)) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  };
  for (const pair of node.items) {
    // The parser gives a merge key as a symbol whose description is `<<`.
    const raw = isScalar(pair.key) ? pair.key.value : undefined;
    const key = typeof raw === 'symbol' ? raw.description : raw === undefined || raw === null ? undefined : String(raw);
    if (key === undefined) continue;
    const value = toJson(pair.value, walk, depth + 1);
    // `<<: *defaults` merges another map's entries under the ones written here.
    if (key === '<<') {
      for (const merged of Array.isArray(value) ? value : [value]) for (const [k, v] of Object.entries(objectOf(merged) ?? {})) put(k, v, false);
    } else put(key, value, true);
  }
  return out;
}

function objectOf(value: Json | undefined): { [key: string]: Json } | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function arrayOf(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

function stringOf(value: Json | undefined): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
