/**
 * End to end in a real VS Code (code-server) in a real Chromium, with the packaged extension
 * installed: what a DriverKit developer sees. Screenshots of every scenario go to
 * test/e2e/artifacts/ (git-ignored); a failure names its screenshot and prints code-server's log.
 */
import assert from 'node:assert/strict';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { breakLine, buildFakeDext, FAKE_DEXT_SOURCE, lldbDapPath, startFakeDext } from '../support/fakeDext';
import { REPO, startCodeServer, type RunningCodeServer } from './support/codeServer';
import { BUILT_DEXT, builtDextTracer, failActivation, prepareBuildAndDebug, stopBuiltDext } from './support/buildAndDebugProject';
import { prepareActivationDoctor } from './support/activationDoctor';
import { prepareSystemViews } from './support/systemViews';
import { Workbench } from './support/workbench';
import { locateIn } from './support/locate';

let workspace: string;
let scratch: string;
let fakeDext: ChildProcess | undefined;
let server: RunningCodeServer;
let workbench: Workbench;

const locate = (relativePath: string, needle: string): { line: number; column: number } => locateIn(workspace, relativePath, needle);

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'dk-e2e-workspace-'));
  cpSync(join(REPO, 'examples', 'SampleDriver'), workspace, { recursive: true });
  // The seeded mistake: a misspelt IIG attribute in the user client's declaration.
  const userClient = join(workspace, 'SampleDriver', 'SampleUserClient.iig');
  writeFileSync(userClient, readFileSync(userClient, 'utf8').replace('virtual kern_return_t Stop(IOService * provider) override;', 'virtual kern_return_t Stop(IOService * provider) override LOCALL;'));
  // The second seeded mistake: a misspelt IOUserClass in the dext's Info.plist.
  const info = join(workspace, 'SampleDriver', 'Info.plist');
  writeFileSync(info, readFileSync(info, 'utf8').replace('<string>SampleDriver</string>', '<string>SampleDrvier</string>'));
  // A fake dext to debug (a real process from a .dext bundle), its source and a launch configuration.
  if (lldbDapPath()) {
    cpSync(FAKE_DEXT_SOURCE, join(workspace, 'fake_driver.c'));
    // Its own bundle id, so the debugger suite's fake dexts running at the same time never mix with it.
    const executable = buildFakeDext(join(workspace, 'build-products'), 'com.example.E2EDriver', join(workspace, 'fake_driver.c'));
    fakeDext = startFakeDext(executable, 'com.example.E2EDriver');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    prepareBuildAndDebug(workspace);
    writeFileSync(
      join(workspace, '.vscode', 'launch.json'),
      JSON.stringify({ version: '0.2.0', configurations: [{ type: 'driverkit', request: 'attach', name: 'Attach to E2EDriver', dext: 'com.example.E2EDriver', lldbDapPath: lldbDapPath(), logStream: false }] }),
    );
  }
  // A new, still empty service class, as a developer starting a HID driver would have it.
  writeFileSync(join(workspace, 'SampleDriver', 'KeyboardFilter.iig'), '#include <DriverKit/IOService.iig>\nclass KeyboardFilter : public IOService\n{\npublic:\n    \n};\n');
  scratch = mkdtempSync(join(tmpdir(), 'dk-e2e-tools-'));
  server = await startCodeServer(workspace, { userSettings: { ...prepareSystemViews(workspace, scratch), ...prepareActivationDoctor(scratch) } });
  workbench = await Workbench.open(server.url);
});

after(async () => {
  fakeDext?.kill('SIGKILL');
  stopBuiltDext();
  await workbench?.close();
  if (process.exitCode) process.stderr.write(`code-server log:\n${server?.log()}\n`);
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

test('the extension activates and its language server starts without errors', async () => {
  await workbench.openFile('SampleDriver.iig');
  await workbench.runCommand('DriverKit: Show Output');
  const text = await workbench.waitFor('the DriverKit output channel to report the index', async () => {
    const output = await workbench.outputText();
    return /Indexed \d+ DriverKit source files/.test(output) ? output : undefined;
  });
  await workbench.screenshot('activation');
  assert.match(text, /DriverKit extension \d+\.\d+\.\d+ activating/);
  assert.match(text, /DriverKit language server started/);
  assert.doesNotMatch(text, /\[error\]|did not start/i);
});

test('IIG attributes are drawn in their own colour', async () => {
  await workbench.openFile('SampleDriver.iig');
  const { line } = locate('SampleDriver/SampleDriver.iig', 'TYPE(IOUSBHostPipe::CompleteAsyncIO)');
  await workbench.goTo(line, 1);
  const tokens = await workbench.waitFor('rendered TYPE and QUEUENAME tokens', async () => {
    const all = await workbench.tokens();
    return all.some((t) => t.text.trim() === 'TYPE') && all.some((t) => t.text.trim() === 'QUEUENAME') ? all : undefined;
  });
  await workbench.screenshot('iig-colours');
  const classOf = (word: string) => tokens.find((t) => t.text.trim() === word)?.className;
  const attribute = classOf('TYPE');
  assert.ok(attribute);
  assert.equal(classOf('QUEUENAME'), attribute, 'every IIG attribute shares one colour');
  assert.equal(classOf('virtual'), attribute, 'attributes are coloured as storage keywords');
  const identifier = classOf('actualByteCount');
  assert.ok(identifier && identifier !== attribute, `a plain identifier (${identifier}) differs from an attribute (${attribute})`);
});

test('the Outline view lists the class and its methods', async () => {
  await workbench.openFile('SampleDriver.iig');
  await workbench.runCommand('Explorer: Focus on Outline View');
  const entries = await workbench.waitFor('the outline of SampleDriver', async () => {
    const items = await workbench.outline();
    return items.includes('SampleDriver (class)') && items.includes('Start (method)') ? items : undefined;
  });
  await workbench.screenshot('outline');
  for (const expected of ['init (constructor)', 'free (constructor)', 'Stop (method)', 'NewUserClient (method)']) {
    assert.ok(entries.includes(expected), `${expected} in ${entries.join(', ')}`);
  }
});

test('a seeded mistake shows in the Problems panel and goes away when fixed by typing', async () => {
  await workbench.openFile('SampleUserClient.iig');
  await workbench.runCommand('View: Focus Problems');
  const problems = await workbench.waitFor('our finding in the Problems panel', async () => {
    const rows = await workbench.problems();
    return rows.some((r) => r.includes("'LOCALL' is not an IIG attribute")) ? rows : undefined;
  });
  await workbench.screenshot('problem-shown');
  assert.ok(problems.some((r) => r.includes("Did you mean 'LOCAL'?")), problems.join('\n'));
  // Fix it the way a user would: put the cursor on the typo, select the word, type the fix.
  const at = locate('SampleDriver/SampleUserClient.iig', 'LOCALL');
  await workbench.openFile('SampleUserClient.iig');
  await workbench.goTo(at.line, at.column);
  await workbench.page.keyboard.press('Control+Shift+ArrowRight');
  await workbench.page.keyboard.type('LOCAL');
  await workbench.runCommand('View: Focus Problems');
  await workbench.waitFor('the finding to go away', async () => (await workbench.problems()).every((r) => !r.includes('LOCALL')) || undefined);
  await workbench.screenshot('problem-fixed');
});

test('go to definition from IMPL(...) opens the .iig at the declaration', async () => {
  await workbench.openFile('SampleDriver.cpp');
  const impl = locate('SampleDriver/SampleDriver.cpp', 'IMPL(SampleDriver, Start)');
  await workbench.goTo(impl.line, impl.column + 'IMPL(SampleDriver, '.length + 1);
  await workbench.page.keyboard.press('F12');
  await workbench.waitFor('SampleDriver.iig to open', async () => (await workbench.activeTab()) === 'SampleDriver.iig' || undefined);
  const declaration = locate('SampleDriver/SampleDriver.iig', 'Start(IOService');
  const cursor = await workbench.waitFor('the cursor on the declaration', async () => {
    const at = await workbench.cursor();
    return at?.line === declaration.line ? at : undefined;
  });
  await workbench.screenshot('go-to-definition');
  assert.equal(cursor.column, declaration.column);
});

test('completion offers a base class (adding its #include) and then its overridable methods', async () => {
  await workbench.openFile('KeyboardFilter.iig');
  // Replace the placeholder base class the way a user would: select the word, type, pick.
  await workbench.goTo(2, 'class KeyboardFilter : public '.length + 1);
  await workbench.page.keyboard.press('Control+Shift+ArrowRight');
  await workbench.completeWith('IOUserHIDEventSe', 'IOUserHIDEventService');
  await workbench.waitFor('the base class and its #include', async () => {
    const text = await workbench.editorText();
    return text.includes('#include <HIDDriverKit/IOUserHIDEventService.iig>') && text.includes('class KeyboardFilter : public IOUserHIDEventService') ? true : undefined;
  });
  // The include went in above the class: the empty body line is now line 6.
  await workbench.goTo(6, 5);
  await workbench.completeWith('handleRep', 'handleReport');
  const text = await workbench.waitFor('the handleReport override', async () => {
    const shown = await workbench.editorText();
    return /virtual void handleReport\(uint64_t timestamp, .*\) override LOCALONLY;/.test(shown) ? shown : undefined;
  });
  assert.match(text, /IOHIDReportType type/);
  // What completion wrote is a valid DriverKit class: the Problems panel stays empty.
  await workbench.runCommand('View: Focus Problems');
  await workbench.waitFor('no problems in the completed class', async () => (await workbench.problems()).every((r) => !r.includes('KeyboardFilter')) || undefined);
  await workbench.screenshot('completion');
});

test('a misspelt IOUserClass in Info.plist shows in the Problems panel and the quick fix repairs it', async () => {
  await workbench.runCommand('View: Focus Problems');
  await workbench.waitFor('the IOUserClass finding', async () => {
    const rows = await workbench.problems();
    return rows.some((r) => r.includes("No .iig in the workspace declares a class 'SampleDrvier'. Did you mean 'SampleDriver'?")) || undefined;
  });
  await workbench.screenshot('plist-problem');
  await workbench.openFile('Info.plist', 'SampleDriver');
  const at = locate('SampleDriver/Info.plist', 'SampleDrvier');
  await workbench.goTo(at.line, at.column + 2);
  await workbench.quickFix("Change IOUserClass to 'SampleDriver'");
  await workbench.runCommand('View: Focus Problems');
  await workbench.waitFor('the finding to go away', async () => (await workbench.problems()).every((r) => !r.includes('SampleDrvier')) || undefined);
  assert.match(await workbench.editorText(), /<string>SampleDriver<\/string>/);
  await workbench.screenshot('plist-fixed');
});

test('debugging: the driverkit configuration attaches real lldb to the running dext and stops at a breakpoint', { skip: lldbDapPath() ? false : 'lldb-dap is not installed' }, async () => {
  await workbench.openFile('fake_driver.c');
  await workbench.goTo(breakLine(), 5);
  await workbench.page.keyboard.press('F9');
  await workbench.waitFor('the breakpoint', async () => (await workbench.page.locator('.codicon-debug-breakpoint').count()) > 0 || undefined);
  await workbench.page.keyboard.press('F5');
  const frames = await workbench.waitForStopIn(/tick/, 'the stop in tick()', 60_000);
  await workbench.screenshot('debug-stopped');
  assert.ok(frames.some((n) => /tick/.test(n)), frames.join('\n'));
  await workbench.endDebugSession();
  assert.ok(fakeDext && fakeDext.exitCode === null, 'the dext keeps running after the detach');
});

test('DriverKit: New Driver writes a USB interface driver that passes every check', async () => {
  await workbench.runCommand('DriverKit: New Driver');
  const input = workbench.page.locator('.quick-input-widget input');
  await input.fill('USB interface');
  await workbench.waitFor('the USB interface family', async () => ((await workbench.page.locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-label')) ?? '').includes('USB interface') || undefined);
  await workbench.page.keyboard.press('Enter');
  await workbench.waitFor('the class name prompt', async () => ((await input.inputValue()) === 'MyDriver' ? true : undefined));
  await input.fill('GadgetDriver');
  await workbench.page.keyboard.press('Enter');
  await workbench.waitFor('the bundle id prompt', async () => ((await input.inputValue()) === 'com.example.GadgetDriver' ? true : undefined));
  await workbench.page.keyboard.press('Enter');
  await workbench.waitFor('the new .iig to open', async () => (await workbench.activeTab()) === 'GadgetDriver.iig' || undefined, 20_000);
  for (const name of ['GadgetDriver.iig', 'GadgetDriver.cpp', 'Info.plist', 'GadgetDriver.entitlements']) {
    assert.ok(readFileSync(join(workspace, 'GadgetDriver', name), 'utf8').length > 0, name);
  }
  await workbench.runCommand('View: Focus Problems');
  // Give the server time to index the new files, then the panel must say nothing about them.
  await workbench.page.waitForTimeout(2000);
  await workbench.waitFor('no problems in the new driver', async () => (await workbench.problems()).every((r) => !r.includes('GadgetDriver')) || undefined);
  await workbench.screenshot('new-driver');
});

test('DriverKit: Build and Debug runs the make build, starts the dext, waits for it and attaches lldb', { skip: lldbDapPath() ? false : 'lldb-dap is not installed' }, async () => {
  assert.ok(!existsSync(join(workspace, BUILT_DEXT)), 'nothing is built before the command runs');
  await workbench.openFile('fake_driver.c');
  if ((await workbench.page.locator('.codicon-debug-breakpoint').count()) === 0) {
    await workbench.goTo(breakLine(), 5);
    await workbench.page.keyboard.press('F9');
  }
  await workbench.openFile('Info.plist', 'E2EBuild');
  const lens = workbench.page.locator('.codelens-decoration a', { hasText: 'Build and Debug' });
  await workbench.waitFor('the Build and Debug CodeLens', async () => (await lens.count()) > 0 || undefined, 30_000);
  await lens.first().click();
  const frames = await workbench.waitForStopIn(/tick/, 'the built dext to stop in tick()', 90_000);
  await workbench.screenshot('build-and-debug-stopped');
  assert.ok(frames.some((n) => /tick/.test(n)), frames.join('\n'));
  assert.ok(existsSync(join(workspace, BUILT_DEXT)), 'make built the dext');
  assert.ok(builtDextTracer() > 0, 'lldb traces the dext that the activation step started (not the other fake dext)');
  await workbench.endDebugSession();
});

test('the language server killed mid-session is restarted and carries on from the editor\'s state', async () => {
  // Our server is the one started from this code-server's own extensions folder.
  const serverPids = (): number[] => {
    try {
      return execFileSync('pgrep', ['-f', `${server.root}/extensions/.*/dist/server.js`], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const [first] = await workbench.waitFor('the running language server', async () => (serverPids().length === 1 ? serverPids() : undefined));
  process.kill(first, 'SIGKILL');
  await workbench.waitFor('a restarted language server', async () => {
    const now = serverPids();
    return now.length === 1 && now[0] !== first ? now : undefined;
  }, 30_000);
  // A mistake typed now lives only in the editor (unsaved): the restarted server must have been handed the buffer.
  const stop = locate('SampleDriver/SampleUserClient.iig', 'Stop(IOService * provider) override LOCAL');
  await workbench.openFile('SampleUserClient.iig');
  await workbench.goTo(stop.line, stop.column + 'Stop(IOService * provider) override '.length);
  await workbench.page.keyboard.press('Control+Shift+ArrowRight');
  await workbench.page.keyboard.type('LOCALX');
  await workbench.runCommand('View: Focus Problems');
  const rows = await workbench.waitFor('the new finding from the restarted server', async () => {
    const now = await workbench.problems();
    return now.some((r) => r.includes("'LOCALX' is not an IIG attribute")) ? now : undefined;
  }, 30_000);
  await workbench.screenshot('server-restarted');
  assert.ok(rows.some((r) => r.includes("Did you mean 'LOCAL'?")), rows.join('\n'));
});

test('System Extensions and Matching Status views show recorded macOS output: the same-version warning and a matched personality', async () => {
  await workbench.runCommand('DriverKit: Show Matching Status');
  const matched = await workbench.treeRow('Matching Status', /BulkPipeDriver.*matched ×1/);
  await workbench.screenshot('matching-status');
  assert.match(matched, /matched ×1/);
  await workbench.runCommand('Focus on System Extensions View');
  const warning = await workbench.treeRow('System Extensions', /com\.example\.E2EBuild: same version as installed/);
  assert.match(warning, /same version as installed/);
  const waiting = await workbench.treeRow('System Extensions', /BulkPipeDriver 1\.0 \(3\).*\[activated waiting for user\]/);
  await workbench.screenshot('system-extensions');
  assert.match(waiting, /waiting for user/);
  // Extensions built from this workspace offer "Reveal Info.plist"; another vendor's does not.
  await workbench.treeRow('System Extensions', /SerialDext 3\.2 \(12\)/);
  const reveal = async (name: string): Promise<number> =>
    workbench.page.locator('.pane-body .monaco-list-row', { hasText: name }).locator('.action-label[aria-label="Reveal Info.plist"]').count();
  assert.equal(await reveal('BulkPipeDriver 1.0 (3)'), 1);
  assert.equal(await reveal('com.example.E2EBuild 1.0 (1)'), 1);
  assert.equal(await reveal('SerialDext 3.2 (12)'), 0);
});

test('Build and Debug whose activation is refused opens the activation report, which names the cause the log shows', { skip: lldbDapPath() ? false : 'lldb-dap is not installed' }, async () => {
  failActivation(workspace);
  await workbench.openFile('Info.plist', 'E2EBuild');
  const lens = workbench.page.locator('.codelens-decoration a', { hasText: 'Build and Debug' });
  await workbench.waitFor('the Build and Debug CodeLens', async () => (await lens.count()) > 0 || undefined, 30_000);
  await lens.first().click();
  await workbench.waitFor('the activation report', async () => (await workbench.activeTab())?.startsWith('Activation of com.example.E2EBuild') || undefined, 90_000);
  const report = await workbench.waitFor('the report\'s first finding', async () => {
    const text = await workbench.editorText();
    return text.includes('1. ') ? text : undefined;
  });
  await workbench.screenshot('activation-report');
  assert.match(report, /Activation of com\.example\.E2EBuild: Activation failed/);
  assert.match(report, /1\. The kernel refused the dext's entitlements/);
  assert.match(report, /DK: IOUserServer\(com\.example\.E2EBuild-0x100000a2b\)::exit\(Entitlements check failed\)/);
});
