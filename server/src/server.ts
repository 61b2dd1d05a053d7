/**
 * The DriverKit language server: LSP glue only. Every answer comes from the analyser (Workspace) and
 * the feature modules; this file wires requests and notifications to them. Custom requests and
 * notifications are typed once, in protocol/.
 */
import {
  CodeLensRefreshRequest,
  createConnection,
  ProposedFeatures,
  SemanticTokensRequest,
  TextDocuments,
  TextDocumentSyncKind,
  type CompletionItem,
  type InitializeParams,
  type Location,
  type InitializeResult,
  type SemanticTokens,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { cppParser } from '../../core/model/treeSitter';
import type { SourceFile } from '../../core/model/model';
import { Workspace } from '../../core/workspace/workspace';
import { fileKindOf } from '../../core/model/workspaceFiles';
import { CatalogDocumentRequest } from '../../protocol/catalog';
import { MigrateRequest } from '../../protocol/migrate';
import { DextsRequest } from '../../protocol/dexts';
import { readInitializationOptions, type SigningOptions } from '../../protocol/initializationOptions';
import { configureSigning } from './features/signing';
import { CODE_CACHE_STATUS } from '../../protocol/serverLaunch';
import { catalogDocument } from './features/catalogDocument';
import { migrateToDriverKit } from './features/migrateToDriverKit';
import { FeatureContext } from './features/context';
import { codeActions } from './features/codeActions';
import { completion } from './features/completion';
import { dextCodeLenses } from './features/dextCodeLens';
import { dexts } from './features/dexts';
import { DiagnosticsPublisher } from './features/diagnostics';
import { documentSymbols } from './features/documentSymbols';
import { foldingRanges } from './features/folding';
import { hover } from './features/hover';
import { definition, implementation } from './features/navigation';
import { LEGEND, semanticTokens } from './features/semanticTokens';
import { signatureHelp } from './features/signatureHelp';
import { workspaceSymbols } from './features/workspaceSymbols';
import { hidCodeLenses, hidInlayHints } from './features/hidDescriptors';
import { userClientCodeLenses, userClientDefinition, userClientHover, userClientReferences } from './features/userClientContract';
import { userClientSelectorCompletion } from './features/userClientCompletion';
import { Debouncer } from './util/debouncer';
import { Gate } from './util/gate';
import { UserActivity } from './util/userActivity';
import { WorkspaceIndexing, type IndexingOptions } from './workspaceIndexing';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
/** `driverkit.hid.inlayHints`: a decoded comment on each line of a HID report descriptor. */
let hidInlayHintsOn = true;

interface Server {
  readonly context: FeatureContext;
  readonly diagnostics: DiagnosticsPublisher;
  readonly indexing: WorkspaceIndexing;
}

/** The initial index stands back for 10 ms after each edit or request, so what follows a keystroke finds the thread free. */
const userActivity = new UserActivity(10);
/** After an edit, files other than the edited one may change too (a renamed method); re-check them a little later. */
const recheckOthers = new Debouncer(250, () => void ready.then(({ diagnostics }) => diagnostics.publishAll()));

/** Set by `initialize`; the server is built once both they and the parser are there. */
type ServerOptions = IndexingOptions & { diagnostics: boolean; signing: SigningOptions; trusted: boolean };
let setOptions: (options: ServerOptions) => void = () => undefined;
const options = new Promise<ServerOptions>((resolve) => (setOptions = resolve));
const parserReady = cppParser();
const ready: Promise<Server> = Promise.all([parserReady, options]).then(([parser, settings]) => {
  const context = new FeatureContext(new Workspace(parser));
  configureSigning(context.workspace, settings.signing, settings.trusted);
  const diagnostics = new DiagnosticsPublisher(connection, context);
  diagnostics.enabled = settings.diagnostics;
  const indexing = new WorkspaceIndexing(connection, context, diagnostics, userActivity, () => recheckOthers.trigger(), settings);
  // An app's calls are read once its language's grammar has loaded: their findings are published
  // then, and the dext tables' code lenses (which list the calls) are asked for again.
  context.workspace.contract.onCallsRead(() => {
    recheckOthers.trigger();
    if (settings.refreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  });
  return { context, diagnostics, indexing };
});

/**
 * Start-up work no first answer needs — finding the SDK (which runs xcrun) and indexing the
 * workspace — waits until the editor has had its first answer (the diagnostics of an opened file or
 * a request's reply), a request needs the index, or nothing was asked for a moment after `initialized`.
 */
const startWork = new Gate();
const START_WORK_GRACE_MS = 250;
/**
 * After its first answer, an editor that opened a file asks a burst of follow-up questions
 * (symbols, folding, semantic tokens, code lenses, inlay hints): start-up work (spawning the SDK
 * search, scanning the workspace) waits until none has come for this long, so they are answered first.
 */
const START_WORK_QUIET_MS = 100;
/** ...but no longer than this after the first answer: a user typing at once does not stop the index. */
const START_WORK_MAX_WAIT_MS = 1_000;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  let roots = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (roots.length === 0 && params.rootUri) roots = [URI.parse(params.rootUri).fsPath];
  const init = readInitializationOptions(params.initializationOptions);
  hidInlayHintsOn = init.hidInlayHints;
  setOptions({
    roots,
    excludeFolders: new Set(init.excludeFolders),
    // An untrusted workspace's own settings never choose a path or a command for us.
    sdk: { configuredPath: init.trusted ? init.sdkPath || undefined : undefined, cacheDir: init.cacheDir, allowXcrun: true },
    refreshCodeLenses: params.capabilities.workspace?.codeLens?.refreshSupport === true,
    diagnostics: init.diagnostics,
    signing: init.signing,
    trusted: init.trusted,
  });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: { label: 'DriverKit' },
      workspaceSymbolProvider: true,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      implementationProvider: true,
      foldingRangeProvider: true,
      semanticTokensProvider: { legend: LEGEND, full: true },
      codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
      codeLensProvider: {},
      completionProvider: { triggerCharacters: ['<', '(', ',', ' ', '>', ':'] },
      signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
      inlayHintProvider: true,
    },
    serverInfo: { name: 'DriverKit Language Server' },
  };
});

connection.onInitialized(async () => {
  const cache = (globalThis as Record<symbol, unknown>)[CODE_CACHE_STATUS];
  if (cache && cache !== 'off') connection.console.info(`DriverKit language server: V8 code cache ${cache}.`);
  const { indexing } = await ready;
  await Promise.race([startWork.opened, new Promise((resume) => setTimeout(resume, START_WORK_GRACE_MS))]);
  await userActivity.settled(START_WORK_QUIET_MS, START_WORK_MAX_WAIT_MS);
  await indexing.start(await parserReady);
});

documents.onDidChangeContent(async ({ document }) => {
  userActivity.touch();
  const { context, diagnostics } = await ready;
  const path = context.pathOf(document.uri);
  if (fileKindOf(path) === 'plist') context.workspace.updatePlist(path, document.getText(), true);
  // An app's source: read for its calls into a dext's user client (judged and hovered from the editor's text).
  else if (fileKindOf(path) === 'app') context.workspace.updateApp(path, document.getText());
  else if (!context.workspace.updateOpen(path, document.getText())) return;
  diagnostics.publish(path, true);
  startWork.open();
  recheckOthers.trigger();
});

documents.onDidClose(async ({ document }) => {
  const { context, diagnostics } = await ready;
  const path = context.pathOf(document.uri);
  context.workspace.close(path);
  // Unsaved edits are gone with the editor: the file on disk is the truth again.
  if (document.uri.startsWith('file:')) await context.workspace.updateFromDisk(path);
  else {
    context.workspace.remove(path);
    diagnostics.clear(path);
  }
  recheckOthers.trigger();
});

connection.onDidChangeWatchedFiles(({ changes }) => ready.then(({ indexing }) => indexing.applyChanges(changes)));

/** Runs a feature that also serves property lists (the source model is undefined for those). */
function withAnyFile<T>(uri: string, empty: T, run: (ctx: FeatureContext, path: string, file: SourceFile | undefined) => T): Promise<T> {
  userActivity.touch();
  return ready
    .then(({ context }) => {
      const path = context.pathOf(uri);
      const file = context.workspace.index.file(path);
      return file || context.workspace.plistFile(path) ? run(context, path, file) : empty;
    })
    .finally(() => startWork.open());
}

/** Runs a feature on an app's source the index does not keep (read only for the user-client contract). */
function withAppFile<T>(uri: string, empty: T, run: (ctx: FeatureContext, path: string) => T): Promise<T> {
  return ready.then(({ context }) => {
    const path = context.pathOf(uri);
    return !context.workspace.index.file(path) && context.workspace.contract.text(path) !== undefined ? run(context, path) : empty;
  });
}

/** Runs a feature on an indexed document, or answers `empty` for files we do not analyse. */
function withFile<T>(uri: string, empty: T, run: (ctx: FeatureContext, path: string, file: SourceFile) => T): Promise<T> {
  return withAnyFile(uri, empty, (ctx, path, file) => (file ? run(ctx, path, file) : empty));
}

connection.onDocumentSymbol(({ textDocument }) =>
  withFile(textDocument.uri, [], (ctx, path, file) => documentSymbols(ctx, path, file)),
);
connection.onWorkspaceSymbol(({ query }) => ready.then(({ context }) => workspaceSymbols(context, query)));
connection.onFoldingRanges(({ textDocument }) =>
  withFile(textDocument.uri, [], (ctx, path, file) => foldingRanges(ctx, path, file)),
);
// A file we do not analyse (an app's source, C++ of no dext) gets no answer rather than an empty one:
// VS Code shows one provider's semantic tokens, and an empty answer would hide clangd's or Swift's.
connection.onRequest(SemanticTokensRequest.type, ({ textDocument }) =>
  withFile<SemanticTokens | null>(textDocument.uri, null, (ctx, path, file) => semanticTokens(ctx, path, file)),
);
connection.onHover(({ textDocument, position }) =>
  withAnyFile(textDocument.uri, null, (ctx, path, file) => userClientHover(ctx, path, ctx.offset(path, position) ?? 0) ?? hover(ctx, path, file, ctx.offset(path, position) ?? 0)).then(
    // An app's C or Objective-C source is not indexed: only its IOConnectCall… calls have a hover.
    (found) => found ?? withAppFile(textDocument.uri, null, (ctx, path) => userClientHover(ctx, path, ctx.offset(path, position) ?? 0)),
  ),
);
connection.onDefinition(({ textDocument, position }) =>
  withAnyFile(textDocument.uri, [] as Location[], (ctx, path, file) => {
    const offset = ctx.offset(path, position) ?? 0;
    const toDext = userClientDefinition(ctx, path, offset);
    return toDext.length > 0 || !file ? toDext : definition(ctx, path, file, offset);
  }).then((found) =>
    // An app's C or Objective-C source is not indexed: its IOConnectCall… calls lead to the dext.
    found.length > 0 ? found : withAppFile(textDocument.uri, [] as Location[], (ctx, path) => userClientDefinition(ctx, path, ctx.offset(path, position) ?? 0)),
  ),
);
connection.onReferences(({ textDocument, position }) =>
  withFile(textDocument.uri, [] as Location[], (ctx, path) => userClientReferences(ctx, path, ctx.offset(path, position) ?? 0)),
);
connection.onCompletion(({ textDocument, position }) =>
  withAnyFile(textDocument.uri, null as CompletionItem[] | null, (ctx, path, file) => {
    const offset = ctx.offset(path, position) ?? 0;
    return userClientSelectorCompletion(ctx, path, offset) ?? completion(ctx, path, file, offset);
  }).then(
    // An app's C or Objective-C source is not indexed: only an IOConnectCall…'s selector is completed there.
    (found) => found ?? withAppFile(textDocument.uri, [], (ctx, path) => userClientSelectorCompletion(ctx, path, ctx.offset(path, position) ?? 0) ?? []),
  ),
);
connection.onCodeAction(({ textDocument, range, context }) =>
  withAnyFile(textDocument.uri, [], (ctx, path, file) => codeActions(ctx, path, file, range, context.diagnostics)),
);
connection.onCodeLens(({ textDocument }) =>
  withAnyFile(textDocument.uri, [], (ctx, path, file) => (file ? [...hidCodeLenses(ctx, path), ...userClientCodeLenses(ctx, path)] : dextCodeLenses(ctx, path))),
);
connection.onSignatureHelp(({ textDocument, position }) =>
  withFile(textDocument.uri, null, (ctx, path, file) => signatureHelp(ctx, path, file, ctx.offset(path, position) ?? 0)),
);
connection.onImplementation(({ textDocument, position }) =>
  withFile(textDocument.uri, [], (ctx, path, file) => implementation(ctx, path, file, ctx.offset(path, position) ?? 0)),
);

connection.languages.inlayHint.on(({ textDocument, range }) =>
  withFile(textDocument.uri, [], (ctx, path) => (hidInlayHintsOn ? hidInlayHints(ctx, path, range) : [])),
);

/** Settings the client sends when they change (`driverkit.hid.inlayHints`). */
connection.onDidChangeConfiguration(({ settings }: { settings?: { driverkit?: { hid?: { inlayHints?: unknown } } } }) => {
  const value = settings?.driverkit?.hid?.inlayHints;
  if (typeof value !== 'boolean' || value === hidInlayHintsOn) return;
  hidInlayHintsOn = value;
  void connection.languages.inlayHint.refresh().catch(() => undefined);
});

connection.onRequest(CatalogDocumentRequest, (params) => ready.then(({ context }) => catalogDocument(context, params)));
// The skeleton needs the kext's Info.plist and all its sources: it waits for the initial index.
connection.onRequest(MigrateRequest, (params) =>
  ready.then(async ({ context, indexing }) => {
    await indexing.settledProjects();
    return migrateToDriverKit(context, params);
  }),
);

/** Answered once the initial index is complete and no change from disk is waiting: what the projects say now. */
connection.onRequest(DextsRequest, async (params) => {
  startWork.open();
  const { context, indexing } = await ready;
  return dexts(context, await indexing.settledProjects(), params);
});

connection.onShutdown(async () => {
  recheckOthers.cancel();
  (await ready).context.workspace.dispose();
});

documents.listen(connection);
connection.listen();
