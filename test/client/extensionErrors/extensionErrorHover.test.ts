import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainSystemExtensionError, systemExtensionErrorConstant } from '../../../core/activation/extensionErrors';
import { ExtensionErrorNotifier, explainInput, findExtensionErrorAt, notableExtensionError } from '../../../client/src/extensionErrors/extensionErrorFinder';

// Lines as they appear in the "DriverKit Driver Log" channel (formatLogEntry), in `log show` output
// and in a host app's own log.
const CHANNEL_CODE = '23:30:12.804 [Error] MyDriverApp: activation failed: Error Domain=OSSystemExtensionErrorDomain Code=8 "Code Signature Invalid" UserInfo={NSLocalizedDescription=Code Signature Invalid}';
const LOCALIZED = '2026-11-21 23:30:12.805 E  MyDriverApp[1812:2c0a] The operation couldn’t be completed. (OSSystemExtensionErrorDomain error 13.)';
const TUPLE = 'request failed (OSSystemExtensionErrorDomain, code 4)';
const CONSTANT = '23:31:00.100 [Default] MyDriverApp: delegate got OSSystemExtensionErrorRequestCanceled after replacement was refused';
const SWIFT = 'MyDriverApp: caught OSSystemExtensionError.Code.requestSuperseded';
const NOT_APPROVED = '23:30:11.220 [Default] sysextd: Extension com.example.MyDriver (ABCDE12345) not approved; waiting for user';
const NO_POLICY = '23:30:10.004 [Default] sysextd: no policy, cannot allow apps outside /Applications';
const START_FAILED = '23:36:29.512 [Default] kernel: DK: MyDriver-0x100000a2c::start(IOUSBHostInterface-0x100000a20) failed 0xe00002c5';
const PLAIN = '23:36:29.498 [Default] MyDriver: Hello from Start';

test('error codes in every form they are written in', () => {
  for (const [line, code] of [[CHANNEL_CODE, 8], [LOCALIZED, 13], [TUPLE, 4]] as const) {
    const found = findExtensionErrorAt(line, line.indexOf('OSSystemExtensionErrorDomain') + 3);
    assert.ok(found, line);
    assert.equal(found.title, `${systemExtensionErrorConstant(code)} (code ${code})`);
    assert.match(found.explanation, new RegExp(explainSystemExtensionError(code).name));
    // the range is the recognised text, from the domain to the code
    assert.match(line.slice(found.start, found.end), new RegExp(`^OSSystemExtensionErrorDomain.*\\b${code}$`));
  }
  const unknown = findExtensionErrorAt('OSSystemExtensionErrorDomain Code=42', 0);
  assert.equal(unknown?.title, 'OSSystemExtensionErrorDomain code 42');
});

test('error names: Objective-C constants and Swift cases, each code by its own name', () => {
  const constant = findExtensionErrorAt(CONSTANT, CONSTANT.indexOf('RequestCanceled'));
  assert.equal(constant?.title, 'OSSystemExtensionErrorRequestCanceled (code 11)');
  assert.equal(CONSTANT.slice(constant.start, constant.end), 'OSSystemExtensionErrorRequestCanceled');
  assert.equal(findExtensionErrorAt(SWIFT, SWIFT.length - 2)?.title, 'OSSystemExtensionErrorRequestSuperseded (code 12)');
  for (let code = 1; code <= 13; code++) {
    const name = systemExtensionErrorConstant(code);
    assert.ok(name);
    const line = `host: error ${name} reported`;
    assert.equal(findExtensionErrorAt(line, line.indexOf(name))?.title, `${name} (code ${code})`, name);
  }
  // the domain itself is not an error name, and made-up names are not explained
  assert.equal(findExtensionErrorAt('OSSystemExtensionErrorDomain', 2), undefined);
  assert.equal(findExtensionErrorAt('OSSystemExtensionErrorSomethingElse', 2), undefined);
});

test('known messages are explained wherever the pointer is on the line, and only on the text', () => {
  const approved = findExtensionErrorAt(NOT_APPROVED, NOT_APPROVED.indexOf('not approved') + 1);
  assert.equal(approved?.title, 'Waiting for the user\'s approval');
  assert.equal(NOT_APPROVED.slice(approved.start, approved.end), 'not approved');
  // pointer elsewhere on the line: the whole line is the subject
  const elsewhere = findExtensionErrorAt(NOT_APPROVED, 2);
  assert.equal(elsewhere?.start, 0);
  assert.equal(elsewhere?.end, NOT_APPROVED.length);
  assert.equal(findExtensionErrorAt(NOT_APPROVED, NOT_APPROVED.length + 5), undefined);
  assert.equal(findExtensionErrorAt(`    ${PLAIN}`, 1), undefined);
  assert.equal(findExtensionErrorAt('   ', 1), undefined);
  assert.equal(findExtensionErrorAt(PLAIN, 3), undefined);

  assert.equal(findExtensionErrorAt(NO_POLICY, 40)?.title, `${systemExtensionErrorConstant(3)} (code 3)`);
  assert.equal(findExtensionErrorAt(START_FAILED, 30)?.title, 'The dext failed to start');
});

test('notifications: failures only, once per kind for as long as the notifier lives', () => {
  assert.equal(notableExtensionError(NOT_APPROVED), undefined); // a state, not a failure
  assert.equal(notableExtensionError('23:37:02.001 [Default] kernel: DK: MyDriver-0x100000a2c: dext process exited'), undefined);
  assert.ok(notableExtensionError('23:37:02.001 [Default] kernel: DK: MyDriver-0x100000a2c: dext process exited (crashed)'));
  assert.equal(notableExtensionError(PLAIN), undefined);

  const notifier = new ExtensionErrorNotifier();
  const first = notifier.take(CHANNEL_CODE);
  assert.match(first ?? '', /codeSignatureInvalid/);
  assert.equal(notifier.take(CHANNEL_CODE), undefined);
  // the same code written differently is the same error
  assert.equal(notifier.take('later: (OSSystemExtensionErrorDomain, code 8)'), undefined);
  assert.equal(notifier.take(NOT_APPROVED), undefined);
  assert.match(notifier.take(START_FAILED) ?? '', /refused to start/);
  assert.equal(notifier.take(START_FAILED.replace('0x100000a2c', '0x100000b11')), undefined);
  // sysextd's /Applications message and code 3 count as one
  assert.ok(notifier.take(NO_POLICY));
  assert.equal(notifier.take('OSSystemExtensionErrorDomain Code=3'), undefined);
  assert.ok(notifier.take(LOCALIZED));
  // a new session starts afresh
  assert.equal(new ExtensionErrorNotifier().take(CHANNEL_CODE), first);
});

test('the Explain command reads codes, names and pasted log text', () => {
  for (const input of ['8', ' code 8 ', 'Code=8', 'OSSystemExtensionErrorCodeSignatureInvalid', 'OSSystemExtensionError.Code.codeSignatureInvalid', '.codeSignatureInvalid', 'codeSignatureInvalid']) {
    const answer = explainInput(input);
    assert.equal(answer?.title, 'OSSystemExtensionErrorCodeSignatureInvalid (code 8)', input);
    assert.equal(answer.explanation, explainSystemExtensionError(8).explanation);
  }
  assert.equal(explainInput('99')?.title, 'OSSystemExtensionErrorDomain code 99');
  assert.match(explainInput('99')?.explanation ?? '', /not one this extension knows/);
  const pasted = explainInput(`${PLAIN}\n${START_FAILED}\n${NOT_APPROVED}`);
  assert.equal(pasted?.title, 'The dext failed to start');
  assert.equal(explainInput('hello world'), undefined);
  assert.equal(explainInput(''), undefined);
});

test('notifications are plain text: no Markdown backticks', () => {
  const text = new ExtensionErrorNotifier().take('OSSystemExtensionErrorDomain Code=8') ?? '';
  assert.match(explainSystemExtensionError(8).explanation, /`/);
  assert.match(text, /codesign -dvvv/);
  assert.doesNotMatch(text, /`/);
});
