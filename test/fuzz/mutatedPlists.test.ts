/** Mutated copies of every fixture Info.plist and .entitlements through the plist parser, every rule and the CLI's in-process path. */
import { test } from 'node:test';
import { FUZZ_SEED, runsFor } from '../support/fuzzHarness';
import { FuzzStats } from '../support/fuzzTiming';
import { fuzzFixtures } from '../support/fuzzFixtures';
import { plistToken } from '../support/fuzzPlists';

const RUNS = runsFor(0.2);

test(`mutated fixture Info.plists and entitlements never crash, hang or report outside the text (${RUNS} inputs)`, async (t) => {
  const stats = new FuzzStats();
  await fuzzFixtures({ stats, wanted: (p) => /\.(plist|entitlements)$/.test(p), tokens: plistToken, runs: RUNS, label: 'mutated-plist' });
  t.diagnostic(stats.summary('mutated plists', FUZZ_SEED));
});
