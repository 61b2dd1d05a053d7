/**
 * A keystroke in a .cpp prepares only the window between the cuts around it (core/model/preparedCpp.ts):
 * the code view, the string spans and the parser input must be exactly those of the whole file
 * prepared afresh, edit after edit, whatever is typed — comments and strings opened and closed,
 * directives, line continuations, brackets, clang's extensions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { changedRegion } from '../../../core/util/textChange';
import { preparedAfter, preparedWhole, type PreparedCpp } from '../../../core/model/preparedCpp';
import { fixture } from '../../support/lspClient';

const SOURCES = [
  fixture('usb-interface', 'BulkPipeDriver.cpp'),
  fixture('user-client', 'CounterUserClient.cpp'),
  fixture('hid-keyboard', 'KeyboardDriver.cpp'),
  fixture('real-code', 'clang-extensions', 'Tuner', 'TunerDriver.cpp'),
  fixture('real-code', 'clang-extensions', 'Tuner', 'TunerHelpers.cpp'),
  fixture('real-code', 'clang-extensions', 'Tuner', 'TunerPackets.cpp'),
  fixture('real-code', 'clang-extensions', 'Tuner', 'TunerRegisters.cpp'),
];
/** All of them in one file: many cuts, and a window far smaller than the file. */
const LARGE = SOURCES.map((path) => readFileSync(path, 'utf8')).join('\n');
const INSERTS = ['', 'x', ' ', '\n', ';', '{', '}', '(', ')', '[', ']', '/*', '*/', '//', '"', "'", '\\', '\\\n', 'R"(', ')"', '#define PACKED __attribute__((packed))\n', '#define EXPORT\n', '#if 0\n', '#endif\n', '"abc" VERSION', '^{ }', '__block ', 'FailIf(a, , b)', 'é', '}\nvoid g(void)\n{\n', 'int k = 1;\n'];

function same(windowed: PreparedCpp, whole: PreparedCpp, what: string): void {
  assert.equal(windowed.code, whole.code, `${what}: code view`);
  assert.equal(windowed.input, whole.input, `${what}: parser input`);
  assert.deepEqual(windowed.strings, whole.strings, `${what}: string spans`);
}

test('after random edits, a windowed preparation equals the whole file prepared afresh (property)', () => {
  let windowedCount = 0;
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...INSERTS)), { minLength: 1, maxLength: 20 }), (edits) => {
      let last = preparedWhole(LARGE);
      let text = LARGE;
      for (const [at, removed, inserted] of edits) {
        const start = at % (text.length + 1);
        const next = text.slice(0, start) + inserted + text.slice(Math.min(text.length, start + removed));
        const windowed = preparedAfter(last, next, changedRegion(text, next));
        const whole = preparedWhole(next);
        if (windowed) {
          windowedCount++;
          same(windowed, whole, `edit at ${start}`);
        }
        last = windowed ?? whole;
        text = next;
      }
    }),
    { numRuns: 150, seed: 20261203 },
  );
  // Most edits land inside one function, where the window is used.
  assert.ok(windowedCount > 300, `${windowedCount} windowed preparations`);
});

test('typing a statement into a function of a large file, one character at a time, stays windowed and equal', () => {
  const body = '    /* a "note" */ ivars->last = value + sizeof(uint32_t[2]); // done\n';
  // The start of a line inside the body of a function in the middle of the file.
  const fn = LARGE.indexOf('\n{\n', LARGE.length / 2);
  const at = fn + 3;
  let text = LARGE;
  let last = preparedWhole(text);
  let windowed = 0;
  for (let n = 1; n <= body.length; n++) {
    const next = LARGE.slice(0, at) + body.slice(0, n) + LARGE.slice(at);
    const result = preparedAfter(last, next, changedRegion(text, next));
    const whole = preparedWhole(next);
    if (result) {
      windowed++;
      same(result, whole, `after ${n} characters`);
    }
    last = result ?? whole;
    text = next;
  }
  assert.ok(windowed > body.length / 2, `${windowed} of ${body.length} keystrokes windowed`);
});
