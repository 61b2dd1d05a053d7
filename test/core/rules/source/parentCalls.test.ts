import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture } from '../../../support/lspClient';
import { workspaceOf } from '../../../support/analysis';

const PARENT_RULES = new Set(['cpp.missing-superdispatch', 'cpp.missing-super-call']);

const parentFindings = async (folder: string): Promise<string[]> => {
  const workspace = await workspaceOf(folder);
  return workspace.allPaths().flatMap((path) => workspace.check(path).filter((f) => PARENT_RULES.has(f.code)).map((f) => f.code));
};

test('Start, Stop and free that reach their parents through macros of the file are not said to skip them', async () => {
  assert.deepEqual(await parentFindings(fixture('real-code', 'parent-call-macros')), []);
});

test('a macro that does not reach the parent does not stand in for the call', async () => {
  const root = mkdtempSync(join(tmpdir(), 'dk-parent-'));
  try {
    writeFileSync(join(root, 'LampService.iig'), '#include <DriverKit/IOService.iig>\nclass LampService : public IOService\n{\npublic:\n    virtual kern_return_t Stop(IOService * provider) override;\n};\n');
    writeFileSync(
      join(root, 'LampService.cpp'),
      '#include "LampService.h"\n#define FINISH Release(provider);\n#define LATER Stop(provider, SUPERDISPATCH)\n\nkern_return_t IMPL(LampService, Stop)\n{\n    FINISH;\n    return kIOReturnSuccess;\n}\n',
    );
    assert.deepEqual(await parentFindings(root), ['cpp.missing-superdispatch']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
