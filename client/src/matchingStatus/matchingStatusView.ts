/**
 * The "Matching Status" view and "DriverKit: Show Matching Status": for each IOKit personality of the
 * workspace's dext Info.plist files, whether the kernel made a service from it, on which provider and
 * in which IOUserServer, read from one ioreg run. Every failure becomes one message item.
 */
import * as vscode from 'vscode';
import { describeEntry, parseIoregPlist } from '../../../core/tools/ioreg';
import { matchingStatus, type MatchedInstance, type PersonalityStatus } from './matchingStatus';
import { chooseIoregCommand, commandLine, runIoreg, SETTING } from './matchingStatusCommand';
import { show } from './matchingStatusReasons';
import type { DextPersonality } from '../../../core/workspace/dextPersonalities';
import type { LanguageServer } from '../languageServer/languageServer';
import { workspaceDexts } from '../languageServer/workspaceDexts';

const VIEW_ID = 'driverkit.matchingStatus';

type StatusNode =
  | { kind: 'message'; text: string }
  | { kind: 'personality'; status: PersonalityStatus<WorkspacePersonality> }
  | { kind: 'instance'; instance: MatchedInstance }
  | { kind: 'entry'; role: 'Provider' | 'Server'; label: string; registryId?: number; properties: Readonly<Record<string, unknown>> }
  | { kind: 'value'; key: string; value: unknown };

const message = (text: string): StatusNode => ({ kind: 'message', text });

/** A personality with the Info.plist that declares it (relative to the workspace). */
type WorkspacePersonality = DextPersonality & { readonly file: string };

/** The personalities of the workspace's dexts, as the language server read them; and the Info.plists it could not read. */
async function workspacePersonalities(server: LanguageServer): Promise<{ personalities: WorkspacePersonality[]; problems: string[] }> {
  const { dexts, unreadable } = await workspaceDexts(server);
  const relative = (uri: string): string => vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
  return {
    personalities: dexts.flatMap((dext) => dext.personalities.map((p) => ({ ...p, file: relative(dext.infoPlist) }))),
    problems: unreadable.map((u) => `${relative(u.infoPlist)}: ${u.message}`),
  };
}

class MatchingStatusProvider implements vscode.TreeDataProvider<StatusNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: StatusNode[] | undefined;
  private loading: Promise<StatusNode[]> | undefined;

  constructor(
    private readonly server: LanguageServer,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Whether the view has shown a status yet (a later change of setting or trust then reloads it). */
  get loaded(): boolean {
    return this.roots !== undefined;
  }

  /** Runs ioreg again and redraws; concurrent calls share one run. */
  reload(): Promise<StatusNode[]> {
    this.loading ??= this.load()
      .catch((error: unknown) => [message(`The matching status could not be read: ${error instanceof Error ? error.message : String(error)}`)])
      .then((roots) => {
        this.roots = roots;
        this.loading = undefined;
        this.changed.fire();
        return roots;
      });
    return this.loading;
  }

  private async load(): Promise<StatusNode[]> {
    const choice = chooseIoregCommand(vscode.workspace.getConfiguration('driverkit').get<unknown>('ioreg.command'), process.platform, vscode.workspace.isTrusted);
    if ('message' in choice) return [message(choice.message)];
    const { personalities, problems } = await workspacePersonalities(this.server);
    for (const problem of problems) this.output.warn(`Matching status: ${problem}`);
    if (personalities.length === 0) return [message('No Info.plist with IOKitPersonalities was found in this workspace.')];
    const started = Date.now();
    this.output.info(`Matching status: running ${commandLine(choice.command)}`);
    const run = await runIoreg(choice.command);
    if ('failure' in run) {
      this.output.error(`Matching status: ${run.failure}`);
      return [message(run.failure)];
    }
    this.output.info(`Matching status: ${run.text.length} characters in ${Date.now() - started} ms.`);
    const model = matchingStatus(personalities, parseIoregPlist(run.text));
    if (model.problem) {
      this.output.error(`Matching status: ${model.problem}`);
      return [message(model.problem)];
    }
    return model.statuses.map((status) => ({ kind: 'personality', status }));
  }

  getTreeItem(node: StatusNode): vscode.TreeItem {
    const { None, Collapsed, Expanded } = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'message': {
        const item = new vscode.TreeItem(node.text, None);
        item.tooltip = node.text;
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
      case 'personality': {
        const { personality: p, instances } = node.status;
        const item = new vscode.TreeItem(p.name, instances.length > 0 ? Collapsed : Expanded);
        item.description = instances.length > 0 ? `matched ×${instances.length}` : 'not matched';
        item.iconPath = instances.length > 0 ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')) : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
        item.tooltip = new vscode.MarkdownString(
          [`**${p.name}** in \`${p.file}\``, `IOUserClass \`${p.userClass ?? '—'}\` on IOProviderClass \`${p.providerClass ?? '—'}\``, `Bundle \`${p.bundleId ?? 'unresolved'}\`, server \`${p.serverName ?? 'unresolved'}\``].join('\n\n'),
        );
        return item;
      }
      case 'instance': {
        const { instance } = node;
        const item = new vscode.TreeItem(instance.provider ? `on ${instance.place}` : instance.place, Collapsed);
        item.description = `${describeEntry(instance.service)} · ${instance.server?.entryName ?? 'no IOUserServer found'}`;
        item.tooltip = instance.path.length > 0 ? [...instance.path, describeEntry(instance.service)].join(' › ') : describeEntry(instance.service);
        item.iconPath = new vscode.ThemeIcon('plug');
        return item;
      }
      case 'entry': {
        const item = new vscode.TreeItem(`${node.role}: ${node.label}`, Collapsed);
        if (node.registryId !== undefined) item.description = `id 0x${node.registryId.toString(16)}`;
        item.iconPath = new vscode.ThemeIcon(node.role === 'Provider' ? 'circuit-board' : 'server-process');
        return item;
      }
      case 'value': {
        const size = containerSize(node.value);
        if (size === undefined) {
          const item = new vscode.TreeItem(`${node.key} = ${show(node.value)}`, None);
          item.tooltip = `${node.key} = ${show(node.value)}`;
          return item;
        }
        const item = new vscode.TreeItem(node.key, size > 0 ? Collapsed : None);
        item.description = Array.isArray(node.value) ? `[${size}]` : `{${size}}`;
        return item;
      }
    }
  }

  async getChildren(node?: StatusNode): Promise<StatusNode[]> {
    if (!node) return this.roots ?? vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => this.reload());
    switch (node.kind) {
      case 'personality': {
        const { instances, reasons } = node.status;
        return instances.length > 0 ? instances.map((instance) => ({ kind: 'instance', instance })) : reasons.map(message);
      }
      case 'instance': {
        const { provider, server, serversNamed, service } = node.instance;
        const head: StatusNode[] = [
          provider ? entryNode('Provider', describeEntry(provider), provider) : message('Provider: not in ioreg\'s output (run it with -t to see ancestors).'),
          server ? entryNode('Server', server.entryName, server) : message(serversNamed > 1 ? `Server: one of ${serversNamed} IOUserServers with its name.` : 'Server: no IOUserServer for it in the output.'),
        ];
        return [...head, ...valueRows(service.properties)];
      }
      case 'entry':
        return valueRows(node.properties);
      case 'value':
        return valueRows(node.value);
      default:
        return [];
    }
  }
}

function entryNode(role: 'Provider' | 'Server', label: string, of: { registryId?: number; properties: Readonly<Record<string, unknown>> }): StatusNode {
  return { kind: 'entry', role, label, ...(of.registryId !== undefined ? { registryId: of.registryId } : {}), properties: of.properties };
}

function containerSize(value: unknown): number | undefined {
  if (Array.isArray(value)) return value.length;
  return value && typeof value === 'object' ? Object.keys(value).length : undefined;
}

function valueRows(value: unknown): StatusNode[] {
  if (Array.isArray(value)) return value.map((item, i) => ({ kind: 'value', key: `[${i}]`, value: item }));
  if (value && typeof value === 'object') return Object.entries(value).map(([key, v]) => ({ kind: 'value', key, value: v }));
  return [];
}

export function activateMatchingStatusView(server: LanguageServer, output: vscode.LogOutputChannel): vscode.Disposable {
  const provider = new MatchingStatusProvider(server, output);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  return vscode.Disposable.from(
    view,
    vscode.commands.registerCommand('driverkit.showMatchingStatus', async () => {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'DriverKit: reading the I/O Registry…' }, () => provider.reload());
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    }),
    vscode.commands.registerCommand('driverkit.matchingStatus.refresh', () => vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => provider.reload())),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (provider.loaded && event.affectsConfiguration(SETTING)) void provider.reload();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (provider.loaded) void provider.reload();
    }),
  );
}
