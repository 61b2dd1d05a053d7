/**
 * Never-compiled regions and included names kept from keystroke to keystroke
 * (core/model/conditionals.ts conditionalsAfter, includedNames): after every edit, exactly what a
 * fresh read of the whole text gives, whether the edit touched a directive or not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { conditionalsAfter, conditionalsOf, includedNames, type MacroLookup } from '../../../core/model/conditionals';
import { changedRegion } from '../../../core/util/textChange';

/** A source of our own with conditionals decided by its own defines and by a header's. */
const SOURCE = [
  '#include "MeterConfig.h"',
  '#include <DriverKit/IOService.h>',
  '#define kUseTimer 0',
  'static int gLevel = 1;',
  '#if kUseTimer',
  'static void StartTimer(void) { gLevel++; }',
  '#else',
  'static void StartTimer(void) { }',
  '#endif',
  '#if METER_TRACE',
  'static void Trace(int x) { (void) x; }',
  '#endif',
  '#if 0',
  'an old function, never compiled',
  '#elif defined(kUseTimer)',
  'int compiled = 1;',
  '#endif',
  'int last = 2; \\',
  '  continued;',
  '',
].join('\n');

const PIECES = ['x', ' ', '\n', '#', '#if 0\n', '#endif\n', '#else\n', '#define METER_TRACE 1\n', '#include "Extra.h"\n', '\\', '\\\n', '0', '1', 'if', ';', ''];

const edits = fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), removed: fc.nat({ max: 16 }), piece: fc.constantFrom(...PIECES), headerTrace: fc.constantFrom('0', '1', undefined) }), { minLength: 1, maxLength: 30 });

test('regions kept edit after edit equal a fresh read (property, 500 sequences)', () => {
  let kept = 0;
  fc.assert(
    fc.property(edits, (steps) => {
      let trace: string | undefined = '0';
      const included: MacroLookup = (name) => (name === 'METER_TRACE' ? trace : undefined);
      let text = SOURCE;
      let last = conditionalsOf(text, included);
      for (const [i, step] of steps.entries()) {
        const at = Math.floor(step.at * text.length);
        const next = text.slice(0, at) + step.piece + text.slice(at + step.removed);
        // Now and then the header changes too, between two keystrokes.
        trace = step.headerTrace ?? trace;
        const after = conditionalsAfter(last, next, changedRegion(text, next), included);
        assert.deepEqual(after.regions, conditionalsOf(next, included).regions, `edit ${i}: ${JSON.stringify(step)}`);
        if (after.asked === last.asked) kept++;
        [text, last] = [next, after];
      }
    }),
    { seed: 20240611, numRuns: 500 },
  );
  assert.ok(kept > 200, `${kept} edits kept the regions`);
});

test('included names after each edit equal a fresh scan', () => {
  fc.assert(
    fc.property(edits, (steps) => {
      let text = SOURCE;
      includedNames(text);
      for (const step of steps) {
        const at = Math.floor(step.at * text.length);
        text = text.slice(0, at) + step.piece + text.slice(at + step.removed);
        // The fresh scan, from a copy of the text that is no longer the last one asked about.
        const fresh = [...text.matchAll(/^[ \t]*#[ \t]*(?:include|import)[ \t]*[<"]([^>"\n]+)[>"]/gm)].map((m) => m[1].split('/').pop());
        assert.deepEqual(includedNames(text), fresh);
      }
    }),
    { seed: 7, numRuns: 300 },
  );
});

test('an edit inside a never-compiled region moves the regions after it; one on a directive reads them again', () => {
  const included: MacroLookup = () => undefined;
  const first = conditionalsOf(SOURCE, included);
  const longer = SOURCE.replace('an old function', 'an older function');
  const moved = conditionalsAfter(first, longer, changedRegion(SOURCE, longer), included);
  assert.equal(moved.asked, first.asked, 'kept');
  assert.deepEqual(moved.regions, conditionalsOf(longer, included).regions);
  const opened = longer.replace('#if 0', '#if 1');
  const again = conditionalsAfter(moved, opened, changedRegion(longer, opened), included);
  assert.notEqual(again.asked, moved.asked, 'read again');
  assert.deepEqual(again.regions, conditionalsOf(opened, included).regions);
});
