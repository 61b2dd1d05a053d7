/**
 * The app side of the contract: every `IOConnectCall…Method` call of an app's C, C++, Objective-C,
 * Objective-C++ or Swift file, read over the file's syntax tree (core/model/appGrammars.ts), with
 * the selector and the four sizes the dext checks written as expressions over the workspace's names:
 * a local `uint32_t outCount = 2;` behind `&outCount` becomes `2`, `sizeof(request)` of a
 * `MyRequest request;` becomes `sizeof(MyRequest)`. The C family is read by cCalls.ts, Swift by
 * swiftCalls.ts. What cannot be followed is left undefined; a call the parser could not read
 * cleanly is left out.
 */
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { AppLanguage } from '../model/appGrammars';
import type { Span } from '../model/span';
import { editBetween, parseBudget } from '../model/sourceDocument';
import { cCalls } from './cCalls';
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
export function callNames(root: Node, text: string, identifier: string): { name: Node; call: Node; layout: Layout }[] {
  const out: { name: Node; call: Node; layout: Layout }[] = [];
  for (const m of text.matchAll(/\bIOConnectCall(?:Async)?(?:Scalar|Struct)?Method\b/g)) {
    if (out.length >= MAX_CALLS) break;
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

/**
 * The last syntax tree of the few app files read most recently, with the text it was parsed from: the
 * next read of the same file (a keystroke in the editor) re-parses only what changed. A 5,000-line C
 * file then takes a millisecond or two to parse again instead of tens.
 */
export class AppTrees {
  private readonly trees = new Map<string, { text: string; tree: Tree; language: AppLanguage }>();

  constructor(private readonly limit = 4) {}

  /** A tree of `text` (owned here: not to be deleted by the caller); undefined past the parse budget. */
  parse(path: string, text: string, language: AppLanguage, parser: Parser): Tree | undefined {
    const last = this.trees.get(path);
    this.trees.delete(path);
    const old = last && last.language === language ? last.tree : null;
    if (old && last) old.edit(editBetween(last.text, text));
    const tree = parseWithin(text, parser, old);
    last?.tree.delete();
    if (!tree) return undefined;
    this.trees.set(path, { text, tree, language });
    // The oldest one goes (a Map iterates in insertion order).
    for (const [oldest, kept] of this.trees) {
      if (this.trees.size <= this.limit) break;
      kept.tree.delete();
      this.trees.delete(oldest);
    }
    return tree;
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
  const tree = trees ? trees.cache.parse(trees.path, text, language, parser) : parseWithin(text, parser, null);
  if (!tree) return NOTHING;
  try {
    const root = tree.rootNode;
    if (language !== 'swift') return { calls: cCalls(root, text, language), matches: [] };
    return { calls: swiftCalls(root, text), matches: swiftMatches(root, text) };
  } finally {
    if (!trees) tree.delete();
  }
}

export function appCallsOf(text: string, language: AppLanguage, parser: Parser): AppCall[] {
  return readAppSource(text, language, parser).calls;
}
