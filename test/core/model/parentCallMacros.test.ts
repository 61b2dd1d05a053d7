import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parentCallMacros } from '../../../core/model/parentCallMacros';
import { parseCpp } from '../../support/analysis';
import { fixture } from '../../support/lspClient';

test('macros whose replacement reaches a parent, through SUPERDISPATCH, super:: or another such macro', () => {
  const text = [
    '#define FINISH(who) Finish(who, SUPERDISPATCH)',
    '#define CLOSE_ALL \\',
    '    Close(this, 0); \\',
    '    super::free()',
    '#define DONE FINISH(p); return ret',
    '#define PLAIN Finish(p)',
    'void f();',
  ].join('\n');
  const macros = parentCallMacros(text);
  assert.deepEqual(Object.fromEntries(macros), { FINISH: ['Finish'], CLOSE_ALL: ['free'], DONE: ['Finish'] });
});

test('a file without parent calls in its macros has none', () => {
  assert.equal(parentCallMacros('#define A 1\n#define B(x) (x + 1)\nint f() { return Start(p, SUPERDISPATCH); }').size, 0);
});

test('the definitions of a real-shaped service record the parent calls their macros make, at the use', async () => {
  const text = readFileSync(fixture('real-code', 'parent-call-macros', 'DimmerService.cpp'), 'utf8');
  const model = await parseCpp(text);
  const calls = (method: string): string[] =>
    (model.definitions.find((d) => d.methodName === method)?.macroParentCalls ?? []).map((c) => `${c.name}@${text.slice(c.span.start, c.span.end)}`);
  assert.deepEqual(calls('Start'), ['Start@START_PARENT']);
  assert.deepEqual(calls('Stop'), ['Stop@STOP_PARENT']);
  assert.deepEqual(calls('free'), ['free@TEAR_DOWN']);
  assert.deepEqual(calls('init'), []);
});

test('many macros that name each other stay bounded', () => {
  const lines = ['#define M0 Stop(p, SUPERDISPATCH)'];
  for (let i = 1; i < 3000; i++) lines.push(`#define M${i} M${i - 1} M${i - 1}`);
  const macros = parentCallMacros(lines.join('\n'));
  // A few rounds follow the chain, then the reading stops: no hang, no blow-up.
  assert.ok(macros.size >= 2 && macros.size < 3000, String(macros.size));
});
