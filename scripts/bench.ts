/**
 * Benchmarks of the DriverKit language server, measured through a real LSP client over stdio
 * (npm run bench, after npm run build).
 *
 * stdout carries one JSON line per figure and nothing else:
 *   {"figure":"edit_to_diagnostics_cpp_20k","unit":"ms","p50":1.2,"p99":3.4,"runs":200,"target":20}
 * (p50/p99 for latencies, `value` for single figures). Human notes go to stderr. Targets are printed
 * beside each figure, never asserted: the exit status is non-zero only when something fails (the
 * server crashes, a wait times out).
 *
 * BENCH_SERVER_NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") adds node flags to the server
 * started for the workspace-index figure, and LSP_SERVER_NODE_FLAGS to the others, for profiling.
 * BENCH_ONLY=<words> runs only the groups whose name contains them (e.g. BENCH_ONLY=load).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { generatePair } from '../test/support/generate';
import { generateWorkspace } from '../test/support/generateWorkspace';
import { fixture, nodeFlagsFrom, SERVER, uriOf } from '../test/support/lspClient';
import { intellisenseFigures, sdkIndexFigures } from './bench/intellisense';
import { debugFigures } from './bench/debug';
import { earlyAttachFigures } from './bench/earlyAttach';
import { signingFigures } from './bench/signing';
import { loadFigures } from './bench/load';
import { plistFigures } from './bench/plist';
import { hidFigures } from './bench/hid';
import { userClientFigures } from './bench/userClient';
import { BenchFailure, collectClientGarbage, crashOf, emit, emitLatencies, guard, IndexWatch, killAndWait, live, note, now, round, rssMegabytes, Session, sleep } from './bench/support';

// ---------------------------------------------------------------------------------------------
// Figures

const COLD_START_RUNS = 15;
const EDIT_WARMUP = 10;
const EDIT_RUNS = 200;
const SYMBOL_WARMUP = 10;
const SYMBOL_RUNS = 200;
const WORKSPACE_FILES = 1000;

async function coldStart(): Promise<void> {
  const root = fixture('usb-interface');
  const path = join(root, 'BulkPipeDriver.iig');
  const text = readFileSync(path, 'utf8');
  const once = async (): Promise<number> => {
    const started = now();
    const session = await Session.start(root);
    try {
      const first = session.client.waitForDiagnostics(path, () => true, 10_000);
      await session.client.open(path, text);
      await session.wait(first, 10_000, 'first diagnostics after didOpen');
      return now() - started;
    } finally {
      await session.stop();
    }
  };
  await once(); // warms the OS file cache; not counted
  const samples: number[] = [];
  for (let i = 0; i < COLD_START_RUNS; i++) samples.push(await once());
  emitLatencies('cold_start', samples, 300);
}

interface EditSite {
  readonly line: number;
  readonly character: number;
  readonly what: string;
}

/** The first line at or after the middle of `text` matching `pattern`; the site is `offset` into the match. */
function siteNearMiddle(text: string, pattern: RegExp, offset: number, what: string): EditSite {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  for (let k = 0; k < lines.length; k++) {
    const line = (middle + k) % lines.length;
    const m = pattern.exec(lines[line]);
    if (m) return { line, character: m.index + offset, what };
  }
  throw new BenchFailure(`no edit site for ${what}`);
}

async function editLatency(session: Session, figure: string, path: string, sites: readonly EditSite[]): Promise<void> {
  const { client } = session;
  const samples: number[] = [];
  // Runs come in pairs (insert 'x', then delete it) so the text returns to the original; the pairs
  // alternate between the sites (a comment, an identifier).
  for (let run = 0; run < EDIT_WARMUP + EDIT_RUNS; run++) {
    const site = sites[Math.floor(run / 2) % sites.length];
    const insert = run % 2 === 0;
    const start = { line: site.line, character: site.character };
    const range = { start, end: insert ? start : { line: site.line, character: site.character + 1 } };
    const published = client.waitForDiagnostics(path, () => true, 10_000);
    collectClientGarbage();
    const started = now();
    await client.change(path, range, insert ? 'x' : '');
    const diagnostics = await session.wait(published, 10_000, `${figure}: diagnostics after edit ${run} (${site.what})`);
    const elapsed = now() - started;
    if (run >= EDIT_WARMUP) samples.push(elapsed);
    if (diagnostics.length > 0 && run === EDIT_WARMUP) note(`${figure}: ${diagnostics.length} diagnostics after an edit (expected 0): ${JSON.stringify(diagnostics[0])}`);
  }
  emitLatencies(figure, samples, 20);
}

async function symbolLatency(session: Session, figure: string, path: string): Promise<void> {
  const samples: number[] = [];
  let count = 0;
  for (let run = 0; run < SYMBOL_WARMUP + SYMBOL_RUNS; run++) {
    collectClientGarbage();
    const started = now();
    const symbols = await session.wait(
      session.client.request<{ children?: unknown[] }[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(path) } }),
      10_000,
      `${figure}: documentSymbol ${run}`,
    );
    const elapsed = now() - started;
    if (run >= SYMBOL_WARMUP) samples.push(elapsed);
    count = symbols.reduce((n, s) => n + 1 + (s.children?.length ?? 0), 0);
  }
  note(`${figure}: ${count} symbols per answer`);
  emitLatencies(figure, samples, 10);
}

async function editingFigures(tempDirs: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'driverkit-bench-edit-'));
  tempDirs.push(dir);
  const pair = generatePair(5_000, 20_000, 'BigDriver');
  const iigPath = join(dir, 'BigDriver.iig');
  const cppPath = join(dir, 'BigDriver.cpp');
  writeFileSync(iigPath, pair.iig);
  writeFileSync(cppPath, pair.cpp);
  note(`edit pair: ${pair.methods.length} methods, ${pair.iig.split('\n').length - 1} + ${pair.cpp.split('\n').length - 1} lines in ${dir}`);

  const session = await Session.start(dir);
  try {
    const watch = new IndexWatch(session.client.connection);
    await session.wait(watch.ended, 30_000, 'indexing of the edit workspace');
    for (const path of [iigPath, cppPath]) {
      const first = session.client.waitForDiagnostics(path, () => true, 30_000);
      await session.client.open(path, path === iigPath ? pair.iig : pair.cpp);
      const diagnostics = await session.wait(first, 30_000, `diagnostics after opening ${path}`);
      if (diagnostics.length > 0) note(`${path}: ${diagnostics.length} diagnostics on open (expected 0): ${JSON.stringify(diagnostics[0])}`);
    }
    await sleep(500); // let the server's debounced re-check of other files pass

    await editLatency(session, 'edit_to_diagnostics_iig_5k', iigPath, [
      siteNearMiddle(pair.iig, /\* @brief {3}/, 11, 'doc comment'),
      siteNearMiddle(pair.iig, /\(uint32_t value/, 12, 'parameter name'),
    ]);
    await editLatency(session, 'edit_to_diagnostics_cpp_20k', cppPath, [
      siteNearMiddle(pair.cpp, /^ {4}\/\/ Step/, 7, 'comment'),
      siteNearMiddle(pair.cpp, /^ {4}uint64_t sum = /, 14, 'local variable'),
    ]);
    await sleep(500);
    await symbolLatency(session, 'document_symbols_iig_5k', iigPath);
    await symbolLatency(session, 'document_symbols_cpp_20k', cppPath);
    await intellisenseFigures(session, iigPath, pair.iig);
  } finally {
    await session.stop();
  }
}

/** Starts a server by hand (LspClient sends `initialized` at once) so the time from `initialized` is exact. */
async function workspaceIndexFigures(tempDirs: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'driverkit-bench-ws-'));
  tempDirs.push(dir);
  const generatedAt = now();
  const ws = generateWorkspace(dir, WORKSPACE_FILES);
  note(`workspace: ${ws.iigFiles.length} .iig + ${ws.cppFiles.length} .cpp (+ ${ws.skippedFiles.length} sources under build/) written in ${round(now() - generatedAt)} ms to ${dir}`);

  const child = spawn(process.execPath, [...nodeFlagsFrom('BENCH_SERVER_NODE_FLAGS'), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let stopping = false;
  const crashed = crashOf(child, () => stopping, () => stderr);
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const watch = new IndexWatch(connection);
  connection.onNotification('textDocument/publishDiagnostics', () => undefined);
  connection.listen();
  try {
    await guard(
      connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: uriOf(dir),
        workspaceFolders: [{ uri: uriOf(dir), name: 'bench' }],
        capabilities: { window: { workDoneProgress: true } },
      }),
      20_000,
      'initialize (workspace)',
      crashed,
    );
    const started = now();
    await connection.sendNotification('initialized', {});
    const ended = await guard(watch.ended, 120_000, `indexing ${WORKSPACE_FILES} files`, crashed);
    const rss = child.pid !== undefined ? rssMegabytes(child.pid) : undefined;
    emit({ figure: 'workspace_index_1000_files', unit: 'ms', value: round(ended - started), target: 3000 });
    const own = await guard(watch.logged, 10_000, 'the "Indexed N files" log line', crashed);
    emit({ figure: 'workspace_index_1000_files_server_log', unit: 'ms', value: own.ms, files: own.files, target: 3000 });
    if (own.files !== WORKSPACE_FILES) note(`the server indexed ${own.files} files, expected ${WORKSPACE_FILES} (build/ must be skipped)`);
    if (rss === undefined) throw new BenchFailure(`cannot read VmRSS of the server (pid ${child.pid}) from /proc`);
    emit({ figure: 'server_rss_after_index', unit: 'MB', value: round(rss), target: 200 });
  } finally {
    stopping = true;
    await guard(connection.sendRequest('shutdown'), 5_000, 'shutdown').catch(() => undefined);
    await connection.sendNotification('exit').catch(() => undefined);
    connection.dispose();
    await killAndWait(child);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  if (!existsSync(SERVER)) {
    note(`${SERVER} is missing: run npm run build first`);
    return 2;
  }
  const watchdog = setTimeout(() => {
    note('the whole benchmark took over 20 minutes; giving up');
    process.exit(3); // the 'exit' handler kills every server
  }, 20 * 60_000);
  watchdog.unref();

  const tempDirs: string[] = [];
  let failures = 0;
  const figures: [string, () => Promise<void>][] = [
    ['cold_start', coldStart],
    ['editing (edit_to_diagnostics_*, document_symbols_*, completion_*, hover_*)', () => editingFigures(tempDirs)],
    ['installed SDK index (sdk_index_*)', () => sdkIndexFigures(tempDirs)],
    ['Info.plist (edit_to_diagnostics_info_plist_2k)', () => plistFigures(tempDirs)],
    ['HID descriptors (hid_decode_and_check_5k, edit_to_diagnostics_hid_5k, edit_to_diagnostics_hid_5k_server_cpu, inlay_hints_hid_5k, hover_hid_5k)', () => hidFigures(tempDirs)],
    ['user-client contract (contract_check_5k, contract_first_read_5k, edit_to_diagnostics_userclient_5k)', () => userClientFigures(tempDirs)],
    ['debugger (attach_to_stopped_*, relay_added_latency_*)', () => debugFigures(tempDirs)],
    ['early attach (exec_to_stopped_in_start_*)', () => earlyAttachFigures(tempDirs)],
    ['provisioning profiles (profiles_500_*)', signingFigures],
    ['workspace index (workspace_index_1000_files, server_rss_after_index)', () => workspaceIndexFigures(tempDirs)],
    ['load (workspace_index_5000_files*, edit_to_diagnostics_*_while_indexing_5000, completion_iig_5k_while_indexing_5000, server_rss_after_index_5000_files*)', () => loadFigures(tempDirs)],
  ];
  try {
    const only = process.env.BENCH_ONLY;
    for (const [name, run] of figures.filter(([name]) => !only || name.includes(only))) {
      const started = now();
      try {
        await run();
        note(`${name}: done in ${round((now() - started) / 1000)} s`);
      } catch (error) {
        failures++;
        note(`${name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // Should a handle linger, do not hang: stdout is flushed by then.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error) => {
    note(`bench crashed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  },
);
