/**
 * How long one fuzz input took, split into the C++ parser's share (tree-sitter, a dependency) and
 * ours (masking, extraction, every rule, reporting), and the counts each fuzz file prints.
 *
 * The hang bound is INPUT_BUDGET_MS of CPU time for our share: CPU time, because the test runner
 * shares the machine with other test files (CI with a browser too), so wall time measures the
 * neighbours as much as us. The parser's share is bounded by the product's own guard instead: a
 * parse is abandoned after a budget of work (parseBudget, counted in the parser's progress
 * callbacks, never in time), since tree-sitter's error recovery is superlinear on a few kinds of
 * garbage (see parserBudget.test.ts). Wall time is bounded only loosely, to catch waits that burn no
 * CPU (a hang), never to judge speed on a busy machine.
 */
import { Parser } from 'web-tree-sitter';
import { loadCppLanguage } from '../../core/model/treeSitter';

export const INPUT_BUDGET_MS = 200;
/** A wait this long on one input is a hang whatever the machine is doing. */
export const WALL_BUDGET_MS = 60_000;

/** Milliseconds of one input: CPU time of this process, wall time, and the parser's share of each. */
export interface Timing {
  readonly cpu: number;
  readonly wall: number;
  readonly parseCpu: number;
  readonly parseWall: number;
}

/** CPU time spent in our code. */
export const ours = (t: Timing): number => t.cpu - t.parseCpu;

export const overBudget = (t: Timing): boolean => ours(t) > INPUT_BUDGET_MS || t.wall > WALL_BUDGET_MS;

/**
 * Over the bound when judged against `baseline` (the same project checked with the file empty,
 * measured at the same moment): a saturated machine or a heap late in a long run makes every
 * instruction dearer, the baseline as much as the input, so the input may cost the bound plus a few
 * baselines. A blow-up (quadratic work, a hang) costs far more than that; a 741-byte input that took
 * 234–287 ms against a 75 ms baseline on a saturated machine took 20–30 ms alone.
 */
export const overBudgetOver = (t: Timing, baseline: Timing): boolean => ours(t) > INPUT_BUDGET_MS + 3 * ours(baseline) || t.wall > WALL_BUDGET_MS;

export function describe(t: Timing): string {
  return `${ours(t).toFixed(0)} ms CPU in our code, ${t.parseWall.toFixed(0)} ms in the parser, ${t.wall.toFixed(0)} ms wall (bounds ${INPUT_BUDGET_MS} ms of our CPU, ${WALL_BUDGET_MS} ms wall)`;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const inParser = { cpu: 0, wall: 0 };
let timedParser: Promise<Parser> | undefined;

/** A C++ parser of the fuzz files' own, whose parse calls are timed. */
export function fuzzParser(): Promise<Parser> {
  timedParser ??= loadCppLanguage().then((language) => {
    const parser = new Parser();
    parser.setLanguage(language);
    const parse = parser.parse.bind(parser);
    parser.parse = (...args: Parameters<Parser['parse']>) => {
      const [cpu, wall] = [cpuMs(), performance.now()];
      try {
        return parse(...args);
      } finally {
        inParser.cpu += cpuMs() - cpu;
        inParser.wall += performance.now() - wall;
      }
    };
    return parser;
  });
  return timedParser;
}

/** Starts timing; the returned function gives the time since. */
export function startTiming(): () => Timing {
  const start = { cpu: cpuMs(), wall: performance.now(), parseCpu: inParser.cpu, parseWall: inParser.wall };
  return () => ({ cpu: cpuMs() - start.cpu, wall: performance.now() - start.wall, parseCpu: inParser.cpu - start.parseCpu, parseWall: inParser.wall - start.parseWall });
}

export type InputKind = 'iig' | 'cpp' | 'Info.plist' | 'entitlements';

/** Counts and timings of one fuzz file, printed as its summary. */
export class FuzzStats {
  readonly counts = new Map<InputKind, number>();
  /** The slowest input by each measure, with its label. */
  readonly slowest = { total: { ms: 0, input: '' }, ours: { ms: 0, input: '' }, parser: { ms: 0, input: '' }, wall: { ms: 0, input: '' } };
  /** Inputs over a bound on the first measurement that were within it when measured again (GC, a cold JIT). */
  remeasured = 0;
  /** Inputs whose parse the budget cut off (file.too-complex). */
  cutOff = 0;
  /** Inputs over INPUT_BUDGET_MS counting the parser's time too (all of them in the parser, or they would fail). */
  overBudgetWithParser = 0;
  private readonly started = performance.now();

  record(kind: InputKind, time: Timing, label: string, tooComplex = false): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const measures = { total: time.cpu, ours: ours(time), parser: time.parseWall, wall: time.wall };
    for (const [name, ms] of Object.entries(measures) as [keyof typeof measures, number][]) {
      if (ms > this.slowest[name].ms) this.slowest[name] = { ms, input: label };
    }
    if (tooComplex) this.cutOff++;
    if (time.cpu > INPUT_BUDGET_MS) this.overBudgetWithParser++;
  }

  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  summary(name: string, seed: number): string {
    const kinds = [...this.counts].map(([kind, n]) => `${kind} ${n}`).join(', ');
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    const slowest = Object.entries(this.slowest)
      .map(([measure, { ms, input }]) => `${measure} ${ms.toFixed(1)} ms (${input})`)
      .join(', ');
    return `${name}: seed ${seed}, ${this.total} inputs (${kinds}) in ${seconds} s; slowest input: ${slowest}; re-measured ${this.remeasured}; over ${INPUT_BUDGET_MS} ms with the parser's time ${this.overBudgetWithParser}, parses cut off by the budget ${this.cutOff}`;
  }
}
