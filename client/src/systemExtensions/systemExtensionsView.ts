/**
 * The "System Extensions" view: what `systemextensionsctl list` reports (every state, version and
 * team), with refresh, developer mode on/off, uninstall and reset. Destructive actions ask first, in
 * a modal that says what will happen. Only macOS has systemextensionsctl; elsewhere the view says so.
 * When a workspace dext has the version of an installed copy (or an older one), a warning heads the
 * list: macOS would keep the installed copy, so a rebuild would seem to change nothing.
 */
import * as vscode from 'vscode';
import { runCommand } from '../../../core/tools/runCommand';
import { describeState, parseSystemExtensionsList, SYSTEM_EXTENSIONS_COMMANDS, type SystemExtensionEntry } from '../../../core/tools/systemExtensionsCtl';
import type { WorkspaceDext } from '../../../protocol/dexts';
import type { LanguageServer } from '../languageServer/languageServer';
import { workspaceDexts } from '../languageServer/workspaceDexts';
import { macTool } from '../util/macTool';
import { crashReportItems } from '../crashReports/crashReportsFeature';
import { findWorkspaceVersionConflicts, notifyVersionConflicts, type WorkspaceVersionConflict } from './versionWarning';

/** The systemextensionsctl to run (`driverkit.systemExtensions.command`, machine scope, trusted only). */
const tool = () => macTool('driverkit.systemExtensions.command', SYSTEM_EXTENSIONS_COMMANDS.executable);
const available = (): boolean => tool().available;

/** Runs systemextensionsctl; a hung one is killed at the limit (it would otherwise hold the view). */
function run(args: readonly string[]): Promise<string> {
  return runCommand(tool().executable, args, { timeoutMs: 20_000 });
}

/** What `systemextensionsctl list` reports now (macOS; empty elsewhere or when it fails). */
export async function listSystemExtensions(): Promise<SystemExtensionEntry[]> {
  if (!available()) return [];
  return parseSystemExtensionsList(await run(SYSTEM_EXTENSIONS_COMMANDS.list()).catch(() => ''));
}

type Item = { kind: 'entry'; entry: SystemExtensionEntry; infoPlist?: vscode.Uri } | { kind: 'message'; text: string } | { kind: 'conflict'; conflict: WorkspaceVersionConflict } | { kind: 'crash'; tree: vscode.TreeItem };

function conflictItem(conflict: WorkspaceVersionConflict): vscode.TreeItem {
  const { bundleId } = conflict.workspace;
  const tree = new vscode.TreeItem(conflict.kind === 'same' ? `${bundleId}: same version as installed` : `${bundleId}: installed copy is newer`);
  tree.description = 'a new build will not replace it';
  tree.tooltip = conflict.message;
  tree.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  tree.command = { command: 'vscode.open', title: 'Open Info.plist', arguments: [conflict.infoPlist, { selection: conflict.selection }] };
  return tree;
}

/** The workspace's dexts by bundle id (`$(...)` resolved through the Xcode project), for "Reveal Info.plist". */
function workspaceBundles(dexts: readonly WorkspaceDext[]): Map<string, vscode.Uri> {
  const bundles = new Map<string, vscode.Uri>();
  for (const { bundleId, infoPlist } of dexts) {
    if (bundleId && !bundles.has(bundleId)) bundles.set(bundleId, vscode.Uri.parse(infoPlist));
  }
  return bundles;
}

class SystemExtensionsProvider implements vscode.TreeDataProvider<Item> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Version conflicts are announced once per refresh, not each time VS Code asks for the children. */
  private announce = true;

  constructor(private readonly server: LanguageServer) {}

  refresh(): void {
    this.announce = true;
    this.changed.fire();
  }

  getTreeItem(item: Item): vscode.TreeItem {
    if (item.kind === 'message') return new vscode.TreeItem(item.text);
    if (item.kind === 'conflict') return conflictItem(item.conflict);
    if (item.kind === 'crash') return item.tree;
    const { entry } = item;
    // Collapsed: its children are the dext's crash reports, read when it is expanded.
    const tree = new vscode.TreeItem(`${entry.name} ${entry.shortVersion}${entry.bundleVersion ? ` (${entry.bundleVersion})` : ''}`, vscode.TreeItemCollapsibleState.Collapsed);
    tree.description = `[${entry.state}]`;
    tree.tooltip = new vscode.MarkdownString(`**${entry.bundleId}** — team ${entry.teamId}\n\n${describeState(entry.state)}`);
    tree.contextValue = item.infoPlist ? 'systemExtension.inWorkspace' : 'systemExtension';
    tree.iconPath = new vscode.ThemeIcon(entry.active ? 'pass-filled' : 'circle-large-outline');
    if (item.infoPlist) tree.command = { command: 'vscode.open', title: 'Reveal Info.plist', arguments: [item.infoPlist] };
    return tree;
  }

  async getChildren(item?: Item): Promise<Item[]> {
    if (item) return item.kind === 'entry' ? (await crashReportItems(item.entry.bundleId)).map((tree): Item => ({ kind: 'crash', tree })) : [];
    if (!available()) return [{ kind: 'message', text: 'systemextensionsctl is only available on macOS.' }];
    try {
      const entries = parseSystemExtensionsList(await run(SYSTEM_EXTENSIONS_COMMANDS.list()));
      if (entries.length === 0) return [{ kind: 'message', text: 'No system extensions are installed.' }];
      // Read and cleared before awaiting: two overlapping refreshes must not both announce.
      const announce = this.announce;
      this.announce = false;
      // Asked once for both the version check and "Reveal Info.plist".
      const { dexts } = await workspaceDexts(this.server).catch(() => ({ dexts: [] }));
      const conflicts = findWorkspaceVersionConflicts(entries, dexts);
      if (announce) notifyVersionConflicts(conflicts);
      const ours = workspaceBundles(dexts);
      const entryItems = entries.map((entry): Item => {
        const infoPlist = ours.get(entry.bundleId);
        return infoPlist ? { kind: 'entry', entry, infoPlist } : { kind: 'entry', entry };
      });
      return [...conflicts.map((conflict): Item => ({ kind: 'conflict', conflict })), ...entryItems];
    } catch (error) {
      return [{ kind: 'message', text: `systemextensionsctl failed: ${error instanceof Error ? error.message : String(error)}` }];
    }
  }
}

export function activateSystemExtensionsView(server: LanguageServer): vscode.Disposable {
  const provider = new SystemExtensionsProvider(server);
  const act = async (title: string, detail: string, args: readonly string[]): Promise<void> => {
    if (!vscode.workspace.isTrusted) return;
    const choice = await vscode.window.showWarningMessage(title, { modal: true, detail }, 'Continue');
    if (choice !== 'Continue') return;
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => run(args));
    } catch (error) {
      void vscode.window.showErrorMessage(`systemextensionsctl: ${error instanceof Error ? error.message : String(error)}`);
    }
    provider.refresh();
  };
  return vscode.Disposable.from(
    vscode.window.registerTreeDataProvider('driverkit.systemExtensions', provider),
    vscode.commands.registerCommand('driverkit.systemExtensions.refresh', () => provider.refresh()),
    vscode.commands.registerCommand('driverkit.systemExtensions.developerOn', () =>
      act('Turn system extension developer mode on?', 'Extensions are then loaded from anywhere, not only from /Applications. SIP must be relaxed for this to take effect.', SYSTEM_EXTENSIONS_COMMANDS.developer(true)),
    ),
    vscode.commands.registerCommand('driverkit.systemExtensions.developerOff', () =>
      act('Turn system extension developer mode off?', 'Extensions must then live in an app in /Applications again.', SYSTEM_EXTENSIONS_COMMANDS.developer(false)),
    ),
    vscode.commands.registerCommand('driverkit.systemExtensions.reset', () =>
      act('Reset all system extensions?', 'Every installed system extension is uninstalled and must be approved again; a restart finishes the job. SIP must be relaxed.', SYSTEM_EXTENSIONS_COMMANDS.reset()),
    ),
    vscode.commands.registerCommand('driverkit.systemExtensions.revealInfoPlist', (item?: Item) => item?.kind === 'entry' && item.infoPlist && vscode.window.showTextDocument(item.infoPlist)),
    vscode.commands.registerCommand('driverkit.systemExtensions.uninstall', (item?: Item) => {
      if (item?.kind !== 'entry') return;
      const { teamId, bundleId } = item.entry;
      return act(`Uninstall ${bundleId}?`, `The extension of team ${teamId} is removed; a running dext stops after a restart.`, SYSTEM_EXTENSIONS_COMMANDS.uninstall(teamId, bundleId));
    }),
  );
}
