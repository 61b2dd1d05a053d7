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
