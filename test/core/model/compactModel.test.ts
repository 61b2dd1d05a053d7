/**
 * Compacting a model read from disk (core/model/compactModel.ts) keeps every value the same while
 * sharing what repeats: the model's rules and features see exactly what they saw before.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compactModel } from '../../../core/model/compactModel';
import { analyseOnce } from '../../../core/model/sourceDocument';
import { cppParser } from '../../../core/model/treeSitter';

const fixtures = join(__dirname, '..', '..', 'fixtures');

test('a compacted model equals the model it was, for a .iig and a .cpp', async () => {
  const parser = await cppParser();
  for (const [kind, file] of [['iig', 'hid-keyboard/KeyboardDriver.iig'], ['cpp', 'hid-keyboard/KeyboardDriver.cpp']] as const) {
    const text = readFileSync(join(fixtures, file), 'utf8');
    const before = JSON.parse(JSON.stringify(analyseOnce(parser, kind, text, { reportUnknownAttributes: true }))) as unknown;
    const compacted = compactModel(analyseOnce(parser, kind, text, { reportUnknownAttributes: true }));
    assert.deepEqual(JSON.parse(JSON.stringify(compacted)), before, file);
  }
});

test('empty arrays become one frozen array; others are exact copies of what they held', () => {
  const inner = [1, 2];
  const model = { a: [] as number[], b: [] as number[], c: inner, d: { e: [] as string[] } };
  compactModel(model);
  assert.equal(model.a, model.b, 'one shared empty array');
  assert.equal(model.a, model.d.e);
  assert.ok(Object.isFrozen(model.a), 'nobody can add to the shared empty array');
  assert.throws(() => (model.a as number[]).push(1));
  assert.notEqual(model.c, inner, 'a copy of exact size replaces the array built by push');
  assert.deepEqual(model.c, [1, 2]);
});

test('an array held twice stays one array; cycles, class instances and accessors are left alone', () => {
  const shared = ['x'];
  class Lines {
    readonly starts = [0, 4];
  }
  const lines = new Lines();
  const model: Record<string, unknown> = { first: shared, second: shared, lines };
  model.self = model;
  Object.defineProperty(model, 'computed', { enumerable: true, get: () => ['y'] });
  compactModel(model);
  assert.equal(model.first, model.second, 'both places hold the same copy');
  assert.equal(model.self, model);
  assert.equal(model.lines, lines);
  assert.equal(lines.starts.length, 2);
  assert.deepEqual(model.computed, ['y']);
});

test('a deep or long model is walked without running away', () => {
  let deep: Record<string, unknown> = { leaf: [] };
  for (let i = 0; i < 10_000; i++) deep = { next: deep };
  assert.doesNotThrow(() => compactModel(deep), 'deeper than the bound is left as it is, not a stack overflow');
  const long = { items: Array.from({ length: 100_000 }, (_, i) => ({ name: `name${i % 50}`, list: [] as number[] })) };
  compactModel(long);
  assert.equal(long.items.length, 100_000);
  assert.equal(long.items[0].list, long.items[99_999].list);
});
