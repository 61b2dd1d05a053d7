import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeView, matchingParen } from '../../../core/model/codeView';

test('code view blanks comments, strings and preprocessor lines but keeps every offset', () => {
  const text = [
    '#if KERNEL // the kernel side',
    'int a = 1; // LOCAL in a comment',
    '/* block',
    '   LOCALONLY */ const char *s = "TYPE(x)";',
    "char c = ')';",
    '#define LONG \\',
    '   continued',
    'int b;',
  ].join('\n');
  const code = codeView(text);
  assert.equal(code.length, text.length);
  assert.equal(code.split('\n').length, text.split('\n').length);
  assert.doesNotMatch(code, /LOCAL|TYPE|KERNEL|continued/);
  assert.match(code, /int a = 1;/);
  assert.match(code, /const char \*s = {10};/);
  assert.match(code, /int b;/);
});

test('unterminated comments and strings end the view without hanging', () => {
  assert.equal(codeView('int x; /* never closed LOCAL').trimEnd(), 'int x;');
  assert.equal(codeView('const char *s = "open\nint y;').split('\n')[1], 'int y;');
});

test('matchingParen skips nested parentheses and reports unclosed ones', () => {
  const code = 'f(a, g(b), (c))';
  assert.equal(matchingParen(code, 1), code.length - 1);
  assert.equal(matchingParen('f(a, (b)', 1), -1);
});

test('digit separators are part of their number, not character literals', () => {
  const text = "x = (a + 999'999ULL) / 1'000'000ULL; c = ')'; d = u8'('; e = 0x1p-3 + 1e+5 + 0b1010'0101;";
  const code = codeView(text);
  // Every parenthesis of the code survives, the ones inside character literals do not.
  assert.equal(code.split('(').length, 2);
  assert.equal(code.split(')').length, 2);
  assert.match(code, /999'999ULL\) \/ 1'000'000ULL;/);
  assert.match(code, /0b1010'0101;$/);
  assert.equal(matchingParen(code, code.indexOf('(')), code.indexOf(')'));
});
