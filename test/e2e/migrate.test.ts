/**
 * End to end in real VS Code (code-server) in real Chromium: a kext class moved to DriverKit. With
 * the cursor on the class name in its header, "DriverKit: Migrate Kext Class to DriverKit…" asks the
 * language server for the skeleton, writes it beside the kext in `<Class>DriverKit/` and opens the
 * `.iig`. Screenshots go to test/e2e/artifacts/.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixtureWorkbench } from './support/fixtureWorkbench';
import { locateIn } from './support/locate';

const session = fixtureWorkbench('migrate', [
  ['kext/pci', ''],
]);

test('Migrate Kext Class to DriverKit writes the skeleton beside the kext and opens its .iig', async () => {
  const workbench = session.workbench();
  const workspace = session.workspace();
  await workbench.openFile('LanternPCI.h');
  const { line, column } = locateIn(workspace, 'LanternPCI.h', 'class LanternPCI');
  await workbench.goTo(line, column + 'class '.length + 2);
  const iig = join(workspace, 'LanternPCIDriverKit', 'LanternPCI.iig');
  // The language server may still be reading the kext when the command first runs: run it until the
  // skeleton is there (a run that finds no class writes nothing, so a second run is harmless).
  await workbench.waitFor('the skeleton written to LanternPCIDriverKit/', async () => {
    if (!existsSync(iig)) await workbench.runCommand('DriverKit: Migrate Kext Class to DriverKit');
    return existsSync(iig) || undefined;
  }, 90_000);
  // Only the .iig has the TYPE handler (the kext's header has IOTimerEventSource instead).
  const shown = await workbench.waitFor('the new .iig in the editor', async () => {
    const text = await workbench.editorText();
    const tab = await workbench.page.locator('.tab.active').first().innerText().catch(() => '');
    return tab.includes('LanternPCI.iig') && text.includes('TYPE(IOTimerDispatchSource::TimerOccurred)') ? text : undefined;
  });
  await workbench.screenshot('migrate-iig');
  assert.match(shown, /class LanternPCI\s*:\s*public IOService/);
  const cpp = readFileSync(join(workspace, 'LanternPCIDriverKit', 'LanternPCI.cpp'), 'utf8');
  assert.match(cpp, /Start\(provider, SUPERDISPATCH\)/);
  assert.match(cpp, /TODO\(migrate\)/);
  const plist = readFileSync(join(workspace, 'LanternPCIDriverKit', 'Info.plist'), 'utf8');
  assert.match(plist, /<key>IOUserClass<\/key>\s*<string>LanternPCI<\/string>/);
  assert.ok(existsSync(join(workspace, 'LanternPCI.h')), 'the kext is left as it was');
});
