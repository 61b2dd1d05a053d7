/** Findings as the CLI contract prints them: 1-based lines and columns, sorted by file and position. */
import type { Workspace } from './workspace';
import type { Finding } from '../rules/finding';
import type { Severity } from '../rules/ruleCatalog';

export interface ReportedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

export function toReported(workspace: Workspace, findings: readonly Finding[], displayPath: (path: string) => string): ReportedFinding[] {
  const out: ReportedFinding[] = [];
  for (const f of findings) {
    const lines = workspace.lines(f.path);
    const start = lines?.position(f.span.start) ?? { line: 0, character: 0 };
    const end = lines?.position(f.span.end) ?? start;
    out.push({
      file: displayPath(f.path),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: f.severity,
      code: f.code,
      message: f.message,
    });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

/** One line per finding, as compilers print them: line breaks quoted into a message become a space. */
export function formatText(f: ReportedFinding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message.replace(/[\r\n\u2028\u2029]+/g, ' ')} [${f.code}]`;
}
