/**
 * A large .cpp held as consecutive sections, each parsed on its own through tree-sitter's included
 * ranges, so a keystroke re-parses one section instead of the whole file.
 *
 * Why: tree-sitter's incremental parse of a single tree still visits every top-level item, whatever
 * the size of the edit. For a 570 KB file of 600 functions that is about 9 ms a keystroke; one
 * section of 16 KB is well under a millisecond, and the trees after the edit only shift.
 *
 * Why this equals parsing the whole file: sections are cut only between top-level items, at line
 * starts, and their result is used only while every section parses without a syntax error and ends
 * cleanly (endsCleanly: a line break before the cut, no continued line, no open block comment). A
 * section like that ends between items, which is where the whole-file parse stands at that offset
 * too. While some section fails this the caller parses the whole file instead, as driverkit-check does.
 */
import type { Edit, Node, Parser, Point, Range, Tree } from 'web-tree-sitter';
import { shiftWithinNumber } from './numberEdit';

export interface SectionPolicy {
  /** Documents shorter than this are parsed as one tree. */
  readonly minLength: number;
  /** About how many characters one section holds; a section never splits a top-level item. */
  readonly targetLength: number;
}

/** Sectioning for documents open in an editor. */
export const EDITOR_SECTIONS: SectionPolicy = { minLength: 64 * 1024, targetLength: 16 * 1024 };

export type ParseOptions = NonNullable<Parameters<Parser['parse']>[2]>;

interface Section {
  range: Range;
  tree: Tree;
  clean: boolean;
}

/** What one edit left: every section clean, some section with a syntax error, or a parse abandoned (budget). */
export type SectionsState = 'clean' | 'error' | 'failed';

/** A document parsed in sections: top-level sections of a .cpp here, class-body sections of a .iig in classBodySections.ts. */
export interface Sections {
  readonly count: number;
  roots(): Node[];
  /** Applies one edit (`before`: the input it was computed from); after 'failed' the sections must be disposed. */
  update(parser: Parser, input: string, edit: Edit, options: ParseOptions, before?: string): SectionsState;
  dispose(): void;
}

export class SectionedTrees implements Sections {
  private constructor(private sections: Section[]) {}

  /**
   * Cuts a whole-file tree without syntax errors into sections and parses each on its own; undefined
   * when the file has no place to cut or a section does not parse cleanly on its own.
   */
  static build(parser: Parser, input: string, whole: Tree, policy: SectionPolicy, options: ParseOptions): SectionedTrees | undefined {
    const cuts = cutPoints(whole.rootNode, input, policy.targetLength);
    if (cuts.length === 0) return undefined;
    const bounds = [...cuts, { index: input.length, point: endPoint(input) }];
    const sections: Section[] = [];
    let start = { index: 0, point: { row: 0, column: 0 } };
    for (const end of bounds) {
      const range = { startIndex: start.index, startPosition: start.point, endIndex: end.index, endPosition: end.point };
      const tree = parseBounded(parser, input, null, options, [range]);
      if (!tree) break;
      // A cut the section cannot end at (a declaration finished by the next item): the next section takes this one in.
      if (!isClean(tree, input, range)) {
        tree.delete();
        continue;
      }
      sections.push({ range, tree, clean: true });
      start = end;
    }
    if (start.index !== input.length || sections.length < 2) {
      for (const section of sections) section.tree.delete();
      return undefined;
    }
    return new SectionedTrees(sections);
  }

  /** The root of every section, in document order. */
  roots(): Node[] {
    return this.sections.map((s) => s.tree.rootNode);
  }

  get count(): number {
    return this.sections.length;
  }

  /**
   * Applies one edit (computed between the previous input and `input`): the sections it touches are
   * re-parsed as one, those after it are shifted. After 'failed' this object must be disposed.
   */
  update(parser: Parser, input: string, edit: Edit, options: ParseOptions, before?: string): SectionsState {
    const { sections } = this;
    let first = sections.findIndex((s) => edit.startIndex < s.range.endIndex);
    if (first < 0) first = sections.length - 1; // typing at the very end of the file
    let last = first;
    while (last + 1 < sections.length && edit.oldEndIndex > sections[last].range.endIndex) last++;
    // A section the edit empties is parsed with a neighbour: an empty range would mean the whole file to tree-sitter.
    if (shiftIndex(sections[last].range.endIndex, edit) <= sections[first].range.startIndex) {
      if (last + 1 < sections.length) last++;
      else if (first > 0) first--;
      else return 'failed';
    }
    for (let k = last + 1; k < sections.length; k++) {
      sections[k].tree.edit(edit);
      sections[k].range = shiftRange(sections[k].range, edit);
    }
    const range = growRange({ ...sections[first].range, endIndex: sections[last].range.endIndex, endPosition: sections[last].range.endPosition }, edit);
    // One section: an incremental re-parse of its tree. Several (a paste or delete across a cut): a fresh parse of them as one.
    const old = first === last ? sections[first].tree : null;
    // A keystroke inside a number of a clean section: its nodes only move (numberEdit.ts).
    if (old && before !== undefined && sections[first].clean && shiftWithinNumber(old, edit, before, input)) {
      sections[first].range = range;
      for (const section of sections) readsFrom(section.tree, input);
      return sections.every((s) => s.clean) ? 'clean' : 'error';
    }
    old?.edit(edit);
    const tree = parseBounded(parser, input, old, options, [range]);
    for (let k = first; k <= last; k++) sections[k].tree.delete();
    if (!tree) {
      sections.splice(first, last - first + 1);
      return 'failed';
    }
    sections.splice(first, last - first + 1, { range, tree, clean: isClean(tree, input, range) });
    for (const section of sections) readsFrom(section.tree, input);
    return sections.every((s) => s.clean) ? 'clean' : 'error';
  }

  dispose(): void {
    for (const section of this.sections) section.tree.delete();
    this.sections = [];
  }
}

/**
 * Parses `input` (within `ranges` when given), reusing `old` if given; undefined when the budget in
 * `options` stopped it, after which the parser is reset (it would otherwise resume that parse).
 */
export function parseBounded(parser: Parser, input: string, old: Tree | null, options: ParseOptions, ranges?: Range[]): Tree | undefined {
  const tree = parser.parse(input, old, ranges ? { ...options, includedRanges: ranges } : options);
  if (tree) {
    readsFrom(tree, input);
    return tree;
  }
  parser.reset();
  return undefined;
}

/** Node texts are read this many characters at a time, each piece a string of its own (see readsFrom). */
const TEXT_PIECE = 32;

/**
 * Points a tree's node texts at the current input, read in small pieces copied out of it.
 * web-tree-sitter reads `node.text` through the input the tree was parsed from, which a shifted tree
 * no longer matches. And a plain slice of the input is, in V8, a view that keeps the whole input
 * alive as long as the slice lives: every name and type in a model would keep its file's parser
 * input (the masked text of a .iig, the rewritten text of a .cpp) alive, a second copy of each file
 * in the index. Prefixing a piece and slicing the prefix off flattens it into a new short string.
 * The property is marked internal in its typings, hence the cast; test/core/model/sectionedTrees.test.ts
 * fails if it ever stops taking effect.
 */
export function readsFrom(tree: Tree, input: string): void {
  (tree as unknown as { textCallback: (index: number) => string }).textCallback = (index) => ` ${input.slice(index, index + TEXT_PIECE)}`.slice(1);
}

/** Offsets (and points) of the top-level items where a new section may start, about `target` apart. */
function cutPoints(root: Node, input: string, target: number): { index: number; point: Point }[] {
  const cuts: { index: number; point: Point }[] = [];
  let last = 0;
  for (const child of root.children) {
    if (!child) continue;
    const at = child.startIndex;
    if (child.isNamed && at - last >= target && input.length - at >= target / 2 && endsCleanly(input, last, at, false)) {
      cuts.push({ index: at, point: child.startPosition });
      last = at;
    }
  }
  return cuts;
}

function isClean(tree: Tree, input: string, range: Range): boolean {
  return !tree.rootNode.hasError && endsCleanly(input, range.startIndex, range.endIndex, range.endIndex === input.length);
}

/**
 * Whether text cut at `end` leaves nothing open for the text after it, which a clean parse of
 * [start, end) alone does not prove: a `//` comment or directive whose line goes on past the cut
 * (no line break before it, or a backslash continuing it), or a `/*` the lexer would close only
 * after the cut (inside a directive's argument tree-sitter reads it as text to the end of the line).
 * Errs on the side of "not clean" (a `/*` inside a string counts): that only costs a whole-file parse.
 */
export function endsCleanly(input: string, start: number, end: number, atEnd: boolean): boolean {
  if (!atEnd && input[end - 1] !== '\n') return false;
  let i = end - 1;
  if (input[i] === '\n') i--;
  if (input[i] === '\r') i--;
  if (i < end - 1 && input[i] === '\\') return false;
  const text = input.slice(start, end);
  const open = text.lastIndexOf('/*');
  return open < 0 || text.indexOf('*/', open + 2) >= 0;
}

export function endPoint(input: string): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: input.length - lineStart };
}

/** Where an offset at or after the edit's old end stands after it. */
function shiftIndex(index: number, edit: Edit): number {
  return index + edit.newEndIndex - edit.oldEndIndex;
}

function shiftPoint(point: Point, edit: Edit): Point {
  const { oldEndPosition: oldEnd, newEndPosition: newEnd } = edit;
  if (point.row === oldEnd.row) return { row: newEnd.row, column: newEnd.column + point.column - oldEnd.column };
  return { row: point.row + newEnd.row - oldEnd.row, column: point.column };
}

/** A range holding the edit: its end moves with it. */
export function growRange(range: Range, edit: Edit): Range {
  return { ...range, endIndex: shiftIndex(range.endIndex, edit), endPosition: shiftPoint(range.endPosition, edit) };
}

/** A range after the edit, moved with it. */
export function shiftRange(range: Range, edit: Edit): Range {
  return {
    startIndex: shiftIndex(range.startIndex, edit),
    startPosition: shiftPoint(range.startPosition, edit),
    endIndex: shiftIndex(range.endIndex, edit),
    endPosition: shiftPoint(range.endPosition, edit),
  };
}
