/**
 * Collecting for the activation doctor with real processes: stand-ins for log, systemextensionsctl,
 * plutil and xattr (macOS tools that cannot run here) print recorded output in the tools' formats;
 * the arguments they receive are checked, so a workspace value reaches them as one argument.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectActivation, runActivationDoctor } from '../../../core/activation/collect';
import { renderActivationReport } from '../../../core/activation/renderReport';
import { runCommand } from '../../../core/tools/runCommand';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'activation');
const scratch = mkdtempSync(join(tmpdir(), 'driverkit-activation-tools-'));
const argsLog = join(scratch, 'args.log');

/** A stand-in program that records its arguments (one per line) and prints a fixture, or fails. */
function standIn(name: string, fixture: string | undefined, exit = 0, stderr = ''): string {
  const path = join(scratch, name);
  const print = fixture ? `cat '${join(FIXTURES, fixture)}'\n` : '';
  writeFileSync(path, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> '${argsLog}'\necho ---- >> '${argsLog}'\n${print}${stderr ? `echo '${stderr}' >&2\n` : ''}exit ${exit}\n`);
  chmodSync(path, 0o755);
  return path;
}

const run = (program: string, args: readonly string[]) => runCommand(program, args, { timeoutMs: 20_000 });
const subject = { bundleId: 'com.example.driver', hostExecutable: 'Host' };

describe('collecting what the activation doctor reads', () => {
  it('runs each configured tool with argument arrays and names the cause from what they print', async () => {
    writeFileSync(argsLog, '');
    const commands = {
      log: standIn('log', 'entitlements-check-failed.ndjson'),
      systemExtensionsCtl: standIn('systemextensionsctl', 'list-waiting.txt'),
      database: [standIn('plutil', 'db-stuck.plist'), '-convert', 'xml1', '-o', '-', '/Library/SystemExtensions/db.plist'],
      xattr: standIn('xattr', 'quarantine-pending.txt'),
    };
    const hostApp = '/Applications/Probe Host; rm -rf ~.app';
    const report = await runActivationDoctor(subject, hostApp, commands, run);
    assert.equal(report.outcome, 'failed');
    assert.equal(report.items[0].id, 'dk-entitlements-check-failed');
    assert.ok(report.items.some((i) => i.id === 'quarantine'));
    assert.ok(report.items.some((i) => i.id === 'db-duplicate-active'));
    assert.deepEqual(report.notes, []);
    const calls = readFileSync(argsLog, 'utf8').split('----\n').filter(Boolean).map((c) => c.trimEnd().split('\n'));
    const logCall = calls.find((c) => c[0] === 'show')!;
    assert.deepEqual(logCall.slice(0, 7), ['show', '--last', '10m', '--style', 'ndjson', '--info', '--debug']);
    assert.equal(logCall[7], '--predicate');
    assert.match(logCall[8], /process == "sysextd"/);
    assert.ok(calls.some((c) => c.join(' ') === 'list'));
    assert.ok(calls.some((c) => c[0] === '-p' && c[1] === 'com.apple.quarantine' && c[2] === hostApp), 'the app path is one argument');
  });

  it('a tool that is missing or fails becomes a note; xattr without the attribute is an answer', async () => {
    const collected = await collectActivation(subject, '/Applications/Host.app', {
      log: join(scratch, 'no-such-log'),
      systemExtensionsCtl: standIn('failing-ctl', undefined, 1, 'systemextensionsctl: permission denied'),
      xattr: standIn('xattr-none', undefined, 1, 'xattr: /Applications/Host.app: No such xattr: com.apple.quarantine'),
    }, run);
    assert.equal(collected.notes.length, 2);
    assert.match(collected.notes[0], /^The unified log could not be read: .*no-such-log was not found/);
    assert.match(collected.notes[1], /^systemextensionsctl list could not be read: .*permission denied/);
    assert.equal(collected.inputs.quarantine, '');
    assert.equal(collected.inputs.log, undefined);
  });

  it('the report as a document: verdict, cause, evidence, what to do, and what was not read', async () => {
    const report = await runActivationDoctor(subject, undefined, { log: standIn('log2', 'userclient-access.ndjson'), systemExtensionsCtl: join(scratch, 'gone') }, run);
    const text = renderActivationReport(report, 'com.example.driver', Date.UTC(2026, 0, 15, 18, 2));
    assert.match(text, /^Activation of com\.example\.driver: Activation failed\n=+\n\n/);
    assert.match(text, /\(collected 2026-01-15 18:02:00 UTC\)/);
    assert.match(text, /1\. The app may not open the dext's user client\n/);
    assert.match(text, /Evidence:\n {5}\S.*kernel/);
    assert.match(text, /What to do:\n {5}- /);
    assert.match(text, /Not read\n--------\n- systemextensionsctl list could not be read/);
  });
});
