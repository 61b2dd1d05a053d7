/**
 * `driverkit/dexts`: the workspace's driver extensions from the analyser's own parsed Info.plists,
 * entitlements and Xcode projects (core/workspace/workspaceDexts.ts), as URIs and positions.
 */
import { describeDexts, unreadableInfoPlists, type DextDescription } from '../../../core/workspace/workspaceDexts';
import type { DextValue as CoreDextValue } from '../../../core/workspace/dextVersion';
import type { DextBuildSettings } from '../../../core/workspace/dextBuildSettings';
import type { DextsParams, DextsResult, DextValue, WorkspaceDext } from '../../../protocol/dexts';
import type { FeatureContext } from './context';

export function dexts(context: FeatureContext, projects: readonly DextBuildSettings[], params: DextsParams): DextsResult {
  const only = params.infoPlist === undefined ? undefined : context.pathOf(params.infoPlist);
  const described = describeDexts(context.workspace)
    .filter((dext) => only === undefined || dext.infoPlist === only)
    .sort((a, b) => (a.infoPlist < b.infoPlist ? -1 : a.infoPlist > b.infoPlist ? 1 : 0));
  return {
    dexts: described.map((dext) => wireDext(context, dext)),
    projects: projects.map(({ project, target }) => ({ project: context.uriOf(project), ...(target ? { dextTarget: target } : {}) })),
    unreadable: unreadableInfoPlists(context.workspace)
      .filter((file) => only === undefined || file.path === only)
      .map((file) => ({ infoPlist: context.uriOf(file.path), message: file.message })),
  };
}

function wireDext(context: FeatureContext, dext: DextDescription): WorkspaceDext {
  const { infoPlist, version, entitlements, project, ...rest } = dext;
  const value = (v: CoreDextValue): DextValue => {
    const { offset, ...kept } = v;
    const position = offset === undefined ? undefined : context.workspace.lines(infoPlist)?.position(offset);
    return position ? { ...kept, position } : kept;
  };
  return {
    ...rest,
    infoPlist: context.uriOf(infoPlist),
    ...(version ? { version: { ...version, shortVersion: value(version.shortVersion), bundleVersion: value(version.bundleVersion) } } : {}),
    ...(entitlements ? { entitlements: context.uriOf(entitlements) } : {}),
    ...(project ? { project: context.uriOf(project) } : {}),
  };
}
