/**
 * Our language server side by side with Debian's clangd on our DriverKit fixtures, in one run on one
 * machine (npm run bench:peers). Both servers are started together and asked the same questions at
 * the same positions. Latencies are measured in blocks, one server at a time, in the order ours,
 * clangd, clangd, ours: each answers with the machine to itself (clangd's threads keep working after
 * it answers, and on two cores that work landed in our sub-millisecond answers when the two were
 * asked in turns), and drift over the run falls on both alike. Figures go to stdout as JSON lines
 * (see peerFigure); notes, including clangd's first error messages, to stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ResponseError } from 'vscode-languageserver-protocol/node';
import { fixture, uriOf } from '../../test/support/lspClient';
import { applyEdit, cppProbes, iigProbes, ioServiceEdit, type Probe, type ProbeEdit, type ProbeKind } from './peersSites';
import { answered, clangdCommand, errorFigure, ourCommand, peerFigure, startPeer, type Peer, type PeerCommand, type PeerName } from './peersSupport';
import { BenchFailure, collectClientGarbage, emit, note, now, percentile, round, rssMegabytes, sleep } from './support';

/** The fixtures that are valid DriverKit code (not test/fixtures/broken), one workspace folder each. */
export const PEER_ROOTS = [
  fixture('hid-keyboard'),
  fixture('usb-interface'),
  fixture('user-client'),
  resolve(__dirname, '..', '..', 'examples', 'SampleDriver'),
];

const MIN_RUNS = 500; // per request kind and server (a p99 needs hundreds); rounded up to whole passes over the probes
const STARTUP_RUNS = 10;
const REQUEST_TIMEOUT = 20_000;
const DIAGNOSTICS_TIMEOUT = 60_000;
/** After every file's first diagnostics: time for re-checks (ours debounces 250 ms) to arrive. */
const SETTLE_MS = 1_500;
const COMPLETION_TARGET = 0.2;

interface SourceText {
  readonly path: string;
  readonly text: string;
}

function sources(): SourceText[] {
  return PEER_ROOTS.flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.(iig|cpp)$/.test(name))
      .sort()
      .map((name) => ({ path: join(root, name), text: readFileSync(join(root, name), 'utf8') })),
  );
}

/** A user without us has .iig files open as C++ in clangd; ours knows them as `iig`. */
const languageOf = (peer: PeerName, path: string): string => (peer === 'ours' && path.endsWith('.iig') ? 'iig' : 'cpp');

/** The two in turns, the first one switching every run so neither always follows the other. */
const inTurn = <T>(pair: readonly T[], run: number): readonly T[] => (run % 2 === 0 ? pair : [...pair].reverse());

interface Answer {
  readonly result?: unknown;
  /** The server's error response: clangd answers "invalid AST" about a file it could not parse at all. */
  readonly refused?: string;
}

/** One request, bounded in time; an error response is an answer (without content), a timeout or a crash a failure. */
async function ask(peer: Peer, probe: Probe): Promise<Answer> {
  const textDocument = { uri: uriOf(probe.path) };
  const params = probe.position ? { textDocument, position: probe.position } : { textDocument };
  const request = peer.session.client.request(`textDocument/${probe.kind}`, params);
  try {
    return { result: await peer.session.wait(request, REQUEST_TIMEOUT, `${peer.name}: ${probe.kind} (${probe.what}) in ${basename(probe.path)}`) };
  } catch (error) {
    if (error instanceof ResponseError) return { refused: error.message };
    throw error;
  }
}

/** initialize → initialized → didOpen → the first documentSymbol answer, each server started fresh. */
async function startupFigure(commands: readonly PeerCommand[], file: SourceText, cwd: string): Promise<void> {
  const samples: Record<PeerName, number[]> = { ours: [], clangd: [] };
  for (let run = 0; run <= STARTUP_RUNS; run++) {
    for (const command of inTurn(commands, run)) {
      const started = now();
      const peer = await startPeer(command, PEER_ROOTS, cwd);
      try {
        await peer.session.client.open(file.path, file.text, languageOf(peer.name, file.path));
        await ask(peer, { kind: 'documentSymbol', path: file.path, what: 'first answer' });
        if (run > 0) samples[peer.name].push(now() - started); // run 0 warms the OS file cache
      } finally {
        await peer.session.stop();
      }
    }
  }
  emit(peerFigure('peers.startup', samples.ours, samples.clangd));
  // What node itself costs before any of our code runs: started as the server is (its environment),
  // running nothing. It bounds how close to clangd a server written for node can start.
  const bare: number[] = [];
  for (let run = 0; run <= STARTUP_RUNS; run++) {
    const started = now();
    await new Promise<void>((done, fail) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore', env: ourCommand().env }).once('exit', () => done()).once('error', fail));
    if (run > 0) bare.push(now() - started);
  }
  const sorted = (v: readonly number[]): number[] => [...v].sort((a, b) => a - b);
  const nodeP50 = percentile(sorted(bare), 50);
  const clangdP50 = percentile(sorted(samples.clangd), 50);
  emit({ figure: 'peers.startup_runtime_floor', unit: 'ms', node_empty_p50: round(nodeP50), clangd_first_answer_p50: round(clangdP50), ratio_p50: round(nodeP50 / clangdP50), runs: bare.length });
}

/** Opens every file in both servers and counts, per file, the Error diagnostics each one publishes. */
async function openAndCountErrors(peers: readonly Peer[], files: readonly SourceText[]): Promise<void> {
  const first: Promise<unknown>[] = [];
  for (const [k, file] of files.entries()) {
    for (const peer of inTurn(peers, k)) {
      const published = peer.session.client.waitForDiagnostics(file.path, () => true, DIAGNOSTICS_TIMEOUT);
      first.push(peer.session.wait(published, DIAGNOSTICS_TIMEOUT, `${peer.name}: diagnostics of ${file.path}`));
      await peer.session.client.open(file.path, file.text, languageOf(peer.name, file.path));
    }
  }
  await Promise.all(first);
  await sleep(SETTLE_MS);
  const counts: Record<PeerName, number[]> = { ours: [], clangd: [] };
  for (const peer of peers) {
    const firsts: string[] = []; // the first two of each file, to show their variety
    for (const file of files) {
      const errors = (peer.session.client.diagnostics.get(uriOf(file.path)) ?? []).filter((d) => d.severity === 1);
      counts[peer.name].push(errors.length);
      firsts.push(...errors.slice(0, 2).map((d) => `${basename(file.path)}:${d.range.start.line + 1}: ${d.message.split('\n')[0]} (${errors.length} in the file)`));
    }
    if (firsts.length > 0) note(`${peer.name}: errors on valid DriverKit code, the first two of each file:\n    ${firsts.join('\n    ')}`);
  }
  emit(errorFigure(counts.ours, counts.clangd));
}

/** Types the same text into the same file of both servers and waits for both to re-check it. */
async function applyToBoth(peers: readonly Peer[], edit: ProbeEdit): Promise<void> {
  await Promise.all(
    peers.map(async (peer) => {
      const published = peer.session.client.waitForDiagnostics(edit.path, () => true, DIAGNOSTICS_TIMEOUT);
      await peer.session.client.change(edit.path, { start: edit.at, end: edit.at }, edit.insert);
      await peer.session.wait(published, DIAGNOSTICS_TIMEOUT, `${peer.name}: diagnostics after typing in ${edit.path}`);
    }),
  );
}

interface Tally {
  readonly samples: number[];
  answered: number;
  refused: number;
  refusal?: string;
}

interface Measured {
  readonly peer: PeerName;
  readonly ms: number;
  readonly what: string;
  readonly run: number;
}

/**
 * Sends the probes to each server: one unmeasured pass each, then at least MIN_RUNS measured requests
 * each, in blocks of whole passes over the probes, the servers in the order A B B A.
 */
async function compare(peers: readonly Peer[], probes: readonly Probe[], figure: string, target?: number): Promise<void> {
  if (probes.length === 0) throw new BenchFailure(`${figure}: no probes found in the fixtures`);
  const tallies = new Map<string, Tally>(); // by server, and by server and probe description
  const tally = (key: string): Tally => tallies.get(key) ?? tallies.set(key, { samples: [], answered: 0, refused: 0 }).get(key)!;
  const perBlock = Math.ceil(MIN_RUNS / 2 / probes.length) * probes.length;
  const measured: Measured[] = [];
  for (const peer of peers) for (const probe of probes) await ask(peer, probe);
  const blocks = [...peers, ...[...peers].reverse()];
  for (const [block, peer] of blocks.entries()) {
    for (let k = 0; k < perBlock; k++) {
      const probe = probes[k % probes.length];
      collectClientGarbage();
      const started = now();
      const answer = await ask(peer, probe);
      const elapsed = now() - started;
      measured.push({ peer: peer.name, ms: elapsed, what: probe.what, run: Math.floor(block / peers.length) * perBlock + k });
      for (const t of [tally(peer.name), tally(`${peer.name}\t${probe.what}`)]) {
        t.samples.push(elapsed);
        if (answer.refused === undefined && answered(answer.result)) t.answered++;
        if (answer.refused !== undefined) {
          t.refused++;
          t.refusal ??= answer.refused;
        }
      }
    }
  }
  const share = (t: Tally): number => round(t.answered / t.samples.length);
  emit({ ...peerFigure(figure, tally('ours').samples, tally('clangd').samples, target), ours_answered: share(tally('ours')), clangd_answered: share(tally('clangd')) });
  noteBreakdown(figure, peers, probes, measured, tally);
}

/** To stderr: each server's slowest requests (what makes its p99), and p50 and answers per kind of place. */
function noteBreakdown(figure: string, peers: readonly Peer[], probes: readonly Probe[], measured: readonly Measured[], tally: (key: string) => Tally): void {
  const slowest = [...measured].sort((a, b) => b.ms - a.ms);
  for (const peer of peers) {
    const mine = slowest.filter((s) => s.peer === peer.name).slice(0, 3);
    note(`${figure} ${peer.name}: slowest ${mine.map((s) => `${round(s.ms)} ms (${s.what}, run ${s.run})`).join(', ')}`);
  }
  for (const what of new Set(probes.map((p) => p.what))) {
    const line = peers.map((peer) => {
      const t = tally(`${peer.name}\t${what}`);
      const refused = t.refused > 0 ? ` (${t.refused} error responses: "${t.refusal}")` : '';
      return `${peer.name} p50 ${round(percentile([...t.samples].sort((a, b) => a - b), 50))} ms, answered ${t.answered}/${t.samples.length}${refused}`;
    });
    note(`${figure} ${what}: ${line.join('; ')}`);
  }
}

const ofKind = (probes: readonly Probe[], kind: ProbeKind): Probe[] => probes.filter((p) => p.kind === kind);

/** Start-up, then one run with both servers: error diagnostics, symbols, hover, completion, memory. */
export async function peerFigures(clangdPath: string): Promise<void> {
  const emptyDir = mkdtempSync(join(tmpdir(), 'driverkit-bench-peers-'));
  const commands = [ourCommand(), clangdCommand(clangdPath, emptyDir)];
  const files = sources();
  note(`${files.length} files: ${files.map((f) => basename(f.path)).join(', ')}`);
  const peers: Peer[] = [];
  try {
    await startupFigure(commands, files.find((f) => f.path.endsWith('.cpp')) ?? files[0], emptyDir);
    if (process.env.BENCH_ONLY === 'startup') return;
    for (const command of commands) peers.push(await startPeer(command, PEER_ROOTS, emptyDir));
    await openAndCountErrors(peers, files);

    const pristine = files.flatMap((f) => (f.path.endsWith('.iig') ? iigProbes(f.path, f.text) : cppProbes(f.path, f.text)));
    await compare(peers, ofKind(pristine, 'documentSymbol'), 'peers.document_symbols');
    await compare(peers, ofKind(pristine, 'hover'), 'peers.hover');

    // The fixtures never write `IOService::`; type it into each .cpp (both servers) to complete after it.
    const completionProbes: Probe[] = [];
    for (const file of files) {
      const edit = file.path.endsWith('.cpp') ? ioServiceEdit(file.path, file.text) : undefined;
      if (edit) await applyToBoth(peers, edit);
      const text = edit ? applyEdit(file.text, edit) : file.text;
      completionProbes.push(...ofKind(file.path.endsWith('.iig') ? iigProbes(file.path, text) : cppProbes(file.path, text), 'completion'));
    }
    await sleep(SETTLE_MS);
    await compare(peers, completionProbes, 'peers.completion', COMPLETION_TARGET);

    const rss = Object.fromEntries(peers.map((p) => [p.name, p.session.client.process.pid === undefined ? undefined : rssMegabytes(p.session.client.process.pid)]));
    if (rss.ours === undefined || rss.clangd === undefined) throw new BenchFailure('cannot read VmRSS of the servers from /proc');
    emit({ figure: 'peers.rss', unit: 'MB', ours: round(rss.ours), clangd: round(rss.clangd), ratio: round(rss.ours / rss.clangd) });
  } finally {
    for (const peer of peers) await peer.session.stop();
    rmSync(emptyDir, { recursive: true, force: true });
  }
}
