/**
 * Which rules a property list gets: a dext's Info.plist the Info.plist rules; a dext's .entitlements
 * the entitlement rules against the Info.plist it signs; any other .entitlements the client-app
 * rules against every dext of the workspace.
 */
import { finding, type Finding } from './finding';
import { CLIENT_ENTITLEMENTS_RULES, ENTITLEMENTS_RULES, INFO_PLIST_RULES, RULES } from './ruleCatalog';
import type { PlistWorkspace } from './plist/context';
import { dextProjects, isEntitlementsFile, isEntitlementsPath } from './plist/dextPlists';

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
  return CLIENT_ENTITLEMENTS_RULES.flatMap((rule) => rule.check({ file, dexts: projects }));
}
