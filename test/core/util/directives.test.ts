import assert from 'node:assert/strict';
import { test } from 'node:test';
import { directiveMatches } from '../../../core/util/directives';

const DEFINE = /#[ \t]*define[ \t]+([A-Za-z_]\w*)/y;
const names = (text: string, limit?: number): string[] => directiveMatches(text, DEFINE, limit).map((m) => m[1]);

test('directives are found at a `#` that begins its line, after spaces or tabs only', () => {
  const text = '#define A 1\n  #  define B\n\t#define C(x) x\nint x = 1; #define NOT_A_DIRECTIVE\nchar c = \'#\';\n#include <x.h>\n';
  assert.deepEqual(names(text), ['A', 'B', 'C']);
});

test('every line terminator a multiline `^` knows starts a line; the first line counts too', () => {
  assert.deepEqual(names('#define A\r#define B\r\n#define C\u2028#define D'), ['A', 'B', 'C', 'D']);
});

test('the match starts at the `#`, and the limit bounds how many are returned', () => {
  const text = 'x\n   #define FIRST\n#define SECOND\n#define THIRD\n';
  const found = directiveMatches(text, DEFINE);
  assert.equal(found[0].index, text.indexOf('#'));
  assert.deepEqual(names(text, 2), ['FIRST', 'SECOND']);
});

test('the same names as the multiline regex it replaces, on text with every kind of line', () => {
  const lines = ['#define A', ' # define B(x) x', 'int y; // #define C', '/* #define D */', '#if X', '\t#define E \\', '  continued', '#define'];
  const text = lines.join('\n');
  const before = [...text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)].map((m) => m[1]);
  assert.deepEqual(names(text), before);
});
