/**
 * Macros a .cpp defines that reach a method's parent: `#define STOP Stop(provider, SUPERDISPATCH);`,
 * `#define SUPER_FREE super::free()`. A body that uses one calls the parent as surely as a body that
 * spells the call out, but the call is in the `#define`, which the code view blanks. So the uses are
 * recorded on the definition (MethodDefinition.macroParentCalls) for the rules that ask whether a
 * method reaches its parent at all; the rules that judge how a call is written look only at calls
 * written in the body.
 */
import type { CallSite, MethodDefinition } from './model';
import type { Span } from './span';
import { directiveMatches } from '../util/directives';

/** `#define NAME` or `#define NAME(args)` and its replacement, continuation lines included. */
const DEFINE = /#[ \t]*define[ \t]+([A-Za-z_]\w*)(?:\([^)\n]*\))?((?:[^\n]*\\\r?\n)*[^\n]*)/y;
const PARENT_CALL = /\bSUPERDISPATCH\b|\bsuper\s*::\s*([A-Za-z_]\w*)/g;
/** Bounds for hostile input: a file with more macros than this is read no further. */
const MAX_MACROS = 2000;
const MAX_ROUNDS = 4;

/** The method names each parent-calling macro of `text` reaches. */
export function parentCallMacros(text: string): ReadonlyMap<string, readonly string[]> {
  const found = new Map<string, string[]>();
  if (!/\bSUPERDISPATCH\b|\bsuper\s*::/.test(text) || !text.includes('define')) return found;
  const bodies = new Map<string, string>();
  for (const m of directiveMatches(text, DEFINE, MAX_MACROS)) bodies.set(m[1], m[2]);
  for (const [name, body] of bodies) {
    const methods = calledParents(body);
    if (methods.length) found.set(name, methods);
  }
  if (found.size === 0) return found;
  // `#define FINISH STOP return ret;`: a macro that uses a parent-calling macro calls the parent too.
  // Each body's words are read once, so the rounds cost what the bodies are long.
  const words = new Map([...bodies].filter(([name]) => !found.has(name)).map(([name, body]) => [name, new Set(body.match(/[A-Za-z_]\w*/g) ?? [])]));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let grew = false;
    for (const [name, used] of words) {
      if (found.has(name)) continue;
      const inherited = [...used].flatMap((word) => found.get(word) ?? []);
      if (inherited.length) {
        found.set(name, [...new Set(inherited)]);
        grew = true;
      }
    }
    if (!grew) break;
  }
  return found;
}

/** The methods a macro's replacement reaches: `Stop` for `Stop(provider, SUPERDISPATCH)`, `free` for `super::free()`. */
function calledParents(body: string): string[] {
  const out: string[] = [];
  PARENT_CALL.lastIndex = 0;
  for (let m = PARENT_CALL.exec(body); m; m = PARENT_CALL.exec(body)) {
    const name = m[1] ?? enclosingCall(body, m.index);
    if (name) out.push(name);
  }
  return [...new Set(out)];
}

/** The name before the `(` that opens the argument list holding `offset`. */
function enclosingCall(body: string, offset: number): string | undefined {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = body[i];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) return /([A-Za-z_]\w*)\s*$/.exec(body.slice(0, i))?.[1];
      depth--;
    }
  }
  return undefined;
}

/**
 * `def` with the parent calls its body makes through `macros` (uses found in `code`, the file's code
 * view, within the body). The definition is returned as it is when it uses none.
 */
export function withMacroParentCalls(def: MethodDefinition, code: string, macros: ReadonlyMap<string, readonly string[]>): MethodDefinition {
  if (macros.size === 0) return def;
  const body: Span = def.bodySpan;
  const text = code.slice(body.start, body.end);
  const calls: CallSite[] = [];
  const word = /[A-Za-z_]\w*/g;
  for (let m = word.exec(text); m; m = word.exec(text)) {
    const methods = macros.get(m[0]);
    if (!methods) continue;
    const span = { start: body.start + m.index, end: body.start + m.index + m[0].length };
    for (const name of methods) calls.push({ name, span });
  }
  return calls.length ? { ...def, macroParentCalls: calls } : def;
}
