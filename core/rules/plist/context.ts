/** What the property-list rules see: the file, its target and build settings, the dext it belongs to. */
import type { Fix } from '../../fixes/fix';
import type { ClassLookup, WorkspaceIndex } from '../../model/workspaceIndex';
import type { PlistFile, SettingsResolver } from '../../plist/plistContext';
import type { SdkCatalog } from '../../sdk/sdkCatalog';
import type { LinkedProject, LinkedTarget, UnreadableProject } from '../../xcode/projectSettings';
import type { Finding } from '../finding';
import type { RuleInfo } from '../rule';

/** The workspace as the property-list rules and fixes need it. */
export interface PlistWorkspace {
  readonly index: WorkspaceIndex;
  readonly catalog: SdkCatalog;
  plistFiles(): Iterable<PlistFile>;
  plistFile(path: string): PlistFile | undefined;
  /** Build settings for the target an Info.plist or .entitlements belongs to. */
  resolverFor(path: string): SettingsResolver;
  /** The .entitlements a project's target signs this Info.plist's dext with (each configuration's), if a project says so. */
  entitlementsFor(infoPlistPath: string): readonly string[] | undefined;
  /** The target whose settings name this file as its Info.plist or its entitlements. */
  targetNaming(path: string): { target: LinkedTarget; as: 'info-plist' | 'entitlements' } | undefined;
  /** The readable Xcode project whose folder holds the path. */
  projectCovering(path: string): LinkedProject | undefined;
  /** Xcode projects that could not be read. */
  unreadableProjects(): readonly UnreadableProject[];
}

/** A dext's Info.plist with what belongs to it. */
export interface DextProject {
  readonly info: PlistFile;
  /** The entitlements the target signs it with, else those beside it. */
  readonly entitlements: PlistFile[];
  readonly resolver: SettingsResolver;
  /** The Xcode target that builds it, when a project says so. */
  readonly target?: LinkedTarget;
  /** The bundle id the built dext gets (Xcode's generated value wins over the file's). */
  readonly bundleId?: string;
}

export interface InfoPlistContext {
  readonly project: DextProject;
  readonly file: PlistFile;
  readonly resolver: SettingsResolver;
  readonly lookup: ClassLookup;
  readonly catalog: SdkCatalog;
}

export interface EntitlementsContext {
  /** The dext this entitlements file signs. */
  readonly project: DextProject;
  readonly file: PlistFile;
  readonly lookup: ClassLookup;
  readonly catalog: SdkCatalog;
}

export interface ClientEntitlementsContext {
  readonly file: PlistFile;
  readonly dexts: readonly DextProject[];
}

export interface PlistFixRequest {
  readonly workspace: PlistWorkspace;
  readonly file: PlistFile;
}

interface PlistRuleBase<C> extends RuleInfo {
  check(context: C): Finding[];
  fix?(request: PlistFixRequest, finding: Finding): Fix | undefined;
}

export interface InfoPlistRule extends PlistRuleBase<InfoPlistContext> {
  readonly applies: 'info-plist';
}

export interface EntitlementsRule extends PlistRuleBase<EntitlementsContext> {
  readonly applies: 'entitlements';
}

export interface ClientEntitlementsRule extends PlistRuleBase<ClientEntitlementsContext> {
  readonly applies: 'client-entitlements';
}

/** Rules whose findings come from reading the file itself (not well-formed, binary …). */
export interface PlistFileRule extends RuleInfo {
  readonly applies: 'plist-file';
}

export type PlistRule = InfoPlistRule | EntitlementsRule | ClientEntitlementsRule | PlistFileRule;
