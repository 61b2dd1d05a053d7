/**
 * Named integer constants of one file, read lexically over its code view: the members of every
 * `enum` (a selector list such as `enum { kGetStats = 0, kReset, kCount }`) and object-like
 * `#define NAME 3` / `static const uint32_t NAME = 3;`. Values are kept as the expression written;
 * they are evaluated once every file is read (an enum member may be `kFirst + 2` from another header).
 */
export interface ConstantDecl {
  readonly name: string;
  /** The expression written (`= 4`, `#define N 4`); absent for an enum member without one. */
  readonly expression?: string;
  /** An enum member without a value: the member before it (its value plus one); absent for the first. */
  readonly follows?: string;
  /** The names of the enum this member belongs to, in order; absent for a #define or a const. */
  readonly siblings?: readonly string[];
}

/** Bounds against hostile input: an enum longer than this is no selector list. */
const MAX_MEMBERS = 4096;

export function constantsOf(code: string, text: string): ConstantDecl[] {
  const out: ConstantDecl[] = [];
  const enumHead = /\benum\b(?:\s+(?:class|struct))?(?:\s+[A-Za-z_]\w*)?(?:\s*:\s*[A-Za-z_][\w\s]*?)?\s*\{/g;
  for (let m = enumHead.exec(code); m; m = enumHead.exec(code)) {
    const open = m.index + m[0].length - 1;
    const close = code.indexOf('}', open);
    if (close < 0) break;
    enumHead.lastIndex = close;
    const decls: { name: string; expression?: string; follows?: string }[] = [];
    let previous: string | undefined;
    for (const member of code.slice(open + 1, close).split(',').slice(0, MAX_MEMBERS)) {
      const mm = /^\s*([A-Za-z_]\w*)\s*(?:=\s*([^]*?))?\s*$/.exec(member);
      if (!mm) {
        // Something not understood (an attribute, a macro): the members after it are not trusted.
        if (member.trim() !== '') break;
        continue;
      }
      decls.push(mm[2] !== undefined ? { name: mm[1], expression: mm[2].replace(/\s+/g, ' ') } : previous === undefined ? { name: mm[1], expression: '0' } : { name: mm[1], follows: previous });
      previous = mm[1];
    }
    const siblings = decls.map((d) => d.name);
    for (const d of decls) out.push({ ...d, siblings });
  }
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+(\(?[ \t]*(?:0[xX][0-9A-Fa-f]+|\d+)[uUlL]*[ \t]*\)?)[ \t]*(?:\/\/.*|\/\*.*)?$/gm)) {
    out.push({ name: m[1], expression: m[2] });
  }
  for (const m of code.matchAll(/\b(?:static\s+)?(?:constexpr|const)\s+(?:unsigned\s+int|u?int(?:8|16|32|64)_t|int|unsigned|uint|size_t)\s+([A-Za-z_]\w*)\s*=\s*([^;,{}]{1,80});/g)) {
    out.push({ name: m[1], expression: m[2].trim() });
  }
  return out;
}

/** Evaluates small integer expressions: literals, names, `a + b`, `a - b`, `a << b`, `a | b`, parentheses. */
export function evaluate(expression: string, lookup: (name: string) => number | undefined, depth = 0): number | undefined {
  if (depth > 8 || expression.length > 200) return undefined;
  const tokens = expression.match(/0[xX][0-9A-Fa-f]+|\d+|[A-Za-z_]\w*|<<|>>|[-+|()*/~]|\S/g);
  if (!tokens) return undefined;
  let i = 0;
  const primary = (): number | undefined => {
    const t = tokens[i++];
    if (t === undefined) return undefined;
    if (t === '(') {
      const v = sum();
      return tokens[i++] === ')' ? v : undefined;
    }
    if (t === '-') {
      const v = primary();
      return v === undefined ? undefined : -v;
    }
    if (/^\d/.test(t)) {
      const v = Number(t.replace(/[uUlL]+$/, ''));
      // A suffix (`3u`, `0x10UL`) is its own token after a decimal literal.
      if (/^[uUlL]+$/.test(tokens[i] ?? '')) i++;
      return Number.isSafeInteger(v) ? v : undefined;
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (tokens[i] === '(') return undefined; // a call or a macro with arguments
      return lookup(t);
    }
    return undefined;
  };
  const product = (): number | undefined => {
    let v = primary();
    while (v !== undefined && (tokens[i] === '*' || tokens[i] === '/')) {
      const op = tokens[i++];
      const r = primary();
      // Only exact division: a count written as a ratio of sizes divides evenly when it is meant.
      v = r === undefined ? undefined : op === '*' ? v * r : r !== 0 && v % r === 0 ? v / r : undefined;
    }
    return v;
  };
  const sum = (): number | undefined => {
    let v = product();
    while (v !== undefined && (tokens[i] === '+' || tokens[i] === '-' || tokens[i] === '<<' || tokens[i] === '|')) {
      const op = tokens[i++];
      const r = product();
      if (r === undefined) return undefined;
      v = op === '+' ? v + r : op === '-' ? v - r : op === '<<' ? (r < 32 ? v * 2 ** r : undefined) : v | r;
    }
    return v;
  };
  const value = sum();
  return i === tokens.length && value !== undefined && Number.isSafeInteger(value) ? value : undefined;
}
