/**
 * One .iig or .cpp file and its model, re-parsed incrementally. The parser input (the masked text of
 * a .iig, the plain text of a .cpp) is diffed against the previous input: the single changed region
 * becomes a tree-sitter edit, so any change — typed, pasted or reloaded from disk — reuses the old
 * tree correctly.
 */
import type { Node, Parser, Point, Tree } from 'web-tree-sitter';
import { CppMemo, extractCpp } from './cppExtract';
import { guessedRewrites } from './clangExtensions';
import { blankedRegions, conditionalsAfter, conditionalsOf, type Conditionals, type MacroLookup } from './conditionals';
import { extractIig, type MemberFacts } from './iigExtract';
import type { SkipReason, SourceFile, SourceKind } from './model';
import { NodeMemo, type TextChange } from './nodeMemo';
import { ClassBodySections } from './classBodySections';
import { errorWeight } from './syntaxTree';
import { parseBounded, readsFrom, SectionedTrees, type ParseOptions, type SectionPolicy, type Sections } from './sectionedTrees';
import { numberTokenOf, patchedAnalysis, shiftWithinNumber } from './numberEdit';
import { preparedAfter, preparedWhole, type PreparedCpp } from './preparedCpp';
import { preparedIigAfter, preparedIigWhole, type PreparedIig } from './preparedIig';
import { changedRegion } from '../util/textChange';

/** The parser input with guessed macro rewrites on top (see clangExtensions.ts). */
type Guess = (input: string) => string;

/** The model from the roots of the trees parsed from `input`. */
type Extract = (roots: readonly Node[], input: string) => SourceFile;

type BuildSections = (parser: Parser, input: string, whole: Tree, policy: SectionPolicy, options: ParseOptions) => Sections | undefined;

const NO_MACROS: MacroLookup = () => undefined;

/** Files past this many characters are reported and not analysed (a generated or mistaken file). */
export const MAX_ANALYSED_LENGTH = 4 * 1024 * 1024;

/**
 * How much work the parser may do on a text of `length` characters, counted in its progress
 * callbacks (tree-sitter calls back after a fixed number of parse operations), never in time, so
 * the same text gets the same answer on any machine, however busy. A normal parse makes about 7
 * callbacks per KB; tree-sitter's error recovery on hostile input makes several times more, and the
 * parse is abandoned there (the file gets one file.too-complex finding).
 */
export function parseBudget(length: number): number {
  return 1000 + 25 * Math.ceil(length / 1024);
}

export interface SourceOptions {
  /** Report unknown all-caps words in attribute positions (true for the user's files, false for SDK headers). */
  readonly reportUnknownAttributes: boolean;
  /** Keep a large document as sections so each keystroke re-parses one (documents open in an editor). */
  readonly sections?: SectionPolicy;
  /** Macros the headers a text includes define, to drop regions that are never compiled (conditionals.ts). */
  readonly macros?: (text: string) => MacroLookup;
  /** The parse budget (progress callbacks) for a text of a length; tests choose small ones. */
  readonly parseBudget?: (length: number) => number;
}

export function sourceKindOf(path: string): SourceKind | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.iig')) return 'iig';
  if (/\.(cpp|cc|cxx|c\+\+)$/.test(lower)) return 'cpp';
  return undefined;
}

export class SourceDocument {
  private tree: Tree | undefined;
  /** A large document being edited, as sections; `tree` is then unused. */
  private sections: Sections | undefined;
  /** Set when this text could not be sectioned, so a failed attempt is not repeated on every keystroke. */
  private unsectionable = false;
  private input = '';
  /** The last text written and its never-compiled regions, kept while edits leave its directives alone. */
  private conditionals: Conditionals | undefined;
  /** The text the model was last extracted from: the memos reuse what lies outside the change since. */
  private extracted: string | undefined;
  /** The parser input of that extraction (the text with its rewrites). */
  private extractedInput: string | undefined;
  private iigCode: string | undefined;
  private current: SourceFile;
  private readonly cppMemo = new CppMemo();
  /** The last .cpp text with its code view, string spans and parser input (before any guess), for prepareCpp. */
  private lastCpp: PreparedCpp | undefined;
  /** The last .iig text with its code view, masked text, attributes and parser input, for prepareIig. */
  private lastIig: PreparedIig | undefined;
  /** The whole tree was parsed from guessed rewrites (withGuesses), not from the safe input. */
  private guessed = false;
  private readonly iigMemo = new NodeMemo<MemberFacts>();

  constructor(
    private readonly parser: Parser,
    readonly kind: SourceKind,
    text: string,
    private readonly options: SourceOptions = { reportUnknownAttributes: true },
  ) {
    this.current = this.analyse(text);
  }

  get model(): SourceFile {
    return this.current;
  }

  /** The code view of a .iig's text, which masking computes anyway (undefined for a .cpp). */
  get codeView(): string | undefined {
    return this.iigCode;
  }

  /** How many sections the document is parsed in (0: one whole tree). */
  get sectionCount(): number {
    return this.sections?.count ?? 0;
  }

  update(text: string): SourceFile {
    this.current = this.analyse(text);
    return this.current;
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.sections?.dispose();
    this.sections = undefined;
  }

  private analyse(written: string): SourceFile {
    const previous = this.conditionals?.text;
    const writtenChange = previous === undefined ? undefined : changedRegion(previous, written);
    const skipped = whyNotAnalysed(written, writtenChange);
    if (skipped) return this.skip(skipped);
    // Regions that are never compiled (`#if 0`, a feature switched off in a config header) are blanked.
    const macros = this.options.macros?.(written) ?? NO_MACROS;
    this.conditionals = this.conditionals && writtenChange ? conditionalsAfter(this.conditionals, written, writtenChange, macros) : conditionalsOf(written, macros);
    const text = blankedRegions(written, this.conditionals.regions);
    // Nothing blanked before or now: the change to the analysed text is the one just found.
    const textChange = this.extracted === undefined ? undefined : writtenChange && this.extracted === previous && text === written ? writtenChange : changedRegion(this.extracted, text);
    this.extracted = text;
    const memo = this.kind === 'iig' ? this.iigMemo : this.cppMemo;
    // Facts are reused only outside what changed in the text and in the parser's input: a rewrite
    // (a macro defined, a guess taken) can change the input far from the edit.
    const begin = (input: string): void => {
      const inputChange = this.extractedInput === undefined ? undefined : changedRegion(this.extractedInput, input);
      memo.begin(textChange && inputChange ? unionOf(textChange, inputChange, text.length) : undefined);
      this.extractedInput = input;
    };
    if (this.kind === 'iig') {
      const prepared = this.prepareIig(text, textChange, macros);
      const guess = (input: string): string => guessedRewrites(input, prepared.code, text);
      this.iigCode = prepared.code;
      const extract = (roots: readonly Node[], input: string): SourceFile => (begin(input), extractIig(roots, prepared.attributes, prepared.code, text, this.iigMemo));
      return this.analyseInput(prepared.input, guess, extract, ClassBodySections.build);
    }
    const { code, input } = this.prepareCpp(text, textChange);
    const guess = (guessFrom: string): string => guessedRewrites(guessFrom, code, text);
    const extract = (roots: readonly Node[], parsed: string): SourceFile => (begin(parsed), extractCpp(roots, text, code, this.cppMemo));
    return this.analyseInput(input, guess, extract, SectionedTrees.build);
  }

  /**
   * A .cpp's code view and parser input: patched from the last ones when the change only turns one
   * number into another (numberEdit.ts), else computed again over the window between the cuts
   * around the change (preparedCpp.ts), else over the whole text.
   */
  private prepareCpp(text: string, change: TextChange | undefined): PreparedCpp {
    const last = this.lastCpp;
    const token = last && change ? numberTokenOf(last.text, text, change) : undefined;
    const patched = last && token ? patchedAnalysis(token, last, text) : undefined;
    let prepared: PreparedCpp | undefined;
    if (last && token && patched) {
      const delta = token.newEnd - token.oldEnd;
      // A cut is where a word starts a line, never inside a number: the ones after it only move.
      prepared = { text, ...patched, macros: last.macros, ...(last.cuts && { cuts: last.cuts.map((c) => (c > token.start ? c + delta : c)) }) };
    } else if (last && change) prepared = preparedAfter(last, text, change);
    prepared ??= preparedWhole(text);
    this.lastCpp = prepared;
    return prepared;
  }

  /** A .iig's code view, masked text, attributes and parser input: over the window around the change when it stands (preparedIig.ts), else over the whole text. */
  private prepareIig(text: string, change: TextChange | undefined, macros: MacroLookup): PreparedIig {
    const options = { reportUnknown: this.options.reportUnknownAttributes, isMacro: (name: string) => macros(name) !== undefined };
    const last = this.lastIig;
    const prepared = (last && change && preparedIigAfter(last, text, change, options)) || preparedIigWhole(text, options);
    this.lastIig = prepared;
    return prepared;
  }

  /** Parses the parser's input (in sections when they stand) and extracts the model from the trees. */
  private analyseInput(input: string, guess: Guess, extract: Extract, build: BuildSections): SourceFile {
    if (this.sections) {
      const roots = this.parseSections(input);
      if (roots) return extract(roots, input);
      if (this.sections) return this.analyseWhole(input, guess, extract);
    }
    const tree = this.parse(input, guess);
    if (!tree) return this.skip(tooComplex());
    const model = extract([tree.rootNode], this.input);
    this.trySections(tree, input, build);
    return model;
  }

  /**
   * Applies the edit to the sections. Their roots when every one is clean; otherwise the model comes
   * from a whole-file parse (undefined), and the sections are dropped if a parse was abandoned.
   */
  private parseSections(input: string): Node[] | undefined {
    const sections = this.sections!;
    const state = sections.update(this.parser, input, editBetween(this.input, input), this.budgetFor(input), this.input);
    this.input = input;
    if (state === 'clean') return sections.roots();
    if (state === 'failed') {
      sections.dispose();
      this.sections = undefined;
      this.input = '';
    }
    return undefined;
  }

  /**
   * A section has a syntax error: the whole file is parsed afresh for the model, so errors land where
   * driverkit-check puts them; the sections are kept for the edits that follow.
   */
  private analyseWhole(input: string, guess: Guess, extract: Extract): SourceFile {
    const chosen = this.withGuesses(parseBounded(this.parser, input, null, this.budgetFor(input)), input, guess);
    const tree = chosen.tree;
    if (!tree) return this.skip(tooComplex());
    const model = extract([tree.rootNode], chosen.input);
    tree.delete();
    return model;
  }

  /** After a clean whole-file parse of a large document being edited: switch to sections. */
  private trySections(tree: Tree, input: string, build: BuildSections): void {
    const policy = this.options.sections;
    if (!policy || this.unsectionable || input.length < policy.minLength || tree.rootNode.hasError) return;
    this.sections = build(this.parser, input, tree, policy, this.budgetFor(input));
    if (!this.sections) {
      this.unsectionable = true;
      return;
    }
    tree.delete();
    this.tree = undefined;
  }

  private budgetFor(input: string): { progressCallback: () => boolean } {
    const budget = (this.options.parseBudget ?? parseBudget)(input.length);
    let calls = 0;
    return { progressCallback: () => ++calls > budget };
  }

  private skip(reason: SkipReason): SourceFile {
    this.dispose();
    this.input = '';
    this.extracted = undefined;
    this.extractedInput = undefined;
    this.lastCpp = undefined;
    this.iigCode = undefined;
    const empty = { includes: [], syntaxProblems: [], unparsed: [], foldingSpans: [], structorMacros: [], arrays: [], skipped: reason };
    return this.kind === 'iig'
      ? { kind: 'iig', classes: [], declarations: [], functions: [], attributes: [], ...empty }
      : { kind: 'cpp', definitions: [], ivarsStructs: [], macroUses: [], mentions: [], calls: [], availabilityGuards: [], ...empty };
  }

  private parse(input: string, guess: Guess): Tree | undefined {
    const old = this.tree;
    const edit = old ? editBetween(this.input, input) : undefined;
    // A keystroke inside a number: the tree's nodes only move (numberEdit.ts).
    if (old && edit && !this.guessed && shiftWithinNumber(old, edit, this.input, input)) {
      readsFrom(old, input);
      this.input = input;
      return old;
    }
    if (old && edit) old.edit(edit);
    const options = this.budgetFor(input);
    let tree = parseBounded(this.parser, input, old ?? null, options);
    // Error recovery may place ERROR nodes differently when reusing a tree; a text with errors is
    // parsed afresh so the editor shows exactly what driverkit-check reports for the same text.
    if (tree && old && tree.rootNode.hasError) {
      tree.delete();
      tree = parseBounded(this.parser, input, null, options);
    }
    old?.delete();
    const chosen = this.withGuesses(tree, input, guess);
    this.tree = chosen.tree;
    this.input = chosen.tree ? chosen.input : '';
    this.guessed = chosen.input !== input;
    return chosen.tree;
  }

  /**
   * A tree with syntax errors: the input with guessed macro rewrites (clangExtensions.ts) is parsed
   * too, and whichever tree has fewer errors is kept. The same text always makes the same choice.
   */
  private withGuesses(tree: Tree | undefined, input: string, guess: Guess): { tree: Tree | undefined; input: string } {
    if (!tree || !tree.rootNode.hasError) return { tree, input };
    const guessed = guess(input);
    if (guessed === input) return { tree, input };
    const other = parseBounded(this.parser, guessed, null, this.budgetFor(guessed));
    if (!other) return { tree, input };
    if (errorWeight(other.rootNode) < errorWeight(tree.rootNode)) {
      tree.delete();
      return { tree: other, input: guessed };
    }
    other.delete();
    return { tree, input };
  }
}

/**
 * `change`: where `text` differs from the last text analysed (which held no NUL), so only that part
 * is searched for one; a keystroke does not scan the whole file.
 */
function whyNotAnalysed(text: string, change: TextChange | undefined): SkipReason | undefined {
  if (text.length > MAX_ANALYSED_LENGTH) {
    return {
      code: 'too-large',
      span: { start: 0, end: 0 },
      message: `This file has ${text.length} characters, more than the ${MAX_ANALYSED_LENGTH} DriverKit checks read; it is not analysed.`,
    };
  }
  const nul = change ? text.slice(change.start, change.newEnd).indexOf('\0') : text.indexOf('\0');
  if (nul >= 0) {
    return { code: 'binary', span: { start: 0, end: 0 }, message: 'This file holds NUL bytes, so it is binary, not source text; it is not analysed.' };
  }
  return undefined;
}

function tooComplex(): SkipReason {
  return {
    code: 'too-complex',
    span: { start: 0, end: 0 },
    message: 'The C++ parser gave up on this file: it needed far more work than a source of its size (it is too deeply nested, or its syntax errors are too tangled); it is not analysed.',
  };
}

/** One region covering two changes of the same old text into new texts of length `newLength`. */
function unionOf(a: TextChange, b: TextChange, newLength: number): TextChange {
  const oldLength = newLength - (a.newEnd - a.oldEnd);
  const suffix = Math.min(newLength - a.newEnd, newLength - b.newEnd);
  return { start: Math.min(a.start, b.start), oldEnd: oldLength - suffix, newEnd: newLength - suffix };
}

/** The smallest single edit turning `before` into `after`. */
export function editBetween(before: string, after: string) {
  const { start, oldEnd, newEnd } = changedRegion(before, after);
  // The text up to the change is the same in both: the two ends are counted on from its start.
  const startPosition = pointAt(before, start);
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: pointAt(before, oldEnd, start, startPosition),
    newEndPosition: pointAt(after, newEnd, start, startPosition),
  };
}

/** The row and column of `offset`, counted from `from` (whose point is `at`) when given. */
function pointAt(text: string, offset: number, from = 0, at: Point = { row: 0, column: 0 }): Point {
  let row = at.row;
  let lineStart = from - at.column;
  for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** Analyses a file once and frees its syntax tree: for indexed files nobody is editing. */
export function analyseOnce(parser: Parser, kind: SourceKind, text: string, options?: SourceOptions): SourceFile {
  const document = new SourceDocument(parser, kind, text, options);
  const model = document.model;
  document.dispose();
  return model;
}
