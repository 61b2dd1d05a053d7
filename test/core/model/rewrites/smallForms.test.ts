import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preparedWhole } from '../../../../core/model/preparedCpp';
import { parseCpp, parseIig } from '../../../support/analysis';

test('a default argument written = {} is read, in a .cpp and in a header', async () => {
  const text = 'struct Config { int n; };\nvoid Arm(int a, const Config & config = {}, bool wrap = { });\n';
  assert.equal(preparedWhole(text).input, 'struct Config { int n; };\nvoid Arm(int a, const Config & config = 0 , bool wrap = 0  );\n');
  assert.deepEqual((await parseCpp(text)).unparsed, []);
  const header = 'class Pump : public OSObject {\npublic:\n    void Prime(std::optional<uint32_t> level = {});\n    uint32_t rate = {};\n};\n';
  const model = await parseIig(header);
  assert.deepEqual(model.unparsed, []);
  assert.deepEqual(model.classes[0]?.methods.map((m) => m.parameters.length), [1]);
});

test('braces that are not an empty default argument stay as written', () => {
  for (const text of ['int x = {};\n', 'Config c = { 1 };\n', 'void f(Config c = { 1 });\n', 'auto g = [] {};\n']) {
    assert.equal(preparedWhole(text).input, text, text);
  }
});
