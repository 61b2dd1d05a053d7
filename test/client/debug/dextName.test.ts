import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { dextNameFromInfoPlist } from '../../../client/src/debug/dextName';
import { fixture } from '../../support/lspClient';

test('the debug configuration takes the dext name from a literal Info.plist, never from $(...)', () => {
  assert.equal(dextNameFromInfoPlist(readFileSync(fixture('usb-interface', 'Info.plist'), 'utf8')), 'com.example.driverkit.BulkPipeDriver');
  const withVariables = '<plist><dict><key>CFBundleIdentifier</key><string>$(PRODUCT_BUNDLE_IDENTIFIER)</string><key>CFBundleExecutable</key><string>MyDriver</string><key>IOKitPersonalities</key><dict/></dict></plist>';
  assert.equal(dextNameFromInfoPlist(withVariables), 'MyDriver');
  assert.equal(dextNameFromInfoPlist('<plist><dict><key>CFBundleIdentifier</key><string>com.example.App</string></dict></plist>'), undefined, 'an app is no dext');
});

test('a $(...) bundle id is used once the target\'s build settings expand it, and never half-expanded', () => {
  const text = '<plist><dict><key>CFBundleIdentifier</key><string>$(PRODUCT_BUNDLE_IDENTIFIER)</string><key>IOKitPersonalities</key><dict/></dict></plist>';
  assert.equal(dextNameFromInfoPlist(text, (v) => (v === '$(PRODUCT_BUNDLE_IDENTIFIER)' ? 'com.example.Resolved' : undefined)), 'com.example.Resolved');
  assert.equal(dextNameFromInfoPlist(text, () => undefined), undefined);
  assert.equal(dextNameFromInfoPlist(text, () => 'com.example.$(SUFFIX)'), undefined);
});
