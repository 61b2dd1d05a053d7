import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closest, editDistance } from '../../../core/util/closest';

/** The plain two-row Levenshtein distance, written out again as the reference. */
function reference(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

test('editDistance: equal to the reference without a bound, and bound + 1 whenever the distance passes it', () => {
  const words = ['', 'a', 'Start', 'Stop', 'IOService', 'IOUserClient', 'IOUserClinet', 'kitten', 'sitting', 'xxxxxxxxxxxxxxxxxxxxxxxx'];
  for (const a of words) {
    for (const b of words) {
      const d = reference(a, b);
      assert.equal(editDistance(a, b), d, `${a} / ${b}`);
      for (const bound of [0, 1, 2, 3, 5, 8]) assert.equal(editDistance(a, b, bound), d <= bound ? d : bound + 1, `${a} / ${b} within ${bound}`);
    }
  }
});

test('closest: the first of the nearest candidates, only within the limit, case-insensitive', () => {
  assert.equal(closest('IOUserClinet', ['IOService', 'IOUserClient', 'IOUserServer']), 'IOUserClient');
  assert.equal(closest('ioservice', ['IOService']), 'IOService');
  assert.equal(closest('abcd', ['abce', 'abcf']), 'abce', 'a tie goes to the first');
  assert.equal(closest('Start', ['Stop']), undefined, 'three edits are more than a third of five letters');
  assert.equal(closest('Start', ['Stop'], 3), 'Stop');
  assert.equal(closest('Stop', ['Stop', 'Stap']), 'Stop');
});

test('closest: a name longer than anyone types gets no suggestion; a long one still does', () => {
  const huge = 'x'.repeat(50_000);
  assert.equal(closest(huge, Array.from({ length: 500 }, (_, i) => `IOClass${i}`)), undefined);
  assert.equal(closest(`${huge}y`, [huge]), undefined);
  const long = 'IOUserClient'.repeat(20);
  assert.equal(closest(`${long}x`, ['IOService', long]), long);
});
