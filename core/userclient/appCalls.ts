/**
 * The app side of the contract: every `IOConnectCall…Method` call of an app's C, C++, Objective-C,
 * Objective-C++ or Swift file, read over the file's syntax tree (core/model/appGrammars.ts), with
 * the selector and the four sizes the dext checks written as expressions over the workspace's names:
 * a local `uint32_t outCount = 2;` behind `&outCount` becomes `2`, `sizeof(request)` of a
 * `MyRequest request;` becomes `sizeof(MyRequest)`. The C family is read by cCalls.ts, Swift by
 * swiftCalls.ts. What cannot be followed is left undefined; a call the parser could not read
 * cleanly is left out.
 */
import type { Edit, Node, Parser, Tree } from 'web-tree-sitter';
import type { AppLanguage } from '../model/appGrammars';
import type { Span } from '../model/span';
import { editBetween, parseBudget } from '../model/sourceDocument';
import { shiftWithinNumber } from '../model/numberEdit';
import { readsFrom } from '../model/sectionedTrees';
import { cCalls, readCalls, type CRead } from './cCalls';
import { reuseCalls } from './cCallReuse';
import { swiftCalls, swiftMatches } from './swiftCalls';

export type CallPart = 'scalarInput' | 'structureInput' | 'scalarOutput' | 'structureOutput';

export interface AppCall {
  readonly function: string;
  /** The function's name in the text. */
  readonly span: Span;
  /** The whole call, `IOConnectCall…(` to `)`. */
  readonly callSpan: Span;
  /** The wrapper this call goes through (`scalarCall(c, kGetVersion, …)`): the span is the wrapper's call. */
  readonly via?: string;
  readonly async: boolean;
  /** The selector as written (a name or a literal). */
  readonly selector: string;
  /**
   * The selector's value when the file itself gives it (a Swift enum's raw value, a Swift literal);
   * a name the app shares with its dext (a C enum member) is left to the contract to evaluate.
   */
  readonly selectorValue?: number;
  readonly selectorSpan: Span;
  /** Each part as an expression over the workspace's names; undefined when it could not be followed. */
  readonly parts: Readonly<Record<CallPart, string | undefined>>;
  readonly language: AppLanguage;
}

export interface Layout {
  readonly args: number;
  readonly scalarInput?: number;
  readonly structureInput?: number;
  readonly scalarOutput?: number;
  readonly structureOutput?: number;
}

/** Argument positions: the selector, then each part's count or size (`*` when passed by pointer). */
export const LAYOUTS: Readonly<Record<string, Layout>> = {
  IOConnectCallScalarMethod: { args: 6, scalarInput: 3, scalarOutput: 5 },
  IOConnectCallStructMethod: { args: 6, structureInput: 3, structureOutput: 5 },
  IOConnectCallMethod: { args: 10, scalarInput: 3, structureInput: 5, scalarOutput: 7, structureOutput: 9 },
  IOConnectCallAsyncScalarMethod: { args: 9, scalarInput: 6, scalarOutput: 8 },
  IOConnectCallAsyncStructMethod: { args: 9, structureInput: 6, structureOutput: 8 },
  IOConnectCallAsyncMethod: { args: 13, scalarInput: 6, structureInput: 8, scalarOutput: 10, structureOutput: 12 },
};
export const PARTS: readonly CallPart[] = ['scalarInput', 'structureInput', 'scalarOutput', 'structureOutput'];
export const MAX_CALLS = 2000;

/**
 * A name spelled like a constant the app shares with its dext (`kGetStats`, `METHOD_COUNT`): a name
 * the file does not declare is left as it is, for the contract to evaluate.
 */
export function sharedConstantName(name: string): boolean {
  return /^k[A-Z_]|^[A-Z][A-Z0-9_]+$/.test(name);
}

/** `(l)op(r)` of two operands each followed by `value`; undefined for another operator or an operand not followed. */
export function arithmetic(op: string, operators: RegExp, left: Node | null, right: Node | null, value: (operand: Node) => string | undefined): string | undefined {
  if (!operators.test(op) || !left || !right) return undefined;
  const l = value(left);
  const r = l === undefined ? undefined : value(right);
  return l !== undefined && r !== undefined ? `(${l})${op}(${r})` : undefined;
}

export function isOutput(part: CallPart): boolean {
  return part === 'scalarOutput' || part === 'structureOutput';
}

export function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

/**
 * Whether a text may call a user client: `IOConnectCall…Method(` written as a call. A file that
 * only names the functions (a dext's comment) does not load a grammar nor get parsed for calls.
 */
export function mayCallUserClient(text: string): boolean {
  return /\bIOConnectCall(?:Async)?(?:Scalar|Struct)?Method\s*\(/.test(text);
}

/**
 * The function-name nodes of the file's `IOConnectCall…` calls, found from the text's mentions (most
 * of a file is never visited) and kept only where the tree has a call of that name with no syntax
 * error in or around it. `identifier` is the name node's type in the language.
 */
export function callNames(root: Node, text: string, identifier: string, within?: { start: number; end: number }): { name: Node; call: Node; layout: Layout }[] {
  const out: { name: Node; call: Node; layout: Layout }[] = [];
  const mentions = /\bIOConnectCall(?:Async)?(?:Scalar|Struct)?Method\b/g;
  mentions.lastIndex = within?.start ?? 0;
  for (let m = mentions.exec(text); m; m = mentions.exec(text)) {
    if (out.length >= MAX_CALLS || (within && m.index >= within.end)) break;
    const layout = LAYOUTS[m[0]];
    const name = root.descendantForIndex(m.index, m.index + m[0].length);
    const call = name?.parent;
    if (!layout || !name || name.type !== identifier || call?.type !== 'call_expression' || call.firstChild?.id !== name.id || call.hasError || inError(call)) continue;
    out.push({ name, call, layout });
  }
  return out;
}

function inError(node: Node): boolean {
  for (let up = node.parent, guard = 0; up && guard < 200; up = up.parent, guard++) if (up.type === 'ERROR') return true;
  return false;
}

export interface AppSource {
  readonly calls: AppCall[];
  /** Service names a Swift file matches with (`IOServiceNameMatching("MyDriver")`): which dext it talks to. */
  readonly matches: readonly string[];
}

const NOTHING: AppSource = { calls: [], matches: [] };

/** A file's last read: its text, its tree (valid for that text) and what the C-family reader kept. */
export interface LastRead {
  readonly text: string;
  readonly tree: Tree;
  readonly kept?: CRead;
}

/** The last read, with the edit from its text to the one being read. */
export type LastReadAndEdit = LastRead & { readonly edit: Edit };

/**
 * The last syntax tree of the few app files read most recently, with the text it was parsed from: the
 * next read of the same file (a keystroke in the editor) re-parses only what changed, and the C-family
 * reader reuses the calls of every function the edit did not touch (cCallReuse.ts). A 5,000-line C
 * file then takes a few milliseconds to read again instead of tens.
 */
export class AppTrees {
  private readonly trees = new Map<string, LastRead & { language: AppLanguage }>();
  /** How many reads reused the calls of the last one (for tests). */
  reused = 0;

  constructor(private readonly limit = 4) {}

  /** A tree of `text` (owned here: not to be deleted by the caller); undefined past the parse budget. */
  parse(path: string, text: string, language: AppLanguage, parser: Parser): Tree | undefined {
    return this.read(path, text, language, parser, (tree) => ({ result: tree }));
  }

  /**
   * Parses `text` from the file's last tree and gives `use` the new tree and the last read, both
   * alive until `use` returns; what it asks to keep comes back with the next read.
   */
  read<R>(path: string, text: string, language: AppLanguage, parser: Parser, use: (tree: Tree, last: LastReadAndEdit | undefined) => { result: R; keep?: CRead }): R | undefined {
    const found = this.trees.get(path);
    this.trees.delete(path);
    const last = found && found.language === language ? found : undefined;
    // The last tree stays as it was (valid for its text); a copy of it is edited for the new parse.
    let base = last ? last.tree.copy() : null;
    try {
      let tree: Tree | undefined;
      const edit = last && base ? editBetween(last.text, text) : undefined;
      if (base && edit && last && shiftWithinNumber(base, edit, last.text, text)) {
        // A keystroke inside a number (a count being fixed): the copy's nodes only move (core/model/numberEdit.ts).
        readsFrom(base, text);
        tree = base;
        base = null;
      } else {
        if (base && edit) base.edit(edit);
        tree = parseWithin(text, parser, base);
      }
      if (!tree) return undefined;
      let used: { result: R; keep?: CRead };
      try {
        used = use(tree, last && edit && { ...last, edit });
      } catch (error) {
        tree.delete();
        throw error;
      }
      this.trees.set(path, { text, tree, language, ...(used.keep && { kept: used.keep }) });
      // The oldest one goes (a Map iterates in insertion order).
      for (const [oldest, kept] of this.trees) {
        if (this.trees.size <= this.limit) break;
        kept.tree.delete();
        this.trees.delete(oldest);
      }
      return used.result;
    } finally {
      base?.delete();
      found?.tree.delete();
    }
  }

  forget(path: string): void {
    this.trees.get(path)?.tree.delete();
    this.trees.delete(path);
  }
}

function parseWithin(text: string, parser: Parser, old: Tree | null): Tree | undefined {
  const budget = parseBudget(text.length);
  let steps = 0;
  const tree = parser.parse(text, old, { progressCallback: () => ++steps > budget });
  if (!tree) parser.reset();
  return tree ?? undefined;
}

/**
 * What one app source says of its calls; nothing when the parse runs past its budget (a huge or
 * hostile file). With `trees` (and the file's path) the parse reuses the file's last tree.
 */
export function readAppSource(text: string, language: AppLanguage, parser: Parser, trees?: { cache: AppTrees; path: string }): AppSource {
  if (!mayCallUserClient(text)) return NOTHING;
  if (trees) {
    const { cache, path } = trees;
    return cache.read(path, text, language, parser, (tree, last) => {
      if (language === 'swift') return { result: { calls: swiftCalls(tree.rootNode, text), matches: swiftMatches(tree.rootNode, text) } };
      const reused = last?.kept && reuseCalls({ text: last.text, root: last.tree.rootNode, read: last.kept, edit: last.edit }, tree.rootNode, text, (within) => readCalls(tree.rootNode, text, language, within));
      if (reused) cache.reused++;
      const read = reused ?? readCalls(tree.rootNode, text, language);
      return { result: { calls: [...read.calls], matches: [] }, keep: read };
    }) ?? NOTHING;
  }
  const tree = parseWithin(text, parser, null);
  if (!tree) return NOTHING;
  try {
    const root = tree.rootNode;
    if (language !== 'swift') return { calls: cCalls(root, text, language), matches: [] };
    return { calls: swiftCalls(root, text), matches: swiftMatches(root, text) };
  } finally {
    tree.delete();
  }
}

export function appCallsOf(text: string, language: AppLanguage, parser: Parser): AppCall[] {
  return readAppSource(text, language, parser).calls;
}
