/**
 * Walks the object graph of one parsed `project.pbxproj`: configurations and their base xcconfig
 * files, and the disk path of any file or group object.
 */
import { resolve } from 'node:path';
import { SETTING_NAME } from './settingExpansion';
import { readXcconfig, type FileReader } from './xcconfig';

export interface RawConfiguration {
  readonly name: string;
  readonly assignments: readonly [string, string][];
  /** The object naming the base xcconfig, kept to resolve lazily with the file cache. */
  readonly object: Record<string, unknown>;
}

export class ProjectReader {
  readonly warnings: string[] = [];
  private readonly parents = new Map<string, string>();
  private readonly xcconfigCache = new Map<string, [string, string][]>();

  constructor(
    private readonly objects: Record<string, unknown>,
    private readonly sourceRoot: string,
    private readonly readFile: FileReader,
    private readonly mainGroup: string | undefined,
  ) {
    // Files in `<group>` trees are relative to their group, so each child needs its parent.
    for (const [id, object] of Object.entries(objects)) {
      if (isRecord(object)) for (const child of strings(object.children)) this.parents.set(child, id);
    }
  }

  configurations(listId: unknown): RawConfiguration[] {
    const list = record(this.objects, listId);
    const result: RawConfiguration[] = [];
    for (const id of strings(list?.buildConfigurations)) {
      const config = record(this.objects, id);
      const name = text(config?.name);
      if (!config || name === undefined) continue;
      result.push({ name, assignments: settingAssignments(config.buildSettings), object: config });
    }
    return result;
  }

  /** The assignments of the configuration's base xcconfig (and its includes), in file order. */
  xcconfigAssignments(config: RawConfiguration): [string, string][] {
    const path = this.baseConfigurationPath(config.object);
    if (path === undefined) return [];
    const cached = this.xcconfigCache.get(path);
    if (cached) return cached;
    const assignments = readXcconfig(path, this.readFile, this.warnings);
    this.xcconfigCache.set(path, assignments);
    return assignments;
  }

  private baseConfigurationPath(config: Record<string, unknown>): string | undefined {
    const reference = text(config.baseConfigurationReference);
    if (reference !== undefined) return this.filePath(reference);
    // Xcode 16 folders kept in sync with the disk name the xcconfig by anchor folder + relative path.
    const anchor = text(config.baseConfigurationReferenceAnchor);
    const relative = text(config.baseConfigurationReferenceRelativePath);
    const folder = anchor === undefined ? undefined : this.filePath(anchor);
    return folder === undefined || relative === undefined ? undefined : resolve(folder, relative);
  }

  /**
   * The disk path of a file or group object: `<group>` paths are joined up the group tree to the
   * project folder, `SOURCE_ROOT` starts at the project folder, `<absolute>` is taken as it is.
   * Other trees (`BUILT_PRODUCTS_DIR`, `SDKROOT`, ...) lie outside the project: `undefined`.
   */
  filePath(id: string): string | undefined {
    const segments: string[] = [];
    let current: string | undefined = id;
    for (let hops = 0; current !== undefined && hops < 64; hops++) {
      const object = record(this.objects, current);
      if (!object) return undefined;
      const path = text(object.path) ?? '';
      const tree = text(object.sourceTree) ?? '<group>';
      if (tree === '<absolute>') return resolve(path, ...segments);
      if (tree === 'SOURCE_ROOT' || tree === 'SRCROOT') return resolve(this.sourceRoot, path, ...segments);
      if (tree !== '<group>') return undefined;
      segments.unshift(path);
      if (current === this.mainGroup) break;
      current = this.parents.get(current);
    }
    // Reached the main group (or a file no group lists, which Xcode also places at the project folder).
    return current === undefined || current === this.mainGroup ? resolve(this.sourceRoot, ...segments) : undefined;
  }
}

/** A configuration's `buildSettings` as assignments; list values are joined the way Xcode shows them. */
function settingAssignments(buildSettings: unknown): [string, string][] {
  if (!isRecord(buildSettings)) return [];
  const result: [string, string][] = [];
  for (const [key, value] of Object.entries(buildSettings)) {
    if (!SETTING_NAME.test(key)) continue; // conditional (`KEY[sdk=*]`) or not a setting
    if (typeof value === 'string') result.push([key, value]);
    else if (Array.isArray(value)) result.push([key, value.filter((v): v is string => typeof v === 'string').map(quoteListItem).join(' ')]);
  }
  return result;
}

function quoteListItem(item: string): string {
  return /[\s"]/.test(item) ? `"${item.replace(/(["\\])/g, '\\$1')}"` : item;
}

// ---------------------------------------------------------------------------------------------
// Small helpers for the untyped parse result

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function record(objects: Record<string, unknown>, id: unknown): Record<string, unknown> | undefined {
  if (typeof id !== 'string' || !Object.prototype.hasOwnProperty.call(objects, id)) return undefined;
  const value = objects[id];
  return isRecord(value) ? value : undefined;
}

