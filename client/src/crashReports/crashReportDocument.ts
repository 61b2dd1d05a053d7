/**
 * A crash report opened as a readable, read-only document (`driverkit-crash:` URIs): the report
 * rendered by core/crash, with the dext's own frames symbolicated by lldb against the newest build
 * whose UUID matches, and each `file:line` a link to the source line. In an untrusted workspace
 * lldb is not run and the frames stay as the report has them.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { readCrashReport } from '../../../core/crash/readReport';
import { renderCrashReport, type RenderedReport } from '../../../core/crash/render';
import { symbolicate, type Symbolication } from '../../../core/crash/symbolicate';
import type { CrashReport } from '../../../core/crash/crashReport';
import { locateDextCopies } from '../../../core/dext/locate';
import { lldbForSymbols, symbolFolders } from './crashReportFolders';

export const CRASH_SCHEME = 'driverkit-crash';

/** The document URI for a report file: its name as the path (the tab title), the file in the query. */
export function crashReportUri(file: string): vscode.Uri {
  return vscode.Uri.from({ scheme: CRASH_SCHEME, path: `/${basename(file)}`, query: encodeURIComponent(file) });
}

function fileOf(uri: vscode.Uri): string {
  return decodeURIComponent(uri.query);
}

/** Tries the copies found (newest first) until one is the build that crashed. */
async function symbolsFor(report: CrashReport): Promise<Symbolication> {
  if (!vscode.workspace.isTrusted) return { frames: new Map(), problem: 'lldb runs only in a trusted workspace; trust it to see the dext\'s frames as source lines' };
  const name = report.bundleId ?? report.processName;
  if (!name) return { frames: new Map(), problem: 'the report does not name the process' };
  const copies = await locateDextCopies(name, { roots: symbolFolders() });
  if (copies.length === 0) return { frames: new Map(), problem: `no build of ${name} was found in the workspace, Xcode's DerivedData or driverkit.crashReports.symbolFolders` };
  const lldb = await lldbForSymbols();
  if (!lldb.path) return { frames: new Map(), problem: `lldb was not found (tried: ${lldb.tried.join('; ')}); set driverkit.crashReports.lldbPath` };
  let last: Symbolication | undefined;
  for (const copy of copies.slice(0, 4)) {
    last = await symbolicate(report, copy, lldb.path);
    if (last.frames.size > 0) return last;
  }
  return last!;
}

export async function renderReportFile(file: string): Promise<RenderedReport> {
  const parsed = await readCrashReport(file);
  if (!parsed.ok) return { text: `${basename(file)} cannot be shown: ${parsed.problem}.\n`, links: [] };
  return renderCrashReport(parsed.report, await symbolsFor(parsed.report), `Report: ${file}`);
}

export class CrashReportDocuments implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  private readonly rendered = new Map<string, RenderedReport>();

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const rendered = await renderReportFile(fileOf(uri));
    this.rendered.set(uri.toString(), rendered);
    return rendered.text;
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const rendered = this.rendered.get(document.uri.toString());
    if (!rendered) return [];
    return rendered.links.map((l) => {
      // `#L<line>,<column>` opens the file with the cursor there.
      const target = vscode.Uri.file(l.file).with({ fragment: `L${l.line}${l.column ? `,${l.column}` : ''}` });
      const link = new vscode.DocumentLink(new vscode.Range(l.row, l.start, l.row, l.end), target);
      link.tooltip = `Open ${basename(l.file)} at line ${l.line}`;
      return link;
    });
  }
}
