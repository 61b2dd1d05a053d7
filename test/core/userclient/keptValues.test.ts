/**
 * An app source's or a plain header's constants, structs and includes kept from edit to edit
 * (core/userclient/keptValues.ts): after every edit they must be exactly what a fresh read of the
 * whole text gives, and so must the code view.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { codeView } from '../../../core/model/codeView';
import { fileValuesOf, KeptValues } from '../../../core/userclient/keptValues';
import { fixture } from '../../support/lspClient';

/** Tokens that start, end or change what the values are read from, and plain code around them. */
const PIECES = [
  '1', '2', ' ', '\n', ';', ',', '{', '}', '(', ')', '=', 'x', '/*', '*/', '//', '"', "'", '\\', '#',
  'enum', 'struct', 'typedef', 'const', 'static const uint32_t kLimit = 4;\n', '#define kDepth 8\n', '#include "Extra.h"\n',
  '#pragma pack(1)\n', '__attribute__((packed))', 'kMeterSelectorReset', 'enum { kA = 1, kB };\n', 'typedef struct { uint32_t a; } Pair;\n',
  '} Renamed;\n', '    kExtra,\n', 'uint16_t values[4];\n', '',
];

/** A shared header and an app of our own, with every kind of value and functions between them. */
const HEADER_AND_APP = [
  '#include <stdint.h>',
  '#include "MeterShared.h"',
  'enum MeterSelector {',
  '    kMeterSelectorRead = 0,',
  '    kMeterSelectorReset,',
  '    kMeterSelectorCount',
  '};',
  '#define kMeterSlots 4',
  'static const uint32_t kMeterDepth = 2;',
  'typedef struct {',
  '    uint32_t command;',
  '    uint16_t values[kMeterSlots];',
  '}',
  'MeterRequest;',
  'struct MeterReply { uint64_t stamp; uint8_t flags; };',
  '',
  'kern_return_t readMeter(io_connect_t connection)',
  '{',
  '    uint64_t input[2] = { 1, 2 };',
  '    return IOConnectCallScalarMethod(connection, kMeterSelectorRead, input, 2, NULL, NULL);',
  '}',
  '',
  'int resetMeter(io_connect_t connection)',
  '{',
  '    // a comment with enum { kNot = 1 } in it',
  '    const char *label = "struct { int no; }";',
  '    return IOConnectCallScalarMethod(connection, kMeterSelectorReset, NULL, 0, NULL, NULL);',
  '}',
  '',
].join('\n');

const edits = fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), removed: fc.nat({ max: 24 }), piece: fc.constantFrom(...PIECES) }), { minLength: 1, maxLength: 40 });

function check(start: string, steps: readonly { at: number; removed: number; piece: string }[]): number {
  const values = new KeptValues();
  let text = start;
  values.read('/app.c', text);
  for (const [i, step] of steps.entries()) {
    const at = Math.floor(step.at * text.length);
    text = text.slice(0, at) + step.piece + text.slice(at + step.removed);
    const read = values.read('/app.c', text);
    const code = codeView(text);
    assert.equal(read.code, code, `the code view after edit ${i}`);
    assert.deepEqual(read.values, fileValuesOf(code, text), `the values after edit ${i}: ${JSON.stringify(step)}`);
  }
  return values.kept;
}

test('values kept edit after edit equal a fresh read of the whole text (property, 400 sequences)', () => {
  let kept = 0;
  fc.assert(
    fc.property(edits, (steps) => {
      kept += check(HEADER_AND_APP, steps);
    }),
    { seed: 20240611, numRuns: 400 },
  );
  // The property would hold trivially if nothing were ever kept.
  assert.ok(kept > 400, `${kept} reads kept the last values`);
});

test('the fixture apps and shared header: the same, with edits anywhere', () => {
  for (const file of [fixture('userclient', 'app', 'MeterTool.c'), fixture('userclient', 'app', 'MeterPanel.m')]) {
    fc.assert(fc.property(edits, (steps) => void check(readFileSync(file, 'utf8'), steps)), { seed: 7, numRuns: 100 });
  }
});

test('a keystroke inside a function keeps the values; one inside the enum reads them again', () => {
  const values = new KeptValues();
  values.read('/app.c', HEADER_AND_APP);
  const inFunction = HEADER_AND_APP.replace('input, 2, NULL', 'input, 1, NULL');
  const first = values.read('/app.c', inFunction);
  assert.equal(values.kept, 1);
  const inEnum = inFunction.replace('kMeterSelectorRead = 0', 'kMeterSelectorRead = 5');
  const second = values.read('/app.c', inEnum);
  assert.equal(values.kept, 1);
  assert.notDeepEqual(second.values.constants, first.values.constants);
  assert.equal(second.values.constants.find((c) => c.name === 'kMeterSelectorRead')?.expression, '5');
  // The typedef's name sits on the line after its brace, past a cut: renaming it is seen.
  const renamed = values.read('/app.c', inEnum.replace('MeterRequest;', 'MeterCommand;'));
  assert.deepEqual(renamed.values.structs.map((s) => s.name), ['MeterCommand', 'MeterReply']);
});
