/**
 * Calls made through a wrapper: `static int scalarCall(io_connect_t c, uint32_t selector, …)` that
 * passes its parameters on to `IOConnectCall…`, called as `scalarCall(c, kGetVersion, NULL, 0, &v, &n)`.
 * The selector and sizes are then the caller's; these helpers find the wrapper's parameters and the
 * places it is called from, lexically over the code view (a C function at the file's top level).
 */
import { topLevelPieces } from './dispatch';

export interface Wrapper {
  readonly name: string;
  /** Where the name is written in the definition (not a call of it). */
  readonly nameStart: number;
  readonly params: readonly string[];
}

export interface WrapperCall {
  readonly start: number;
  readonly open: number;
  readonly close: number;
  readonly args: readonly string[];
}

const NOT_FUNCTIONS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'catch', 'do', 'else']);
const MAX_SITES = 256;

/** The C function whose body is the block opening at `bodyStart`, when it is one. */
export function wrapperAt(code: string, bodyStart: number): Wrapper | undefined {
  let i = bodyStart - 1;
  while (i >= 0 && /\s/.test(code[i])) i--;
  if (code[i] !== ')') return undefined;
  let depth = 0;
  let open = -1;
  for (let j = i; j >= 0 && i - j < 4000; j--) {
    if (code[j] === ')') depth++;
    else if (code[j] === '(' && --depth === 0) {
      open = j;
      break;
    }
  }
  if (open < 0) return undefined;
  const from = Math.max(0, open - 200);
  const head = /([A-Za-z_]\w*)\s*$/.exec(code.slice(from, open));
  if (!head || NOT_FUNCTIONS.has(head[1])) return undefined;
  const inside = code.slice(open + 1, i);
  const params = inside.trim() === '' || inside.trim() === 'void' ? [] : topLevelPieces(inside).map((p) => /([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*$/.exec(inside.slice(p.start, p.end).trim())?.[1] ?? '');
  return { name: head[1], nameStart: from + head.index, params };
}

/** The places a wrapper is called from in the file, with their arguments. */
export function callsOf(code: string, wrapper: Wrapper): WrapperCall[] {
  const out: WrapperCall[] = [];
  for (const m of code.matchAll(new RegExp(`\\b${wrapper.name}\\s*\\(`, 'g'))) {
    if (out.length >= MAX_SITES) break;
    if (m.index === wrapper.nameStart) continue;
    const open = m.index + m[0].length - 1;
    let depth = 0;
    let close = -1;
    for (let j = open; j < code.length && j - open < 4000; j++) {
      if (code[j] === '(') depth++;
      else if (code[j] === ')' && --depth === 0) {
        close = j;
        break;
      }
    }
    if (close < 0) continue;
    const inside = code.slice(open + 1, close);
    const args = topLevelPieces(inside).map((p) => inside.slice(p.start, p.end).trim());
    if (args.length === wrapper.params.length) out.push({ start: m.index, open, close, args });
  }
  return out;
}
