import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preparedWhole } from '../../../../core/model/preparedCpp';
import { parseCpp } from '../../../support/analysis';

test('an initialiser before the condition of if, if constexpr and switch is kept, not taken for a macro argument', async () => {
  const text = [
    'void f() {',
    '    if (int x = g(); x > 0) { }',
    '    if constexpr (constexpr int n = 4; n > 2) { }',
    '    switch (auto v = g(); v) { default: break; }',
    '    for (int i = 0; i < 3; i++) { }',
    '}',
  ].join('\n');
  assert.equal(preparedWhole(text).input, text);
  assert.deepEqual((await parseCpp(text)).unparsed, []);
});

test('argument lists only a macro takes are still blanked', () => {
  const text = 'void f() {\n    FailIf(err, , Exit, "x");\n    __Require_Action(ok, Exit, r = 1; g());\n}';
  const input = preparedWhole(text).input;
  assert.match(input, /FailIf\(\s+\);/);
  assert.match(input, /__Require_Action\(\s+\);/);
});
