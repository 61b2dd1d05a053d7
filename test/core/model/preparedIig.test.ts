/**
 * A keystroke in a .iig prepares only the window between the cuts around it, members of a class body
 * included (core/model/preparedIig.ts): the code view, the masked text, the attributes and the parser
 * input must be exactly those of the whole file prepared afresh, edit after edit, whatever is typed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { changedRegion } from '../../../core/util/textChange';
import type { MaskOptions } from '../../../core/model/iigMask';
import { preparedIigAfter, preparedIigWhole, type PreparedIig } from '../../../core/model/preparedIig';
import { generatePair } from '../../support/generate';
import { fixture } from '../../support/lspClient';

const SOURCES = [
  fixture('usb-interface', 'BulkPipeDriver.iig'),
  fixture('user-client', 'CounterUserClient.iig'),
  fixture('user-client', 'CounterService.iig'),
  fixture('hid-keyboard', 'KeyboardDriver.iig'),
];
/** The fixtures and a generated class of 300 lines in one file: many members, each a window. */
const LARGE = [...SOURCES.map((path) => readFileSync(path, 'utf8')), generatePair(300, 10, 'TypedDriver').iig].join('\n');
const INSERTS = [
  '', 'x', ' ', '\n', ';', '{', '}', '(', ')', '[', ']', '/*', '*/', '//', '"', "'", '\\', '\\\n', ',', ':',
  'LOCALONLY', ' QUEUENAME(Default)', 'TYPE(IOService::Start)', ' MYSTERY', 'KERNEL ', '#define MYSTERY\n', '#if 0\n', '#endif\n',
  'virtual kern_return_t Poke(uint32_t a) LOCALONLY;\n', '};\nclass Other : public IOService\n{\npublic:\n', '__attribute__((availability(driverkit,introduced=20.0)))', '^{ }', 'é',
];

function same(windowed: PreparedIig, whole: PreparedIig, what: string): void {
  assert.equal(windowed.code, whole.code, `${what}: code view`);
  assert.equal(windowed.masked, whole.masked, `${what}: masked text`);
  assert.deepEqual(windowed.attributes, whole.attributes, `${what}: attributes`);
  assert.equal(windowed.input, whole.input, `${what}: parser input`);
  assert.deepEqual(windowed.strings, whole.strings, `${what}: string spans`);
}

function run(options: MaskOptions, seed: number): number {
  let windowedCount = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...INSERTS)), { minLength: 1, maxLength: 20 }), (edits) => {
      let last = preparedIigWhole(LARGE, options);
      let text = LARGE;
      for (const [at, removed, inserted] of edits) {
        const start = at % (text.length + 1);
        const next = text.slice(0, start) + inserted + text.slice(Math.min(text.length, start + removed));
        const windowed = preparedIigAfter(last, next, changedRegion(text, next), options);
        const whole = preparedIigWhole(next, options);
        if (windowed) {
          windowedCount++;
          same(windowed, whole, `edit at ${start} (${JSON.stringify(inserted)})`);
        }
        last = windowed ?? whole;
        text = next;
      }
    }),
    { numRuns: 150, seed },
  );
  return windowedCount;
}

test('after random edits, a windowed preparation equals the whole .iig prepared afresh (property)', () => {
  const windowed = run({ reportUnknown: true, isMacro: (name) => name === 'DRIVER_EXPORT' }, 20261203);
  // Most edits land inside one member, where the window is used.
  assert.ok(windowed > 300, `${windowed} windowed preparations`);
});

test('the same for a header read as the SDK is (unknown words not reported)', () => {
  assert.ok(run({ reportUnknown: false }, 7) > 300);
});

test('a header that comes to define a word the masking asked about prepares the whole file again', () => {
  let defined = false;
  const options: MaskOptions = { reportUnknown: true, isMacro: (name) => defined && name === 'MYSTERY' };
  const text = LARGE.replace('override;', 'override MYSTERY;');
  const last = preparedIigWhole(text, options);
  assert.ok(last.attributes.some((a) => a.name === 'MYSTERY' && !a.known), 'an unknown attribute while no header defines it');
  const next = text.replace('TypedDriver', 'TypedDrivers');
  defined = true;
  assert.equal(preparedIigAfter(last, next, changedRegion(text, next), options), undefined);
});
