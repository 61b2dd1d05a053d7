import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import plist from 'plist';
import { entry, parsePlist, plainValue } from '../../../core/plist/plistXml';
import { fixture } from '../../support/lspClient';

test('values equal what the plist package reads, for every fixture plist', () => {
  for (const path of [fixture('hid-keyboard', 'Info.plist'), fixture('usb-interface', 'Info.plist'), fixture('user-client', 'Info.plist'), fixture('usb-interface', 'BulkPipeDriver.entitlements')]) {
    const text = readFileSync(path, 'utf8');
    const document = parsePlist(text);
    assert.equal(document.problem, undefined, path);
    assert.deepEqual(plainValue(document.root!), plist.parse(text), path);
  }
});

test('every key and value keeps its exact span', () => {
  const text = '<?xml version="1.0"?>\n<plist version="1.0">\n<dict>\n  <key>A &amp; B</key>\n  <string>x &lt; y</string>\n  <key>n</key><integer> 42 </integer>\n  <key>ok</key><true/>\n  <key>list</key><array><real>1.5</real><dict/></array>\n</dict>\n</plist>\n';
  const { root, problem } = parsePlist(text);
  assert.equal(problem, undefined);
  const a = entry(root, 'A & B')!;
  assert.equal(text.slice(a.keySpan.start, a.keySpan.end), 'A &amp; B');
  assert.equal(a.value.kind, 'string');
  if (a.value.kind === 'string') {
    assert.equal(a.value.value, 'x < y');
    assert.equal(text.slice(a.value.span.start, a.value.span.end), '<string>x &lt; y</string>');
  }
  const n = entry(root, 'n')!.value;
  assert.ok(n.kind === 'integer' && n.value === 42 && text.slice(n.valueSpan.start, n.valueSpan.end) === ' 42 ');
  assert.equal(entry(root, 'ok')!.value.kind, 'boolean');
  assert.deepEqual(plainValue(root!), { 'A & B': 'x < y', n: 42, ok: true, list: [1.5, {}] });
});

test('binary, non-plist and malformed input give one clear problem', () => {
  assert.equal(parsePlist('bplist00\u0000\u0001').problem?.code, 'binary');
  assert.equal(parsePlist('<?xml version="1.0"?>\n<root/>').problem?.code, 'not-plist');
  const unclosed = '<plist>\n<dict>\n  <key>a</key>\n  <string>b</string>\n</plist>';
  const problem = parsePlist(unclosed).problem;
  assert.equal(problem?.code, 'malformed');
  assert.match(problem!.message, /<dict>/);
  assert.equal(parsePlist('<plist><dict><key>a</key></dict></plist>').problem?.message, "The key 'a' has no value.");
  assert.equal(parsePlist('<plist><dict><key>n</key><integer>12x</integer></dict></plist>').problem?.code, 'malformed');
});

test('deep nesting is refused, not overflowed', () => {
  const deep = `<plist>${'<array>'.repeat(100_000)}${'</array>'.repeat(100_000)}</plist>`;
  assert.equal(parsePlist(deep).problem?.code, 'malformed');
});

test('any input gives a document or one problem, never an exception (property)', () => {
  const pieces = ['<plist>', '</plist>', '<dict>', '</dict>', '<array>', '</array>', '<key>k</key>', '<string>s</string>', '<integer>1</integer>', '<true/>', '<!-- c -->', '&amp;', '&', '<', '>', 'x', '\n'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.string({ maxLength: 10 }), (parts, noise) => {
      const text = parts.join('') + noise;
      const document = parsePlist(text);
      if (document.problem) {
        assert.ok(document.problem.span.start >= 0 && document.problem.span.end <= text.length && document.problem.span.start <= document.problem.span.end);
      }
    }),
    { seed: 20240611, numRuns: 1000 },
  );
});
