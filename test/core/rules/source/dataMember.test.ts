import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from '../../../support/lspClient';
import { workspaceOf } from '../../../support/analysis';

const dataMembers = async (folder: string): Promise<string[]> => {
  const workspace = await workspaceOf(folder);
  return workspace
    .allPaths()
    .flatMap((path) => workspace.check(path).filter((f) => f.code === 'iig.data-member').map((f) => `${path.slice(folder.length + 1)}: ${f.message.split(' ')[0]}`));
};

test('a reference-counted helper a header derives from OSObject keeps its state in its members', async () => {
  assert.deepEqual(await dataMembers(fixture('real-code', 'object-helpers')), []);
});

test('a driver class declared in a header is still told where its state belongs', async () => {
  assert.deepEqual(await dataMembers(fixture('broken', 'dext.class-in-header')), ["GaugeDriver.h: 'ivars'"]);
});
