/** Mutated copies of every fixture .iig and .cpp through the model, every rule and the CLI's in-process path. */
import { test } from 'node:test';
import { FUZZ_SEED, runsFor } from '../support/fuzzHarness';
import { FuzzStats } from '../support/fuzzTiming';
import { fuzzFixtures } from '../support/fuzzFixtures';
import { sourceToken } from '../support/fuzzSources';

const RUNS = runsFor(0.3);

test(`mutated fixture sources never crash, hang or report outside the text (${RUNS} inputs)`, async (t) => {
  const stats = new FuzzStats();
  await fuzzFixtures({ stats, wanted: (p) => /\.(iig|cpp)$/.test(p), tokens: sourceToken, runs: RUNS, label: 'mutated-source' });
  t.diagnostic(stats.summary('mutated sources', FUZZ_SEED));
});
