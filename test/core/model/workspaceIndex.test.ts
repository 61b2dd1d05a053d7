/**
 * Lookups of a class declared more than once (one per project, or repeated in a broken file): the
 * answer seen from a file, and how much work a check that asks once per declaration costs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../core/model/workspaceIndex';
import { parseCpp, parseIig } from '../../support/analysis';

const CLASS = 'class Meter : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n';
const DEFINITION = 'kern_return_t IMPL(Meter, Start)\n{\n    return Start(provider, SUPERDISPATCH);\n}\n';

/** An index whose scopeOf counts its calls: every nearness comparison asks it twice. */
function countingIndex(): { index: WorkspaceIndex; calls: () => number } {
  const index = new WorkspaceIndex();
  let calls = 0;
  index.scopeOf = (path) => {
    calls++;
    return path.startsWith('/ws/A/') ? 'A' : 'B';
  };
  return { index, calls: () => calls };
}

test('definitions are those of the declaration nearest to the asking file', async () => {
  const { index } = countingIndex();
  index.set('/ws/A/Meter.iig', await parseIig(CLASS));
  index.set('/ws/B/Meter.iig', await parseIig(CLASS));
  index.set('/ws/A/Meter.cpp', await parseCpp(DEFINITION));
  index.set('/ws/B/Meter.cpp', await parseCpp(DEFINITION + DEFINITION));
  assert.deepEqual(index.from('/ws/A/Meter.iig').definitionsOf('Meter').map((d) => d.path), ['/ws/A/Meter.cpp']);
  assert.deepEqual(index.from('/ws/B/Meter.iig').definitionsOf('Meter', 'Start').map((d) => d.path), ['/ws/B/Meter.cpp', '/ws/B/Meter.cpp']);
  assert.equal(index.from('/ws/B/Meter.cpp').classNamed('Meter')?.path, '/ws/B/Meter.iig');
});

test('a class repeated 300 times, defined 300 times, is resolved once per file, not once per pair', async () => {
  const { index, calls } = countingIndex();
  const repeats = 300;
  index.set('/ws/A/Meter.iig', await parseIig(CLASS.repeat(repeats)));
  index.set('/ws/A/Meter.cpp', await parseCpp(DEFINITION.repeat(repeats)));
  const lookup = index.from('/ws/A/Meter.iig');
  // As iig.method-unimplemented asks: once per declaration of the class.
  for (let i = 0; i < repeats; i++) {
    assert.equal(lookup.definitionsOf('Meter').length, repeats);
    assert.equal(lookup.classNamed('Meter')?.path, '/ws/A/Meter.iig');
  }
  // Pairwise work would be 300 × 300 × 300 comparisons; here each lookup compares the declarations once.
  assert.ok(calls() <= 4 * (repeats + 1) * 2, `${calls()} nearness comparisons`);
  // A change to the index is seen by the same lookup.
  index.remove('/ws/A/Meter.cpp');
  assert.equal(lookup.definitionsOf('Meter').length, 0);
});
