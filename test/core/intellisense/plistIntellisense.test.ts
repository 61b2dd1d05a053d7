import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { plistFixes } from '../../../core/rules/fixesAt';
import { plistCompletion, plistHover } from '../../../core/intellisense/plistIntellisense';
import { bundledCatalog } from '../../../core/sdk/bundledCatalog';
import { fixture } from '../../support/lspClient';
import { actualFindings, workspaceOf } from '../../support/analysis';

const temps: string[] = [];
after(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

async function completeAt(marked: string, entitlements = false) {
  const workspace = await workspaceOf(fixture('usb-interface'));
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  return plistCompletion({ text, offset, entitlements, index: workspace.index, catalog: bundledCatalog() });
}

test('top-level keys with their value element, inside <key> and between elements', async () => {
  const inKey = await completeAt('<plist>\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>x</string>\n\t<key>OSBundle|</key>\n</dict>\n</plist>');
  const usage = inKey.find((c) => c.label === 'OSBundleUsageDescription');
  assert.ok(usage);
  assert.match(usage.insertText, /^OSBundleUsageDescription<\/key>\n\t<string>\$\{1:.+\}<\/string>$/);
  assert.ok(!inKey.some((c) => c.label === 'CFBundleIdentifier'), 'keys already present are not offered');
  const between = await completeAt('<plist>\n<dict>\n\t<|\n</dict>\n</plist>');
  assert.equal(between.find((c) => c.label === 'IOKitPersonalities')?.insertText, '<key>IOKitPersonalities</key>\n\t<dict>\n\t$0\n</dict>');
});

test('personality keys, and matching keys chosen by the provider', async () => {
  const items = await completeAt('<plist><dict><key>IOKitPersonalities</key><dict><key>Mine</key><dict>\n<key>IOProviderClass</key><string>IOUSBHostInterface</string>\n<key>|</key>\n</dict></dict></dict></plist>');
  const labels = items.map((c) => c.label);
  assert.ok(labels.includes('IOUserClass') && labels.includes('idVendor') && labels.includes('bInterfaceNumber'));
  assert.ok(!labels.includes('IOPCIMatch') && !labels.includes('PrimaryUsagePage'), 'only USB keys for a USB provider');
  assert.equal(items.find((c) => c.label === 'idVendor')?.detail, '<integer>');
});

test('values: IOClass, IOProviderClass and the workspace classes for IOUserClass', async () => {
  const classes = await completeAt('<plist><dict><key>IOKitPersonalities</key><dict><key>M</key><dict><key>IOUserClass</key><string>Bulk|</string></dict></dict></dict></plist>');
  assert.deepEqual(classes.map((c) => c.label), ['BulkPipeDriver']);
  const providers = (await completeAt('<plist><dict><key>IOKitPersonalities</key><dict><key>M</key><dict><key>IOProviderClass</key><string>|</string></dict></dict></dict></plist>')).map((c) => c.label);
  assert.ok(providers.includes('IOUSBHostInterface') && providers.includes('IOPCIDevice') && providers.includes('IOUserResources'));
  const entitlementKeys = (await completeAt('<plist><dict><key>com.apple.developer.driverkit.tr|</key></dict></plist>', true)).map((c) => c.label);
  assert.ok(entitlementKeys.includes('com.apple.developer.driverkit.transport.usb'));
});

test('hover on a key explains it', () => {
  const text = '<plist><dict><key>IOProbeScore</key><integer>1</integer></dict></plist>';
  const hover = plistHover({ text, offset: text.indexOf('Probe'), entitlements: false, index: undefined as never, catalog: bundledCatalog() });
  assert.match(hover?.markdown ?? '', /\*\*IOProbeScore\*\* — <integer>/);
});

/** Applies every fix a finding gets, then re-checks the folder. */
async function fixAndRecheck(code: string) {
  const dir = mkdtempSync(join(tmpdir(), 'dk-plist-fix-'));
  temps.push(dir);
  cpSync(fixture('plist', 'broken', code), dir, { recursive: true });
  const workspace = await workspaceOf(dir);
  const path = workspace.allPaths().find((p) => workspace.check(p).some((f) => f.code === code))!;
  const findings = workspace.check(path).filter((f) => f.code === code);
  const [fix] = plistFixes(workspace, path, findings);
  assert.ok(fix, `a fix for ${code}`);
  for (const target of new Set(fix.edits.map((e) => e.path))) {
    let text = readFileSync(target, 'utf8');
    for (const edit of fix.edits.filter((e) => e.path === target).sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    writeFileSync(target, text);
  }
  return { fix, findings: actualFindings(await workspaceOf(dir)) };
}

for (const code of ['plist.missing-required-key', 'plist.wrong-type', 'plist.personality.unknown-user-class', 'entitlements.missing-driverkit', 'entitlements.missing-transport', 'entitlements.missing-family', 'entitlements.usb-bool']) {
  test(`the quick fix for ${code} leaves no finding`, async () => {
    const { fix, findings } = await fixAndRecheck(code);
    assert.equal(fix.preferred, true);
    assert.deepEqual(findings, []);
  });
}
