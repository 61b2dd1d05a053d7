/**
 * Load figures: a 5,000-file workspace, indexed first with nobody typing (index time, RSS after), then
 * by three more servers in turn while the user types. From the moment each is initialized, an open
 * 5,000-line .iig and 20,000-line .cpp get one edit every 50 ms (20 edits/s, alternating files) and
 * a completion request after every other edit, until the initial index ends. Each edit waits for its
 * diagnostics before the next is sent (one at a time, so every publication is the answer to exactly
 * one edit; a late answer delays the next edit rather than piling up).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePair } from '../../test/support/generate';
import { generateWorkspace } from '../../test/support/generateWorkspace';
import { positionOf, type Position } from '../../test/support/lspChecks';
import { uriOf } from '../../test/support/lspClient';
import { BenchFailure, collectClientGarbage, emit, emitLatencies, IndexWatch, note, now, round, rssMegabytes, Session, sleep } from './support';

const FILES = 5_000;
const EDIT_INTERVAL_MS = 50;
/** Edits begin while the index is young; the loop stops at the index's end or after this long. */
const MAX_TYPING_MS = 180_000;
const AFTER_INDEX_EDITS = 200;
/** Servers that index the workspace while the user types, one after the other; their samples are pooled (one indexing gives about 60 edits of each file, too few for a p99). */
const ROUNDS = 3;
/**
 * Edits at the start of typing that are not counted in the latency percentiles, as every other
 * latency figure warms up 10 runs first (the slowest of them is reported on its own).
 */
const WARM_UP_EDITS = 10;

interface Typist {
  readonly path: string;
  readonly at: Position;
  inserted: boolean;
  readonly samples: number[];
}

/** Types one character at `typist.at`, or deletes the one typed last time, and waits for the diagnostics. */
async function typeOnce(session: Session, typist: Typist): Promise<void> {
  const { path, at } = typist;
  const range = { start: at, end: typist.inserted ? { line: at.line, character: at.character + 1 } : at };
  const published = session.client.waitForDiagnostics(path, () => true, 30_000);
  collectClientGarbage();
  const started = now();
  await session.client.change(path, range, typist.inserted ? '' : 'x');
  await session.wait(published, 30_000, `diagnostics after an edit of ${path} during indexing`);
  typist.samples.push(now() - started);
  typist.inserted = !typist.inserted;
}

/**
 * Types at 20 edits/s, alternating the typists, while `more()` holds; `afterEdit` (given the edit's
 * number) runs after each edit's diagnostics. Returns the number of edits.
 */
async function typeAtPace(session: Session, typists: Typist[], more: () => boolean, afterEdit?: (edit: number) => Promise<void>): Promise<number> {
  const started = now();
  let edit = 0;
  for (; more(); edit++) {
    const due = started + edit * EDIT_INTERVAL_MS;
    if (now() < due) await sleep(due - now());
    await typeOnce(session, typists[edit % 2]);
    await afterEdit?.(edit);
  }
  return edit;
}

/** Index time and RSS of a server that only indexes. The target scales the 1,000-file figure's 3 s linearly. */
async function quietIndex(dir: string): Promise<void> {
  const session = await Session.start(dir);
  try {
    const watch = new IndexWatch(session.client.connection);
    const own = await session.wait(watch.logged, MAX_TYPING_MS, `indexing ${FILES} files`);
    emit({ figure: 'workspace_index_5000_files', unit: 'ms', value: own.ms, files: own.files, target: 15_000 });
    const rss = rssMegabytes(session.client.process.pid ?? -1);
    if (rss === undefined) throw new BenchFailure('cannot read VmRSS of the server from /proc');
    emit({ figure: 'server_rss_after_index_5000_files', unit: 'MB', value: round(rss), target: 200 });
  } finally {
    await session.stop();
  }
}

export async function loadFigures(tempDirs: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'driverkit-bench-load-'));
  tempDirs.push(dir);
  const generatedAt = now();
  const ws = generateWorkspace(dir, FILES - 2);
  const pair = generatePair(5_000, 20_000, 'TypedDriver');
  const iigPath = join(dir, 'TypedDriver.iig');
  const cppPath = join(dir, 'TypedDriver.cpp');
  writeFileSync(iigPath, pair.iig);
  writeFileSync(cppPath, pair.cpp);
  note(`load workspace: ${ws.iigFiles.length + ws.cppFiles.length + 2} sources written in ${round(now() - generatedAt)} ms to ${dir}`);
  await quietIndex(dir);

  const typed: TypedRound = { iig: [], cpp: [], completions: [], first: [], warmUp: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    const last = round === ROUNDS;
    await typeWhileIndexing(dir, pair, iigPath, cppPath, typed, last);
  }
}

/** What the rounds of typing while indexing measured, pooled. */
interface TypedRound {
  readonly iig: number[];
  readonly cpp: number[];
  readonly completions: number[];
  /** The first edit of each round, and the other warm-up edits. */
  readonly first: number[];
  readonly warmUp: number[];
}

/**
 * One server indexing the workspace while the user types. Samples go into `typed`; the last round
 * emits the pooled figures and then types as long again once the index is complete.
 */
async function typeWhileIndexing(dir: string, pair: { iig: string; cpp: string }, iigPath: string, cppPath: string, typed: TypedRound, last: boolean): Promise<void> {
  const startedAt = now();
  const session = await Session.start(dir);
  try {
    const watch = new IndexWatch(session.client.connection);
    let indexing = true;
    void watch.ended.then(() => (indexing = false));
    await session.client.open(iigPath, pair.iig);
    await session.client.open(cppPath, pair.cpp);
    const typists: Typist[] = [
      { path: iigPath, at: positionOf(pair.iig, '* @brief   ', 11, pair.iig.length / 2), inserted: false, samples: [] },
      { path: cppPath, at: positionOf(pair.cpp, '    // Step', 7, pair.cpp.length / 2), inserted: false, samples: [] },
    ];
    const completionAt = positionOf(pair.iig, 'public:\n', 'public:\n'.length); // the class body: override completion
    const completions: number[] = [];
    const tick = await typeAtPace(session, typists, () => indexing && now() - startedAt < MAX_TYPING_MS, async (edit) => {
      if (edit % 2 === 0) return;
      collectClientGarbage();
      const asked = now();
      await session.wait(session.client.request('textDocument/completion', { textDocument: { uri: uriOf(iigPath) }, position: completionAt }), 30_000, 'completion during indexing');
      completions.push(now() - asked);
    });
    if (indexing) throw new BenchFailure(`the index of ${FILES} files had not ended after ${MAX_TYPING_MS} ms`);
    const ended = await watch.ended;
    const own = await session.wait(watch.logged, 10_000, 'the "Indexed N files" log line');
    const rss = rssMegabytes(session.client.process.pid ?? -1);
    note(`typed ${tick} edits in ${round(ended - startedAt)} ms of indexing; the server indexed ${own.files} files`);
    if (own.files !== FILES) note(`the server indexed ${own.files} files, expected ${FILES} (build/ must be skipped)`);
    // The first edits also pay for compiling the edit path (every other latency figure warms up first);
    // they are reported on their own instead of being hidden in the p99.
    typed.first.push(typists[0].samples[0] ?? NaN);
    typed.warmUp.push(...typists.flatMap((t) => t.samples.slice(1, WARM_UP_EDITS)));
    typed.iig.push(...typists[0].samples.slice(WARM_UP_EDITS));
    typed.cpp.push(...typists[1].samples.slice(WARM_UP_EDITS));
    typed.completions.push(...completions.slice(WARM_UP_EDITS));
    if (!last) return;
    emit({ figure: 'first_edit_to_diagnostics_iig_5k_while_indexing_5000', unit: 'ms', value: round(Math.max(...typed.first)), rounds: ROUNDS, target: null });
    emit({ figure: 'slowest_warm_up_edit_to_diagnostics_while_indexing_5000', unit: 'ms', value: round(Math.max(...typed.warmUp)), edits: typed.warmUp.length, target: null });
    emitLatencies('edit_to_diagnostics_iig_5k_while_indexing_5000', typed.iig, 20);
    emitLatencies('edit_to_diagnostics_cpp_20k_while_indexing_5000', typed.cpp, 20);
    emitLatencies('completion_iig_5k_while_indexing_5000', typed.completions, 10);
    // The same typing once the index is complete, in the same 5,000-file workspace, for comparison.
    await sleep(500); // lets the debounced re-check of other files after the last edit pass
    for (const typist of typists) typist.samples.length = 0;
    let edits = 0;
    await typeAtPace(session, typists, () => edits++ < AFTER_INDEX_EDITS);
    emitLatencies('edit_to_diagnostics_iig_5k_after_indexing_5000', typists[0].samples, 20);
    emitLatencies('edit_to_diagnostics_cpp_20k_after_indexing_5000', typists[1].samples, 20);
    emit({ figure: 'workspace_index_5000_files_while_typing', unit: 'ms', value: own.ms, files: own.files, wall: round(ended - startedAt), target: 15_000 });
    if (rss === undefined) throw new BenchFailure('cannot read VmRSS of the server from /proc');
    emit({ figure: 'server_rss_after_index_5000_files_while_typing', unit: 'MB', value: round(rss), target: 200 });
  } finally {
    await session.stop();
  }
}
