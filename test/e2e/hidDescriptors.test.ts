/**
 * End to end in real VS Code (code-server) in real Chromium: a HID report descriptor as a developer
 * sees it. Hovering a byte decodes its item; each line carries its decoded comment; the reports'
 * lengths stand above the array; a descriptor that leaves a collection open shows in the Problems
 * panel at its byte. Screenshots go to test/e2e/artifacts/.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtureWorkbench } from './support/fixtureWorkbench';
import { locateIn } from './support/locate';

const session = fixtureWorkbench('hid', [
  ['hid/valid', ''],
  ['hid/broken/hid.unbalanced-collection', 'Trackball'],
]);
const locate = (relativePath: string, needle: string): { line: number; column: number } => locateIn(session.workspace(), relativePath, needle);

test('hovering a byte of a report descriptor shows the decoded item and its state', async () => {
  const workbench = session.workbench();
  await workbench.openFile('KeyboardDevice.cpp');
  const { line, column } = locate('KeyboardDevice.cpp', '0x91, 0x01');
  await workbench.goTo(line, column + 1);
  const hover = await workbench.waitFor('the decoded hover', async () => {
    await workbench.runCommand('Show or Focus Hover');
    const text = await workbench.page.locator('.monaco-hover-content').first().innerText({ timeout: 2_000 }).catch(() => '');
    if (!text.includes('Output (Constant, Array, Absolute)')) return undefined;
    // While it is shown (it hides when the pointer or focus moves on).
    await workbench.screenshot('hid-hover');
    return text;
  });
  assert.match(hover, /Output report: 1 × 5 bits, bits 3–7/);
  assert.match(hover, /Report Size × Count/);
  await workbench.page.keyboard.press('Escape');
});

test('each descriptor line carries its decoded comment, and the reports stand above the array', async () => {
  const workbench = session.workbench();
  await workbench.openFile('KeyboardDevice.cpp');
  const { line } = locate('KeyboardDevice.cpp', 'kKeyboardReportDescriptor[]');
  await workbench.goTo(line + 12, 1);
  const lens = await workbench.waitFor('the report lengths above the array', async () => {
    const texts = await workbench.page.locator('.contentWidgets .codelens-decoration').allInnerTexts();
    const joined = texts.join(' | ');
    return joined.includes('Input · 8 bytes') && joined.includes('Output · 1 byte') ? joined : undefined;
  });
  const hints = await workbench.waitFor('decoded comments beside the bytes', async () => {
    const text = await workbench.editorText();
    return text.includes('// Usage Page (Generic Desktop)') && text.includes('Usage Minimum (Left Control)') ? text : undefined;
  });
  await workbench.screenshot('hid-inlay-hints-and-lens');
  assert.match(lens, /Input · 8 bytes/);
  assert.match(hints, /\/\/ +Input \(Data, Variable, Absolute\)/);
});

test('a collection left open is in the Problems panel, at its byte', async () => {
  const workbench = session.workbench();
  await workbench.openFile('TrackballDevice.cpp');
  await workbench.runCommand('View: Focus Problems');
  const rows = await workbench.waitFor('the unbalanced collection in the Problems panel', async () => {
    const all = await workbench.problems();
    return all.some((r) => r.includes('This Collection (Application) is never closed')) ? all : undefined;
  });
  await workbench.screenshot('hid-problem');
  const { line } = locate(join('Trackball', 'TrackballDevice.cpp'), '0xA1, 0x01');
  const row = rows.find((r) => r.includes('never closed'))!;
  assert.match(row, new RegExp(`Ln ${line}|line ${line}|\\b${line}\\b`));
});
