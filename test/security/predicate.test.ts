/**
 * The `log --predicate` text built from a workspace-derived dext name (Info.plist, launch.json, ps):
 * whatever the name holds, it stays inside NSPredicate string literals and the predicate keeps its
 * one fixed shape. test/unit/logStream.test.ts covers the common cases with a lexer; this file adds
 * the hostile values shared by all security tests (and values from a hostile Info.plist), read back
 * with the predicate language's literal rule.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTIVATION_PROCESSES, logShowArgs, logStreamArgs } from '../../core/tools/unifiedLog';
import { cppParser } from '../../core/model/treeSitter';
import { Workspace } from '../../core/workspace/workspace';
import { describeDexts } from '../../core/workspace/workspaceDexts';
import { hostileValues, predicateValueOf, readDextPredicate, readPredicateLiteral } from './support';

const EXTRA = [
  { label: 'NUL bytes', value: 'com.example.X\u0000" OR TRUEPREDICATE OR sender == "\u0000' },
  { label: 'an escaped quote that tries to swallow ours', value: 'x\\" OR TRUEPREDICATE OR sender == \\"' },
  { label: 'a trailing backslash', value: 'com.example.X\\' },
  { label: 'unicode line separators', value: 'com.example.X\u2028" OR TRUEPREDICATE\u2029' },
  { label: 'format specifiers and variables', value: '%@ %K $VAR %d %%' },
  { label: 'predicate keywords', value: '") OR TRUEPREDICATE OR (eventMessage CONTAINS "' },
];

const ALL = [...hostileValues('/tmp/dk-security/pwned').map(({ label, value }) => ({ label, value })), ...EXTRA];

for (const { label, value } of ALL) {
  test(`log predicate: ${label} stays one argv element and inside its literals`, () => {
    for (const args of [logStreamArgs(value), logShowArgs(value, '1h')]) {
      const at = args.indexOf('--predicate');
      assert.ok(at >= 0 && at === args.length - 2, 'the predicate is the last argument, right after --predicate');
      const predicate = args[at + 1];
      assert.ok(!/[\u0000-\u001f\u007f\u2028\u2029]/.test(predicate), 'no control character or line separator reaches log');
      const read = readDextPredicate(predicate);
      const v = predicateValueOf(value);
      assert.deepEqual(read, { sender: v, kernel: 'kernel', contains: v, speakers: ['kernel'], mentioned: [v] });
    }
  });

  test(`log predicate with the activation daemons: ${label} stays inside its literals`, () => {
    const args = logStreamArgs(value, 'debug', [`${value}.extra`], { activation: true });
    const read = readDextPredicate(args.at(-1)!);
    const v = predicateValueOf(value);
    assert.equal(read.sender, v);
    assert.deepEqual(read.speakers, ['kernel', ...ACTIVATION_PROCESSES]);
    assert.deepEqual(read.mentioned, [v, predicateValueOf(`${value}.extra`)]);
  });
}

test('log show: a hostile time window never reaches log; the default window is used', () => {
  for (const last of ['1h; rm -rf ~', '$(touch pwned)', '--predicate', '10m\n', '']) {
    const args = logShowArgs('com.example.MyDriver', last);
    assert.deepEqual(args.slice(0, 3), ['show', '--last', '10m']);
  }
});

test('a hostile CFBundleIdentifier from an Info.plist reaches the predicate only as literal text', async () => {
  const hostile = 'com.example.X" OR TRUEPREDICATE OR sender == "\nplatform shell touch /tmp/pwned';
  const plist = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>CFBundleIdentifier</key><string>${hostile}</string>
  <key>CFBundlePackageType</key><string>DEXT</string>
  <key>IOKitPersonalities</key><dict/>
</dict></plist>`;
  // Read as the language server reads it for driverkit/dexts, which the log commands ask.
  const workspace = new Workspace(await cppParser());
  workspace.updatePlist('/hostile/Info.plist', plist);
  const name = describeDexts(workspace)[0]?.processName;
  assert.equal(name, hostile, 'the plist reader hands the raw value on');
  const read = readDextPredicate(logStreamArgs(name!).at(-1)!);
  assert.equal(read.sender, predicateValueOf(hostile));
  assert.equal(read.contains, predicateValueOf(hostile));
});

test('an empty or all-control name matches nothing instead of every kernel line', () => {
  for (const name of ['', '   ', '\u0000\n\r\t', '\u2028']) assert.equal(logStreamArgs(name).at(-1), 'FALSEPREDICATE');
});

test('the literal reader itself rejects what the predicate must never contain', () => {
  assert.throws(() => readDextPredicate('sender == "x" OR TRUEPREDICATE OR (process == "kernel" AND eventMessage CONTAINS "x")'));
  assert.throws(() => readPredicateLiteral('"abc', 0), /never closes/);
  assert.throws(() => readPredicateLiteral('"a\\nb"', 0), /unexpected escape/);
  assert.deepEqual(readPredicateLiteral('"a\\"b\\\\" tail', 0), { value: 'a"b\\', end: 8 });
});
