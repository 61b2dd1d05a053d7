/** driverkit-check on HID report descriptors: the built dist/cli.js in a child process. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fixture } from '../support/lspClient';

const CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');
const run = promisify(execFile);

async function check(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: fixture('hid') });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('valid descriptors (one kept in a header) give nothing and exit 0', async () => {
  const result = await check('valid');
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /0 errors, 0 warnings in 9 files checked/);
});

test('an unbalanced collection is an error at the byte of the Collection left open', async () => {
  const result = await check('--format', 'json', join('broken', 'hid.unbalanced-collection'));
  assert.equal(result.code, 1);
  const [finding, ...rest] = JSON.parse(result.stdout) as { file: string; line: number; column: number; endLine: number; endColumn: number; code: string; severity: string }[];
  assert.deepEqual(rest, []);
  assert.deepEqual([finding.code, finding.severity], ['hid.unbalanced-collection', 'error']);
  const line = readFileSync(fixture('hid', 'broken', 'hid.unbalanced-collection', 'TrackballDevice.cpp'), 'utf8').split('\n')[finding.line - 1];
  // The item: its prefix byte and its data byte.
  assert.equal(finding.endLine, finding.line);
  assert.equal(line.slice(finding.column - 1, finding.endColumn - 1), '0xA1, 0x01');
});

test('a report length that is not the report\'s: a warning at the literal, exit 0', async () => {
  const result = await check(join('broken', 'hid.report-length'));
  assert.equal(result.code, 0);
  const lines = result.stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, 3, result.stdout);
  assert.match(lines[0], /^broken\/hid\.report-length\/BootKeyboardDevice\.cpp:\d+:\d+: warning: 9 bytes, but the Input report that kReportDescriptor describes is 8 bytes long \(64 bits\).* \[hid\.report-length\]$/);
  // getReport completing with 9 bytes; a descriptor wrapped in OSData when the device starts.
  assert.match(lines[1], /^broken\/hid\.report-length\/BootKeyboardDevice\.cpp:\d+:\d+: warning: 9 bytes, .*the report getReport hands back.* \[hid\.report-length\]$/);
  assert.match(lines[2], /^broken\/hid\.report-length\/StoredKeyboardDevice\.cpp:\d+:\d+: warning: 8 bytes, but the Input report that kKeys describes is 4 bytes long \(32 bits\).* \[hid\.report-length\]$/);
});

test('--list-rules names the hid rules', async () => {
  const result = await check('--list-rules');
  for (const id of ['hid.unbalanced-collection', 'hid.usage-without-page', 'hid.report-not-byte-aligned', 'hid.report-id-zero', 'hid.report-id-missing', 'hid.logical-range', 'hid.truncated-item', 'hid.unknown-tag', 'hid.report-length']) {
    assert.match(result.stdout, new RegExp(id.replace('.', '\\.')));
  }
});
