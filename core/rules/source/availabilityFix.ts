/**
 * The quick fix for a call newer than the deployment target: run the statement only where the API
 * exists, `if (__builtin_available(driverkit 21.0, *)) { … }`, the check clang itself understands
 * (and our guard reading then honours, so the finding goes away).
 *
 * Offered only where wrapping keeps the code's meaning: the call is a statement of its own lines —
 * a plain call (`pipe->Abort(…);`, `IOFoo::Create(…);`, `(void) Foo(…);`) or an assignment to a
 * variable declared earlier (`ret = Foo(…);`). A declaration (`IOReturn ret = Foo(…);`) would take its
 * name out of scope, a `return` would leave the function without a value on older systems, and a call
 * inside a condition or an argument has no statement of its own: none of these get the fix.
 */
import type { Fix } from '../../fixes/fix';
import { codeView } from '../../model/codeView';
import type { Finding } from '../finding';
import type { SourceFixRequest } from '../rule';

/** What may stand before the call in its statement: `(void)`, `lhs =`, receivers and scopes. */
const STATEMENT_HEAD = /^(?:\(\s*void\s*\)\s*)?(?:[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*\s*=\s*)?(?:[A-Za-z_]\w*\s*(?:->|::|\.)\s*)*$/;

export function wrapInAvailabilityCheck(request: SourceFixRequest, found: Finding): Fix | undefined {
  const version = found.data?.introduced;
  const text = request.textOf(request.path);
  if (!version || text === undefined) return undefined;
  const code = codeView(text);
  const statement = statementAround(code, found.span.start, found.span.end);
  if (!statement) return undefined;
  const lineStart = text.lastIndexOf('\n', statement.start - 1) + 1;
  const indent = text.slice(lineStart, statement.start);
  let lineEnd = text.indexOf('\n', statement.end);
  if (lineEnd < 0) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd--;
  // Whole lines only: something else before the statement, or code after it, stays out of reach.
  if (/\S/.test(indent) || /\S/.test(code.slice(statement.end, lineEnd))) return undefined;
  const eol = text.slice(lineEnd, lineEnd + 2) === '\r\n' ? '\r\n' : '\n';
  const lines = text.slice(statement.start, lineEnd).split(/\r?\n/);
  // A directive inside the statement (`#if` between its arguments) is not moved into a block blindly.
  if (lines.slice(1).some((line) => /^\s*#/.test(line))) return undefined;
  if (!STATEMENT_HEAD.test(code.slice(statement.start, found.span.start).trim())) return undefined;
  const unit = indent.includes('\t') ? '\t' : '    ';
  const body = lines.map((line, i) => (i === 0 ? indent + unit + line : line.trim() === '' ? line : unit + line)).join(eol);
  return {
    title: `Call it only on DriverKit ${version} and later (__builtin_available)`,
    kind: 'quickfix',
    preferred: true,
    edits: [{ path: request.path, span: { start: lineStart, end: lineEnd }, newText: `${indent}if (__builtin_available(driverkit ${version}, *)) {${eol}${body}${eol}${indent}}` }],
  };
}

/**
 * The expression statement holding the call at [callStart, callEnd): from after the `;`, `{` or `}`
 * before it to its own `;`. Undefined when the call sits inside brackets that open before it (a
 * condition, an argument, an initializer list) or no `;` ends it at its own level.
 */
function statementAround(code: string, callStart: number, callEnd: number): { start: number; end: number } | undefined {
  let depth = 0;
  let i = callStart - 1;
  for (; i >= 0; i--) {
    const c = code[i];
    if (c === ')' || c === ']') depth++;
    else if (c === '(' || c === '[') {
      if (depth === 0) return undefined;
      depth--;
    } else if (depth === 0 && (c === ';' || c === '{' || c === '}')) break;
  }
  let start = i + 1;
  while (start < callStart && /\s/.test(code[start])) start++;
  depth = 0;
  for (let j = callEnd; j < code.length; j++) {
    const c = code[j];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return undefined;
      depth--;
    } else if (c === ';' && depth === 0) return { start, end: j + 1 };
  }
  return undefined;
}
