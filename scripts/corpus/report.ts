/**
 * The checker over folders of real projects: every error and warning with the project it belongs to,
 * and a table per project and per rule. Used by `npm run corpus` and by test/corpus/corpus.test.ts.
 */
import { dirname, join, relative, sep } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { cppParser } from '../../core/model/treeSitter';
import { findSourceFiles } from '../../core/model/workspaceFiles';
import { readAndCheck } from '../../core/workspace/checkFiles';
import { toReported, type ReportedFinding } from '../../core/workspace/report';
import { Workspace } from '../../core/workspace/workspace';

export interface CorpusFinding extends ReportedFinding {
  /** The folder the run was given. */
  readonly corpus: string;
  /** The project the file belongs to, relative to the corpus folder. */
  readonly project: string;
}

export interface ProjectSummary {
  readonly corpus: string;
  readonly project: string;
  files: number;
  errors: number;
  warnings: number;
  readonly byRule: Map<string, number>;
}

export interface CorpusReport {
  readonly findings: CorpusFinding[];
  readonly projects: ProjectSummary[];
}

/** Checks each folder as one workspace, the way driverkit-check checks a folder. */
export async function corpusReport(folders: readonly string[]): Promise<CorpusReport> {
  const parser = await cppParser();
  const findings: CorpusFinding[] = [];
  const projects = new Map<string, ProjectSummary>();
  for (const folder of folders) {
    const files = await findSourceFiles([folder]);
    const workspace = new Workspace(parser);
    try {
      const result = await readAndCheck(workspace, [folder], files);
      const summaryOf = (path: string): ProjectSummary => {
        const project = projectOf(folder, path);
        const key = `${folder}\0${project}`;
        let summary = projects.get(key);
        if (!summary) projects.set(key, (summary = { corpus: folder, project, files: 0, errors: 0, warnings: 0, byRule: new Map() }));
        return summary;
      };
      for (const file of files) summaryOf(file).files++;
      for (const reported of toReported(workspace, result.findings, (p) => relative(folder, p))) {
        if (reported.severity !== 'error' && reported.severity !== 'warning') continue;
        const project = projectOf(folder, join(folder, reported.file));
        findings.push({ ...reported, corpus: folder, project });
        const summary = summaryOf(join(folder, reported.file));
        if (reported.severity === 'error') summary.errors++;
        else summary.warnings++;
        summary.byRule.set(reported.code, (summary.byRule.get(reported.code) ?? 0) + 1);
      }
    } finally {
      workspace.dispose();
    }
  }
  return { findings, projects: [...projects.values()] };
}

/**
 * The project of a file: the nearest folder above it that holds an Xcode project, else its first
 * folder below the corpus folder.
 */
function projectOf(folder: string, path: string): string {
  for (let dir = dirname(path); dir.startsWith(folder) && dir !== folder; dir = dirname(dir)) {
    if (existsSync(dir) && readdirSync(dir).some((name) => name.endsWith('.xcodeproj'))) return relative(folder, dir);
  }
  return relative(folder, path).split(sep)[0];
}

/** The report as a text table: one row per project, then one per rule, then totals. */
export function formatReport(report: CorpusReport): string {
  const lines: string[] = [];
  const pad = (text: string, width: number): string => text.padEnd(width);
  lines.push(`${pad('project', 70)} ${pad('files', 6)} ${pad('errors', 7)} warnings`);
  for (const p of report.projects) lines.push(`${pad(`${p.corpus.split(sep).pop()}/${p.project}`, 70)} ${pad(String(p.files), 6)} ${pad(String(p.errors), 7)} ${p.warnings}`);
  const byRule = new Map<string, number>();
  for (const f of report.findings) byRule.set(f.code, (byRule.get(f.code) ?? 0) + 1);
  lines.push('', `${pad('rule', 40)} findings`);
  for (const [rule, count] of [...byRule].sort((a, b) => b[1] - a[1])) lines.push(`${pad(rule, 40)} ${count}`);
  const files = report.projects.reduce((n, p) => n + p.files, 0);
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  lines.push('', `${report.projects.length} projects, ${files} files: ${errors} errors, ${report.findings.length - errors} warnings`);
  return lines.join('\n');
}
