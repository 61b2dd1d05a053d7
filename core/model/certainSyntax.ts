/**
 * Syntax errors clang would certainly report. Tree-sitter's grammar is not clang's: where it cannot
 * read a region (an unknown macro, an extension), the region is only skipped, never reported. What
 * is reported is what no macro can explain:
 * - a bracket that is never closed, or closes nothing (counted on the code view, so brackets in
 *   comments, strings and directives do not count) — unless the file gives a macro a chance to
 *   supply the other half: a `#define` whose body is unbalanced, a conditional whose arms open or
 *   close brackets, or a line holding nothing but an all-caps word (a block macro such as
 *   `BEGIN_NAMESPACE`);
 * - in a .iig, a class body closed without the `;` that must follow it, where the next thing is a
 *   declaration keyword, a directive or the end of the file.
 */
import type { SyntaxProblem } from './model';
import type { Span } from './span';

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const NAMES: Record<string, string> = { '(': 'parenthesis', '[': 'bracket', '{': 'brace', ')': 'parenthesis', ']': 'bracket', '}': 'brace' };
const DECLARATION_START = /^(?:class|struct|enum|union|typedef|namespace|template|extern|static|using)\b/;

export function certainSyntaxProblems(code: string, text: string): SyntaxProblem[] {
  if (!bracketsDecidable(code, text)) return [];
  const problems: SyntaxProblem[] = [];
  const stack: { char: string; at: number }[] = [];
  for (let i = 0; i < code.length && problems.length < 5; i++) {
    const c = code[i];
    if (OPENERS[c]) stack.push({ char: c, at: i });
    else if (CLOSERS[c]) {
      const open = stack[stack.length - 1];
      if (open && open.char === CLOSERS[c]) {
        stack.pop();
        continue;
      }
      // A closer that does not match: the one nearest is what the user left out.
      problems.push(open
        ? { span: { start: open.at, end: open.at + 1 }, message: `Syntax error: this '${open.char}' is closed by '${c}' on a later line; a '${OPENERS[open.char]}' is missing.` }
        : { span: { start: i, end: i + 1 }, message: `Syntax error: this '${c}' closes no ${NAMES[c]}.` });
      return problems;
    }
  }
  for (const open of stack.slice(0, 3)) {
    problems.push({ span: { start: open.at, end: open.at + 1 }, message: `Syntax error: this '${open.char}' is never closed.` });
  }
  return problems;
}

/** `};` missing after a class or struct body in a .iig (`bodies` are the class bodies' spans). */
export function missingClassSemicolons(code: string, text: string, bodies: readonly Span[]): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  for (const body of bodies) {
    if (code[body.end - 1] !== '}') continue;
    let i = body.end;
    while (i < code.length && /\s/.test(code[i]) && text[i] !== '#') i++;
    const rest = code.slice(i, i + 16);
    if (i >= code.length || text[i] === '#' || DECLARATION_START.test(rest)) {
      problems.push({ span: { start: body.end - 1, end: body.end }, message: "Syntax error: a class body must be followed by ';'." });
    }
  }
  return problems;
}

/** False when a macro could supply or take away a bracket, so counting them proves nothing. */
function bracketsDecidable(code: string, text: string): boolean {
  if (/^[ \t]*[A-Z][A-Z0-9_]{2,}[ \t]*(?:\/\/.*|\/\*.*\*\/[ \t]*)?$/m.test(code)) return false;
  if (!text.includes('#')) return true;
  const directive = /^[ \t]*#[ \t]*(define|if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b(.*(?:\\\r?\n.*)*)$/gm;
  // Each arm of each conditional (nested ones too) and each #define body must be balanced on its own.
  const armStarts: number[] = [];
  for (let m = directive.exec(text); m; m = directive.exec(text)) {
    const kind = m[1];
    if (kind === 'define') {
      if (net(m[2]) !== 0) return false;
      continue;
    }
    const after = m.index + m[0].length;
    if (kind.startsWith('if')) {
      if (armStarts.length >= 64) return false;
      armStarts.push(after);
      continue;
    }
    const start = armStarts.pop();
    if (start === undefined) return false; // an #else or #endif without #if: nothing is certain
    if (net(code.slice(start, m.index)) !== 0) return false;
    if (kind !== 'endif') armStarts.push(after);
  }
  return true;
}

function net(piece: string): number {
  let n = 0;
  for (const c of piece) {
    if (OPENERS[c]) n++;
    else if (CLOSERS[c]) n--;
  }
  return n;
}
