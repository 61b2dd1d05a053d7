/**
 * Our completion's own work, in process and without the LSP pipe: the same places the peer benchmark
 * asks about (peersSites.ts), on the same fixtures. Tells what of the latency a client sees is ours
 * and what is transport and scheduling.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { complete } from '../../core/intellisense/completion';
import { Workspace } from '../../core/workspace/workspace';
import { LineIndex } from '../../core/util/lineIndex';
import { sharedParser } from '../../test/support/analysis';
import { cppProbes, iigProbes } from './peersSites';
import { emit, now, percentile } from './support';

const RUNS = 500;
const WARM_UP = 50;

export async function completionComputeFigure(roots: readonly string[]): Promise<void> {
  const workspace = new Workspace(await sharedParser());
  await workspace.scan(roots);
  const calls: Array<() => unknown> = [];
  for (const root of roots) {
    for (const name of readdirSync(root, { recursive: true }).map(String)) {
      const path = join(root, name);
      const probes = name.endsWith('.iig') ? iigProbes : name.endsWith('.cpp') ? cppProbes : undefined;
      if (!probes) continue;
      const text = readFileSync(path, 'utf8');
      const file = workspace.index.file(path);
      if (!file) continue;
      const lines = LineIndex.of(text);
      for (const probe of probes(path, text)) {
        if (probe.kind !== 'completion' || !probe.position) continue;
        const offset = lines.offset(probe.position);
        calls.push(() => complete({ text, code: workspace.code(path) ?? '', offset, file, index: workspace.index, catalog: workspace.catalog }));
      }
    }
  }
  const samples: number[] = [];
  for (let run = 0; run < WARM_UP + RUNS; run++) {
    const call = calls[run % calls.length];
    const started = now();
    call();
    if (run >= WARM_UP) samples.push(now() - started);
  }
  const sorted = samples.sort((a, b) => a - b);
  // Three decimals: these are hundredths of a millisecond. No target: it explains peers.completion.
  const ms = (p: number): number => Math.round(percentile(sorted, p) * 1000) / 1000;
  emit({ figure: 'peers.completion_ours_in_process', unit: 'ms', p50: ms(50), p99: ms(99), runs: sorted.length, places: calls.length, target: null });
}
