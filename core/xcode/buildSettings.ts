/**
 * What an Xcode project says about its targets: the native targets of a `project.pbxproj`, their
 * merged build settings per configuration (with `.xcconfig` files applied), `$(VAR)` expansion, and
 * the Info.plist keys Xcode generates from build settings. A dext's Info.plist is often mostly
 * `$(PRODUCT_BUNDLE_IDENTIFIER)`-style references, or is generated entirely from settings; the plist
 * checks use this to see the values the built bundle will really hold. Pure Node.
 *
 * Xcode's own rules are large; this follows the common cases and answers `undefined` wherever it is
 * unsure, because callers never report what cannot be resolved.
 *
 * Reading `.xcconfig` files lives in `xcconfig.ts` and `$(VAR)` expansion in `settingExpansion.ts`;
 * their public functions are re-exported here.
 */
import { readdir, readFile as readFileAsync, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseOpenStepPlist, PbxprojError } from './pbxproj';
import { isRecord, ProjectReader, record, strings, text } from './projectObjects';
import { targetMembers } from './targetMembers';
import { targetProducts, type TargetProducts } from './copyPhases';
import { resolveSetting } from './settingExpansion';
import { entitlementsInSignFlags } from './codeSignFlags';
import { readFileOrUndefined, type FileReader } from './xcconfig';
import { walkFolders } from '../util/walkFolders';

export { resolveSetting };
export { readXcconfig } from './xcconfig';
export type { FileReader };

export const DRIVER_EXTENSION_PRODUCT_TYPE = 'com.apple.product-type.driver-extension';

/** Build setting name → unexpanded value. Only unconditional settings (no `KEY[sdk=...]`) are kept. */
export type BuildSettings = Record<string, string>;

export interface BuildConfiguration {
  /** `Debug`, `Release`, ... */
  readonly name: string;
  /**
   * Everything that applies to the target in this configuration, lowest level first: values Xcode
   * defines itself (`TARGET_NAME`, `SRCROOT`, `CONFIGURATION`, the product type's package type), the
   * project's xcconfig, the project's settings, the target's xcconfig, the target's settings.
   * `$(inherited)` is already replaced by the value from the level below.
   */
  readonly settings: BuildSettings;
}

export interface XcodeTarget {
  /** The 24-hex-digit object id in the project file. */
  readonly id: string;
  readonly name: string;
  readonly productName: string | undefined;
  /** For example `com.apple.product-type.driver-extension` or `com.apple.product-type.application`. */
  readonly productType: string | undefined;
  readonly configurations: readonly BuildConfiguration[];
  /** The configuration `xcodebuild` uses when none is named (usually `Release`). */
  readonly defaultConfigurationName: string | undefined;
  /** Absolute paths of the files its Sources and Headers build phases compile or copy. */
  readonly files: readonly string[];
  /** Folders Xcode 16 keeps in sync with the disk for it: every file inside belongs to the target. */
  readonly folders: readonly string[];
  /** Why its settings may be incomplete (they come from files this reader does not follow). */
  readonly incomplete?: string;
  /** Info.plist entries a project generator writes into INFOPLIST_FILE (XcodeGen's `info.properties`). */
  readonly infoProperties?: Readonly<Record<string, string>>;
  /** Its product and what its copy phases embed (a project.pbxproj says; a generator's spec does not). */
  readonly products?: TargetProducts;
}

export interface XcodeProject {
  /** `SRCROOT`: the folder holding the `.xcodeproj`; relative paths in settings start here. */
  readonly sourceRoot: string;
  /** The native targets, in the order the project lists them. */
  readonly targets: readonly XcodeTarget[];
  /** Things that were skipped, such as an xcconfig file that could not be read. */
  readonly warnings: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Reading the project

/**
 * The native targets of a project and their merged settings. `projectDir` is the folder that holds
 * the `.xcodeproj`; the `.xcodeproj` folder itself or the `project.pbxproj` path are accepted too.
 * `readFile` reads `.xcconfig` files (default: from disk). Throws `PbxprojError` when the text is not
 * an Xcode project.
 */
export function readProject(pbxprojText: string, projectDir: string, readFile: FileReader = readFileOrUndefined): XcodeProject {
  const { sourceRoot: folder, projectName } = locate(projectDir);
  const root = parseOpenStepPlist(pbxprojText);
  const objects = isRecord(root) && isRecord(root.objects) ? root.objects : undefined;
  const project = objects && isRecord(root) ? record(objects, root.rootObject) : undefined;
  if (!objects || project?.isa !== 'PBXProject') throw new PbxprojError('not an Xcode project: no PBXProject root object', 0);

  const projectDirPath = text(project.projectDirPath);
  const sourceRoot = projectDirPath ? resolve(folder, projectDirPath) : folder;
  const reader = new ProjectReader(objects, sourceRoot, readFile, text(project.mainGroup));
  const environment = { sourceRoot, projectName, developmentRegion: text(project.developmentRegion) };
  const projectConfigs = reader.configurations(project.buildConfigurationList);

  const targets: XcodeTarget[] = [];
  for (const id of strings(project.targets)) {
    const target = record(objects, id);
    if (target?.isa !== 'PBXNativeTarget') continue; // aggregate and legacy targets build no bundle
    const name = text(target.name) ?? text(target.productName) ?? id;
    const productType = text(target.productType);
    const list = record(objects, target.buildConfigurationList);
    const configurations = reader.configurations(target.buildConfigurationList).map((config) => {
      const settings: BuildSettings = {};
      applyAll(settings, xcodeDefinedSettings(name, config.name, productType, environment));
      const projectLevel = projectConfigs.find((c) => c.name === config.name);
      if (projectLevel) {
        applyAll(settings, reader.xcconfigAssignments(projectLevel));
        applyAll(settings, projectLevel.assignments);
      }
      applyAll(settings, reader.xcconfigAssignments(config));
      applyAll(settings, config.assignments);
      return { name: config.name, settings };
    });
    const members = targetMembers(objects, reader, target);
    const products = targetProducts(objects, target);
    targets.push({ id, name, productName: text(target.productName), productType, configurations, defaultConfigurationName: text(list?.defaultConfigurationName), ...members, products });
  }
  return { sourceRoot, targets, warnings: reader.warnings };
}

/** Reads `project.pbxproj` from disk (xcconfig files too) and returns its targets. */
export async function loadProject(pbxprojPath: string): Promise<XcodeProject> {
  // A regular file only: a project.pbxproj checked in as a symlink to /dev/zero would be read forever.
  if (!(await stat(pbxprojPath)).isFile()) throw new Error(`${pbxprojPath} is not a regular file`);
  return readProject(await readFileAsync(pbxprojPath, 'utf8'), pbxprojPath);
}

/** The driver-extension target (the first one when a project has several). */
export function dextTarget(project: XcodeProject): XcodeTarget | undefined {
  return project.targets.find((t) => t.productType === DRIVER_EXTENSION_PRODUCT_TYPE);
}

/** A target's settings for the named configuration, else its default one, else its first. */
export function settingsFor(target: XcodeTarget, configuration?: string): BuildSettings | undefined {
  const byName = (name: string | undefined) => target.configurations.find((c) => c.name === name);
  return (byName(configuration) ?? byName(target.defaultConfigurationName) ?? target.configurations[0])?.settings;
}

/** Accepts the folder holding the `.xcodeproj`, the `.xcodeproj` itself or its `project.pbxproj`. */
function locate(projectDir: string): { sourceRoot: string; projectName: string | undefined } {
  let path = resolve(projectDir);
  if (basename(path) === 'project.pbxproj') path = dirname(path);
  if (path.endsWith('.xcodeproj')) return { sourceRoot: dirname(path), projectName: basename(path, '.xcodeproj') };
  return { sourceRoot: path, projectName: undefined };
}

/** Values Xcode defines for every target, at the lowest level so the project can still override them. */
export function xcodeDefinedSettings(
  target: string,
  configuration: string,
  productType: string | undefined,
  { sourceRoot, projectName, developmentRegion }: { sourceRoot: string; projectName: string | undefined; developmentRegion: string | undefined },
): [string, string][] {
  const defined: [string, string][] = [
    ['TARGET_NAME', target],
    ['CONFIGURATION', configuration],
    ['SRCROOT', sourceRoot],
    ['PROJECT_DIR', sourceRoot],
    ['SOURCE_ROOT', sourceRoot],
  ];
  if (projectName !== undefined) defined.push(['PROJECT_NAME', projectName]);
  // Templates write `$(DEVELOPMENT_LANGUAGE)` in Info.plist; Xcode takes it from the project's region.
  if (developmentRegion !== undefined) defined.push(['DEVELOPMENT_LANGUAGE', developmentRegion]);
  const bundle = productType === undefined ? undefined : BUNDLE_KINDS[productType];
  if (bundle) defined.push(['PRODUCT_BUNDLE_PACKAGE_TYPE', bundle[0]], ['WRAPPER_EXTENSION', bundle[1]]);
  return defined;
}

/** Package type and bundle extension Xcode's product types set (the ones a dext project holds). */
const BUNDLE_KINDS: Readonly<Record<string, readonly [string, string]>> = {
  [DRIVER_EXTENSION_PRODUCT_TYPE]: ['DEXT', 'dext'],
  'com.apple.product-type.application': ['APPL', 'app'],
  'com.apple.product-type.system-extension': ['SYSX', 'systemextension'],
};

const INHERITED = /\$\(inherited\)|\$\{inherited\}|\$inherited(?![A-Za-z0-9_])/g;

/** Applies assignments in order; `$(inherited)` takes the value the setting had so far. */
export function applyAll(settings: BuildSettings, assignments: readonly [string, string][]): void {
  for (const [key, value] of assignments) {
    const below = Object.prototype.hasOwnProperty.call(settings, key) ? settings[key] : '';
    const merged = value.includes('inherited') ? value.replace(INHERITED, () => below).trim() : value;
    // defineProperty, so a setting named `__proto__` stays an ordinary key
    Object.defineProperty(settings, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
}

// ---------------------------------------------------------------------------------------------
// What the settings mean for the bundle

/** Info.plist keys Xcode fills from a build setting when it generates the file. */
export const GENERATED_FROM_SETTINGS: readonly [plistKey: string, setting: string][] = [
  ['CFBundleIdentifier', 'PRODUCT_BUNDLE_IDENTIFIER'],
  ['CFBundleShortVersionString', 'MARKETING_VERSION'],
  ['CFBundleVersion', 'CURRENT_PROJECT_VERSION'],
  ['CFBundleExecutable', 'EXECUTABLE_NAME'],
  ['CFBundlePackageType', 'PRODUCT_BUNDLE_PACKAGE_TYPE'],
];

const INFOPLIST_KEY_PREFIX = 'INFOPLIST_KEY_';

/**
 * The Info.plist entries Xcode generates from build settings when `GENERATE_INFOPLIST_FILE = YES`
 * (`undefined` otherwise): every `INFOPLIST_KEY_<Key>` setting becomes `<Key>`, and the bundle
 * identifier, versions, executable and package type come from their settings when those are set.
 * A key mapped to `undefined` is generated but its value could not be resolved — never report it.
 * When `INFOPLIST_FILE` is also set, Xcode merges these entries into that file's.
 */
export function infoPlistValues(settings: Readonly<Record<string, string>>): Record<string, string | undefined> | undefined {
  const generate = own(settings, 'GENERATE_INFOPLIST_FILE');
  if (generate === undefined || resolveSetting(generate, settings)?.toUpperCase() !== 'YES') return undefined;
  const values: Record<string, string | undefined> = {};
  const put = (key: string, raw: string) =>
    Object.defineProperty(values, key, { value: resolveSetting(raw, settings), enumerable: true, writable: true, configurable: true });
  for (const [plistKey, setting] of GENERATED_FROM_SETTINGS) {
    // EXECUTABLE_NAME is rarely set by hand, but Xcode always defines it for a bundle.
    const raw = own(settings, setting) ?? (setting === 'EXECUTABLE_NAME' ? '$(EXECUTABLE_NAME)' : undefined);
    if (raw !== undefined) put(plistKey, raw);
  }
  for (const [setting, raw] of Object.entries(settings)) {
    if (setting.startsWith(INFOPLIST_KEY_PREFIX) && setting.length > INFOPLIST_KEY_PREFIX.length) put(setting.slice(INFOPLIST_KEY_PREFIX.length), raw);
  }
  return values;
}

export interface TargetFilePaths {
  /** `INFOPLIST_FILE`, absolute. */
  readonly infoPlist: string | undefined;
  /** `CODE_SIGN_ENTITLEMENTS` (or the file `OTHER_CODE_SIGN_FLAGS` hands codesign), absolute. */
  readonly entitlements: string | undefined;
}

/**
 * The Info.plist and entitlements files a target's settings name, expanded and made absolute against
 * the project folder (`sourceRoot`, by default the settings' own `SRCROOT`). `undefined` for a file
 * that is not set, cannot be resolved, or is relative with no folder to resolve it against.
 */
export function targetFilePaths(settings: Readonly<Record<string, string>>, sourceRoot: string | undefined = own(settings, 'SRCROOT')): TargetFilePaths {
  const absolute = (value: string | undefined): string | undefined => {
    if (!value) return undefined;
    if (isAbsolute(value)) return value;
    return sourceRoot === undefined ? undefined : resolve(sourceRoot, value);
  };
  const pathOf = (setting: string): string | undefined => {
    const raw = own(settings, setting);
    return absolute(raw === undefined ? undefined : resolveSetting(raw, settings)?.trim());
  };
  // A target that signs ad hoc may give codesign its file in the flags instead; CODE_SIGN_ENTITLEMENTS wins when both are set.
  const flags = own(settings, 'OTHER_CODE_SIGN_FLAGS');
  const entitlements = pathOf('CODE_SIGN_ENTITLEMENTS') ?? absolute(flags === undefined ? undefined : entitlementsInSignFlags(flags, settings));
  return { infoPlist: pathOf('INFOPLIST_FILE'), entitlements };
}

// ---------------------------------------------------------------------------------------------
// Finding projects

/** Every `*.xcodeproj/project.pbxproj` under `root`, sorted; `.xcodeproj` bundles are not entered further. */
export async function findProjects(root: string): Promise<string[]> {
  return (await findProjectFiles(root)).pbxprojs;
}

/** The project files under `root`, sorted: `project.pbxproj` files and XcodeGen specs (`project.yml`). */
export async function findProjectFiles(root: string): Promise<{ pbxprojs: string[]; specs: string[] }> {
  const pbxprojs: string[] = [];
  const specs: string[] = [];
  await walkFolders([root], async (path, entry) => {
    if (entry.isFile() && XCODEGEN_SPEC_NAMES.includes(entry.name)) specs.push(path);
    if (!entry.isDirectory() || !entry.name.endsWith('.xcodeproj')) return;
    const inside = await readdir(path).catch(() => [] as string[]);
    if (inside.includes('project.pbxproj')) pbxprojs.push(join(path, 'project.pbxproj'));
    return false;
  });
  return { pbxprojs: pbxprojs.sort(), specs: specs.sort() };
}

/** How far above a checked folder its repository's project files are looked for. */
const MAX_ENCLOSING_LEVELS = 6;

/**
 * The project files of the repository a folder sits in, for a folder that holds none itself: checking
 * `MyDriver/` of a repository whose `MyDriver.xcodeproj` or `project.yml` sits a level up must judge
 * its Info.plist as the whole repository's check does (its keys are generated by that project), not as
 * a file no target names. Only folders between the root and the nearest `.git` above it are read, each
 * without descending, and the nearest folder holding a project wins; outside a repository nothing is.
 */
export async function findEnclosingProjectFiles(root: string): Promise<{ pbxprojs: string[]; specs: string[] }> {
  const none = { pbxprojs: [], specs: [] };
  const isRepository = (dir: string) => stat(join(dir, '.git')).then(() => true, () => false);
  let dir = resolve(root);
  if (await isRepository(dir)) return none;
  const ancestors: string[] = [];
  for (let level = 0; ; level++) {
    const parent = dirname(dir);
    if (parent === dir || level >= MAX_ENCLOSING_LEVELS) return none;
    ancestors.push(parent);
    if (await isRepository(parent)) break;
    dir = parent;
  }
  for (const folder of ancestors) {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    const specs = entries.filter((e) => e.isFile() && XCODEGEN_SPEC_NAMES.includes(e.name)).map((e) => join(folder, e.name));
    const pbxprojs: string[] = [];
    for (const e of entries) {
      if (!e.isDirectory() || !e.name.endsWith('.xcodeproj')) continue;
      const inside = await readdir(join(folder, e.name)).catch(() => [] as string[]);
      if (inside.includes('project.pbxproj')) pbxprojs.push(join(folder, e.name, 'project.pbxproj'));
    }
    if (pbxprojs.length > 0 || specs.length > 0) return { pbxprojs: pbxprojs.sort(), specs: specs.sort() };
  }
  return none;
}

/** File names XcodeGen reads when no spec is named. */
export const XCODEGEN_SPEC_NAMES: readonly string[] = ['project.yml', 'project.yaml'];

// ---------------------------------------------------------------------------------------------
// Small helpers

function own(settings: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(settings, key) && typeof settings[key] === 'string' ? settings[key] : undefined;
}
