/**
 * End to end in real VS Code (code-server) in real Chromium: the app ↔ dext user-client contract
 * from both sides. On the app's side, a call passing the wrong scalar count is in the Problems panel
 * at its line, hover on a call shows the dispatch entry it reaches, and Go to Definition opens the
 * dext's handler. On the dext's side, the lens above a dispatch entry names its app callers and
 * opens them as references. Screenshots go to test/e2e/artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtureWorkbench } from './support/fixtureWorkbench';
import { locateIn } from './support/locate';

const session = fixtureWorkbench('userclient', [
  ['userclient/dext', 'dext'],
  ['userclient/app', 'app'],
  ['userclient/broken/userclient.scalar-count', 'tool'],
]);
/**
 * The problem rows the Problems panel lists under one file's heading ("4 problems in file X.c of
 * folder tool"); a problem's row starts with its severity, the rows of its related places do not.
 */
function rowsUnder(rows: readonly string[], file: string): string[] {
  const out: string[] = [];
  let current: string | undefined;
  for (const row of rows) {
    const heading = /^\d+ problems? in file (.+?) of folder /.exec(row);
    if (heading) current = heading[1];
    else if (current === file && /^(?:Error|Warning|Info)\b/.test(row)) out.push(row);
  }
  return out;
}

const locate = (relativePath: string, needle: string): { line: number; column: number } => locateIn(session.workspace(), relativePath, needle);

test("app side: a scalar count the dext does not check for is in the Problems panel at the call's line", async () => {
  const workbench = session.workbench();
  await workbench.openFile('MeterLimits.c');
  await workbench.runCommand('View: Focus Problems');
  const rows = await workbench.waitFor('the scalar count mismatch in the Problems panel', async () => {
    const all = await workbench.problems();
    return rowsUnder(all, 'MeterLimits.c').some((r) => r.includes('which checks for 2 scalar inputs (checkScalarInputCount); this call passes 1 scalar input')) ? all : undefined;
  }, 90_000);
  await workbench.screenshot('userclient-problem');
  const { line } = locate(join('tool', 'MeterLimits.c'), 'IOConnectCallScalarMethod(connection, kMeterSelectorSetLimit, &limit, 1');
  // The Swift tool beside it has a call with the same message: the row must be under MeterLimits.c's heading.
  const row = rowsUnder(rows, 'MeterLimits.c').find((r) => r.includes('this call passes 1 scalar input'));
  assert.ok(row, rows.join('\n'));
  assert.match(row, new RegExp(`Ln ${line}|line ${line}|\\b${line}\\b`));
});

test("app side: hover on a call shows the dext's entry, and Go to Definition opens its handler", async () => {
  const workbench = session.workbench();
  await workbench.openFile('MeterTool.c');
  const { line, column } = locate(join('app', 'MeterTool.c'), 'IOConnectCallScalarMethod(connection, kMeterSelectorSetLimit');
  await workbench.goTo(line, column + 3);
  const hover = await workbench.waitFor('the contract hover', async () => {
    await workbench.runCommand('Show or Focus Hover');
    const text = await workbench.page.locator('.monaco-hover-content').first().innerText({ timeout: 2_000 }).catch(() => '');
    if (!text.includes('MeterUserClient::StaticSetLimit')) return undefined;
    await workbench.screenshot('userclient-hover');
    return text;
  }, 90_000);
  assert.match(hover, /checkScalarInputCount/);
  await workbench.page.keyboard.press('Escape');

  await workbench.runCommand('Go to Definition');
  await workbench.waitFor('the dext source in the editor', async () => ((await workbench.activeTab()) === 'MeterUserClient.cpp' ? true : undefined));
  const handler = locate(join('dext', 'MeterUserClient.cpp'), 'MeterUserClient::StaticSetLimit(OSObject');
  await workbench.waitFor(`the cursor on the handler's line ${handler.line}`, async () => ((await workbench.cursor())?.line === handler.line ? true : undefined));
  await workbench.screenshot('userclient-definition');
});

test("dext side: the lens above a dispatch entry names its app callers and opens them as references", async () => {
  const workbench = session.workbench();
  await workbench.openFile('MeterUserClient.cpp');
  const { line } = locate(join('dext', 'MeterUserClient.cpp'), '&MeterUserClient::StaticSetLimit, 0, 2');
  await workbench.goTo(line, 1);
  const lens = workbench.page.locator('.contentWidgets .codelens-decoration a', { hasText: '9 app callers' }).first();
  await workbench.waitFor('the callers lens above the SetLimit entry', async () => ((await lens.count()) > 0 ? true : undefined), 90_000);
  assert.match(await lens.innerText(), /9 app callers: MeterMonitor\.swift:29, MeterTool\.c:21, MeterTool\.c:66, \+6 more/);
  await lens.click();
  const peek = await workbench.waitFor('the callers in the references peek', async () => {
    const text = await workbench.page.locator('.peekview-widget').first().innerText({ timeout: 2_000 }).catch(() => '');
    return text.includes('MeterLimits.c') && text.includes('MeterTool.c') ? text : undefined;
  });
  await workbench.screenshot('userclient-callers-peek');
  assert.match(peek, /(?:Locations|References) \(9\)/);
  await workbench.page.keyboard.press('Escape');
});
