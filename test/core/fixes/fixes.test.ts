import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Fix } from '../../../core/fixes/fix';
import { fixesAt } from '../../../core/rules/fixesAt';
import type { Workspace } from '../../../core/workspace/workspace';
import { fixture } from '../../support/lspClient';
import { actualFindings, workspaceOf } from '../../support/analysis';

const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

/** A copy of a fixture folder, so fixes can be applied to files on disk. */
function copyOf(...parts: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dk-fix-'));
  temps.push(dir);
  cpSync(fixture(...parts), dir, { recursive: true });
  return dir;
}

function fixesFor(workspace: Workspace, path: string, code: string, about = ''): Fix[] {
  const finding = workspace.check(path).find((f) => f.code === code && f.message.includes(about));
  assert.ok(finding, `${code} is reported in ${path}`);
  return fixesAt({ path, file: workspace.index.file(path)!, span: finding.span, findings: [finding], index: workspace.index, catalog: workspace.catalog, textOf: (p) => workspace.text(p) });
}

/** Applies a fix to the files on disk (edits of one file from last to first), then re-indexes the folder. */
async function apply(dir: string, workspace: Workspace, fix: Fix): Promise<Workspace> {
  for (const created of fix.createFiles ?? []) writeFileSync(created, '');
  const byPath = new Map<string, Fix['edits'][number][]>();
  for (const edit of fix.edits) byPath.set(edit.path, [...(byPath.get(edit.path) ?? []), edit]);
  for (const [path, edits] of byPath) {
    let text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    writeFileSync(path, text);
  }
  workspace.dispose();
  return workspaceOf(dir);
}

const cases: [string, string, string][] = [
  ['iig.unknown-attribute', 'PumpDriver.iig', "Change to 'LOCAL'"],
  ['iig.missing-include', 'PanelUserClient.iig', 'Add #include <DriverKit/IOUserClient.iig>'],
  ['iig.method-unimplemented', 'ValveDriver.iig', 'Create IMPL(ValveDriver, SetValvePosition) in ValveDriver.cpp'],
  ['iig.data-member', 'ThermoDriver.iig', "Move 'fSampleCount' into ThermoDriver_IVars"],
  ['iig.type-signature-mismatch', 'ChimeDriver.iig', 'Use the parameters of IOTimerDispatchSource::TimerOccurred'],
  ['cpp.super-on-rpc', 'PowerDriver.cpp', 'Call SetPowerState(..., SUPERDISPATCH) instead'],
];

for (const [code, file, title] of cases) {
  test(`the fix for ${code} removes the finding and adds none`, async () => {
    const dir = copyOf('broken', code);
    const workspace = await workspaceOf(dir);
    const [fix] = fixesFor(workspace, join(dir, file), code);
    assert.equal(fix?.title, title);
    const fixed = await apply(dir, workspace, fix);
    assert.deepEqual(actualFindings(fixed), []);
  });
}

test('a data member moves into a new .cpp when the class has none, with the generated header included', async () => {
  const dir = copyOf('broken', 'iig.data-member');
  rmSync(join(dir, 'ThermoDriver.cpp'));
  const workspace = await workspaceOf(dir);
  const fixes = fixesFor(workspace, join(dir, 'ThermoDriver.iig'), 'iig.data-member');
  assert.deepEqual(fixes[0].createFiles, [join(dir, 'ThermoDriver.cpp')]);
  await apply(dir, workspace, fixes[0]);
  const created = readFileSync(join(dir, 'ThermoDriver.cpp'), 'utf8');
  assert.match(created, /^#include "ThermoDriver.h"\n/);
  assert.match(created, /struct ThermoDriver_IVars\n\{\n\s+uint32_t fSampleCount;/);
});

test('on a TYPE method, the CreateAction refactoring keeps the action in ivars and releases it in free', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dk-fix-'));
  temps.push(dir);
  writeFileSync(join(dir, 'Beat.iig'), '#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n\nclass Beat : public IOService\n{\npublic:\n    virtual bool init() override;\n    virtual void free() override;\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual kern_return_t Stop(IOService * provider) override;\n    virtual void Tick(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n};\n');
  writeFileSync(
    join(dir, 'Beat.cpp'),
    '#include "Beat.h"\n\nstruct Beat_IVars\n{\n    uint64_t ticks;\n};\n\nbool Beat::init()\n{\n    if (!super::init()) return false;\n    ivars = IONewZero(Beat_IVars, 1);\n    return ivars != nullptr;\n}\n\nvoid Beat::free()\n{\n    IOSafeDeleteNULL(ivars, Beat_IVars, 1);\n    super::free();\n}\n\nkern_return_t\nIMPL(Beat, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n    return ret;\n}\n\nkern_return_t\nIMPL(Beat, Stop)\n{\n    return Stop(provider, SUPERDISPATCH);\n}\n\nvoid\nIMPL(Beat, Tick)\n{\n    ivars->ticks++;\n}\n',
  );
  const workspace = await workspaceOf(dir);
  const path = join(dir, 'Beat.iig');
  const offset = workspace.text(path)!.indexOf('TYPE(');
  const [fix] = fixesAt({ path, file: workspace.index.file(path)!, span: { start: offset, end: offset }, findings: [], index: workspace.index, catalog: workspace.catalog, textOf: (p) => workspace.text(p) });
  assert.equal(fix?.kind, 'refactor');
  const fixed = await apply(dir, workspace, fix);
  const cpp = readFileSync(join(dir, 'Beat.cpp'), 'utf8');
  assert.match(cpp, /OSAction \* tickAction;/);
  assert.match(cpp, /kern_return_t ret = Start\(provider, SUPERDISPATCH\);\n {4}if \(CreateActionTick\(0, &ivars->tickAction\) != kIOReturnSuccess\)/);
  assert.match(cpp, /OSSafeReleaseNULL\(ivars->tickAction\);\n {4}IOSafeDeleteNULL\(ivars/);
  assert.deepEqual(actualFindings(fixed), []);
});
