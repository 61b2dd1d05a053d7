/**
 * Which rules a property list gets: a dext's Info.plist the Info.plist rules; a dext's .entitlements
 * the entitlement rules against the Info.plist it signs; any other .entitlements the client-app
 * rules against every dext of the workspace (and, when it lies beside a dext's Info.plist and no target
 * names it, the checks a file fails whoever signs with it).
 */
import { finding, type Finding } from './finding';
import { CLIENT_ENTITLEMENTS_RULES, ENTITLEMENTS_RULES, INFO_PLIST_RULES, RULES } from './ruleCatalog';
import { dirname } from 'node:path';
import type { DextProject, PlistWorkspace } from './plist/context';
import { dextProjects, isEntitlementsFile, isEntitlementsPath } from './plist/dextPlists';
import { usbBoolFindings } from './entitlements/dextEntitlements';

export { dextProjects, isEntitlementsPath };
export type { PlistWorkspace };

const PROBLEM_RULES = { malformed: RULES.plistMalformed, binary: RULES.plistBinary, 'not-plist': RULES.plistNotPlist } as const;

export function checkPlist(workspace: PlistWorkspace, path: string): Finding[] {
  const file = workspace.plistFile(path);
  if (!file) return [];
  const problem = file.document.problem;
  if (problem) {
    // Only files that matter to a dext are worth a finding: entitlements, and Info.plists a dext target
    // uses (unless Xcode preprocesses them, when `#if` lines are expected) or that no project covers.
    const named = workspace.targetNaming(path);
    const relevant = isEntitlementsFile(workspace, path) || (named
      ? named.target.kind === 'dext' && named.target.resolver.resolve('$(INFOPLIST_PREPROCESS)')?.toUpperCase() !== 'YES'
      : /(^|[\\/])Info\.plist$/i.test(path) && !workspace.projectCovering(path));
    return relevant ? [finding(PROBLEM_RULES[problem.code], path, problem.span, problem.message)] : [];
  }
  const projects = dextProjects(workspace);
  const lookup = workspace.index.from(path);
  const catalog = workspace.catalog;
  if (!isEntitlementsFile(workspace, path)) {
    const project = projects.find((p) => p.info.path === path);
    if (!project) return [];
    const context = { project, file, resolver: project.resolver, lookup, catalog };
    return INFO_PLIST_RULES.flatMap((rule) => rule.check(context));
  }
  const signed = projects.filter((p) => p.entitlements.includes(file));
  if (signed.length > 0) return signed.flatMap((project) => ENTITLEMENTS_RULES.flatMap((rule) => rule.check({ project, file, lookup, catalog })));
  return [...scriptSigned(workspace, path, projects).flatMap(() => usbBoolFindings(file)), ...CLIENT_ENTITLEMENTS_RULES.flatMap((rule) => rule.check({ file, dexts: projects }))];
}

/**
 * An .entitlements file beside a dext's Info.plist that no target names: the dext is signed with it
 * outside Xcode (a script's codesign), so what is wrong in the file whoever signs with it is judged.
 * A file an app target names is the app's, and a dext key in it calls for other words.
 */
function scriptSigned(workspace: PlistWorkspace, path: string, projects: readonly DextProject[]): DextProject[] {
  if (workspace.targetNaming(path)) return [];
  return projects.filter((project) => dirname(project.info.path) === dirname(path)).slice(0, 1);
}
