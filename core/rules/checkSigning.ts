/**
 * The signing findings of a workspace, all at once (they cross files: a project's app embeds its
 * dext, a profile judges an entitlements file): every signing target through the signing rules,
 * every Xcode project through the project rules, every unreadable profile worth reporting through
 * the profile rule. Grouped by the file each finding sits on, duplicates (two configurations signing
 * with one file and one profile) removed.
 */
import type { ProfileProblem } from '../signing/provisioningProfile';
import type { Finding } from './finding';
import { PROFILE_RULES, SIGNING_PROJECT_RULES, SIGNING_RULES } from './ruleCatalog';
import type { SigningTarget } from './signing/context';
import type { SigningWorkspace } from './signing/targets';

export { signingTargets, type ProfileSet, type SigningWorkspace } from './signing/targets';

export interface SigningInputs {
  readonly targets: readonly SigningTarget[];
  /** Profiles that could not be read, from the sources whose problems are reported. */
  readonly problems: readonly ProfileProblem[];
  readonly now: number;
  /** The text of a project file (findings sit on a target's definition). */
  readonly projectText: (path: string) => string | undefined;
}

export function checkSigning(workspace: SigningWorkspace, inputs: SigningInputs): Map<string, Finding[]> {
  const all: Finding[] = [];
  for (const target of inputs.targets) for (const rule of SIGNING_RULES) all.push(...rule.check({ target, now: inputs.now }));
  for (const project of workspace.projects()) {
    const text = project.path.endsWith('.pbxproj') ? inputs.projectText(project.path) : undefined;
    if (text === undefined) continue;
    const targets = inputs.targets.filter((t) => t.target?.project === project.path);
    for (const rule of SIGNING_PROJECT_RULES) all.push(...rule.check({ project, text, targets }));
  }
  for (const problem of inputs.problems) for (const rule of PROFILE_RULES) all.push(...rule.check(problem));
  const byPath = new Map<string, Finding[]>();
  const seen = new Set<string>();
  for (const f of all) {
    const key = `${f.path}\u0000${f.span.start}\u0000${f.code}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  }
  return byPath;
}
