/** A project.pbxproj that cannot be read: one finding, instead of silently losing every build setting. */
import type { UnreadableProject } from '../../xcode/projectSettings';
import { finding, type Finding } from '../finding';
import { type RuleInfo } from '../rule';

export interface ProjectFileRule extends RuleInfo {
  readonly applies: 'project';
  check(project: UnreadableProject, text: string | undefined): Finding[];
}

export const unreadableProject: ProjectFileRule = {
  id: 'xcode.unreadable-project',
  severity: 'warning',
  summary: 'A project.pbxproj the checks cannot read; its targets\' build settings are unknown, so $(...) values stay unresolved.',
  applies: 'project',
  check: (project, text) => {
    const at = project.offset === undefined || text === undefined ? 0 : Math.min(project.offset, text.length);
    return [
      finding(unreadableProject, project.path, { start: at, end: at }, `This Xcode project cannot be read (${project.message}), so the checks know none of its build settings: $(...) values in its Info.plists and entitlements stay unresolved.`),
    ];
  },
};
