/**
 * Keeps the analyser in step with the disk: the installed SDK and the initial index of the workspace
 * folders — work no first answer needs, so the server starts it once the editor has had one — then
 * every batch of watched-file changes, applied in the order they happened.
 */
import { releaseGarbage } from './releaseGarbage';
import { CodeLensRefreshRequest, FileChangeType, type Connection, type FileEvent } from 'vscode-languageserver';
import type { Parser } from 'web-tree-sitter';
import { isInSkippedFolder } from '../../core/model/workspaceFiles';
import { readDextBuildSettings, type DextBuildSettings } from '../../core/workspace/dextBuildSettings';
import type { FeatureContext } from './features/context';
import type { DiagnosticsPublisher } from './features/diagnostics';
import { loadInstalledSdk, type SdkOptions } from './features/installedSdk';
import { logProfiles, reloadProfiles, touchesSigning } from './features/signing';
import { Gate } from './util/gate';
import { SerialQueue } from './util/serialQueue';
import type { UserActivity } from './util/userActivity';

export interface IndexingOptions {
  readonly roots: readonly string[];
  readonly excludeFolders: ReadonlySet<string>;
  readonly sdk: SdkOptions;
  /** The client re-asks for code lenses when told to (LSP `workspace/codeLens/refresh`). */
  readonly refreshCodeLenses: boolean;
}

export class WorkspaceIndexing {
  /**
   * The initial index and every batch of watched-file changes touch the index from disk one at a
   * time, in order. Were two batches applied at once, a path deleted in one and written again in the
   * next could end up missing (the older batch's delete landing last), and a batch could race the index.
   */
  private readonly diskWork = new SerialQueue();
  private readonly indexed = new Gate();
  private projects: Promise<DextBuildSettings[]> = Promise.resolve([]);

  constructor(
    private readonly connection: Connection,
    private readonly context: FeatureContext,
    private readonly diagnostics: DiagnosticsPublisher,
    private readonly userActivity: UserActivity,
    /** Re-checks every file a little after a change (a renamed method changes other files' findings). */
    private readonly recheckOthers: () => void,
    private readonly options: IndexingOptions,
  ) {}

  /** Finds and indexes the SDK, then indexes the workspace folders; the initial index stands back while the user types. */
  async start(parser: Parser): Promise<void> {
    const { connection, context, options } = this;
    await loadInstalledSdk(connection, context, parser, options.sdk).catch((error: unknown) =>
      connection.console.warn(`The DriverKit SDK could not be indexed: ${error instanceof Error ? error.message : String(error)}`),
    );
    if (options.roots.length > 0) {
      await this.diskWork.run(async () => {
        const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
        progress?.begin('DriverKit', 0, 'Indexing DriverKit sources…', false);
        const started = Date.now();
        const count = await context.workspace.scan(
          options.roots,
          options.excludeFolders,
          (done, total) => {
            if (done % 50 === 0 || done === total) progress?.report(Math.round((done / total) * 100), `${done}/${total} files`);
          },
          () => this.userActivity.settled(),
        );
        this.projects = readDextBuildSettings(options.roots);
        // Reading thousands of files (and the keystrokes meanwhile) left garbage the heap grew for.
        releaseGarbage();
        progress?.done();
        connection.console.info(`Indexed ${count} DriverKit source files in ${Date.now() - started} ms.`);
        logProfiles(context.workspace, connection);
      }, this.warnFailure('indexing the workspace'));
    }
    this.indexed.open();
    // Also after a failed scan: what was read is all there is, and the editor must hear something.
    void this.diagnostics.indexed();
    // Code lenses asked for before the projects were read may have missed a dext: ask again.
    if (options.refreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  /** A batch of watched-file changes, applied after everything before it. */
  applyChanges(changes: readonly FileEvent[]): Promise<void> {
    return this.diskWork.run(() => this.apply(changes), this.warnFailure('applying changed files'));
  }

  /** The projects' dext build settings, once the initial index is complete and no change from disk is waiting. */
  async settledProjects(): Promise<readonly DextBuildSettings[]> {
    await this.indexed.opened;
    await this.diskWork.idle();
    return this.projects;
  }

  /** Only a path's last event in a batch counts, and the projects are re-read once however many changed. */
  private async apply(changes: readonly FileEvent[]): Promise<void> {
    const { context, diagnostics, options } = this;
    const last = new Map<string, FileChangeType>();
    for (const change of changes) last.set(context.pathOf(change.uri), change.type);
    let projectsChanged = false;
    let signingChanged = false;
    for (const [path, type] of last) {
      // Profiles and built bundles under build/ are read by the signing checks, skipped folders or not.
      if (touchesSigning(path)) signingChanged = true;
      if (isInSkippedFolder(path, options.roots, options.excludeFolders)) continue;
      if (/(project\.pbxproj|\.xcconfig)$/.test(path)) projectsChanged = true;
      else if (type === FileChangeType.Deleted) {
        context.workspace.remove(path);
        diagnostics.clear(path);
      } else if (!(await context.workspace.updateFromDisk(path))) diagnostics.clear(path);
    }
    if (projectsChanged) {
      await context.workspace.loadProjects(options.roots);
      this.projects = readDextBuildSettings(options.roots);
    }
    if (signingChanged) await reloadProfiles(context.workspace, options.roots, this.connection);
    this.recheckOthers();
  }

  private warnFailure(what: string): (error: unknown) => void {
    return (error) => this.connection.console.warn(`DriverKit: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
