/**
 * The signing doctor in the language server: where provisioning profiles come from (the setting's
 * folders, only in a trusted workspace), whether built products are read with codesign (trusted, and
 * macOS or a configured codesign), profile files changing on disk, the signing part of a hover on
 * an entitlement key, and a code action that opens the profile a finding names.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CodeActionKind, type CodeAction, type Connection, type Diagnostic } from 'vscode-languageserver';
import { runCommand } from '../../../core/tools/runCommand';
import type { Finding } from '../../../core/rules/finding';
import { signingHoverAt } from '../../../core/workspace/signingHover';
import type { Workspace } from '../../../core/workspace/workspace';
import { SHOW_PROVISIONING_PROFILE_COMMAND } from '../../../protocol/commands';
import type { SigningOptions } from '../../../protocol/initializationOptions';

/** The user's Xcode profile folders: the setting's default. Unreadable files there are not findings. */
export const DEFAULT_PROFILE_FOLDERS: readonly string[] = ['~/Library/MobileDevice/Provisioning Profiles', '~/Library/Developer/Xcode/UserData/Provisioning Profiles'];

function expandHome(folder: string, home: string): string {
  return folder === '~' ? home : folder.startsWith('~/') ? join(home, folder.slice(2)) : folder;
}

/**
 * Sets where the workspace's profiles come from and whether codesign runs. An untrusted workspace's
 * settings choose no folder and no program: only the workspace's own profiles are read.
 */
export function configureSigning(workspace: Workspace, options: SigningOptions, trusted: boolean, platform: NodeJS.Platform = process.platform, home = homedir()): void {
  if (!trusted) {
    workspace.signing.sources = { folders: [], quietFolders: [] };
    workspace.signing.codesign = undefined;
    return;
  }
  const quiet = options.profileFolders.filter((f) => DEFAULT_PROFILE_FOLDERS.includes(f)).map((f) => expandHome(f, home));
  const folders = options.profileFolders.filter((f) => !DEFAULT_PROFILE_FOLDERS.includes(f)).map((f) => expandHome(f, home));
  workspace.signing.sources = { folders, quietFolders: quiet };
  const codesign = options.codesign || (platform === 'darwin' ? 'codesign' : '');
  workspace.signing.codesign = codesign ? (args) => runCommand(codesign, args, { timeoutMs: 30_000 }) : undefined;
}

/** Profiles, and built bundles (whose signature the checks compare), are read again when one changes. */
export function touchesSigning(path: string): boolean {
  return /\.(provisionprofile|mobileprovision)$/i.test(path) || /\.(app|dext)([\\/]|$)/.test(path);
}

/** Reads the profiles again and logs what was found. */
export async function reloadProfiles(workspace: Workspace, roots: readonly string[], connection: Connection): Promise<void> {
  await workspace.loadProfiles(roots);
  logProfiles(workspace, connection);
}

/** One line in the output: how many profiles (and built bundles) the signing checks judge with. */
export function logProfiles(workspace: Workspace, connection: Connection): void {
  const set = workspace.signing.profileSet();
  connection.console.info(`Signing: ${set.profiles.length} provisioning profile${set.profiles.length === 1 ? '' : 's'} read from ${workspace.signing.searched().join(', ') || 'no folder'}${set.built?.length ? `; ${set.built.length} built bundles read with codesign` : ''}.`);
}

/** The signing paragraph of a hover in a .entitlements file (undefined elsewhere). */
export function signingHover(workspace: Workspace, path: string, offset: number): string | undefined {
  return /\.entitlements$/i.test(path) || workspace.targetNaming(path)?.as === 'entitlements' ? signingHoverAt(workspace, path, offset) : undefined;
}

/** "Show provisioning profile …" for findings that name one (opens it as a readable document). */
export function showProfileActions(findings: readonly Finding[], diagnostics: readonly Diagnostic[]): CodeAction[] {
  const seen = new Set<string>();
  const out: CodeAction[] = [];
  for (const f of findings) {
    const profile = f.data?.profilePath;
    if (!profile || seen.has(profile)) continue;
    seen.add(profile);
    out.push({
      title: `Show provisioning profile "${f.data?.profileName ?? profile}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: diagnostics.filter((d) => d.code === f.code),
      command: { title: 'Show Provisioning Profile', command: SHOW_PROVISIONING_PROFILE_COMMAND, arguments: [profile] },
    });
  }
  return out;
}
