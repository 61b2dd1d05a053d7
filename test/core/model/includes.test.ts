/**
 * The index knows which headers the sources include, so a rule about what a header hides can stay
 * silent about a header nothing includes (dext.header-shadows-iig).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../core/model/workspaceIndex';
import { parseCpp } from '../../support/analysis';

async function indexWith(includes: string): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex();
  index.set('/ws/Driver/Meter.cpp', await parseCpp(`${includes}\nint level = 0;\n`));
  return index;
}

test('a header is included by its name, by its name under its folders, and through ../', async () => {
  for (const line of ['#include "Meter.h"', '#include "Driver/Meter.h"', '#include "../Driver/Meter.h"', '#include <meter.h>']) {
    assert.ok((await indexWith(line)).isIncluded('/ws/Driver/Meter.h'), line);
  }
});

test('an include of another folder\'s file of the same name does not name the header', async () => {
  const index = await indexWith('#include "generated/Meter.h"');
  assert.equal(index.isIncluded('/ws/Driver/Meter.h'), false);
  assert.equal(index.isIncluded('/ws/Driver/generated/Meter.h'), true);
});

test('removing the including file forgets its includes', async () => {
  const index = await indexWith('#include "Meter.h"');
  index.remove('/ws/Driver/Meter.cpp');
  assert.equal(index.isIncluded('/ws/Driver/Meter.h'), false);
});
