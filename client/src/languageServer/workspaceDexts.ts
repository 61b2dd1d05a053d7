/**
 * The workspace's driver extensions, as the language server reads them from its own parsed
 * Info.plists and Xcode projects (protocol/dexts.ts): for the views, Build and Debug, debugging and
 * the log commands. Nothing here reads a project file.
 */
import * as vscode from 'vscode';
import { DextsRequest, type DextsResult, type WorkspaceDext } from '../../../protocol/dexts';
import type { LanguageServer } from './languageServer';

const NONE: DextsResult = { dexts: [], projects: [], unreadable: [] };

/** Every dext of the workspace (or only the one of `infoPlist`); nothing when the server is not running. */
export async function workspaceDexts(server: LanguageServer, infoPlist?: vscode.Uri): Promise<DextsResult> {
  return (await server.request(DextsRequest, infoPlist ? { infoPlist: infoPlist.toString() } : {})) ?? NONE;
}

export interface NamedDext {
  /** What `ps` shows of it: the bundle id, else the executable's name. */
  readonly name: string;
  /** The Info.plist it was read from: its folder is the one to build and debug in. */
  readonly infoPlist: vscode.Uri;
  readonly dext: WorkspaceDext;
}

/** The dext named by `infoPlist` (or the workspace's first dext whose name is known). */
export async function workspaceDext(server: LanguageServer, infoPlist?: vscode.Uri): Promise<NamedDext | undefined> {
  const dext = (await workspaceDexts(server, infoPlist)).dexts.find((d) => d.processName);
  return dext?.processName ? { name: dext.processName, infoPlist: vscode.Uri.parse(dext.infoPlist), dext } : undefined;
}

export async function workspaceDextName(server: LanguageServer, infoPlist?: vscode.Uri): Promise<string | undefined> {
  return (await workspaceDext(server, infoPlist))?.name;
}

/** A command's Info.plist argument: a Uri from VS Code's menus, a URI string from the server's code lenses. */
export function infoPlistArgument(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  return typeof value === 'string' && value ? vscode.Uri.parse(value) : undefined;
}
