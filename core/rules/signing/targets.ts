/**
 * The signing targets of a workspace: every configuration of every dext and app target of its Xcode
 * projects, with the .entitlements file it names, its settings, bundle id and platform, and the
 * provisioning profile Xcode would choose for it among the profiles read; and each dext no project
 * builds (its Info.plist and the entitlements beside it, chosen for by its bundle id alone).
 */
import { basename, dirname, resolve } from 'node:path';
import { resolveSetting, targetFilePaths } from '../../xcode/buildSettings';
import { signsWithXcode, type LinkedProject } from '../../xcode/projectSettings';
import { chooseProfile, type ProfileChoice, type SigningSettings } from '../../signing/profileChoice';
import type { ProvisioningProfile } from '../../signing/provisioningProfile';
import type { BuiltProduct } from '../../signing/builtProducts';
import type { PlistWorkspace } from '../plist/context';
import { dextProjects } from '../plist/dextPlists';
import type { SigningTarget } from './context';

/** The profiles the checks may judge with; `searched` false: none was read, so profiles are not judged. */
export interface ProfileSet {
  readonly profiles: readonly ProvisioningProfile[];
  readonly searched: boolean;
  /** Built bundles read with codesign (none unless the caller may run it). */
  readonly built?: readonly BuiltProduct[];
}

export interface SigningWorkspace extends PlistWorkspace {
  /** Every readable Xcode project (and XcodeGen spec) of the workspace. */
  projects(): readonly LinkedProject[];
}

export function signingTargets(workspace: SigningWorkspace, profiles: ProfileSet, now: number): SigningTarget[] {
  const out: SigningTarget[] = [];
  const choose = (settings: SigningSettings, bundleId: string | undefined, platform: string | undefined): ProfileChoice | undefined => {
    if (!profiles.searched) return undefined;
    if (bundleId === undefined) return { style: 'automatic', reason: 'The target\'s bundle identifier is not known, so no profile can be matched to it.' };
    return chooseProfile({ settings, bundleId, profiles: profiles.profiles, now, ...(platform ? { platform } : {}) });
  };
  for (const project of workspace.projects()) {
    for (const target of project.targets) {
      if (target.kind !== 'dext' && target.kind !== 'app') continue;
      const infoPlist = target.infoPlist ? workspace.plistFile(target.infoPlist) : undefined;
      for (const configuration of target.resolver.incomplete ? [] : target.configurations) {
        const settings = configuration.settings;
        const named = targetFilePaths(settings, project.sourceRoot).entitlements;
        const entitlementsPath = named === undefined ? undefined : resolve(named);
        const entitlements = entitlementsPath ? workspace.plistFile(entitlementsPath) : undefined;
        const rawId = settings.PRODUCT_BUNDLE_IDENTIFIER;
        const bundleId = rawId === undefined ? undefined : resolveSetting(rawId, settings);
        const platform = target.kind === 'app' ? platformOf(settings) : undefined;
        const built = builtFor(profiles.built ?? [], target.products?.product, configuration.name);
        out.push({
          role: target.kind,
          name: target.name,
          target,
          configuration: configuration.name,
          ...(entitlements ? { entitlements } : entitlementsPath ? { entitlementsMissing: entitlementsPath } : {}),
          ...(infoPlist && target.kind === 'dext' ? { infoPlist } : {}),
          settings,
          ...(bundleId ? { bundleId } : {}),
          ...(platform ? { platform } : {}),
          signedByXcode: signsWithXcode(settings),
          choice: choose(settings, bundleId, platform),
          ...(built ? { built } : {}),
        });
      }
    }
  }
  for (const dext of dextProjects(workspace)) {
    if (dext.target) continue;
    for (const entitlements of dext.entitlements) {
      out.push({
        role: 'dext',
        name: dext.bundleId ?? basename(dirname(dext.info.path)),
        entitlements,
        infoPlist: dext.info,
        settings: {},
        ...(dext.bundleId ? { bundleId: dext.bundleId } : {}),
        signedByXcode: true,
        choice: choose({}, dext.bundleId, undefined),
      });
    }
  }
  return out;
}

/** The platform an app target builds for, from SDKROOT (else SUPPORTED_PLATFORMS). */
function platformOf(settings: SigningSettings): 'OSX' | 'iOS' | undefined {
  const sdk = resolveSetting(settings.SDKROOT ?? '', settings)?.toLowerCase() ?? '';
  if (sdk.startsWith('macosx')) return 'OSX';
  if (sdk.startsWith('iphoneos')) return 'iOS';
  const platforms = (resolveSetting(settings.SUPPORTED_PLATFORMS ?? '', settings) ?? '').split(/\s+/);
  if (platforms.includes('macosx') && !platforms.some((p) => p.startsWith('iphone'))) return 'OSX';
  return undefined;
}

/** The built bundle of a product in one configuration (Xcode builds into `…/Debug/`, `…/Release-iphoneos/`). */
function builtFor(built: readonly BuiltProduct[], product: string | undefined, configuration: string): BuiltProduct | undefined {
  if (!product) return undefined;
  const inConfiguration = new RegExp(`[\\/]${configuration.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:-[\\w]+)?[\\/]`);
  return built.find((b) => b.product === product && inConfiguration.test(b.bundle));
}
