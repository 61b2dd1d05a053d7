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
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { cppParser } from './analysis/treeSitter';
import { Workspace } from './analysis/workspace';
import { isInSkippedFolder } from './analysis/workspaceFiles';
import { FeatureContext } from './features/context';
import { completion } from './features/completion';
import { DiagnosticsPublisher } from './features/diagnostics';
import { documentSymbols } from './features/documentSymbols';
import { foldingRanges } from './features/folding';
import { hover } from './features/hover';
import { definition, implementation } from './features/navigation';
import { LEGEND, semanticTokens } from './features/semanticTokens';
import { signatureHelp } from './features/signatureHelp';
import { workspaceSymbols } from './features/workspaceSymbols';
import { Debouncer } from './util/debouncer';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let context: FeatureContext | undefined;
let diagnostics: DiagnosticsPublisher | undefined;
let roots: string[] = [];
let excludeFolders: ReadonlySet<string> = new Set();
const ready = cppParser().then((parser) => {
  context = new FeatureContext(new Workspace(parser));
  diagnostics = new DiagnosticsPublisher(connection, context);
  return context;
});

/** After an edit, files other than the edited one may change too (a renamed method); re-check them a little later. */
const recheckOthers = new Debouncer(250, () => diagnostics?.publishAll());

connection.onInitialize((params: InitializeParams): InitializeResult => {
  roots = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (roots.length === 0 && params.rootUri) roots = [URI.parse(params.rootUri).fsPath];
  const options = params.initializationOptions as { diagnostics?: boolean; excludeFolders?: string[] } | undefined;
  excludeFolders = new Set(options?.excludeFolders?.filter((f) => typeof f === 'string') ?? []);
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
      completionProvider: { triggerCharacters: ['<', '(', ',', ' ', '>', ':'] },
      signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
    },
    serverInfo: { name: 'DriverKit Language Server' },
  };
});

connection.onInitialized(async () => {
  const ctx = await ready;
  if (roots.length === 0) return;
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('DriverKit', 0, 'Indexing DriverKit sources…', false);
  const started = Date.now();
  const count = await ctx.workspace.scan(roots, excludeFolders, (done, total) => {
    if (done % 50 === 0 || done === total) progress?.report(Math.round((done / total) * 100), `${done}/${total} files`);
  });
  progress?.done();
  connection.console.info(`Indexed ${count} DriverKit source files in ${Date.now() - started} ms.`);
  diagnostics?.publishAll();
});

documents.onDidChangeContent(async ({ document }) => {
  const ctx = await ready;
  const path = ctx.pathOf(document.uri);
  if (!ctx.workspace.updateOpen(path, document.getText())) return;
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

connection.onDidChangeWatchedFiles(async ({ changes }) => {
  const ctx = await ready;
  for (const change of changes) {
    const path = ctx.pathOf(change.uri);
    if (isInSkippedFolder(path, roots, excludeFolders)) continue;
    if (change.type === FileChangeType.Deleted) {
      ctx.workspace.remove(path);
      diagnostics?.clear(path);
    } else {
      await ctx.workspace.updateFromDisk(path);
    }
  }
  recheckOthers.trigger();
});

/** Runs a feature on an indexed document, or answers `empty` for files we do not analyse. */
function withFile<T>(uri: string, empty: T, run: (ctx: FeatureContext, path: string) => T): Promise<T> {
  return ready.then((ctx) => {
    const path = ctx.pathOf(uri);
    return ctx.workspace.index.file(path) ? run(ctx, path) : empty;
  });
}

connection.onDocumentSymbol(({ textDocument }) =>
  withFile(textDocument.uri, [], (ctx, path) => documentSymbols(ctx, path, ctx.workspace.index.file(path)!)),
);
connection.onWorkspaceSymbol(({ query }) => ready.then((ctx) => workspaceSymbols(ctx, query)));
connection.onFoldingRanges(({ textDocument }) =>
  withFile(textDocument.uri, [], (ctx, path) => foldingRanges(ctx, path, ctx.workspace.index.file(path)!)),
);
connection.languages.semanticTokens.on(({ textDocument }) =>
  withFile(textDocument.uri, { data: [] }, (ctx, path) => semanticTokens(ctx, path, ctx.workspace.index.file(path)!)),
);
connection.onHover(({ textDocument, position }) =>
  withFile(textDocument.uri, null, (ctx, path) => hover(ctx, path, ctx.workspace.index.file(path)!, ctx.offset(path, position) ?? 0)),
);
connection.onDefinition(({ textDocument, position }) =>
  withFile(textDocument.uri, [], (ctx, path) => definition(ctx, path, ctx.workspace.index.file(path)!, ctx.offset(path, position) ?? 0)),
);
connection.onCompletion(({ textDocument, position }) =>
  withFile(textDocument.uri, [], (ctx, path) => completion(ctx, path, ctx.workspace.index.file(path)!, ctx.offset(path, position) ?? 0)),
);
connection.onSignatureHelp(({ textDocument, position }) =>
  withFile(textDocument.uri, null, (ctx, path) => signatureHelp(ctx, path, ctx.workspace.index.file(path)!, ctx.offset(path, position) ?? 0)),
);
connection.onImplementation(({ textDocument, position }) =>
  withFile(textDocument.uri, [], (ctx, path) => implementation(ctx, path, ctx.workspace.index.file(path)!, ctx.offset(path, position) ?? 0)),
);

connection.onShutdown(async () => {
  recheckOthers.cancel();
  (await ready).workspace.dispose();
});

documents.listen(connection);
connection.listen();
