/**
 * A large .iig held in sections: the body of each large class is cut between members into groups,
 * and each group is parsed on its own together with the class's head (`class X : public Y {`) and
 * tail (`};`), through tree-sitter's included ranges. Everything else (the file with those bodies
 * left out) is one more section, the outer one. A keystroke in a member re-parses one group.
 *
 * Why: a DriverKit class of a thousand methods is one top-level item, so cutting at the top level
 * (sectionedTrees.ts) cannot help, and tree-sitter's incremental parse still visits every member of
 * the class on each keystroke (about 3 ms for 5,000 lines).
 *
 * Why this equals parsing the whole file: a group is cut only between members, at line starts, and
 * is used only while every section parses without a syntax error, ends cleanly (endsCleanly), and
 * still holds its class where it was planned (holdsItsClasses: a group exactly one run of members;
 * the outer section reaching every sectioned class). Edits that touch a head or tail, or cross a cut,
 * end the sections; the caller then parses the whole file.
 */
import type { Edit, Node, Parser, Point, Range, Tree } from 'web-tree-sitter';
import { forEachItem } from './syntaxTree';
import { endPoint, endsCleanly, growRange, parseBounded, readsFrom, shiftRange, type ParseOptions, type SectionPolicy, type Sections, type SectionsState } from './sectionedTrees';

interface Part {
  tree: Tree;
  ranges: Range[];
  /** The range that decides `clean` at its end: a group's own members, or for the outer section its last range. */
  checked: number;
  /** For a group: whether it is the last of its body (an insertion just before the `}` is its). Undefined for the outer section. */
  readonly endsBody?: boolean;
  clean: boolean;
}

interface SectionedClass {
  head: Range;
  tail: Range;
}

export class ClassBodySections implements Sections {
  private constructor(
    private readonly parts: Part[],
    private readonly classes: SectionedClass[],
  ) {}

  /** From a clean whole-file tree of the masked text; undefined when no class body is large enough to cut. */
  static build(parser: Parser, input: string, whole: Tree, policy: SectionPolicy, options: ParseOptions): ClassBodySections | undefined {
    // Classes at the top level, or in an include guard, #if or namespace (their members parse the same on their own).
    const plans: ClassPlan[] = [];
    forEachItem(whole.rootNode, (node) => plans.push(...planClass(node, node.nextSibling, input, policy.targetLength)));
    if (plans.length === 0) return undefined;
    const parts: Part[] = [];
    const parse = (ranges: Range[], checked: number, endsBody?: boolean): boolean => {
      const tree = parseBounded(parser, input, null, options, ranges);
      if (!tree) return false;
      const part: Part = { tree, ranges, checked, endsBody, clean: true };
      parts.push(part);
      return isClean(part, input) && holdsItsClasses(part, classes);
    };
    const classes: SectionedClass[] = plans.map((p) => ({ head: p.head, tail: p.tail }));
    // The outer section: the whole text with each sectioned body's inside left out.
    const outer: Range[] = [];
    let from = { index: 0, point: { row: 0, column: 0 } };
    for (const plan of plans) {
      outer.push(between(from, plan.bodyInside.start));
      from = plan.bodyInside.end;
    }
    outer.push(between(from, { index: input.length, point: endPoint(input) }));
    let ok = parse(outer, outer.length - 1);
    for (const plan of plans) {
      const groups = plan.cuts.length - 1;
      for (let g = 0; ok && g < groups; g++) ok = parse([plan.head, between(plan.cuts[g], plan.cuts[g + 1]), plan.tail], 1, g === groups - 1);
    }
    if (!ok) {
      for (const part of parts) part.tree.delete();
      return undefined;
    }
    return new ClassBodySections(parts, classes);
  }

  get count(): number {
    return this.parts.length;
  }

  roots(): Node[] {
    return this.parts.map((p) => p.tree.rootNode);
  }

  update(parser: Parser, input: string, edit: Edit, options: ParseOptions): SectionsState {
    const owner = this.ownerOf(edit);
    if (!owner) return 'failed';
    for (const part of this.parts) {
      const last = part.ranges[part.ranges.length - 1];
      if (last.endIndex >= edit.startIndex) part.tree.edit(edit);
      part.ranges = part.ranges.map((range, i) => (part === owner.part && i === owner.range ? growRange(range, edit) : shiftAfter(range, edit)));
    }
    for (const c of this.classes) {
      c.head = shiftAfter(c.head, edit);
      c.tail = shiftAfter(c.tail, edit);
    }
    const old = owner.part.tree;
    const tree = parseBounded(parser, input, old, options, owner.part.ranges);
    old.delete();
    if (!tree) {
      this.parts.splice(this.parts.indexOf(owner.part), 1);
      return 'failed';
    }
    owner.part.tree = tree;
    for (const part of this.parts) readsFrom(part.tree, input);
    // A clean parse may still have changed what the sections stand for: a group that now closes the
    // class and opens another, a head now commented out or nested in a template or another class.
    if (!holdsItsClasses(owner.part, this.classes)) return 'failed';
    owner.part.clean = isClean(owner.part, input);
    return this.parts.every((p) => p.clean) ? 'clean' : 'error';
  }

  dispose(): void {
    for (const part of this.parts) part.tree.delete();
    this.parts.length = 0;
  }

  /**
   * The part and owned range holding the whole edit. The inside of a body, both ends included, is
   * its groups' (an insertion at a cut goes to the group starting there, one just before the `}` to
   * the last group); the rest is the outer section's, when the edit changes no head or tail.
   */
  private ownerOf(edit: Edit): { part: Part; range: number } | undefined {
    if (this.classes.some((c) => changes(c.head, edit) || changes(c.tail, edit))) return undefined;
    const inside = (r: Range, endIncluded: boolean): boolean =>
      edit.startIndex >= r.startIndex && edit.oldEndIndex <= r.endIndex && (edit.startIndex < r.endIndex || (endIncluded && edit.startIndex === edit.oldEndIndex));
    for (const part of this.parts) {
      if (part.endsBody === undefined) continue;
      if (inside(part.ranges[1], part.endsBody)) return { part, range: 1 };
    }
    const outer = this.parts.find((p) => p.endsBody === undefined);
    const ranges = outer?.ranges ?? [];
    const range = ranges.findIndex((r, i) => inside(r, i === ranges.length - 1));
    return outer && range >= 0 ? { part: outer, range } : undefined;
  }
}

interface Offset {
  readonly index: number;
  readonly point: Point;
}

interface ClassPlan {
  readonly head: Range;
  readonly tail: Range;
  /** From just after `{` to the `}`: what the outer section leaves out. */
  readonly bodyInside: { readonly start: Offset; readonly end: Offset };
  /** The group boundaries, first and last included: a group spans cuts[g] to cuts[g + 1]. */
  readonly cuts: Offset[];
}

/** How to cut a class followed by its `;`, when its body is large enough to be worth it. */
function planClass(node: Node, next: Node | null, input: string, target: number): ClassPlan[] {
  if (node.type !== 'class_specifier' && node.type !== 'struct_specifier') return [];
  const body = node.childForFieldName('body');
  if (!body || next?.type !== ';' || body.endIndex - body.startIndex < 2 * target) return [];
  const afterOpen = { index: body.startIndex + 1, point: { row: body.startPosition.row, column: body.startPosition.column + 1 } };
  const close = { index: body.endIndex - 1, point: { row: body.endPosition.row, column: body.endPosition.column - 1 } };
  const cuts: Offset[] = [afterOpen];
  let last = afterOpen.index;
  for (const member of body.namedChildren) {
    if (!member) continue;
    // Cut at the start of the member's line, so the text before the cut ends with a line break.
    let at = member.startIndex;
    while (at > last && (input[at - 1] === ' ' || input[at - 1] === '\t')) at--;
    if (at - last >= target && close.index - at >= target / 2 && endsCleanly(input, last, at, false)) {
      cuts.push({ index: at, point: { row: member.startPosition.row, column: member.startPosition.column - (member.startIndex - at) } });
      last = at;
    }
  }
  if (cuts.length < 2) return [];
  cuts.push(close);
  return [{
    head: between({ index: node.startIndex, point: node.startPosition }, afterOpen),
    tail: between(close, { index: next.endIndex, point: next.endPosition }),
    bodyInside: { start: afterOpen, end: close },
    cuts,
  }];
}

/** No syntax error, and the part's own text leaves nothing open at its end (see endsCleanly). */
function isClean(part: Part, input: string): boolean {
  const own = part.ranges[part.checked];
  return !part.tree.rootNode.hasError && endsCleanly(input, own.startIndex, own.endIndex, part.endsBody !== false);
}

/**
 * Whether the part's tree still has each sectioned class where it was planned: a class node at the
 * head's start whose body runs from the head's `{` to the tail's `}`, followed by the tail's `;`. A
 * group holds exactly its class and `;`; the outer section must reach every class as a top-level
 * item (through include guards, #if and namespaces).
 */
function holdsItsClasses(part: Part, classes: readonly SectionedClass[]): boolean {
  const root = part.tree.rootNode;
  const intact = (node: Node, c: SectionedClass): boolean => {
    const body = node.childForFieldName('body');
    const semicolon = node.nextSibling;
    return (
      (node.type === 'class_specifier' || node.type === 'struct_specifier') &&
      node.startIndex === c.head.startIndex &&
      body?.startIndex === c.head.endIndex - 1 &&
      body.endIndex === c.tail.startIndex + 1 &&
      semicolon?.type === ';' &&
      semicolon.endIndex === c.tail.endIndex
    );
  };
  if (part.endsBody !== undefined) {
    const c = classes.find((k) => k.head.startIndex === part.ranges[0].startIndex);
    const [node, semicolon, ...rest] = root.children;
    return c !== undefined && node !== null && node !== undefined && semicolon !== undefined && rest.length === 0 && intact(node, c);
  }
  const found = new Set<SectionedClass>();
  forEachItem(root, (node) => {
    const c = classes.find((k) => k.head.startIndex === node.startIndex);
    if (c && intact(node, c)) found.add(c);
  });
  return found.size === classes.length;
}

function between(start: Offset, end: Offset): Range {
  return { startIndex: start.index, startPosition: start.point, endIndex: end.index, endPosition: end.point };
}

/** True when the edit changes text inside the range (an insertion at either end leaves it as it was). */
function changes(range: Range, edit: Edit): boolean {
  return edit.startIndex < range.endIndex && edit.oldEndIndex > range.startIndex;
}

/** A range at or after the edit's old end moves with it; one before it stays. */
function shiftAfter(range: Range, edit: Edit): Range {
  return range.startIndex < edit.oldEndIndex ? range : shiftRange(range, edit);
}
