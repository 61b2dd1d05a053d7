/**
 * Generated .iig and .cpp files (token soup and plausible class/implementation pairs) through the
 * model, every rule and the CLI's in-process path: no exception, no hang, every position inside the text.
 */
import { after, test } from 'node:test';
import fc from 'fast-check';
import { FUZZ_SEED, FuzzProject, runsFor } from '../support/fuzzHarness';
import { FuzzStats } from '../support/fuzzTiming';
import { classPair, tokenSoup } from '../support/fuzzSources';

/** Each run writes one .iig and one .cpp: two inputs. */
const RUNS = Math.ceil(runsFor(0.3) / 2);
const stats = new FuzzStats();
let project: FuzzProject | undefined;

after(() => project?.dispose());

test(`generated .iig/.cpp sources never crash, hang or report outside the text (${RUNS * 2} inputs)`, async (t) => {
  project = await FuzzProject.create(stats);
  const files = fc.oneof(
    classPair,
    fc.record({ iig: tokenSoup, cpp: tokenSoup }),
    fc.record({ iig: classPair.map((p) => p.iig), cpp: tokenSoup }),
    fc.record({ iig: tokenSoup, cpp: classPair.map((p) => p.cpp) }),
  );
  let run = 0;
  await fc.assert(
    fc.asyncProperty(files, async ({ iig, cpp }) => {
      run++;
      await project!.input('FuzzDriver.iig', iig, `generated-${run}`);
      await project!.input('FuzzDriver.cpp', cpp, `generated-${run}`);
    }),
    { seed: FUZZ_SEED, numRuns: RUNS },
  );
  t.diagnostic(stats.summary('generated sources', FUZZ_SEED));
});
