/**
 * For the peer benchmark (peers.ts): finding clangd, starting either server behind the same LSP
 * client, and the side-by-side figures (pure, unit-tested in test/bench/peerFigures.test.ts).
 */
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { LspClient, nodeFlagsFrom, productLaunch, SERVER, uriOf } from '../../test/support/lspClient';
import { BenchFailure, benchCodeCache, note, percentile, round, Session } from './support';

// ---------------------------------------------------------------------------------------------
// The two servers

export type PeerName = 'ours' | 'clangd';

export interface PeerCommand {
  readonly name: PeerName;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** The places scripts/install-clangd.sh looks too, in the same order. */
export function clangdCandidates(env: NodeJS.ProcessEnv): string[] {
  return [env.DRIVERKIT_CLANGD, '/usr/bin/clangd-19', '/usr/lib/llvm-19/bin/clangd'].filter((c): c is string => !!c);
}

export function findClangd(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return clangdCandidates(env).find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const CLANGD_MISSING = [
  'clangd is not installed, so there is nothing to compare with.',
  'Install it with `sudo bash scripts/install-clangd.sh` (Debian/Ubuntu: `sudo apt-get install clangd-19`),',
  'or point DRIVERKIT_CLANGD at a clangd binary.',
].join('\n');

export async function clangdVersion(path: string): Promise<string> {
  const { stdout } = await promisify(execFile)(path, ['--version'], { timeout: 10_000 });
  return stdout.split('\n')[0].trim();
}

/** Ours as the extension starts it (productLaunch): with its code cache (benchCodeCache) and environment. */
export function ourCommand(): PeerCommand {
  const launch = productLaunch(benchCodeCache());
  return { name: 'ours', command: process.execPath, args: [...nodeFlagsFrom('LSP_SERVER_NODE_FLAGS'), SERVER, '--stdio', ...(launch.args ?? [])], env: launch.env };
}

/**
 * clangd as a user without us gets it: no project configuration (`--enable-config=false`, and an
 * empty compile-commands folder so a compile_commands.json generated elsewhere is not picked up),
 * hence its fallback flags; no background index; errors-only logging so its stderr stays small.
 */
export function clangdCommand(path: string, emptyDir: string): PeerCommand {
  return {
    name: 'clangd',
    command: path,
    args: ['--background-index=false', '--enable-config=false', `--compile-commands-dir=${emptyDir}`, '--log=error', '--pretty=false'],
  };
}

/** The same client capabilities for both servers (hierarchical symbols, markdown hover, snippets). */
export function initializeParams(roots: readonly string[]): Record<string, unknown> {
  return {
    processId: process.pid,
    rootUri: uriOf(roots[0]),
    workspaceFolders: roots.map((root) => ({ uri: uriOf(root), name: basename(root) })),
    capabilities: {
      window: { workDoneProgress: true },
      textDocument: {
        synchronization: { didSave: false },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        publishDiagnostics: { relatedInformation: true },
      },
    },
  };
}

export interface Peer {
  readonly name: PeerName;
  readonly session: Session;
}

/**
 * Spawns `peer` and initializes it. Both servers sit behind the very same LspClient and Session the
 * other benchmarks use, so the client's own cost is identical on both sides.
 */
export async function startPeer(peer: PeerCommand, roots: readonly string[], cwd: string): Promise<Peer> {
  const child = spawn(peer.command, [...peer.args], { stdio: ['pipe', 'pipe', 'pipe'], cwd, ...(peer.env ? { env: peer.env } : {}) });
  child.once('error', (error) => note(`${peer.name}: ${error.message}`)); // reported as a crash by Session
  const client = LspClient.attach(child);
  const session = Session.attach(client);
  try {
    await session.wait(client.request('initialize', initializeParams(roots)), 20_000, `${peer.name}: initialize`);
    await client.connection.sendNotification('initialized', {});
  } catch (error) {
    await session.stop();
    throw error;
  }
  return { name: peer.name, session };
}

/** Whether an answer carries something (items, symbols, hover text): a null or an empty list does not. */
export function answered(result: unknown): boolean {
  if (result === null || result === undefined) return false;
  if (typeof result === 'string') return result.trim().length > 0;
  if (Array.isArray(result)) return result.some(answered);
  if (typeof result !== 'object') return true;
  const { items, contents, value } = result as { items?: unknown; contents?: unknown; value?: unknown };
  if (items !== undefined) return answered(items); // a CompletionList
  if (contents !== undefined) return answered(contents); // a Hover
  if (value !== undefined) return answered(value); // a MarkupContent or MarkedString
  return true; // a completion item, a symbol
}

// ---------------------------------------------------------------------------------------------
// Figures

/** ours / clangd's, to 4 decimals (ratios far below 0.01 are expected); null when clangd's is 0. */
export function ratioOf(ours: number, theirs: number): number | null {
  return theirs > 0 ? Math.round((ours / theirs) * 1e4) / 1e4 : null;
}

/** A type, not an interface, so that it passes as emit()'s Record<string, unknown>. */
export type PeerFigure = {
  readonly figure: string;
  readonly unit: 'ms';
  readonly ours_p50: number;
  readonly ours_p99: number;
  readonly clangd_p50: number;
  readonly clangd_p99: number;
  readonly ratio_p50: number | null;
  readonly ratio_p99: number | null;
  readonly runs: number;
  /** Largest acceptable ratio_p99, or null when the figure has none. */
  readonly target: number | null;
  readonly met?: boolean;
};

/** p50/p99 (nearest rank) of both servers' samples, their ratio, and whether the p99 ratio meets `target`. */
export function peerFigure(figure: string, ours: readonly number[], clangd: readonly number[], target?: number): PeerFigure {
  if (ours.length === 0 || clangd.length === 0) throw new BenchFailure(`${figure}: no samples (ours ${ours.length}, clangd ${clangd.length})`);
  const stats = (samples: readonly number[]): { p50: number; p99: number } => {
    const sorted = [...samples].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const a = stats(ours);
  const b = stats(clangd);
  const ratio99 = ratioOf(a.p99, b.p99);
  return {
    figure,
    unit: 'ms',
    ours_p50: round(a.p50),
    ours_p99: round(a.p99),
    clangd_p50: round(b.p50),
    clangd_p99: round(b.p99),
    ratio_p50: ratioOf(a.p50, b.p50),
    ratio_p99: ratio99,
    runs: Math.min(ours.length, clangd.length),
    target: target ?? null,
    ...(target === undefined ? {} : { met: ratio99 !== null && a.p99 <= target * b.p99 }),
  };
}

/** Error-severity diagnostics per file (one count per file, same files in the same order for both); the target is none from us. */
export function errorFigure(ours: readonly number[], clangd: readonly number[]): Record<string, unknown> {
  const total = (counts: readonly number[]): number => counts.reduce((a, b) => a + b, 0);
  const withErrors = (counts: readonly number[]): number => counts.filter((n) => n > 0).length;
  return {
    figure: 'peers.error_diagnostics',
    unit: 'count',
    files: ours.length,
    ours: total(ours),
    clangd: total(clangd),
    ours_files_with_errors: withErrors(ours),
    clangd_files_with_errors: withErrors(clangd),
    target: 0,
    met: total(ours) === 0,
  };
}
