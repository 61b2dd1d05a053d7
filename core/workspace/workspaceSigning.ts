/**
 * The workspace's side of the signing checks: which provisioning profiles there are (the
 * workspace's own `.provisionprofile` / `.mobileprovision` files, the profiles embedded in built
 * bundles under `build/` and `DerivedData/`, and the folders the caller names: a setting, the
 * user's Xcode folders, `driverkit-check --profiles`), read once through a cache; and the signing
 * targets and findings, computed once per change of anything they read.
 */
import { join } from 'node:path';
import { findProfileFiles, ProfileCache, type ProfileFolder } from '../signing/profileDiscovery';
import type { ProfileProblem, ProvisioningProfile } from '../signing/provisioningProfile';
import { checkSigning, signingTargets, type ProfileSet, type SigningWorkspace } from '../rules/checkSigning';
import type { Finding } from '../rules/finding';
import type { SigningTarget } from '../rules/signing/context';
import { readBuiltProducts, type BuiltProduct, type CodesignRunner } from '../signing/builtProducts';

export interface ProfileSources {
  /** Folders of profiles whose unreadable files are findings (a setting, `--profiles`). */
  readonly folders: readonly string[];
  /** Folders read too, whose unreadable files are only counted (the user's Xcode profile folders). */
  readonly quietFolders: readonly string[];
}

export interface LoadedProfileSummary {
  readonly profiles: number;
  readonly problems: readonly ProfileProblem[];
  /** Every folder searched, for messages that say where profiles were looked for. */
  readonly searched: readonly string[];
}

export class WorkspaceSigning {
  sources: ProfileSources = { folders: [], quietFolders: [] };
  /** The clock the checks are given (tests pin it). */
  now: () => number = Date.now;
  /** Reads a built bundle's signed entitlements; unset, built products are not compared (no codesign here, or not trusted). */
  codesign: CodesignRunner | undefined;
  private readonly cache = new ProfileCache();
  private profiles: readonly ProvisioningProfile[] = [];
  private built: readonly BuiltProduct[] = [];
  private reported: readonly ProfileProblem[] = [];
  private searchedFolders: readonly string[] = [];
  private memo: { targets: SigningTarget[]; findings: Map<string, Finding[]> } | undefined;

  /** Finds and reads the profiles for these workspace roots and the configured sources. */
  async load(roots: readonly string[]): Promise<LoadedProfileSummary> {
    const buildFolders = roots.flatMap((root) => ['build', 'DerivedData'].map((name) => join(root, name)));
    const own: ProfileFolder[] = [...roots.map((path) => ({ path, kind: 'workspace' as const })), ...buildFolders.map((path) => ({ path, kind: 'build' as const }))];
    const named = this.sources.folders.map((path) => ({ path, kind: 'profiles' as const }));
    const quiet = this.sources.quietFolders.map((path) => ({ path, kind: 'profiles' as const }));
    const reportedFiles = new Set(await findProfileFiles([...own, ...named]));
    const files = [...new Set([...reportedFiles, ...(await findProfileFiles(quiet))])];
    const loaded = await this.cache.load(files);
    // One profile copied to several places (the user's folder and a built bundle) is one profile.
    const byUuid = new Map<string, ProvisioningProfile>();
    for (const profile of loaded.profiles) if (!byUuid.has(profile.uuid)) byUuid.set(profile.uuid, profile);
    this.profiles = [...byUuid.values()];
    this.reported = loaded.problems.filter((p) => reportedFiles.has(p.path));
    this.searchedFolders = [...roots, ...this.sources.folders, ...this.sources.quietFolders];
    this.built = this.codesign ? await readBuiltProducts(buildFolders, this.codesign, this.cache) : [];
    this.memo = undefined;
    return { profiles: this.profiles.length, problems: loaded.problems, searched: this.searchedFolders };
  }

  profileSet(): ProfileSet {
    return { profiles: this.profiles, searched: this.profiles.length > 0, built: this.built };
  }

  /** Paths of unreadable profiles that get a finding. */
  problemPaths(): string[] {
    return this.reported.map((p) => p.path);
  }

  searched(): readonly string[] {
    return this.searchedFolders;
  }

  /** The signing targets and every signing finding, computed again only after `invalidate`. */
  state(workspace: SigningWorkspace, projectText: (path: string) => string | undefined): { targets: SigningTarget[]; findings: Map<string, Finding[]> } {
    if (this.memo) return this.memo;
    const now = this.now();
    const targets = signingTargets(workspace, this.profileSet(), now);
    const findings = checkSigning(workspace, { targets, problems: this.reported, now, projectText });
    this.memo = { targets, findings };
    return this.memo;
  }

  /** Forget computed findings (something they read changed). */
  invalidate(): void {
    this.memo = undefined;
  }
}
