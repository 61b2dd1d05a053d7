/**
 * Bench: find, read and pick among 500 real signed profiles, cold (a new cache: every file read and
 * decoded) and warm (the cache holds them: stat only). One JSON line per figure on stdout, targets
 * printed beside the figure, never asserted.
 *   node --import tsx test/core/signing/profilePick.bench.ts
 */
import { chooseProfile } from '../../../core/signing/profileChoice';
import { findProfileFiles, ProfileCache } from '../../../core/signing/profileDiscovery';
import { ensureProfileFolder, FOLDER_NOW, RIGHT_UUID, TARGET_BUNDLE, TARGET_TEAM } from './support/profileFolder';

const RUNS = 15;

async function main(): Promise<void> {
  const folder = await ensureProfileFolder(500);
  const pick = async (cache: ProfileCache): Promise<number> => {
    const started = performance.now();
    const { profiles } = await cache.load(await findProfileFiles([{ path: folder, kind: 'profiles' }]));
    const choice = chooseProfile({ settings: { DEVELOPMENT_TEAM: TARGET_TEAM }, bundleId: TARGET_BUNDLE, profiles, now: FOLDER_NOW });
    const elapsed = performance.now() - started;
    if (choice.profile?.uuid !== RIGHT_UUID) throw new Error(`picked ${choice.profile?.uuid}: ${choice.reason}`);
    return elapsed;
  };
  await pick(new ProfileCache()); // warms the OS file cache and the JIT; not counted
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) cold.push(await pick(new ProfileCache()));
  const cache = new ProfileCache();
  await pick(cache);
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) warm.push(await pick(cache));
  emit('profiles_500_read_and_pick_cold', cold, 200);
  emit('profiles_500_pick_cached', warm, 200);
}

function emit(figure: string, samples: number[], target: number): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
  process.stdout.write(`${JSON.stringify({ figure, unit: 'ms', p50: at(0.5), p99: at(0.99), runs: samples.length, target })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
