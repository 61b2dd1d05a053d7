/**
 * How driverkit-check (and the corpus report) checks files: the Xcode projects of the folders are
 * read first, then headers (so sources can decide conditionals on the macros they define), then
 * every other file; each file is checked, and a project that cannot be read gets its finding too, as
 * do the projects and provisioning profiles the signing checks judge.
 * Hints (regions the parser skipped) are for the editor only.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileKindOf } from '../model/workspaceFiles';
import type { Finding } from '../rules/finding';
import type { Workspace } from './workspace';

export interface CheckResult {
  readonly findings: Finding[];
  /** A file that could not be read, when one could not (the run then stops). */
  readonly unreadable?: string;
}

export async function readAndCheck(workspace: Workspace, given: readonly string[], files: readonly string[]): Promise<CheckResult> {
  const folders = given.map((p) => resolve(p)).filter((p) => statSync(p).isDirectory());
  await workspace.loadProjects(folders);
  await workspace.loadProfiles(folders);
  const ordered = [...files.filter((f) => fileKindOf(f) === 'header'), ...files.filter((f) => fileKindOf(f) !== 'header')];
  for (const file of ordered) {
    if (!(await workspace.updateFromDisk(file))) return { findings: [], unreadable: file };
  }
  // Apps' calls are read once their language's grammar is loaded (core/model/appGrammars.ts).
  await workspace.contract.settled();
  // Besides the files: projects that cannot be read, and the projects and profiles signing findings sit on.
  const checked = [...new Set([...files, ...workspace.unreadableProjects().map((p) => p.path), ...workspace.signingState().findings.keys()])];
  return { findings: checked.flatMap((file) => workspace.check(file)).filter((f) => f.severity !== 'hint') };
}
