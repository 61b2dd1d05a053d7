import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLogEntry, logShowArgs, logStreamArgs, parseLogLine, predicateString } from '../../../core/tools/unifiedLog';

const DEXT_PATH = '\\/Library\\/SystemExtensions\\/5E2A1F3C-8B7D-4C11-9E0A-3F6D2B8C4A17\\/com.example.MyDriver.dext\\/com.example.MyDriver';

// Recorded in the shape `log stream --style ndjson` prints: the banner, then one JSON object a line
// (slashes escaped as Foundation's JSON writer does). The dext's os_log lines come under process
// `kernel` with the dext as sender; the kernel's own lines about it start with `DK: <name>-0x<id>:`.
const RECORDED = [
  'Filtering the log data using "sender == "com.example.MyDriver" OR (process == "kernel" AND eventMessage CONTAINS "com.example.MyDriver")"',
  `{"traceID":5863432773191684,"eventMessage":"MyDriver: Start: matched USB interface 0x100000a2b","eventType":"logEvent","source":null,"formatString":"MyDriver: Start: matched USB interface 0x%llx","activityIdentifier":0,"subsystem":"","category":"","threadID":1042113,"senderImageUUID":"7B1C0A52-3E44-3B0D-9F5A-2C8E61D4A0B3","backtrace":{"frames":[{"imageOffset":18204,"imageUUID":"7B1C0A52-3E44-3B0D-9F5A-2C8E61D4A0B3"}]},"bootUUID":"","processImagePath":"\\/kernel","timestamp":"2026-11-21 12:01:02.123456-0800","senderImagePath":"${DEXT_PATH}","machTimestamp":48213370112,"messageType":"Default","processImageUUID":"0D9A6E21-6B7B-3A8F-8D4C-1E5B7C0F2A99","processID":0,"senderProgramCounter":18204,"parentActivityIdentifier":0,"timezoneName":""}`,
  `{"traceID":5863432773191940,"eventMessage":"MyDriver: CopyDeviceDescriptor failed: 0xe00002c0","eventType":"logEvent","source":null,"formatString":"MyDriver: CopyDeviceDescriptor failed: 0x%x","activityIdentifier":0,"subsystem":"com.example.MyDriver","category":"usb","threadID":1042113,"senderImageUUID":"7B1C0A52-3E44-3B0D-9F5A-2C8E61D4A0B3","backtrace":{"frames":[{"imageOffset":19980,"imageUUID":"7B1C0A52-3E44-3B0D-9F5A-2C8E61D4A0B3"}]},"bootUUID":"","processImagePath":"\\/kernel","timestamp":"2026-11-21 12:01:02.5-0800","senderImagePath":"${DEXT_PATH}","machTimestamp":48213771008,"messageType":"Error","processImageUUID":"0D9A6E21-6B7B-3A8F-8D4C-1E5B7C0F2A99","processID":0,"senderProgramCounter":19980,"parentActivityIdentifier":0,"timezoneName":""}`,
  `{"traceID":5863432773192200,"eventMessage":"DK: com.example.MyDriver-0x100000a2b: provider is terminated","eventType":"logEvent","source":null,"formatString":"DK: %s-0x%qx: provider is terminated","activityIdentifier":0,"subsystem":"","category":"","threadID":1042177,"senderImageUUID":"0D9A6E21-6B7B-3A8F-8D4C-1E5B7C0F2A99","backtrace":{"frames":[{"imageOffset":9912876,"imageUUID":"0D9A6E21-6B7B-3A8F-8D4C-1E5B7C0F2A99"}]},"bootUUID":"","processImagePath":"\\/kernel","timestamp":"2026-11-21 12:01:09.000001-0800","senderImagePath":"\\/kernel","machTimestamp":48220001122,"messageType":"Fault","processImageUUID":"0D9A6E21-6B7B-3A8F-8D4C-1E5B7C0F2A99","processID":0,"senderProgramCounter":9912876,"parentActivityIdentifier":0,"timezoneName":""}`,
  `{"traceID":5863432773192300,"eventMessage":"MyDriver: report 64 bytes\\n  01 02 03\\n","eventType":"logEvent","source":null,"formatString":"MyDriver: report %u bytes\\n%{public}s","activityIdentifier":0,"subsystem":"","category":"","threadID":1042113,"senderImageUUID":"7B1C0A52-3E44-3B0D-9F5A-2C8E61D4A0B3","backtrace":{"frames":[]},"bootUUID":"","processImagePath":"\\/kernel","timestamp":"2026-11-21 12:01:10.250000-0800","senderImagePath":"${DEXT_PATH}","machTimestamp":48221001122,"messageType":"Debug","processImageUUID":"0D9A6E21-6B7B-3A8F-8D4C-1E5B7C0F2A99","processID":0,"senderProgramCounter":20100,"parentActivityIdentifier":0,"timezoneName":""}`,
];

test('logStreamArgs streams the dext and the kernel lines that name it, as one argv element', () => {
  assert.deepEqual(logStreamArgs('com.example.MyDriver'), [
    'stream', '--style', 'ndjson', '--level', 'debug', '--predicate',
    'sender == "com.example.MyDriver" OR (process == "kernel" AND eventMessage CONTAINS "com.example.MyDriver")',
  ]);
  assert.deepEqual(logStreamArgs('  MyDriver \n'), logStreamArgs('MyDriver'));
});

test('with activation: the lines of the kernel and of the daemons that activate and launch the dext, when they name it', () => {
  assert.equal(
    logStreamArgs('MyDriver', 'debug', ['com.example.MyDriver'], { activation: true }).at(-1),
    'sender == "MyDriver" OR ((process == "kernel" OR process == "sysextd" OR process == "kernelmanagerd" OR process == "amfid" OR process == "syspolicyd" OR process == "taskgated-helper") AND (eventMessage CONTAINS "MyDriver" OR eventMessage CONTAINS "com.example.MyDriver"))',
  );
  // A name that tries to end the literal stays one string.
  assert.match(logStreamArgs('A") OR TRUEPREDICATE OR ("', 'debug', [], { activation: true }).at(-1)!, /^sender == "A\\"\) OR TRUEPREDICATE OR \(\\"" OR /);
});

test('an empty name streams nothing rather than every kernel line', () => {
  assert.equal(logStreamArgs('').at(-1), 'FALSEPREDICATE');
  assert.equal(logStreamArgs('\u0000\n').at(-1), 'FALSEPREDICATE');
});

test('predicateString escapes backslash and quote and drops control characters', () => {
  assert.equal(predicateString('MyDriver'), '"MyDriver"');
  assert.equal(predicateString('a"b'), '"a\\"b"');
  assert.equal(predicateString('a\\b'), '"a\\\\b"');
  assert.equal(predicateString('evil\\'), '"evil\\\\"', 'a trailing backslash cannot escape the closing quote');
  assert.equal(predicateString('a\nb\r\tc\u0000d\u007fe\u2028f'), '"abcdef"');
  assert.equal(predicateString('$(touch pwned) `id` %@ $VAR'), '"$(touch pwned) `id` %@ $VAR"', 'literal inside quotes');
});

const HOSTILE = [
  'a"; rm -rf ~; "',
  '$(touch pwned)',
  'x" OR sender != "',
  'x\\" OR TRUEPREDICATE OR sender == \\"',
  'evil\\',
  '"',
  '\\"\\"\\',
  'line\nbreak" OR TRUEPREDICATE',
  'com.example.MyDriver") OR (TRUEPREDICATE',
];

for (const name of HOSTILE) {
  test(`hostile name ${JSON.stringify(name)} stays inside its string literals`, () => {
    const args = logStreamArgs(name);
    assert.equal(args.length, 7);
    const tokens = lexPredicate(args[6]);
    // The predicate's shape is fixed: the name shows up only as the three string tokens, each closed at its real end.
    assert.deepEqual(tokens.map((t) => (t.kind === 'string' ? 'STRING' : t.text)), ['sender', '==', 'STRING', 'OR', '(', 'process', '==', 'STRING', 'AND', 'eventMessage', 'CONTAINS', 'STRING', ')']);
    const expected = name.trim().replace(/[\u0000-\u001f]/g, '');
    assert.deepEqual(tokens.filter((t) => t.kind === 'string').map((t) => t.text), [expected, 'kernel', expected]);
    assert.ok(!/[\u0000-\u001f]/.test(args[6]), 'no control characters reach log');
  });
}

test('parseLogLine skips the banner and reads recorded ndjson entries', () => {
  const entries = RECORDED.map(parseLogLine);
  assert.equal(entries[0], undefined, 'the "Filtering the log data" banner');
  assert.deepEqual(entries[1], {
    timestamp: '2026-11-21 12:01:02.123456-0800',
    level: 'Default',
    process: 'kernel',
    sender: 'com.example.MyDriver',
    message: 'MyDriver: Start: matched USB interface 0x100000a2b',
  });
  assert.equal(entries[2]?.level, 'Error');
  assert.equal(entries[3]?.sender, 'kernel');
  assert.equal(entries[3]?.level, 'Fault');
  assert.equal(entries[4]?.level, 'Debug');
});

test('parseLogLine skips malformed, cut-off and non-entry lines', () => {
  for (const line of ['', '   ', 'Filtering the log data using "sender == "x""', '{"eventMessage":"cut off', '[1,2]', 'null', '{"count":540,"finished":1}', '{"eventMessage":42}']) {
    assert.equal(parseLogLine(line), undefined, line);
  }
  // Unknown or missing fields degrade instead of dropping the message.
  assert.deepEqual(parseLogLine('{"eventMessage":"hi","messageType":"Signpost"}\r'), { timestamp: '', level: 'Default', process: '', sender: '', message: 'hi' });
});

test('formatLogEntry makes one Debug Console line', () => {
  const [, start, failure, kernel, multi] = RECORDED.map(parseLogLine);
  assert.equal(formatLogEntry(start!), '12:01:02.123 [Default] com.example.MyDriver: MyDriver: Start: matched USB interface 0x100000a2b');
  assert.equal(formatLogEntry(failure!), '12:01:02.500 [Error] com.example.MyDriver: MyDriver: CopyDeviceDescriptor failed: 0xe00002c0');
  assert.equal(formatLogEntry(kernel!), '12:01:09.000 [Fault] kernel: DK: com.example.MyDriver-0x100000a2b: provider is terminated');
  assert.equal(formatLogEntry(multi!), '12:01:10.250 [Debug] com.example.MyDriver: MyDriver: report 64 bytes\n      01 02 03');
  assert.equal(formatLogEntry({ timestamp: '', level: 'Error', process: 'kernel', sender: '', message: 'x' }), '[Error] kernel: x');
  assert.equal(formatLogEntry({ timestamp: '12:01:02', level: 'Info', process: '', sender: 'MyDriver', message: 'x' }), '12:01:02.000 [Info] MyDriver: x');
});

interface Token {
  kind: 'word' | 'op' | 'string';
  text: string;
}

/** A lexer for the predicate-language subset we emit: words, `==`, parentheses, `"..."` with backslash escapes. */
function lexPredicate(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ') i++;
    else if (c === '(' || c === ')') tokens.push({ kind: 'op', text: c }), i++;
    else if (source.startsWith('==', i)) tokens.push({ kind: 'op', text: '==' }), (i += 2);
    else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_]\w*/.exec(source.slice(i))![0];
      tokens.push({ kind: 'word', text: word });
      i += word.length;
    } else if (c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new Error(`unterminated string in ${source}`);
        const d = source[i];
        if (d === '"') break;
        if (d === '\\') {
          if (i + 1 >= source.length) throw new Error('dangling escape');
          text += source[i + 1];
          i += 2;
        } else {
          text += d;
          i++;
        }
      }
      i++;
      tokens.push({ kind: 'string', text });
    } else throw new Error(`unexpected ${JSON.stringify(c)} at ${i} in ${source}`);
  }
  return tokens;
}

test('log show reads the same dext lines over a chosen window, and a bad window falls back to 10m', () => {
  const args = logShowArgs('com.example.MyDriver', '1h');
  assert.deepEqual(args.slice(0, 3), ['show', '--last', '1h']);
  assert.match(args[args.length - 1], /^sender == "com\.example\.MyDriver" OR \(process == "kernel" AND eventMessage CONTAINS "com\.example\.MyDriver"\)$/);
  assert.equal(logShowArgs('x', '; rm -rf ~')[2], '10m');
});
