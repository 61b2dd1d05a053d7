/**
 * `driverkit/dexts`: the workspace's driver extensions from the analyser's own parsed Info.plists,
 * entitlements and Xcode projects (core/workspace/workspaceDexts.ts), as URIs and positions.
 */
import { describeDexts, unreadableInfoPlists, type DextDescription } from '../../../core/workspace/workspaceDexts';
import type { DextValue as CoreDextValue } from '../../../core/workspace/dextVersion';
import type { XcodeProjectSummary } from '../../../core/workspace/xcodeTargets';
import type { DextsParams, DextsResult, DextValue, WorkspaceDext, XcodeProjectInfo } from '../../../protocol/dexts';
import type { FeatureContext } from './context';

export function dexts(context: FeatureContext, projects: readonly XcodeProjectSummary[], params: DextsParams): DextsResult {
  const only = params.infoPlist === undefined ? undefined : context.pathOf(params.infoPlist);
  const targets = new Map<string, { project: string; target: string }>();
  for (const project of projects) {
    for (const target of project.dextTargets) if (target.infoPlist) targets.set(target.infoPlist, { project: project.path, target: target.name });
  }
  const described = describeDexts(context.workspace)
    .filter((dext) => only === undefined || dext.infoPlist === only)
    .sort((a, b) => (a.infoPlist < b.infoPlist ? -1 : a.infoPlist > b.infoPlist ? 1 : 0));
  return {
    dexts: described.map((dext) => wireDext(context, dext, targets.get(dext.infoPlist))),
    projects: projects.map(projectInfo(context)),
    unreadable: unreadableInfoPlists(context.workspace)
      .filter((file) => only === undefined || file.path === only)
      .map((file) => ({ infoPlist: context.uriOf(file.path), message: file.message })),
  };
}

function wireDext(context: FeatureContext, dext: DextDescription, built: { project: string; target: string } | undefined): WorkspaceDext {
  const { infoPlist, version, entitlements, ...rest } = dext;
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
    ...(built ? { project: context.uriOf(built.project), target: built.target } : {}),
  };
}

/** Each project with its first dext target (the one xcodebuild and a clangd configuration take). */
const projectInfo =
  (context: FeatureContext) =>
  ({ path, dextTargets: [first] }: XcodeProjectSummary): XcodeProjectInfo => ({
    project: context.uriOf(path),
    ...(first ? { dextTarget: { name: first.name, ...(first.deploymentTarget ? { deploymentTarget: first.deploymentTarget } : {}), ...(first.cxxStandard ? { cxxStandard: first.cxxStandard } : {}) } } : {}),
  });
