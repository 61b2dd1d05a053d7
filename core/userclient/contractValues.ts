/**
 * What the names of the contract's files evaluate to, as each side sees them: the enum constants a
 * selector is, the sizes of shared structs (natural alignment), and size expressions over both
 * (`sizeof(MyRequest)`, `(3)*sizeof(uint64_t)`). The linking of calls to entries (contract.ts) is
 * built on it.
 */
import type { ContractFacts } from './contract';
import { evaluate, type ConstantDecl } from './constants';
import { EnumFamilies } from './families';
import { scalarLayout, type Layout, type StructDecl } from './structs';

/**
 * The files one side of the contract sees: a file and what it includes. An app and its dext may each
 * have their own copy of a shared header; each side's sizes and values come from its own copy.
 */
export interface Side {
  readonly key: string;
  readonly paths: ReadonlySet<string>;
}

interface Declared<T> {
  readonly path: string;
  readonly decl: T;
}

const MAX_SIDE_FILES = 256;

/**
 * What the values computed so far are. Everything in it follows from the files' facts other than
 * their calls, so a contract rebuilt after an edit that changed only calls may start from the last
 * one's (core/userclient/contractIndex.ts decides).
 */
export class ValueMemo {
  readonly constantValues = new Map<string, number | null>();
  readonly layouts = new Map<string, Layout | null>();
  readonly sides = new Map<string, Side>();
  readonly sizes = new Map<string, number | undefined>();
  warmed = false;
}

export class ContractValues<M extends ValueMemo = ValueMemo> {
  private readonly constantDecls = new Map<string, Declared<ConstantDecl>[]>();
  protected readonly siblings = new EnumFamilies();
  private readonly structDecls = new Map<string, Declared<StructDecl>[]>();
  private readonly byFileName = new Map<string, string[]>();

  constructor(
    protected readonly files: ReadonlyMap<string, ContractFacts>,
    protected readonly memo: M,
  ) {
    for (const [path, facts] of files) {
      const name = path.replace(/^.*[\\/]/, '');
      const same = this.byFileName.get(name);
      if (same) same.push(path);
      else this.byFileName.set(name, [path]);
      for (const decl of facts.constants) {
        push(this.constantDecls, decl.name, { path, decl });
        if (decl.siblings) this.siblings.add(decl.name, decl.siblings);
      }
      for (const decl of facts.structs) push(this.structDecls, decl.name, { path, decl });
    }
  }

  /** The files a file sees: itself and what it includes, a few levels deep. */
  protected sideOf(path: string): Side {
    let side = this.memo.sides.get(path);
    if (side) return side;
    const paths = new Set<string>([path]);
    let frontier = [path];
    for (let depth = 0; depth < 8 && frontier.length > 0 && paths.size < MAX_SIDE_FILES; depth++) {
      const next: string[] = [];
      for (const from of frontier) {
        for (const name of this.files.get(from)?.includes ?? []) {
          for (const found of nearest(from, this.byFileName.get(name) ?? [])) {
            if (paths.has(found) || paths.size >= MAX_SIDE_FILES) continue;
            paths.add(found);
            next.push(found);
          }
        }
      }
      frontier = next;
    }
    side = { key: path, paths };
    this.memo.sides.set(path, side);
    return side;
  }

  /**
   * The declarations a side sees: those in its files when it sees any, else all. The memo key is the
   * side's only when that narrows the choice (most names are declared once, for every side alike).
   */
  private choose<T>(list: readonly Declared<T>[], side: Side | undefined, name: string): { decls: readonly T[]; key: string } {
    const mine = side ? list.filter((d) => side.paths.has(d.path)) : [];
    const chosen = mine.length > 0 && mine.length < list.length ? mine : list;
    return { decls: chosen.map((d) => d.decl), key: `${chosen === list ? '' : side?.key ?? ''}\u0000${name}` };
  }

  /**
   * Every constant once, in declaration order, so a long enum's members are computed one from the one
   * before (not by recursion down the whole enum); done when the first value is asked for.
   */
  private warm(): void {
    if (this.memo.warmed) return;
    this.memo.warmed = true;
    for (const name of this.constantDecls.keys()) this.constant(name);
  }

  /** The value of a named constant as a side sees it (all sides when none), when every declaration of it agrees. */
  constant(name: string, depth = 0, side?: Side): number | undefined {
    if (depth === 0) this.warm();
    const list = this.constantDecls.get(name);
    if (!list || depth > 64) return undefined;
    const { decls, key } = this.choose(list, side, name);
    const known = this.memo.constantValues.get(key);
    if (known !== undefined) return known ?? undefined;
    this.memo.constantValues.set(key, null); // a cycle reads as unknown
    let value: number | undefined;
    for (const decl of decls) {
      const v = decl.follows !== undefined ? plus(this.constant(decl.follows, depth + 1, side), 1) : evaluate(decl.expression ?? '', (n) => this.constant(n, depth + 1, side));
      if (v === undefined || (value !== undefined && v !== value)) {
        value = undefined;
        break;
      }
      value = v;
    }
    this.memo.constantValues.set(key, value ?? null);
    return value;
  }

  /** A size or count expression (`sizeof(MyRequest)`, `kCount`, `(3)*sizeof(uint64_t)/sizeof(uint64_t)`). */
  size(expression: string, side?: Side): number | undefined {
    // Many calls pass the same few expressions (`sizeof(MyRequest)`, `1`): each is computed once per side.
    const key = `${side?.key ?? ''}\u0000${expression}`;
    if (this.memo.sizes.has(key)) return this.memo.sizes.get(key);
    const value = this.computeSize(expression, side);
    if (this.memo.sizes.size < 100_000) this.memo.sizes.set(key, value);
    return value;
  }

  private computeSize(expression: string, side: Side | undefined): number | undefined {
    let failed = false;
    // Swift's `MemoryLayout<T>.size`: C's sizeof when T ends in no padding (core/userclient/swiftCalls.ts).
    const unpadded = expression.replace(/\bswiftsize\s*\(\s*([A-Za-z_]\w*)\s*\)/g, (_, type: string) => {
      const layout = this.layout(type, 0, side);
      if (!layout || layout.tailPadded) failed = true;
      return layout ? `(${layout.size})` : '0';
    });
    const plain = unpadded.replace(/sizeof\s*\(\s*(?:struct\s+)?([A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*)\s*\)/g, (_, type: string) => {
      const layout = this.layout(type, 0, side);
      if (!layout) failed = true;
      return layout ? String(layout.size) : '0';
    });
    return failed || /\bsizeof\b/.test(plain) ? undefined : evaluate(plain, (n) => this.constant(n, 0, side));
  }

  /** The layout of a fixed-size scalar or of a struct made only of such fields. */
  layout(type: string, depth = 0, side?: Side): Layout | undefined {
    const scalar = scalarLayout(type);
    if (scalar) return scalar;
    const list = this.structDecls.get(type);
    if (!list || depth > 16) return undefined;
    const { decls, key } = this.choose(list, side, type);
    const known = this.memo.layouts.get(key);
    if (known !== undefined) return known ?? undefined;
    this.memo.layouts.set(key, null);
    let result: Layout | undefined;
    for (const decl of decls) {
      const layout = this.structLayout(decl, depth, side);
      if (!layout || (result && (layout.size !== result.size || layout.align !== result.align))) {
        result = undefined;
        break;
      }
      result = layout;
    }
    this.memo.layouts.set(key, result ?? null);
    return result;
  }

  private structLayout(decl: StructDecl, depth: number, side: Side | undefined): Layout | undefined {
    let offset = 0;
    let align = 1;
    let lastPadded = false;
    for (const field of decl.fields) {
      const layout = this.layout(field.type, depth + 1, side);
      const count = evaluate(field.count, (n) => this.constant(n, 0, side));
      if (!layout || count === undefined || count < 0) return undefined;
      offset = Math.ceil(offset / layout.align) * layout.align + layout.size * count;
      align = Math.max(align, layout.align);
      lastPadded = layout.tailPadded === true && count > 0;
    }
    // An empty struct is 1 byte in C++ and 0 in C: not judged.
    if (decl.fields.length === 0) return undefined;
    const size = Math.ceil(offset / align) * align;
    return { size, align, ...((size !== offset || lastPadded) && { tailPadded: true }) };
  }

  /**
   * Constant names in declaration order, at most `limit`: those a file sees (declared in it or in
   * what it includes), or with `all`, the workspace's.
   */
  constantNames(limit: number, seenFrom?: string): string[] {
    const side = seenFrom === undefined ? undefined : this.sideOf(seenFrom);
    const out: string[] = [];
    for (const [name, decls] of this.constantDecls) {
      if (out.length >= limit) break;
      if (!side || decls.some((d) => side.paths.has(d.path))) out.push(name);
    }
    return out;
  }

}

function nearest(from: string, candidates: readonly string[]): readonly string[] {
  if (candidates.length < 2) return candidates;
  const folder = (path: string): string => path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const beside = candidates.filter((c) => folder(c) === folder(from));
  return beside.length > 0 ? beside : candidates;
}

function plus(value: number | undefined, n: number): number | undefined {
  return value === undefined ? undefined : value + n;
}

/** Adds to a list under a key, keeping at most 16 (a name declared more often is not followed anyway). */
export function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) {
    if (list.length < 16) list.push(value);
  } else map.set(key, [value]);
}
