/**
 * Provisioning profiles: find, read and pick among 500 real signed profiles (made once with openssl),
 * cold (a new cache: every file read and its CMS envelope decoded) and warm (the cache holds them:
 * stat only). The pick must be the right profile in every run, or the figure is a failure.
 */
import { chooseProfile } from '../../core/signing/profileChoice';
import { findProfileFiles, ProfileCache } from '../../core/signing/profileDiscovery';
import { ensureProfileFolder, FOLDER_NOW, RIGHT_UUID, TARGET_BUNDLE, TARGET_TEAM } from '../../test/core/signing/support/profileFolder';
import { BenchFailure, emitLatencies } from './support';

const RUNS = 15;

export async function signingFigures(): Promise<void> {
  const folder = await ensureProfileFolder(500);
  const pick = async (cache: ProfileCache): Promise<number> => {
    const started = performance.now();
    const { profiles } = await cache.load(await findProfileFiles([{ path: folder, kind: 'profiles' }]));
    const choice = chooseProfile({ settings: { DEVELOPMENT_TEAM: TARGET_TEAM }, bundleId: TARGET_BUNDLE, profiles, now: FOLDER_NOW });
    const elapsed = performance.now() - started;
    if (choice.profile?.uuid !== RIGHT_UUID) throw new BenchFailure(`picked ${choice.profile?.uuid}: ${choice.reason}`);
    return elapsed;
  };
  await pick(new ProfileCache()); // warms the OS file cache and the JIT; not counted
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) cold.push(await pick(new ProfileCache()));
  const cache = new ProfileCache();
  await pick(cache);
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) warm.push(await pick(cache));
  emitLatencies('profiles_500_read_and_pick_cold', cold, 200);
  emitLatencies('profiles_500_pick_cached', warm, 200);
}
