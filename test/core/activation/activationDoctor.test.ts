import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { activationLogShowArgs, activationPredicate, parseActivationLog } from '../../../core/activation/activationLog';
import { diagnoseActivation } from '../../../core/activation/activationReport';
import { EXACT_FAILURES } from '../../../core/activation/exactFailures';
import { KNOWN_FAILURES, matchKnownFailure } from '../../../core/activation/knownFailures';
import { parseQuarantine, quarantineRemoveArgs } from '../../../core/activation/quarantine';
import { dbTroubles, parseSystemExtensionsDb } from '../../../core/activation/systemExtensionsDb';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'activation');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const subject = { bundleId: 'com.example.driver', hostExecutable: 'Host' };

/** Each recorded log, the failure the doctor must name first, and a word its fix must carry. */
const RECORDED: readonly [file: string, firstId: string, fixKind: string][] = [
  ['entitlements-check-failed.ndjson', 'dk-entitlements-check-failed', 'open-entitlement'],
  ['provider-entitlements.ndjson', 'dk-provider-entitlements', 'open-entitlement'],
  ['family-entitlements.ndjson', 'dk-family-entitlements', 'open-entitlement'],
  ['driverkit-entitlement.ndjson', 'dk-driverkit-entitlement', 'open-entitlement'],
  ['cdhash.ndjson', 'dk-cdhash', 'bump-bundle-version'],
  ['check-in-token.ndjson', 'dk-check-in-token', 'bump-bundle-version'],
  ['third-party-hardware.ndjson', 'dk-third-party-hardware', 'check-signing'],
  ['userclient-access.ndjson', 'uc-userclient-access', 'open-entitlement'],
  ['communicates-with-drivers.ndjson', 'uc-communicates-with-drivers', 'open-entitlement'],
  ['uc-team-id.ndjson', 'uc-team-id', 'open-entitlement'],
  ['amfi-no-profile.ndjson', 'unsatisfied-entitlements', 'check-signing'],
  ['realize-stalled.ndjson', 'realize-stalled', 'reboot-or-reset'],
  ['activate-found-two.ndjson', 'activate-found-two', 'reboot-or-reset'],
  // sysextd's own words for error codes 9 and 3 are grouped as those codes, with the message's title and fixes
  ['failed-to-validate.ndjson', 'code-9', 'check-signing'],
  ['not-in-applications.ndjson', 'code-3', 'remove-quarantine'],
  ['code-signature-invalid.ndjson', 'code-8', 'check-signing'],
  ['policy-blocked.ndjson', 'policy-would-not-allow', 'remove-quarantine'],
];

describe('the activation doctor on recorded logs', () => {
  for (const [file, firstId, fixKind] of RECORDED) {
    it(`${file}: names ${firstId}, shows its evidence and offers a fix`, () => {
      const report = diagnoseActivation({ subject, log: read(file) });
      assert.equal(report.outcome, 'failed', report.summary);
      assert.equal(report.items[0].id, firstId, report.items.map((i) => i.id).join(', '));
      assert.ok(report.items[0].evidence.length > 0);
      assert.ok(report.items[0].cause.length > 40);
      assert.ok(report.items[0].fixes.some((f) => f.kind === fixKind), JSON.stringify(report.items[0].fixes));
      assert.equal(report.summary, `${report.items[0].title}.`);
    });
  }

  it('the known-message table has at least 12 failures, each exact string found by its pattern in some recorded log', () => {
    const failures = KNOWN_FAILURES.filter((f) => f.failure !== false);
    assert.ok(failures.length >= 12, `${failures.length}`);
    const seen = new Set<string>();
    for (const [file] of [...RECORDED, ['being-replaced.ndjson'], ['realize-ok.ndjson']]) {
      for (const entry of parseActivationLog(read(file))) {
        const match = matchKnownFailure(entry.message, entry.process);
        if (match) seen.add(match.failure.id);
      }
    }
    assert.deepEqual(EXACT_FAILURES.map((f) => f.id).filter((id) => !seen.has(id)), []);
  });

  it('control: sysextd carries on after "attempting to realize" — no stall reported', () => {
    const report = diagnoseActivation({ subject, log: read('realize-ok.ndjson') });
    assert.deepEqual(report.items, []);
    assert.equal(report.outcome, 'unknown');
  });

  it('the userclient-access fix names the bundle id the kernel needed, and the evidence keeps both lines', () => {
    const report = diagnoseActivation({ subject, log: read('userclient-access.ndjson') });
    assert.match(report.items[0].fixes[0].label, /List com\.example\.driver in the app's/);
    assert.equal(report.items[0].fixes[0].key, 'com.apple.developer.driverkit.userclient-access');
    assert.match(report.items[0].evidence[0], /^10:01:\d\d\.\d{3} \[Error\] kernel\S*: DK: MyUserClient-0x100001127:UC failed userclient-access check/);
    assert.ok(report.items.some((i) => i.id === 'uc-entitlements'));
  });

  it('an upgrade waiting for a restart is pending, not failed', () => {
    const report = diagnoseActivation({ subject, log: read('being-replaced.ndjson') });
    assert.equal(report.outcome, 'pending');
    assert.equal(report.items[0].id, 'being-replaced');
  });

  it('a process filter keeps a kernel string from matching a daemon table entry', () => {
    assert.equal(matchKnownFailure('attempting to realize extension with identifier x', 'kernel'), undefined);
    assert.equal(matchKnownFailure('attempting to realize extension with identifier x', 'sysextd')?.failure.id, 'realize-stalled');
  });
});

describe('the state around the activation', () => {
  it('systemextensionsctl: waiting for the user is pending; activated enabled is active', () => {
    const waiting = diagnoseActivation({ subject, systemExtensionsList: read('list-waiting.txt') });
    assert.equal(waiting.outcome, 'pending');
    assert.equal(waiting.items[0].fixes[0].kind, 'approve-in-settings');
    const active = diagnoseActivation({ subject, systemExtensionsList: read('list-active.txt') });
    assert.equal(active.outcome, 'active');
    assert.deepEqual(active.items, []);
  });

  it('the extensions database: the dext active twice and a copy waiting to uninstall on reboot; control: a clean one', () => {
    const db = parseSystemExtensionsDb(read('db-stuck.plist'));
    assert.ok(db.ok);
    assert.equal(db.developerMode, true);
    assert.deepEqual(dbTroubles(db.extensions).map((t) => [t.kind, t.identifier, t.entries.length]), [['duplicate-active', 'com.example.driver', 2], ['uninstall-on-reboot', 'com.example.driver', 1]]);
    const report = diagnoseActivation({ subject, database: read('db-stuck.plist') });
    assert.deepEqual(report.items.map((i) => i.id), ['db-duplicate-active', 'db-uninstall-on-reboot']);
    assert.match(report.items[0].evidence[0], /ABCDE12345 com\.example\.driver \(1\.0\/5\) \[activated enabled\]/);
    assert.deepEqual(diagnoseActivation({ subject, database: read('db-clean.plist') }).items, []);
    const binary = diagnoseActivation({ subject, database: 'bplist00\u0000\u0001' });
    assert.match(binary.notes[0], /plutil -convert xml1 -o - \/Library\/SystemExtensions\/db\.plist/);
  });

  it('the quarantine attribute: pending, approved, absent', () => {
    const pending = diagnoseActivation({ subject, quarantine: read('quarantine-pending.txt'), hostApp: '/Applications/Host.app' });
    assert.equal(pending.outcome, 'failed');
    assert.equal(pending.items[0].id, 'quarantine');
    assert.deepEqual(pending.items[0].command, ['xattr', '-r', '-d', 'com.apple.quarantine', '/Applications/Host.app']);
    assert.equal(parseQuarantine(read('quarantine-approved.txt'))?.pending, false);
    assert.equal(parseQuarantine(read('quarantine-pending.txt'))?.agent, 'Safari');
    assert.equal(parseQuarantine(read('quarantine-none.txt')), undefined);
    assert.deepEqual(diagnoseActivation({ subject, quarantine: read('quarantine-none.txt') }).items, []);
    assert.deepEqual(quarantineRemoveArgs('/A B.app'), ['-r', '-d', 'com.apple.quarantine', '/A B.app']);
  });

  it('everything together: the log failure first, then the stuck state', () => {
    const report = diagnoseActivation({ subject, log: read('cdhash.ndjson'), database: read('db-stuck.plist'), systemExtensionsList: read('list-active.txt'), quarantine: read('quarantine-approved.txt') });
    assert.equal(report.outcome, 'failed');
    assert.deepEqual(report.items.map((i) => i.id), ['dk-cdhash', 'db-duplicate-active', 'db-uninstall-on-reboot', 'quarantine']);
  });

  it('bad input gives notes or nothing, never a throw', () => {
    const report = diagnoseActivation({ subject, log: '\u0000{not json\n{"eventMessage": 5}\n', systemExtensionsList: '\u0000\u0001', database: '<plist><dict><key>x</key></dict>', quarantine: 'garbage' });
    assert.equal(report.outcome, 'unknown');
    assert.equal(report.notes.length, 1);
  });
});

describe('the log predicate', () => {
  it('quotes every workspace value so it cannot end the literal', () => {
    const predicate = activationPredicate({ bundleId: 'com.evil" OR 1 == 1 OR process == "x', hostExecutable: 'Host\\"' });
    assert.ok(predicate.includes('eventMessage CONTAINS "com.evil\\" OR 1 == 1 OR process == \\"x"'));
    assert.ok(predicate.includes('process == "Host\\\\\\""'));
    assert.ok(predicate.startsWith('(process == "sysextd" OR process == "kernelmanagerd" OR process == "amfid" OR process == "syspolicyd" OR process == "taskgated-helper"'));
  });

  it('builds log show arguments with a bounded window', () => {
    const args = activationLogShowArgs({ bundleId: 'com.example.driver' }, '5m; rm -rf /');
    assert.deepEqual(args.slice(0, 8), ['show', '--last', '10m', '--style', 'ndjson', '--info', '--debug', '--predicate']);
    assert.equal(args.length, 9);
  });
});
