/**
 * Byte-level mutation of our fixture files: bit flips, byte overwrites, deletions, duplicated ranges,
 * truncation, splicing with another fixture and dropping in vocabulary tokens. Mutations are drawn by
 * fast-check, so a run is reproducible from its seed and a failure shrinks to few mutations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { findSourceFiles } from '../../core/model/workspaceFiles';

export type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'byte'; readonly at: number; readonly value: number }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly length: number; readonly to: number; readonly times: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'splice'; readonly donor: number; readonly at: number; readonly donorAt: number }
  | { readonly op: 'insert'; readonly at: number; readonly text: string };

/** Bytes that matter to UTF-8 decoding, C++ and XML: NUL, lead/continuation bytes, brackets, quotes. */
const INTERESTING_BYTES = [0x00, 0xff, 0xfe, 0xc0, 0xc3, 0xe2, 0xf0, 0xf4, 0x80, 0xbf, 0x0a, 0x0d, 0x3c, 0x3e, 0x26, 0x7b, 0x7d, 0x28, 0x29, 0x22, 0x27, 0x2f, 0x2a, 0x23, 0x5c, 0x3b];

/**
 * Results past this size are cut. Our code's worst linear cost is about 1.5-2 µs per character (a file
 * of nothing but unknown attributes, one finding per word), so larger inputs would measure throughput
 * against the 200 ms bound rather than find hangs; badInput.test.ts covers files up to the 4 MB limit.
 */
const MAX_MUTATED_BYTES = 128 * 1024;

const at = fc.nat();
const length = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 16 }) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 512 }) }, { weight: 1, arbitrary: fc.nat() });

export function mutations(tokens: fc.Arbitrary<string>): fc.Arbitrary<Mutation[]> {
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('flip' as const), at, bit: fc.nat({ max: 7 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('byte' as const), at, value: fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.nat({ max: 255 })) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at, length }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at, length, to: at, times: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 40 })) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('splice' as const), donor: fc.nat(), at, donorAt: at }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at, text: tokens }) },
  );
  return fc.array(mutation, { minLength: 1, maxLength: 8 });
}

/** Applies the mutations in order; offsets wrap around the current length. */
export function mutate(original: Uint8Array, steps: readonly Mutation[], donors: readonly Uint8Array[]): Buffer {
  let bytes = Buffer.from(original);
  for (const step of steps) {
    const n = bytes.length;
    const where = step.at % (n + 1);
    switch (step.op) {
      case 'flip':
        if (n) bytes[where % n] ^= 1 << step.bit;
        break;
      case 'byte':
        if (n) bytes[where % n] = step.value;
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, where), bytes.subarray(where + step.length)]);
        break;
      case 'duplicate': {
        const piece = bytes.subarray(where, where + step.length);
        const to = step.to % (n + 1);
        bytes = Buffer.concat([bytes.subarray(0, to), ...Array<Buffer>(step.times).fill(piece), bytes.subarray(to)]);
        break;
      }
      case 'truncate':
        bytes = bytes.subarray(0, where);
        break;
      case 'splice': {
        const donor = donors[step.donor % donors.length];
        bytes = Buffer.concat([bytes.subarray(0, where), donor.subarray(step.donorAt % (donor.length + 1))]);
        break;
      }
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, where), Buffer.from(step.text, 'utf8'), bytes.subarray(where)]);
        break;
    }
    if (bytes.length > MAX_MUTATED_BYTES) bytes = bytes.subarray(0, MAX_MUTATED_BYTES);
  }
  return bytes;
}

const ROOT = join(__dirname, '..', '..');

/** The fixture projects the mutation fuzzers start from (each checked as one folder, like the CLI would). */
export const FIXTURE_PROJECTS: readonly string[] = [
  'test/fixtures/hid-keyboard',
  'test/fixtures/usb-interface',
  'test/fixtures/user-client',
  'test/fixtures/bad-input',
  'test/fixtures/xcode-project',
  'examples/SampleDriver',
  ...['test/fixtures/broken', 'test/fixtures/plist/valid', 'test/fixtures/plist/broken', 'test/fixtures/fuzz-regressions'].flatMap((parent) => subfolders(join(ROOT, parent)).map((name) => `${parent}/${name}`)),
]
  // A file the C++ parser needs seconds for: it tests the parse budget, not the 200 ms bound.
  .filter((p) => !p.endsWith('/parser-budget'))
  .map((p) => join(ROOT, p));

function subfolders(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

export interface FixtureFile {
  readonly project: string;
  /** Path inside the project folder. */
  readonly relative: string;
  readonly bytes: Uint8Array;
}

/** Every DriverKit file of the fixture projects that `wanted` accepts, with its bytes. */
export async function fixtureFiles(wanted: (relative: string) => boolean): Promise<FixtureFile[]> {
  const out: FixtureFile[] = [];
  for (const project of FIXTURE_PROJECTS) {
    for (const path of await findSourceFiles([project])) {
      const inside = relative(project, path);
      if (wanted(inside)) out.push({ project, relative: inside, bytes: readFileSync(path) });
    }
  }
  return out;
}
