/** The two-part .ips format on our fixtures (a crash in Start, an abort, a cut-off file) and bad input. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { explainCrash } from '../../../core/crash/explain';
import { parseIps, parseIpsHeader } from '../../../core/crash/ipsFormat';
import { explainIOReturn, ioReturnsIn } from '../../../core/crash/ioReturn';
import { renderCrashReport } from '../../../core/crash/render';
import type { CrashReport } from '../../../core/crash/crashReport';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures', 'crash');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function parsed(name: string): CrashReport {
  const result = parseIps(fixture(name));
  assert.ok(result.ok, result.ok ? '' : result.problem);
  return result.report;
}

test('a crash in Start: header, process, exception, termination and the crashed thread (the triggered one, not thread 0)', () => {
  const report = parsed('start-crash.ips');
  assert.equal(report.header.bugType, '309');
  assert.equal(report.bundleId, 'com.example.SampleDriver');
  assert.equal(report.processName, 'com.example.SampleDriver');
  assert.equal(report.pid, 812);
  assert.equal(report.version, '1.0 (3)');
  assert.equal(report.osVersion, 'macOS 15.1 (24B83)');
  assert.deepEqual(report.exception, { type: 'EXC_BAD_ACCESS', signal: 'SIGSEGV', codes: '0x0000000000000001, 0x0000000000000018', subtype: 'KERN_INVALID_ADDRESS at 0x0000000000000018', message: undefined });
  assert.equal(report.termination?.indicator, 'Segmentation fault: 11');
  assert.equal(report.crashedThread?.index, 1);
  const top = report.crashedThread!.frames[0];
  assert.equal(top.symbol, 'SampleDriver::Start_Impl(IOService*)');
  assert.equal(top.image?.name, 'com.example.SampleDriver');
  assert.equal(top.image?.base, 4370677760);
  assert.equal(top.imageOffset, 12300);
  assert.equal(report.images.length, 4);
});

test('a crash in Start is explained: a NULL pointer (address 0x18), in plain words', () => {
  const ids = explainCrash(parsed('start-crash.ips')).map((e) => e.id);
  assert.deepEqual(ids, ['null-pointer']);
  assert.match(explainCrash(parsed('start-crash.ips'))[0].text, /NULL pointer .*OSDynamicCast/);
});

test('an abort: the messages, an OSAction released on the wrong queue, and the IOReturn code named in them', () => {
  const report = parsed('abort.ips');
  assert.equal(report.exception?.type, 'EXC_CRASH');
  assert.deepEqual(report.messages.map((m) => m.image), ['DriverKit', 'DriverKit', 'libsystem_c.dylib']);
  const explained = explainCrash(report);
  assert.deepEqual(explained.map((e) => e.id), ['abort', 'osaction-queue', 'ioreturn-e00002eb']);
  assert.match(explained[1].text, /released or cancelled on a queue other than the one its callbacks run on/);
  assert.match(explained[2].text, /0xe00002eb is kIOReturnAborted/);
});

test('a cut-off report: the header is read, and the problem says the file stops in the middle', () => {
  const result = parseIps(fixture('truncated.ips'));
  assert.equal(result.ok, false);
  assert.equal(result.header?.bundleId, 'com.example.SampleDriver');
  assert.match(!result.ok ? result.problem : '', /it is cut off: the report stops after \d+ bytes in the middle of its JSON/);
});

test('bad input gets one precise problem, never an exception', () => {
  const cases: [string, RegExp][] = [
    ['', /the file is empty/],
    ['not json at all\n{}', /first line is not JSON/],
    ['[1,2,3]\n{}', /JSON but not an object/],
    ['Process:               MyDriver [812]\nPath: /x', /text crash report \(the format before macOS 12\)/],
    ['{"bug_type":"210","name":"kernel"}\n{"panicString":"x"}', /bug_type is 210, not 309: this is not a process crash report/],
    ['{"bug_type":"309","name":"x"}', /ends after its header line/],
    ['{"bug_type":"309","name":"x"}\n{"a": tru', /cut off/],
    ['{"bug_type":"309","name":"x"}\n{"a": nope}', /not valid JSON/],
    ['{"bug_type":"309","name":"x"}\n"just a string"', /JSON but not an object/],
  ];
  for (const [input, problem] of cases) {
    const result = parseIps(input);
    assert.equal(result.ok, false, input);
    assert.match(!result.ok ? result.problem : '', problem, input);
  }
});

test('hostile values stay data: wrong types are dropped, control characters removed, sizes capped', () => {
  const frames = Array.from({ length: 5000 }, (_, i) => ({ imageOffset: i, imageIndex: 0, symbol: 'f\u0000\u001b[31m$(touch pwned)' }));
  const body = { procName: 'x'.repeat(100_000), pid: -4, exception: { type: 42, signal: ['SIGSEGV'] }, threads: [{ triggered: true, frames }], usedImages: [{ name: 'x', base: 'not a number' }], asi: { a: ['one', 2, { three: 3 }] } };
  const result = parseIps(`{"bug_type":309,"name":"x"}\n${JSON.stringify(body)}`);
  assert.ok(result.ok);
  const report = result.report;
  assert.equal(report.processName!.length, 513, 'cut at 512 characters plus an ellipsis');
  assert.equal(report.pid, undefined);
  assert.deepEqual(report.exception, { type: undefined, signal: undefined, codes: undefined, subtype: undefined, message: undefined });
  assert.equal(report.crashedThread!.frames.length, 256);
  assert.equal(report.crashedThread!.framesLeftOut, 4744);
  assert.equal(report.crashedThread!.frames[0].symbol, 'f[31m$(touch pwned)');
  assert.equal(report.images[0].base, undefined);
  assert.deepEqual(report.messages.map((m) => m.text), ['one']);
  assert.ok(renderCrashReport(report).text.length < 100_000, 'the rendered report stays small');
});

test('the header line alone is enough to list a report', () => {
  const header = parseIpsHeader(fixture('abort.ips').split('\n')[0]);
  assert.ok(typeof header !== 'string');
  assert.equal(header.bundleId, 'com.example.UsbAudio');
  assert.equal(header.timestamp, '2026-11-22 09:14:40.00 -0800');
});

test('IOReturn codes: by hex, as a negative 32-bit number and by name; unknown codes are not guessed', () => {
  assert.equal(explainIOReturn(0xe00002c7), '0xe00002c7 (kIOReturnUnsupported): the operation is not supported here (often a method the class does not implement, or one called on the wrong kind of object)');
  assert.deepEqual(ioReturnsIn('Start failed: 0xE00002C0, then -536870201 and kIOReturnBusy; 0xe00002ff is not one').map((i) => i.name), ['kIOReturnNoDevice', 'kIOReturnUnsupported', 'kIOReturnBusy']);
  assert.equal(explainIOReturn(0xe00002cb), undefined, 'a hole in the table stays unexplained');
  assert.equal(explainIOReturn(-536870201), explainIOReturn(0xe00002c7), 'signed and unsigned name the same code');
});

test('termination reasons in plain words: a DriverKit sandbox violation, a deadlock, heap corruption, code signing', () => {
  const report = (over: Partial<CrashReport>): CrashReport => ({ header: {}, messages: [], images: [], ...over });
  const ids = (r: CrashReport): string[] => explainCrash(r).map((e) => e.id);
  assert.deepEqual(ids(report({ exception: { type: 'EXC_CRASH', signal: 'SIGKILL' }, termination: { namespace: 'SANDBOX', reasons: ['Sandbox: com.example.X(812) deny(1) file-read-data /etc/hosts'] } })), ['killed', 'sandbox']);
  assert.deepEqual(ids(report({ exception: { type: 'EXC_BREAKPOINT', signal: 'SIGTRAP' }, messages: [{ image: 'libdispatch.dylib', text: 'BUG IN CLIENT OF LIBDISPATCH: dispatch_sync called on queue already owned by current thread' }] })), ['trap', 'dispatch-deadlock']);
  assert.deepEqual(ids(report({ exception: { type: 'EXC_CRASH', signal: 'SIGABRT' }, messages: [{ image: 'libsystem_malloc.dylib', text: 'pointer being freed was not allocated' }] })), ['abort', 'heap-corruption']);
  assert.deepEqual(ids(report({ exception: { type: 'EXC_CRASH', signal: 'SIGKILL' }, termination: { namespace: 'CODESIGNING', code: 1, indicator: 'Taskgated Invalid Signature', reasons: [] } })), ['killed', 'code-signing']);
  assert.deepEqual(ids(report({})), [], 'nothing to say: nothing said');
});

test('the readable report: what happened first, the frames with their images, and the links where symbols say', () => {
  const report = parsed('start-crash.ips');
  const frames = new Map([[0, { function: 'SampleDriver::Start_Impl(IOService*)', file: '/src/Sample Driver/SampleDriver.cpp', line: 42, column: 7 }]]);
  const { text, links } = renderCrashReport(report, { frames, binary: { executable: '/b/com.example.SampleDriver.dext/com.example.SampleDriver', dsym: '/b/com.example.SampleDriver.dext.dSYM' } });
  const rows = text.split('\n');
  assert.match(rows[0], /^com\.example\.SampleDriver crashed — EXC_BAD_ACCESS \(SIGSEGV\)$/);
  assert.ok(text.indexOf('What happened') < text.indexOf('Crashed thread 1'));
  assert.equal(links.length, 1);
  const link = links[0];
  assert.equal(rows[link.row].slice(link.start, link.end), '/src/Sample Driver/SampleDriver.cpp:42:7');
  assert.match(rows[link.row], /^\s+0\s+com\.example\.SampleDriver\s+SampleDriver::Start_Impl\(IOService\*\)\s+at /);
  assert.match(text, /^\s+1\s+com\.example\.SampleDriver\s+SampleDriver::Start\(IOService\*, void \(\*\)\(OSMetaClassBase\*, IORPC\)\) \+ 92$/m);
  assert.match(text, /Source lines from \/b\/com\.example\.SampleDriver\.dext\.dSYM \(its UUID matches the report\)/);
  assert.match(renderCrashReport(report, { frames: new Map(), problem: 'no build found' }).text, /Source lines: no build found\./);
});
