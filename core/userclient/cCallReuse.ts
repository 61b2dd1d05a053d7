/**
 * A keystroke in a C-family app file changes one function. Every other function's calls read the
 * same as before, shifted, as long as nothing they depend on changed: what a function does to names
 * other functions may look up at the file's level (assignments, `++`, `&x` passed on), whether it
 * calls `IOConnectCall…` at all (a wrapper's callers' `&x` counts then), and the wrappers whose
 * parameter carries the selector (their calls are read at every caller). When all of that holds,
 * only the edited function is read again; otherwise (an edit outside a function body, a wrapper
 * involved) the whole file is. Either way the result equals a fresh read
 * (test/core/userclient/appTrees.test.ts compares them edit after edit).
 */
import type { Edit, Node } from 'web-tree-sitter';
import type { Span } from '../model/span';
import type { AppCall } from './appCalls';
import type { CRead } from './cCalls';
import { FUNCTIONS } from './cNames';

export interface LastC {
  readonly text: string;
  readonly root: Node;
  readonly read: CRead;
  /** From `text` to the text being read (the parse computed it already). */
  readonly edit: Edit;
}

/** The calls of `text` from the last read and a read of the edited function, or undefined when the whole file must be read. */
export function reuseCalls(last: LastC, root: Node, text: string, readWithin: (span: Span) => CRead): CRead | undefined {
  if (last.text === text) return last.read;
  const edit = last.edit;
  const before = functionAround(last.root, edit.startIndex, edit.oldEndIndex);
  const after = functionAround(root, edit.startIndex, edit.newEndIndex);
  const delta = edit.newEndIndex - edit.oldEndIndex;
  if (!before || !after || before.startIndex !== after.startIndex || before.endIndex + delta !== after.endIndex) return undefined;
  const wasText = before.text;
  const isText = after.text;
  if (wasText.includes('IOConnectCall') !== isText.includes('IOConnectCall')) return undefined;
  if (callsAny(wasText, last.read.forwarders) || callsAny(isText, last.read.forwarders)) return undefined;
  if (effectsOf(before, last.read.consulted) !== effectsOf(after, last.read.consulted)) return undefined;
  const fresh = readWithin({ start: after.startIndex, end: after.endIndex });
  if (fresh.forwarders.size > 0) return undefined;

  const calls: AppCall[] = [];
  const from: number[] = [];
  let placed = false;
  const place = (): void => {
    placed = true;
    calls.push(...fresh.calls);
    from.push(...fresh.from);
  };
  for (let i = 0; i < last.read.calls.length; i++) {
    const at = last.read.from[i];
    if (at >= before.startIndex && at < before.endIndex) continue;
    if (at >= before.endIndex) {
      if (!placed) place();
      from.push(at + delta);
    } else from.push(at);
    // A call through a wrapper is where its caller is, which may be on either side of the edit.
    calls.push(shifted(last.read.calls[i], before.endIndex, delta));
  }
  if (!placed) place();
  return { calls, from, forwarders: last.read.forwarders, consulted: new Set([...last.read.consulted, ...fresh.consulted]) };
}

/**
 * The function whose body holds the span strictly inside its braces, if it is not inside another
 * function nor in a part of the file the parser could not read (a syntax error inside the function
 * is the function's own business).
 */
function functionAround(root: Node, start: number, end: number): Node | undefined {
  let fn: Node | undefined;
  for (let up: Node | null = root.descendantForIndex(start, Math.max(start, end)), guard = 0; up && guard < 400; up = up.parent, guard++) {
    if (up.type === 'ERROR' && fn) return undefined;
    if (FUNCTIONS.includes(up.type)) {
      if (fn) return undefined;
      fn = up;
    }
  }
  const body = fn?.childForFieldName('body');
  return body && body.startIndex < start && end < body.endIndex ? fn : undefined;
}

function callsAny(text: string, functions: ReadonlySet<string>): boolean {
  for (const name of functions) if (new RegExp(`\\b${name}\\s*\\(`).test(text)) return true;
  return false;
}

/**
 * What a function does that the file's level sees (core/userclient/cNames.ts `atFile`) to the names
 * the last read looked up there: each assignment, change, `&x` and Objective-C method parameter of
 * them, in order, as text. A name nobody looked up may change freely: the function's own calls
 * are read again, and they look it up afresh.
 */
function effectsOf(fn: Node, consulted: ReadonlySet<string>): string {
  const out: string[] = [];
  for (const node of fn.descendantsOfType(['assignment_expression', 'update_expression', 'pointer_expression', 'method_parameter'])) {
    if (!node) continue;
    const name = node.type === 'assignment_expression' ? node.childForFieldName('left') : node.type === 'method_parameter' ? node.namedChildren.filter((c) => c?.type === 'identifier').pop() : node.childForFieldName('argument');
    if (name?.type !== 'identifier' || !consulted.has(name.text)) continue;
    if (node.type === 'pointer_expression') {
      const call = node.parent?.type === 'argument_list' ? node.parent.parent : undefined;
      out.push(`${node.text}>${call?.type === 'call_expression' ? (call.firstChild?.text ?? '') : ''}`);
    } else out.push(node.text);
  }
  return out.join('\n');
}

function shifted(call: AppCall, from: number, delta: number): AppCall {
  // A call before the edit (or any call, when the edit kept the length) stays the same object.
  if (delta === 0 || (call.span.start < from && call.callSpan.start < from && call.selectorSpan.start < from)) return call;
  const move = (span: Span): Span => (span.start >= from ? { start: span.start + delta, end: span.end + delta } : span);
  return { ...call, span: move(call.span), callSpan: move(call.callSpan), selectorSpan: move(call.selectorSpan) };
}

