/** The edit handed to tree-sitter between two texts: its offsets and the rows and columns of its three points. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { editBetween } from '../../../core/model/sourceDocument';

/** The point of an offset, counted the plain way. */
function point(text: string, offset: number): { row: number; column: number } {
  const rows = text.slice(0, offset).split('\n');
  return { row: rows.length - 1, column: rows[rows.length - 1].length };
}

test('the three points of an edit are the rows and columns of its offsets (property)', () => {
  const texts = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n'), maxLength: 60 });
  fc.assert(
    fc.property(texts, fc.nat(), fc.nat({ max: 6 }), fc.string({ unit: fc.constantFrom('x', '\n'), maxLength: 6 }), (before, at, removed, inserted) => {
      const start = at % (before.length + 1);
      const after = before.slice(0, start) + inserted + before.slice(start + removed);
      const edit = editBetween(before, after);
      assert.deepEqual(edit.startPosition, point(before, edit.startIndex));
      assert.deepEqual(edit.oldEndPosition, point(before, edit.oldEndIndex));
      assert.deepEqual(edit.newEndPosition, point(after, edit.newEndIndex));
    }),
    { seed: 20261203, numRuns: 2000 },
  );
});
