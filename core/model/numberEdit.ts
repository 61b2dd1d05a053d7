/**
 * A keystroke inside a plain number literal (a byte of a HID report descriptor changed, `0x29` →
 * `0x2A`) changes no token's kind and no token's boundaries: the code view, the parser input and the
 * syntax tree of the new text are those of the old one with the number's characters replaced. The
 * document then patches them instead of recomputing them over the whole file, and shifts the tree
 * with tree-sitter's edit instead of re-parsing the item, which for a descriptor of thousands of
 * bytes is one declaration of 60 KB (about 5 ms a keystroke, however small the edit).
 *
 * The conditions are strict, so that "the same tokens" is certain and not a guess:
 * - old and new token are both a plain hex, decimal or octal literal (`0x2A`, `41`, `017`): no
 *   suffix, exponent, sign, digit separator or point, which could join the number to what stands
 *   beside it;
 * - the change leaves the token's first character alone, or turns one digit into another (no earlier
 *   token can have looked past it: the character before is checked below);
 * - the character before the token is no identifier character, quote or point, and the one after it
 *   is a blank, `,`, `;` or a closing bracket, so the number neither starts nor ends elsewhere;
 * - in the old text the token is code (the code view kept it: no comment, string or directive), and
 *   in the old parser input it was not rewritten (clangExtensions.ts never rewrites inside a number).
 */
import type { Edit, Tree } from 'web-tree-sitter';
import { splice } from './splice';
import type { TextChange } from './nodeMemo';
import type { Span } from './span';

/**
 * Hex, decimal and octal as tree-sitter-cpp reads them, one token each: `08` is not among them, as
 * the grammar reads it as `0` and `8` (an octal number and a stray one).
 */
const PLAIN_NUMBER = /^(?:0[xX][0-9A-Fa-f]+|[1-9][0-9]*|0[0-7]*)$/;
/** A number longer than this is no byte value: not worth a special case. */
const MAX_TOKEN = 24;

/** The token a change lies inside: [start, oldEnd) in the old text, [start, newEnd) in the new. */
export interface NumberToken {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

const isDigitUnit = (c: number): boolean => c >= 48 && c <= 57;
const isWordUnit = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Characters that end a plain number and start nothing that could join it: blanks , ; ) ] }. */
const isTerminator = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 59 || c === 41 || c === 93 || c === 125;

/**
 * The plain number literal `change` lies inside, in `before` and `after` alike (see the file comment),
 * or undefined. Reads only the few characters around the change.
 */
export function numberTokenOf(before: string, after: string, change: TextChange): NumberToken | undefined {
  const delta = change.newEnd - change.oldEnd;
  let start = change.start;
  while (start > 0 && change.start - start < MAX_TOKEN && isWordUnit(before.charCodeAt(start - 1))) start--;
  let oldEnd = change.oldEnd;
  while (oldEnd < before.length && oldEnd - start < MAX_TOKEN && isWordUnit(before.charCodeAt(oldEnd))) oldEnd++;
  // The first character stays (the change starts after it), or is a digit before and after: either
  // way the token starts a number where it did.
  if (start >= change.start && !(isDigitUnit(before.charCodeAt(start)) && isDigitUnit(after.charCodeAt(start)))) return undefined;
  const previous = start > 0 ? before.charCodeAt(start - 1) : 32;
  if (isWordUnit(previous) || previous === 46 /* . */ || previous === 39 /* ' */ || previous === 34 /* " */) return undefined;
  if (oldEnd >= before.length || !isTerminator(before.charCodeAt(oldEnd))) return undefined;
  const newEnd = oldEnd + delta;
  if (newEnd <= start || newEnd - start > MAX_TOKEN) return undefined;
  if (!PLAIN_NUMBER.test(before.slice(start, oldEnd)) || !PLAIN_NUMBER.test(after.slice(start, newEnd))) return undefined;
  return { start, oldEnd, newEnd };
}

/** The code view, string spans and parser input of the new text, from the old ones; undefined when the token was not plain code. */
export function patchedAnalysis(
  token: NumberToken,
  before: { readonly text: string; readonly code: string; readonly strings: readonly Span[]; readonly input: string },
  after: string,
): { code: string; strings: readonly Span[]; input: string } | undefined {
  const written = before.text.slice(token.start, token.oldEnd);
  if (before.code.slice(token.start, token.oldEnd) !== written || before.input.slice(token.start, token.oldEnd) !== written) return undefined;
  const replacement = after.slice(token.start, token.newEnd);
  const delta = token.newEnd - token.oldEnd;
  const strings = delta === 0 ? before.strings : before.strings.map((s) => (s.start >= token.oldEnd ? { start: s.start + delta, end: s.end + delta } : s));
  return { code: splice(before.code, token.start, token.oldEnd, replacement), strings, input: splice(before.input, token.start, token.oldEnd, replacement) };
}

/**
 * Applies `edit` (between parser inputs `before` and `after`) to a tree without syntax errors by
 * moving its nodes only, when the edit lies inside one number literal leaf and keeps it a plain
 * number (see the file comment): the tree is then the one a parse of `after` would give. False (the
 * tree untouched) otherwise: the caller parses.
 */
export function shiftWithinNumber(tree: Tree, edit: Edit, before: string, after: string): boolean {
  if (tree.rootNode.hasError) return false;
  const token = numberTokenOf(before, after, { start: edit.startIndex, oldEnd: edit.oldEndIndex, newEnd: edit.newEndIndex });
  if (!token) return false;
  const leaf = tree.rootNode.descendantForIndex(token.start, token.oldEnd - 1);
  if (!leaf || leaf.type !== 'number_literal' || leaf.childCount !== 0 || leaf.startIndex !== token.start || leaf.endIndex !== token.oldEnd) return false;
  tree.edit(edit);
  return true;
}
