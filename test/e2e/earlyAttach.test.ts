/**
 * End to end in real VS Code (code-server) in real Chromium: debugging a dext from its first moments,
 * and its crash reports. A launch configuration started from the Run and Debug view makes lldb wait
 * for the fake dext; the test starts the dext only after the Debug Console says lldb waits, and the
 * breakpoint in fake_start() must be hit (the fixture holds fake_start() until a debugger is attached,
 * so a busy machine cannot make lldb miss it; unheld it runs 100 ms after exec, as `npm run bench` measures). A crash while debugging is announced;
 * a report opens as a readable document whose source link lands on the line that crashed, and the
 * System Extensions view lists the reports under their extension.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildFakeDext, crashFakeDext, CRASHING_DEXT_SOURCE, FAKE_DEXT_SOURCE, lldbDapPath, markerLine, startFakeDext, startLine } from '../support/fakeDext';
import { startCodeServer, type RunningCodeServer } from './support/codeServer';
import { Workbench } from './support/workbench';

const skip = lldbDapPath() ? false : 'lldb-dap is not installed';
const EARLY = 'com.example.E2EEarly';
const CRASHING = 'com.example.E2ECrash';
const CONFIGURATION = 'Debug E2EEarly from its start';

let workspace: string;
let scratch: string;
let reports: string;
let server: RunningCodeServer;
let workbench: Workbench;
const started: ChildProcess[] = [];

before(async () => {
  if (skip) return;
  workspace = mkdtempSync(join(tmpdir(), 'dk-e2e-early-'));
  scratch = mkdtempSync(join(tmpdir(), 'dk-e2e-early-tools-'));
  reports = join(scratch, 'DiagnosticReports');
  mkdirSync(reports);
  cpSync(FAKE_DEXT_SOURCE, join(workspace, 'fake_driver.c'));
  cpSync(CRASHING_DEXT_SOURCE, join(workspace, 'crashing_driver.c'));
  // The builds the extension finds by name in the workspace (the adapter's `program`, the symbols).
  buildFakeDext(join(workspace, 'build'), EARLY, join(workspace, 'fake_driver.c'));
  const crashing = buildFakeDext(join(workspace, 'build'), CRASHING, join(workspace, 'crashing_driver.c'));
  assert.equal(await crashFakeDext(crashing, CRASHING, reports), 'SIGSEGV');
  mkdirSync(join(workspace, '.vscode'));
  writeFileSync(
    join(workspace, '.vscode', 'launch.json'),
    JSON.stringify({ version: '0.2.0', configurations: [{ type: 'driverkit', request: 'attach', name: CONFIGURATION, dext: EARLY, waitFor: true, ignoreRunning: true, timeout: 120, lldbDapPath: lldbDapPath(), logStream: false }] }, null, 2),
  );
  // systemextensionsctl is macOS's: a stand-in prints a listing in its format that names the crashing dext.
  const listing = join(scratch, 'list.txt');
  writeFileSync(listing, `1 extension(s)\n--- com.apple.system_extension.driver_extension\nenabled\tactive\tteamID\tbundleID (version)\tname\t[state]\n*\t*\tABCDE12345\t${CRASHING} (1.0/1)\t${CRASHING}\t[activated enabled]\n`);
  const ctl = join(scratch, 'systemextensionsctl');
  writeFileSync(ctl, `#!/bin/sh\n[ "$1" = list ] && exec cat '${listing}'\nexit 64\n`);
  chmodSync(ctl, 0o755);
  server = await startCodeServer(workspace, { userSettings: { 'driverkit.crashReports.folders': [reports], 'driverkit.systemExtensions.command': ctl } });
  workbench = await Workbench.open(server.url);
});

after(async () => {
  for (const child of started) child.kill('SIGKILL');
  await workbench?.close();
  if (process.exitCode) process.stderr.write(`code-server log:\n${server?.log()}\n`);
  await server?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The text of the Debug Console. */
async function debugConsole(): Promise<string> {
  const text = await workbench.page.$$eval('.repl .monaco-list-row', (rows) => rows.map((r) => (r as unknown as { innerText: string }).innerText).join('\n'));
  return text.replace(/\u00a0/g, ' ');
}

test('from the Run view: lldb waits for the dext, which starts afterwards, and stops in its fake_start()', { skip }, async () => {
  await workbench.openFile('fake_driver.c');
  await workbench.goTo(startLine(), 5);
  await workbench.page.keyboard.press('F9');
  await workbench.waitFor('the breakpoint', async () => (await workbench.page.locator('.codicon-debug-breakpoint').count()) > 0 || undefined);
  await workbench.runCommand('View: Show Run and Debug');
  // The launch configuration is chosen in the Run view's drop-down and started with its green button.
  const choice = workbench.page.locator('.debug-viewlet .start-debug-action-item select, .start-debug-action-item select').first();
  await workbench.waitFor('the configuration drop-down', async () => (await choice.count()) > 0 || undefined);
  await workbench.waitFor(`"${CONFIGURATION}" in the drop-down`, async () => (await choice.locator('option', { hasText: CONFIGURATION }).count()) > 0 || undefined);
  await choice.selectOption({ label: CONFIGURATION });
  await workbench.page.locator('.start-debug-action-item .codicon-debug-start').first().click();
  await workbench.runCommand('Debug Console: Focus on Debug Console View');
  const waiting = await workbench.waitFor('lldb to say it waits', async () => {
    const text = await debugConsole();
    return /lldb is waiting for com\.example\.E2EEarly/.test(text) ? text : undefined;
  }, 60_000);
  assert.match(waiting, /before init and Start run/);
  await workbench.screenshot('early-attach-waiting');
  // Only now does the dext exist.
  const dext = startFakeDext(join(workspace, 'build', `${EARLY}.dext`, EARLY), EARLY, { holdUntilTraced: true });
  started.push(dext);
  const frames = await workbench.waitForStopIn(/fake_start/, 'the stop in fake_start()', 60_000);
  await workbench.screenshot('early-attach-stopped');
  assert.ok(frames.some((n) => /fake_start/.test(n)), frames.join('\n'));
  assert.match(await debugConsole(), new RegExp(`Attached to com\\.example\\.E2EEarly \\(pid ${dext.pid}\\) as it started`));

  // A crash report of the dext written while the session runs is announced.
  const crashing = join(workspace, 'build', `${CRASHING}.dext`, CRASHING);
  assert.equal(await crashFakeDext(crashing, EARLY, reports), 'SIGSEGV');
  const toast = workbench.page.locator('.notifications-toasts .notification-toast', { hasText: 'com.example.E2EEarly crashed' });
  await workbench.waitFor('the crash notification', async () => (await toast.count()) > 0 || undefined, 30_000);
  await workbench.screenshot('early-attach-crash-notification');
  assert.equal(await toast.locator('.monaco-button', { hasText: 'Open Crash Report' }).count(), 1);
  await workbench.endDebugSession();
});

test('DriverKit: Show Crash Reports opens a readable report whose source link lands on the line that crashed', { skip }, async () => {
  await workbench.runCommand('DriverKit: Show Crash Reports');
  const input = workbench.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  // The workspace has no dext Info.plist: the command asks for the name.
  await input.fill(CRASHING);
  await workbench.page.keyboard.press('Enter');
  await workbench.waitFor('the report in the quick pick', async () => ((await workbench.page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label')) ?? '').includes(reports) || undefined);
  await workbench.page.keyboard.press('Enter');
  const report = readdirSync(reports).find((f) => f.startsWith(CRASHING))!;
  await workbench.waitFor('the report document', async () => (await workbench.activeTab()) === report || undefined, 30_000);
  const text = await workbench.waitFor('the symbolicated frames', async () => {
    const t = await workbench.editorText();
    return /crashing_driver\.c:\d+/.test(t) ? t : undefined;
  }, 60_000);
  await workbench.screenshot('crash-report');
  assert.match(text, /com\.example\.E2ECrash crashed — EXC_BAD_ACCESS \(SIGSEGV\)/);
  assert.match(text, /A NULL pointer was used/);
  const crashLine = markerLine('CRASH HERE', join(workspace, 'crashing_driver.c'));
  assert.match(text, new RegExp(`fake_start\\s+at \\S*crashing_driver\\.c:${crashLine}\\b`));
  // The link: found with the Find widget (which leaves the cursor in it), then "Open Link".
  await workbench.page.keyboard.press('Control+F');
  const find = workbench.page.locator('.find-widget textarea, .find-widget input').first();
  await find.waitFor({ state: 'visible' });
  await find.fill(`crashing_driver.c:${crashLine}`);
  await workbench.page.keyboard.press('Enter');
  await workbench.page.keyboard.press('Escape');
  await workbench.runCommand('Open Link');
  await workbench.waitFor('crashing_driver.c to open', async () => (await workbench.activeTab()) === 'crashing_driver.c' || undefined);
  await workbench.waitFor(`the cursor on line ${crashLine}`, async () => ((await workbench.cursor())?.line === crashLine ? true : undefined));
  await workbench.screenshot('crash-report-source');
});

test('the System Extensions view lists the crash reports under their extension and opens one', { skip }, async () => {
  await workbench.runCommand('Focus on System Extensions View');
  const entry = await workbench.treeRow('System Extensions', new RegExp(CRASHING.replace(/\./g, '\\.')), 60_000);
  assert.match(entry, /activated enabled/);
  // The entry is focused; its children (the reports) are read when it is expanded.
  const pane = workbench.page.locator('.pane', { has: workbench.page.locator('.pane-header', { hasText: 'System Extensions' }) });
  const crash = pane.locator('.pane-body .monaco-list-row', { hasText: 'Crash 2026-11-21' });
  await workbench.waitFor('the crash report under the extension', async () => {
    if ((await crash.count()) === 0) await workbench.page.keyboard.press('ArrowRight');
    return (await crash.count()) > 0 || undefined;
  });
  assert.match(await crash.first().innerText(), new RegExp(`${CRASHING.replace(/\./g, '\\.')}-\\d+\\.ips`));
  await crash.first().click();
  await workbench.waitFor('the report document from the view', async () => ((await workbench.activeTab()) ?? '').startsWith(`${CRASHING}-`) || undefined, 30_000);
  await workbench.screenshot('system-extensions-crash-reports');
});
