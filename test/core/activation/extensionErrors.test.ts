import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainSystemExtensionError, systemExtensionErrorCode, systemExtensionErrorConstant } from '../../../core/activation/extensionErrors';
import { BROAD_FAILURES } from '../../../core/activation/broadFailures';
import { matchKnownFailure } from '../../../core/activation/knownFailures';
import { dkSubject, explainSysextMessage, matchSysextMessage } from '../../../core/activation/logMessages';

const NAMES = [
  'unknown',
  'missingEntitlement',
  'unsupportedParentBundleLocation',
  'extensionNotFound',
  'extensionMissingIdentifier',
  'duplicateExtensionIdentifer',
  'unknownExtensionCategory',
  'codeSignatureInvalid',
  'validationFailed',
  'forbiddenBySystemPolicy',
  'requestCanceled',
  'requestSuperseded',
  'authorizationRequired',
];

test('codes 1–13 map to their names with distinct explanations', () => {
  const texts = new Set<string>();
  NAMES.forEach((name, i) => {
    const e = explainSystemExtensionError(i + 1);
    assert.equal(e.name, name);
    assert.ok(e.explanation.length > 40, name);
    texts.add(e.explanation);
  });
  assert.equal(texts.size, 13);
  assert.match(explainSystemExtensionError(2).explanation, /system-extension\.install/);
  assert.match(explainSystemExtensionError(3).explanation, /\/Applications/);
  assert.match(explainSystemExtensionError(13).explanation, /System Settings/);
});

test('unknown codes get a generic answer', () => {
  for (const code of [0, 14, -1, 99]) {
    const e = explainSystemExtensionError(code);
    assert.equal(e.name, `code ${code}`);
    assert.match(e.explanation, new RegExp(`code ${code}\\b`));
  }
});

// Recorded in the format of `log show --style syslog` lines from the kernel, sysextd and AMFI.
const KERNEL_START_FAILED = '2026-11-21 23:36:29.512 Df kernel[0:1a2f] DK: MyDriver-0x100000a2c::start(IOUSBHostInterface-0x100000a20) failed 0xe00002c5';
const KERNEL_START_FAILED_2 = '2026-11-21 23:36:29.512 Df kernel[0:1a2f] DK: MyDriver-0x100000a2c: Start failed: 0xe00002f7';
const KERNEL_OK = '2026-11-21 23:36:29.498 Df kernel[0:1a2f] DK: MyDriver-0x100000a2c::start(IOUSBHostInterface-0x100000a20) ok';
const KERNEL_EXIT = '2026-11-21 23:37:02.001 Df kernel[0:1a2f] DK: MyDriver-0x100000a2c: dext process exited (crashed)';
const NOT_APPROVED = '2026-11-21 23:30:11.220 Df sysextd[312:2b1c] Extension com.example.MyDriver (ABCDE12345) not approved; waiting for user';
const APPS_FOLDER = '2026-11-21 23:30:10.004 E  sysextd[312:2b1c] App containing System Extension to be activated must be in /Applications folder. Current location: /Users/alice/dev/MyDriver/build/Debug/MyDriverApp.app';
const DOMAIN_ERROR = 'MyDriverApp: activation failed: Error Domain=OSSystemExtensionErrorDomain Code=8 "Code Signature Invalid"';
const AMFI = '2026-11-21 23:30:12.800 E  kernel[0:1a2f] AMFI: com.example.MyDriver is not permitted to use restricted entitlement com.apple.developer.driverkit.transport.usb';
const CODESIGN = '2026-11-21 23:30:12.802 E  sysextd[312:2b1c] com.example.MyDriver: invalid code signature (-67050)';

test('a DK start failure names the class, the registry id and the IOReturn', () => {
  const t = explainSysextMessage(KERNEL_START_FAILED);
  assert.ok(t);
  assert.match(t, /^MyDriver \(registry id 0x100000a2c\) refused to start/);
  assert.match(t, /exclusive access/);
  assert.match(t, /SUPERDISPATCH/);
  const t2 = explainSysextMessage(KERNEL_START_FAILED_2);
  assert.ok(t2);
  assert.match(t2, /refused to start/);
  assert.match(t2, /0xe00002f7/);
});

test('a successful start and unrelated lines are not explained', () => {
  assert.equal(explainSysextMessage(KERNEL_OK), undefined);
  assert.equal(explainSysextMessage('2026-11-21 23:36:29.498 Df kernel[0:1a2f] IOUSBHostDevice: set configuration 1'), undefined);
  assert.equal(explainSysextMessage(''), undefined);
  assert.equal(explainSysextMessage('MyDriver: Hello from Start'), undefined);
});

test('dext exit, approval, location, domain errors, entitlement and signature lines', () => {
  assert.match(explainSysextMessage(KERNEL_EXIT) ?? '', /ended/);
  assert.match(explainSysextMessage(NOT_APPROVED) ?? '', /not allowed this extension yet/);
  assert.equal(explainSysextMessage(APPS_FOLDER), explainSystemExtensionError(3).explanation);
  const domain = explainSysextMessage(DOMAIN_ERROR) ?? '';
  assert.match(domain, /codeSignatureInvalid/);
  assert.match(explainSysextMessage(AMFI) ?? '', /entitlement was rejected/);
  assert.match(explainSysextMessage(CODESIGN) ?? '', /code signature was rejected/);
  assert.match(explainSysextMessage('OSSystemExtensionErrorDomain error 13.') ?? '', /authorizationRequired/);
});

test('dkSubject reads the class and registry id', () => {
  assert.deepEqual(dkSubject(KERNEL_START_FAILED), { className: 'MyDriver', registryId: '0x100000a2c' });
  assert.equal(dkSubject(NOT_APPROVED), undefined);
});

test('the SDK constants of codes 1–13, and names read back to codes', () => {
  NAMES.forEach((name, i) => {
    const constant = systemExtensionErrorConstant(i + 1);
    assert.equal(constant, `OSSystemExtensionError${name[0].toUpperCase()}${name.slice(1)}`);
    assert.equal(systemExtensionErrorCode(constant ?? ''), i + 1);
    assert.equal(systemExtensionErrorCode(`OSSystemExtensionError.Code.${name}`), i + 1);
    assert.equal(systemExtensionErrorCode(`.${name}`), i + 1);
  });
  // the SDK's own spelling, kept as it is
  assert.equal(systemExtensionErrorConstant(6), 'OSSystemExtensionErrorDuplicateExtensionIdentifer');
  assert.equal(systemExtensionErrorConstant(14), undefined);
  assert.equal(systemExtensionErrorCode('OSSystemExtensionErrorDomain'), undefined);
  assert.equal(systemExtensionErrorCode(''), undefined);
});

// sysextd lines seen on macOS 14–15 when activation goes wrong.
const NO_POLICY = '2026-11-21 23:30:10.004 Df sysextd[312:2b1c] no policy, cannot allow apps outside /Applications';
const NOT_FOUND = '2026-11-21 23:30:10.120 E  sysextd[312:2b1c] Extension not found in App bundle. Unable to find any matched extension with identifier: com.example.MyDriver';
const INVALID = '2026-11-21 23:30:12.900 Df sysextd[312:2b1c] extension com.example.MyDriver failed to validate! uninstalling... uninstalling invalid extension';
const KEXT_VERSION = '2026-11-21 23:30:12.901 E  sysextd[312:2b1c] Property "CFBundleVersion" must be a valid kext version';

test('sysextd messages that stand for an error code are explained and counted as that code', () => {
  assert.equal(explainSysextMessage(NO_POLICY), explainSystemExtensionError(3).explanation);
  assert.equal(explainSysextMessage(NOT_FOUND), explainSystemExtensionError(4).explanation);
  assert.equal(explainSysextMessage(INVALID), explainSystemExtensionError(9).explanation);
  assert.equal(matchSysextMessage(NO_POLICY)?.id, 'code-3');
  assert.equal(matchSysextMessage(APPS_FOLDER)?.id, 'code-3');
  assert.equal(matchSysextMessage(DOMAIN_ERROR)?.id, 'code-8');
  assert.equal(matchSysextMessage(DOMAIN_ERROR)?.code, 8);
  assert.match(explainSysextMessage(KEXT_VERSION) ?? '', /9999/);
  assert.equal(matchSysextMessage(KEXT_VERSION)?.id, 'kext-version');
});

test('matches say where they are and whether they are failures', () => {
  const start = matchSysextMessage(KERNEL_START_FAILED);
  assert.ok(start);
  assert.equal(start.isError, true);
  assert.equal(start.code, undefined);
  assert.ok(KERNEL_START_FAILED.slice(start.start, start.end).startsWith('DK: MyDriver-0x100000a2c'));
  assert.equal(matchSysextMessage(NOT_APPROVED)?.isError, false);
  assert.equal(matchSysextMessage(KERNEL_EXIT)?.isError, true); // "(crashed)"
  assert.equal(matchSysextMessage(KERNEL_EXIT.replace(' (crashed)', ''))?.isError, false);
  assert.equal(matchSysextMessage(AMFI)?.isError, true);
  assert.equal(matchSysextMessage(KERNEL_OK), undefined);
});

test('every broader pattern of the table is recognised on a line of its kind, and by no earlier entry', () => {
  const lines: Readonly<Record<string, string>> = {
    'code': DOMAIN_ERROR,
    'extension-not-found': NOT_FOUND,
    'dk-start-failed': KERNEL_START_FAILED,
    'dk-exited': KERNEL_EXIT,
    'dk-entitlement': '2026-11-21 23:36:29.520 Df kernel[0:1a2f] DK: MyDriver-0x100000a2c: no entitlement for IOUserSerial',
    'kext-version': KEXT_VERSION,
    'not-approved': NOT_APPROVED,
    'entitlement-rejected': AMFI,
    'signature-rejected': CODESIGN,
    'developer-mode-off': '2026-11-21 23:30:10.010 E  sysextd[312:2b1c] system extension developer mode is off; notarization required',
    'personalities-rejected': '2026-11-21 23:30:10.011 E  sysextd[312:2b1c] com.example.MyDriver: no personalities in Info.plist',
  };
  assert.deepEqual(BROAD_FAILURES.map((f) => f.id).filter((id) => !(id in lines)), []);
  for (const [id, line] of Object.entries(lines)) assert.equal(matchKnownFailure(line)?.failure.id, id, line);
});
