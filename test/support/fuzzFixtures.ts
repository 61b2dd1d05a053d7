/**
 * The mutation fuzz loop shared by the source and property-list fuzz files: every fixture project is
 * copied to a temporary folder and scanned once; each run then overwrites one of its files with a
 * mutated copy of the original and checks the project again.
 */
import fc from 'fast-check';
import { FUZZ_SEED, FuzzProject } from './fuzzHarness';
import type { FuzzStats } from './fuzzTiming';
import { fixtureFiles, mutate, mutations } from './fuzzMutate';

export interface MutationRun {
  readonly stats: FuzzStats;
  /** Which fixture files (path inside their project) are mutated. */
  readonly wanted: (relative: string) => boolean;
  /** Tokens dropped in by the `insert` mutation. */
  readonly tokens: fc.Arbitrary<string>;
  readonly runs: number;
  readonly label: string;
}

export async function fuzzFixtures({ stats, wanted, tokens, runs, label }: MutationRun): Promise<void> {
  const targets = await fixtureFiles(wanted);
  // Splices take their tail from any fixture: a .cpp spliced into an Info.plist is a fine input too.
  const donors = (await fixtureFiles(() => true)).map((f) => f.bytes);
  const projects = new Map<string, FuzzProject>();
  try {
    for (const project of new Set(targets.map((t) => t.project))) projects.set(project, await FuzzProject.create(stats, {}, project));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: targets.length - 1 }), mutations(tokens), async (which, steps) => {
        const target = targets[which];
        await projects.get(target.project)!.input(target.relative, mutate(target.bytes, steps, donors), `${label}-${++run}`);
      }),
      { seed: FUZZ_SEED, numRuns: runs },
    );
  } finally {
    for (const project of projects.values()) project.dispose();
  }
}
