/**
 * Where the extension looks for crash reports and for the builds to symbolicate them against, and
 * which lldb it runs for that: the settings, honoured only in a trusted workspace (a workspace could
 * otherwise name a program to run), plus the defaults.
 */
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { crashReportFolders, listCrashReports, type CrashReportListing } from '../../../core/crash/reportFiles';
import { findLldbTool } from '../../../core/tools/lldbLocator';

function trustedSetting<T>(name: string, fallback: T): T {
  return vscode.workspace.isTrusted ? vscode.workspace.getConfiguration('driverkit.crashReports').get<T>(name, fallback) : fallback;
}

/** `~/Library/Logs/DiagnosticReports`, `/Library/Logs/DiagnosticReports` and `driverkit.crashReports.folders`. */
export function reportFolders(): string[] {
  return crashReportFolders(trustedSetting<string[]>('folders', []));
}

/** Workspace folders and `driverkit.crashReports.symbolFolders`: where built dexts (and dSYMs) are looked for. */
export function symbolFolders(): string[] {
  return [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath), ...trustedSetting<string[]>('symbolFolders', [])];
}

/** The dext's reports (by bundle id or process name), newest first. */
export function listDextCrashReports(names: readonly string[]): Promise<CrashReportListing> {
  return listCrashReports(reportFolders(), names);
}

/** lldb for symbolication: `driverkit.crashReports.lldbPath`, else xcrun / beside lldb-dap / PATH. */
export async function lldbForSymbols(): Promise<{ path?: string; tried: readonly string[] }> {
  const dap = await findLldbTool('lldb-dap', undefined);
  return findLldbTool('lldb', trustedSetting<string>('lldbPath', '').trim() || undefined, process.env, process.platform, dap.path ? [dirname(dap.path)] : []);
}
