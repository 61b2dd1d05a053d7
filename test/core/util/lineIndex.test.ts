import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../../core/util/lineIndex';

test('offsets and positions convert both ways, at line starts, ends and past the text', () => {
  const text = 'ab\ncde\n\nf';
  const lines = LineIndex.of(text);
  assert.equal(lines.lineCount, 4);
  for (let offset = 0; offset <= text.length; offset++) {
    const position = lines.position(offset);
    assert.equal(lines.offset(position), offset, `offset ${offset}`);
  }
  assert.deepEqual(lines.position(3), { line: 1, character: 0 });
  assert.deepEqual(lines.position(7), { line: 2, character: 0 });
  assert.deepEqual(lines.position(100), { line: 3, character: 1 }, 'clamped to the end');
  assert.equal(lines.offset({ line: 1, character: 99 }), 6, 'a character past the line ends at its newline');
  assert.equal(lines.offset({ line: 9, character: 0 }), text.length);
  assert.equal(lines.offset({ line: -1, character: 0 }), 0);
});

test('an empty text and a text of newlines only', () => {
  assert.equal(LineIndex.of('').lineCount, 1);
  assert.deepEqual(LineIndex.of('').position(0), { line: 0, character: 0 });
  const newlines = LineIndex.of('\n\n\n');
  assert.equal(newlines.lineCount, 4);
  assert.deepEqual(newlines.position(3), { line: 3, character: 0 });
});

test('an index made from the last one after an edit equals one made afresh (property)', async () => {
  const fc = (await import('fast-check')).default;
  const pieces = ['\n', '\r\n', 'x', 'ab\ncd', '\n\n', '', ' '];
  fc.assert(
    fc.property(fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), removed: fc.nat({ max: 6 }), piece: fc.constantFrom(...pieces) }), { minLength: 1, maxLength: 25 }), (steps) => {
      let text = 'first\nsecond\n\nfourth\r\nfifth';
      let lines = LineIndex.of(text);
      for (const step of steps) {
        const at = Math.floor(step.at * text.length);
        const next = text.slice(0, at) + step.piece + text.slice(at + step.removed);
        lines = LineIndex.after(lines, text, next);
        const fresh = LineIndex.of(next);
        assert.equal(lines.lineCount, fresh.lineCount);
        for (let offset = 0; offset <= next.length; offset++) assert.deepEqual(lines.position(offset), fresh.position(offset));
        text = next;
      }
    }),
    { seed: 20240611, numRuns: 400 },
  );
});
