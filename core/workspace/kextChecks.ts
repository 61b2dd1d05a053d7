/**
 * The kext rules over a workspace: each kext source read once per text into its facts, the facts of
 * all kext sources joined into one KextWorkspace (rebuilt only when a file or a project changed), and
 * the Info.plists that are a kext's.
 */
import { dirname } from 'node:path';
import { kextSourceFacts, type KextSourceFacts } from '../kext/kextSource';
import { isUnder, KextWorkspace } from '../kext/kextWorkspace';
import { entry, type PlistNode } from '../plist/plistXml';
import { resolvedString, type PlistFile, type SettingsResolver } from '../plist/plistContext';
import { isDextInfoPlist, isEntitlementsFile } from '../rules/plist/dextPlists';
import type { PlistWorkspace } from '../rules/plist/context';
import { KEXT_PLIST_RULES, KEXT_SOURCE_RULES } from '../rules/ruleCatalog';
import type { Finding } from '../rules/finding';
import type { SourceRole } from './sourceRoles';

const SOURCE = /\.(?:cpp|cc|cxx|c\+\+)$/i;
const HEADER = /\.(?:h|hpp|hh|hxx)$/i;

export interface KextHost extends PlistWorkspace {
  /** Changes whenever a file or a project of the workspace does. */
  readonly generation: number;
  sourcePaths(): Iterable<string>;
  roleOf(path: string): SourceRole | undefined;
  text(path: string): string | undefined;
}

export class KextChecks {
  private readonly facts = new Map<string, { text: string; facts: KextSourceFacts }>();
  private whole: { generation: number; kext: KextWorkspace } | undefined;

  constructor(private readonly host: KextHost) {}

  /** The kext rules' findings for one kext source. */
  checkSource(path: string): Finding[] {
    const kext = this.workspace();
    const facts = kext.files.get(path);
    if (!facts) return [];
    return KEXT_SOURCE_RULES.flatMap((rule) => rule.check({ path, facts, kext }));
  }

  /** The kext rules' findings for a property list (none unless it is a kext's Info.plist). */
  checkPlist(path: string): Finding[] {
    const file = this.host.plistFile(path);
    if (!file || file.document.problem || !isKextInfoPlist(this.host, file)) return [];
    const resolver = this.host.resolverFor(path);
    // Xcode runs a preprocessed Info.plist through the C preprocessor (macros for values, #include
    // for keys): what the kext gets is not what the file says, so it is not judged.
    if (resolver.resolve('$(INFOPLIST_PREPROCESS)')?.toUpperCase() === 'YES') return [];
    const kext = this.workspace();
    const sources = this.sourcesOf(file, kext);
    return KEXT_PLIST_RULES.flatMap((rule) => rule.check({ file, resolver, kext, sources }));
  }

  /** The kext Info.plist whose kext builds `sourcePath`, and that kext's sources (for Migrate to DriverKit). */
  kextOf(sourcePath: string): { plist?: PlistFile; sources: string[] } {
    const kext = this.workspace();
    for (const file of this.host.plistFiles()) {
      if (file.document.problem || !isKextInfoPlist(this.host, file)) continue;
      const sources = this.sourcesOf(file, kext);
      if (sources.has(sourcePath)) return { plist: file, sources: [...sources] };
    }
    // No Info.plist claims it: the sources beside it are the kext.
    return { sources: kext.sourcesUnder(dirname(sourcePath)) };
  }

  /**
   * The kext's own sources: what its target builds (and the header named like each .cpp), or without
   * a target those in the Info.plist's folder and below, less those of another kext's Info.plist
   * deeper down. Two kext Info.plists in one folder leave it unknown (empty).
   */
  private sourcesOf(file: PlistFile, kext: KextWorkspace): ReadonlySet<string> {
    const target = this.host.targetNaming(file.path)?.target;
    if (target) {
      const built = new Set([...kext.files.keys()].filter((p) => target.files.has(p) || target.folders.some((f) => isUnder(p, f))));
      const stems = new Set([...built].filter((p) => SOURCE.test(p)).map((p) => p.replace(SOURCE, '')));
      return new Set([...kext.files.keys()].filter((p) => built.has(p) || (HEADER.test(p) && stems.has(p.replace(HEADER, '')))));
    }
    const folder = dirname(file.path);
    const others = [...this.host.plistFiles()].filter((other) => other !== file && isUnder(other.path, folder) && isKextInfoPlist(this.host, other)).map((other) => dirname(other.path));
    if (others.includes(folder)) return new Set();
    return new Set(kext.sourcesUnder(folder).filter((p) => !others.some((deeper) => isUnder(p, deeper))));
  }

  /** Every kext source's facts, joined. */
  workspace(): KextWorkspace {
    if (this.whole?.generation === this.host.generation) return this.whole.kext;
    const files = new Map<string, KextSourceFacts>();
    for (const path of this.host.sourcePaths()) {
      if (this.host.roleOf(path) !== 'kext') continue;
      const text = this.host.text(path);
      if (text === undefined) continue;
      let cached = this.facts.get(path);
      if (cached?.text !== text) this.facts.set(path, (cached = { text, facts: kextSourceFacts(text) }));
      files.set(path, cached.facts);
    }
    for (const path of this.facts.keys()) if (!files.has(path)) this.facts.delete(path);
    const kext = new KextWorkspace(files);
    this.whole = { generation: this.host.generation, kext };
    return kext;
  }
}

/**
 * A kext's Info.plist: the one a kext target names; one no target names whose package type is KEXT;
 * without a project, also one that declares OSBundleLibraries and is no dext's.
 */
export function isKextInfoPlist(workspace: PlistWorkspace, file: PlistFile): boolean {
  if (isEntitlementsFile(workspace, file.path)) return false;
  const root = file.document.root;
  if (root?.kind !== 'dict') return false;
  const named = workspace.targetNaming(file.path);
  if (named) return named.target.kind === 'kext';
  if (isBuiltCopy(root)) return false;
  const resolver: SettingsResolver = workspace.resolverFor(file.path);
  const packageType = resolvedString(root, 'CFBundlePackageType', resolver);
  // Written KEXT decides even in a project no target of which names it (a kext built by a makefile).
  if (packageType === 'KEXT') return true;
  if (workspace.projectCovering(file.path)) return false;
  return packageType === undefined && !!entry(root, 'OSBundleLibraries') && !isDextInfoPlist(workspace, file);
}

/**
 * Keys Xcode writes into the Info.plist of every bundle it builds (the build machine's OS, the SDK and
 * Xcode versions). A file holding them is a built bundle's Info.plist copied into the repository (a
 * vendor's kext saved in a diagnostics folder, say): output someone else built, not a source of this
 * workspace, so its values are not the workspace's to fix.
 */
const BUILD_STAMPS = ['BuildMachineOSBuild', 'DTXcode', 'DTPlatformBuild', 'DTSDKBuild'];

function isBuiltCopy(root: PlistNode): boolean {
  return BUILD_STAMPS.some((key) => entry(root, key));
}
