/**
 * The DriverKit language server: LSP glue only. Every answer comes from the analyser (Workspace) and
 * the feature modules; this file wires requests and notifications to them.
 */
import {
  createConnection,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { cppParser } from '../../core/model/treeSitter';
import type { SourceFile } from '../../core/model/model';
import { Workspace } from '../../core/workspace/workspace';
import { classNameOfCatalogUri, renderClass } from '../../core/sdk/catalogDocument';
import { fileKindOf, isInSkippedFolder } from '../../core/model/workspaceFiles';
import { FeatureContext } from './features/context';
import { codeActions } from './features/codeActions';
import { completion } from './features/completion';
import { DiagnosticsPublisher } from './features/diagnostics';
import { documentSymbols } from './features/documentSymbols';
import { foldingRanges } from './features/folding';
import { hover } from './features/hover';
import { loadInstalledSdk } from './features/installedSdk';
import { definition, implementation } from './features/navigation';
import { LEGEND, semanticTokens } from './features/semanticTokens';
import { signatureHelp } from './features/signatureHelp';
import { workspaceSymbols } from './features/workspaceSymbols';
import { Debouncer } from './util/debouncer';
import { SerialQueue } from './util/serialQueue';
import { UserActivity } from './util/userActivity';

const connection = createConnection(ProposedFeatures.all);
const CATALOG_DOCUMENT_REQUEST = 'driverkit/catalogDocument';
const documents = new TextDocuments(TextDocument);
let context: FeatureContext | undefined;
let diagnostics: DiagnosticsPublisher | undefined;
let roots: string[] = [];
let excludeFolders: ReadonlySet<string> = new Set();
let sdkOptions: { configuredPath?: string; cacheDir?: string; allowXcrun: boolean } = { allowXcrun: true };
const parserReady = cppParser();
const ready = parserReady.then((parser) => {
  context = new FeatureContext(new Workspace(parser));
  diagnostics = new DiagnosticsPublisher(connection, context);
  return context;
});

/** After an edit, files other than the edited one may change too (a renamed method); re-check them a little later. */
const recheckOthers = new Debouncer(250, () => void diagnostics?.publishAll());

/**
 * The initial index and every batch of watched-file changes touch the index from disk one at a time,
 * in order. Were two batches applied at once, a path deleted in one and written again in the next
 * could end up missing (the older batch's delete landing last), and a batch could race the index.
 */
const diskWork = new SerialQueue();

/** The initial index stands back for 10 ms after each edit or request, so what follows a keystroke finds the thread free. */
const userActivity = new UserActivity(10);
const warnFailure = (what: string) => (error: unknown): void =>
  connection.console.warn(`DriverKit: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);

connection.onInitialize((params: InitializeParams): InitializeResult => {
  roots = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (roots.length === 0 && params.rootUri) roots = [URI.parse(params.rootUri).fsPath];
  const options = params.initializationOptions as
    | { diagnostics?: boolean; excludeFolders?: string[]; sdkPath?: string; cacheDir?: string; trusted?: boolean }
    | undefined;
  excludeFolders = new Set(options?.excludeFolders?.filter((f) => typeof f === 'string') ?? []);
  // An untrusted workspace's own settings never choose a path or a command for us.
  const trusted = options?.trusted !== false;
  sdkOptions = { configuredPath: trusted ? options?.sdkPath || undefined : undefined, cacheDir: options?.cacheDir, allowXcrun: true };
  void ready.then(() => {
    if (diagnostics && options?.diagnostics === false) diagnostics.enabled = false;
  });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: { label: 'DriverKit' },
      workspaceSymbolProvider: true,
      hoverProvider: true,
      definitionProvider: true,
      implementationProvider: true,
      foldingRangeProvider: true,
      semanticTokensProvider: { legend: LEGEND, full: true },
      codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
      completionProvider: { triggerCharacters: ['<', '(', ',', ' ', '>', ':'] },
      signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
    },
    serverInfo: { name: 'DriverKit Language Server' },
  };
});

connection.onInitialized(async () => {
  const ctx = await ready;
  await loadInstalledSdk(connection, ctx, await parserReady, sdkOptions).catch((error: unknown) =>
    connection.console.warn(`The DriverKit SDK could not be indexed: ${error instanceof Error ? error.message : String(error)}`),
  );
  if (roots.length === 0) {
    void diagnostics?.indexed();
    return;
  }
  await diskWork.run(async () => {
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('DriverKit', 0, 'Indexing DriverKit sources…', false);
    const started = Date.now();
    const count = await ctx.workspace.scan(
      roots,
      excludeFolders,
      (done, total) => {
        if (done % 50 === 0 || done === total) progress?.report(Math.round((done / total) * 100), `${done}/${total} files`);
      },
      () => userActivity.settled(),
    );
    progress?.done();
    connection.console.info(`Indexed ${count} DriverKit source files in ${Date.now() - started} ms.`);
  }, warnFailure('indexing the workspace'));
  // Also after a failed scan: what was read is all there is, and the editor must hear something.
  void diagnostics?.indexed();
});

documents.onDidChangeContent(async ({ document }) => {
  userActivity.touch();
  const ctx = await ready;
  const path = ctx.pathOf(document.uri);
  if (fileKindOf(path) === 'plist') ctx.workspace.updatePlist(path, document.getText(), true);
  else if (!ctx.workspace.updateOpen(path, document.getText())) return;
  diagnostics?.publish(path, true);
  recheckOthers.trigger();
});

documents.onDidClose(async ({ document }) => {
  const ctx = await ready;
  const path = ctx.pathOf(document.uri);
  ctx.workspace.close(path);
  // Unsaved edits are gone with the editor: the file on disk is the truth again.
  if (document.uri.startsWith('file:')) await ctx.workspace.updateFromDisk(path);
  else {
    ctx.workspace.remove(path);
    diagnostics?.clear(path);
  }
  recheckOthers.trigger();
});

/** Only a path's last event in a batch counts, and the projects are re-read once however many changed. */
async function applyWatchedChanges(ctx: FeatureContext, changes: readonly FileEvent[]): Promise<void> {
  const last = new Map<string, FileChangeType>();
  for (const change of changes) last.set(ctx.pathOf(change.uri), change.type);
  let projectsChanged = false;
  for (const [path, type] of last) {
    if (isInSkippedFolder(path, roots, excludeFolders)) continue;
    if (/(project\.pbxproj|\.xcconfig)$/.test(path)) projectsChanged = true;
    else if (type === FileChangeType.Deleted) {
      ctx.workspace.remove(path);
      diagnostics?.clear(path);
    } else if (!(await ctx.workspace.updateFromDisk(path))) diagnostics?.clear(path);
  }
  if (projectsChanged) await ctx.workspace.loadProjects(roots);
  recheckOthers.trigger();
}

connection.onDidChangeWatchedFiles(({ changes }) =>
  diskWork.run(async () => applyWatchedChanges(await ready, changes), warnFailure('applying changed files')),
);

/** Runs a feature that also serves property lists (the source model is undefined for those). */
function withAnyFile<T>(uri: string, empty: T, run: (ctx: FeatureContext, path: string, file: SourceFile | undefined) => T): Promise<T> {
  userActivity.touch();
  return ready.then((ctx) => {
    const path = ctx.pathOf(uri);
    const file = ctx.workspace.index.file(path);
    return file || ctx.workspace.plistFile(path) ? run(ctx, path, file) : empty;
  });
}

/** Runs a feature on an indexed document, or answers `empty` for files we do not analyse. */
function withFile<T>(uri: string, empty: T, run: (ctx: FeatureContext, path: string, file: SourceFile) => T): Promise<T> {
  userActivity.touch();
  return ready.then((ctx) => {
    const path = ctx.pathOf(uri);
    const file = ctx.workspace.index.file(path);
    return file ? run(ctx, path, file) : empty;
  });
}

connection.onDocumentSymbol(({ textDocument }) =>
  withFile(textDocument.uri, [], (ctx, path, file) => documentSymbols(ctx, path, file)),
);
connection.onWorkspaceSymbol(({ query }) => ready.then((ctx) => workspaceSymbols(ctx, query)));
connection.onFoldingRanges(({ textDocument }) =>
  withFile(textDocument.uri, [], (ctx, path, file) => foldingRanges(ctx, path, file)),
);
connection.languages.semanticTokens.on(({ textDocument }) =>
  withFile(textDocument.uri, { data: [] }, (ctx, path, file) => semanticTokens(ctx, path, file)),
);
connection.onHover(({ textDocument, position }) =>
  withAnyFile(textDocument.uri, null, (ctx, path, file) => hover(ctx, path, file, ctx.offset(path, position) ?? 0)),
);
connection.onDefinition(({ textDocument, position }) =>
  withFile(textDocument.uri, [], (ctx, path, file) => definition(ctx, path, file, ctx.offset(path, position) ?? 0)),
);
connection.onCompletion(({ textDocument, position }) =>
  withAnyFile(textDocument.uri, [], (ctx, path, file) => completion(ctx, path, file, ctx.offset(path, position) ?? 0)),
);
connection.onCodeAction(({ textDocument, range, context }) =>
  withAnyFile(textDocument.uri, [], (ctx, path, file) => codeActions(ctx, path, file, range, context.diagnostics)),
);
connection.onSignatureHelp(({ textDocument, position }) =>
  withFile(textDocument.uri, null, (ctx, path, file) => signatureHelp(ctx, path, file, ctx.offset(path, position) ?? 0)),
);
connection.onImplementation(({ textDocument, position }) =>
  withFile(textDocument.uri, [], (ctx, path, file) => implementation(ctx, path, file, ctx.offset(path, position) ?? 0)),
);

/** The text of a catalog class rendered for "go to definition" (the client shows it read-only). */
connection.onRequest(CATALOG_DOCUMENT_REQUEST, async ({ uri }: { uri: string }) => {
  const ctx = await ready;
  const name = classNameOfCatalogUri(uri);
  const cls = name ? ctx.workspace.catalog.classNamed(name) : undefined;
  return cls ? renderClass(cls).text : `// ${uri}: no such class in the DriverKit catalog.\n`;
});

connection.onShutdown(async () => {
  recheckOthers.cancel();
  (await ready).workspace.dispose();
});

documents.listen(connection);
connection.listen();
