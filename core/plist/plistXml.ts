/**
 * A position-aware parser for XML property lists: every key and value keeps its UTF-16 span, so a
 * finding points at the exact key or value. Values follow the plist package's semantics (entities
 * decoded, integers and reals as numbers, <true/> and <false/> as booleans, <data> as base64 text).
 * Malformed input yields one precise problem and whatever was read before it; binary plists and
 * non-plist XML are recognised and reported, never parsed as garbage. Iterative: no recursion.
 */
import type { Span } from '../model/span';

export interface PlistEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: PlistNode;
}

interface NodeBase {
  /** The whole element, from `<` of the start tag to `>` of the end tag. */
  readonly span: Span;
}

export type PlistNode =
  | (NodeBase & { readonly kind: 'dict'; readonly entries: PlistEntry[] })
  | (NodeBase & { readonly kind: 'array'; readonly items: PlistNode[] })
  | (NodeBase & { readonly kind: 'string' | 'date' | 'data'; readonly value: string; readonly valueSpan: Span })
  | (NodeBase & { readonly kind: 'integer' | 'real'; readonly value: number; readonly text: string; readonly valueSpan: Span })
  | (NodeBase & { readonly kind: 'boolean'; readonly value: boolean });

/** Why a property list could not be read (core/rules/checkPlist.ts turns it into its finding). */
export type PlistProblemCode = 'malformed' | 'binary' | 'not-plist';

export interface PlistProblem {
  readonly code: PlistProblemCode;
  readonly span: Span;
  readonly message: string;
}

export interface PlistDocument {
  readonly root?: PlistNode;
  readonly problem?: PlistProblem;
}

const MAX_DEPTH = 512;

class ParseError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

export function parsePlist(text: string): PlistDocument {
  if (text.startsWith('bplist')) {
    return { problem: { code: 'binary', span: { start: 0, end: 0 }, message: 'This is a binary property list; DriverKit checks read XML property lists only. Convert it with `plutil -convert xml1`.' } };
  }
  const lexer = new Lexer(text);
  try {
    const first = lexer.nextTag();
    if (!first || first.name !== 'plist' || first.closing) {
      const at = first?.span ?? { start: 0, end: 0 };
      return { problem: { code: 'not-plist', span: at, message: `This XML file is not a property list (its root element is ${first ? `<${first.name}>` : 'missing'}, not <plist>).` } };
    }
    if (first.selfClosing) return {};
    const root = parseValue(lexer, lexer.nextTag());
    const end = lexer.nextTag();
    if (!end || end.name !== 'plist' || !end.closing) throw new ParseError('Expected </plist> after the root value.', end?.span ?? lexer.here());
    return { root };
  } catch (error) {
    if (error instanceof ParseError) return { problem: { code: 'malformed', span: error.span, message: error.message } };
    throw error;
  }
}

interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly span: Span;
}

/** Reads tags and character data, skipping the XML declaration, DOCTYPE, comments and processing instructions. */
class Lexer {
  pos = 0;
  constructor(readonly text: string) {}

  here(): Span {
    return { start: this.pos, end: this.pos };
  }

  nextTag(): Tag | undefined {
    for (;;) {
      const lt = this.text.indexOf('<', this.pos);
      if (lt < 0) {
        const rest = this.text.slice(this.pos);
        if (rest.trim()) throw new ParseError('Unexpected text outside any element.', { start: this.pos, end: this.text.length });
        this.pos = this.text.length;
        return undefined;
      }
      const between = this.text.slice(this.pos, lt);
      if (between.trim()) throw new ParseError(`Unexpected text '${between.trim().slice(0, 30)}' between elements.`, { start: this.pos + between.search(/\S/), end: lt });
      if (this.text.startsWith('<!--', lt)) {
        this.pos = this.skipPast(lt, '-->', 'comment');
        continue;
      }
      if (this.text.startsWith('<?', lt)) {
        this.pos = this.skipPast(lt, '?>', 'processing instruction');
        continue;
      }
      if (this.text.startsWith('<!', lt)) {
        this.pos = this.skipPast(lt, '>', 'declaration');
        continue;
      }
      const gt = this.text.indexOf('>', lt);
      if (gt < 0) throw new ParseError('A tag is never closed with >.', { start: lt, end: this.text.length });
      const inner = this.text.slice(lt + 1, gt);
      // One unambiguous pattern, and the trailing `/` found by trimming: a lazy `[^>]*?` before
      // `\/?\s*$` backtracks quadratically over a long run of spaces inside a tag.
      const m = /^(\/?)\s*([A-Za-z_][\w.-]*)([^>]*)$/.exec(inner);
      if (!m) throw new ParseError(`'<${inner.slice(0, 30)}>' is not a valid tag.`, { start: lt, end: gt + 1 });
      this.pos = gt + 1;
      return { name: m[2], closing: m[1] === '/', selfClosing: m[3].trimEnd().endsWith('/'), span: { start: lt, end: gt + 1 } };
    }
  }

  /** Character data up to the next tag (comments inside are dropped, CDATA kept). */
  readText(): { value: string; span: Span } {
    const start = this.pos;
    let value = '';
    for (;;) {
      const lt = this.text.indexOf('<', this.pos);
      if (lt < 0) throw new ParseError('The element is never closed.', { start, end: this.text.length });
      value += this.text.slice(this.pos, lt);
      if (this.text.startsWith('<![CDATA[', lt)) {
        const end = this.text.indexOf(']]>', lt);
        if (end < 0) throw new ParseError('A CDATA section is never closed.', { start: lt, end: this.text.length });
        value += this.text.slice(lt + 9, end).replace(/&/g, '&amp;').replace(/</g, '&lt;');
        this.pos = end + 3;
        continue;
      }
      if (this.text.startsWith('<!--', lt)) {
        this.pos = this.skipPast(lt, '-->', 'comment');
        continue;
      }
      this.pos = lt;
      return { value: decodeEntities(value, start), span: { start, end: lt } };
    }
  }

  private skipPast(from: number, terminator: string, what: string): number {
    const end = this.text.indexOf(terminator, from);
    if (end < 0) throw new ParseError(`A ${what} is never closed.`, { start: from, end: this.text.length });
    return end + terminator.length;
  }
}

function decodeEntities(raw: string, offset: number): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);|&/g, (match, entity: string | undefined, at: number) => {
    switch (entity) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      case undefined:
        throw new ParseError("A bare '&' must be written &amp;.", { start: offset + at, end: offset + at + 1 });
      default:
        if (entity.startsWith('#')) {
          const code = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
          // String.fromCodePoint throws a RangeError past U+10FFFF: report it like any bad entity.
          if (code <= 0x10ffff) return String.fromCodePoint(code);
          throw new ParseError(`${match} is not a Unicode character.`, { start: offset + at, end: offset + at + match.length });
        }
        throw new ParseError(`Unknown entity ${match}.`, { start: offset + at, end: offset + at + match.length });
    }
  });
}

interface Frame {
  readonly open: Tag;
  readonly node: Extract<PlistNode, { kind: 'dict' | 'array' }>;
  pendingKey?: { key: string; keySpan: Span };
}

/** Parses one value starting at `tag`, iteratively for nested dicts and arrays. */
function parseValue(lexer: Lexer, tag: Tag | undefined): PlistNode {
  const stack: Frame[] = [];
  let current = tag;
  for (;;) {
    if (!current) throw new ParseError(stack.length ? `<${stack[stack.length - 1].open.name}> is never closed.` : 'Expected a value.', stack.length ? stack[stack.length - 1].open.span : lexer.here());
    let done: PlistNode | undefined;
    const top = stack[stack.length - 1];
    if (current.closing) {
      if (!top || top.open.name !== current.name) throw new ParseError(`Unexpected </${current.name}>${top ? `: <${top.open.name}> is still open` : ''}.`, current.span);
      if (top.pendingKey) throw new ParseError(`The key '${top.pendingKey.key}' has no value.`, top.pendingKey.keySpan);
      stack.pop();
      done = { ...top.node, span: { start: top.open.span.start, end: current.span.end } } as PlistNode;
    } else if (current.name === 'key') {
      if (!top || top.node.kind !== 'dict') throw new ParseError('<key> outside a <dict>.', current.span);
      if (top.pendingKey) throw new ParseError(`The key '${top.pendingKey.key}' has no value.`, top.pendingKey.keySpan);
      const { value, span } = current.selfClosing ? { value: '', span: current.span } : lexer.readText();
      if (!current.selfClosing) expectClose(lexer, 'key');
      top.pendingKey = { key: value, keySpan: span.start === span.end ? current.span : span };
      current = lexer.nextTag();
      continue;
    } else if (current.name === 'dict' || current.name === 'array') {
      if (stack.length >= MAX_DEPTH) throw new ParseError(`Nesting deeper than ${MAX_DEPTH} levels.`, current.span);
      const node = current.name === 'dict' ? { kind: 'dict' as const, span: current.span, entries: [] } : { kind: 'array' as const, span: current.span, items: [] };
      if (current.selfClosing) done = node;
      else {
        stack.push({ open: current, node });
        current = lexer.nextTag();
        continue;
      }
    } else {
      done = scalar(lexer, current);
    }
    // Attach the finished value to its container, or return it when it is the root.
    const parent = stack[stack.length - 1];
    if (!parent) return done;
    if (parent.node.kind === 'dict') {
      if (!parent.pendingKey) throw new ParseError(`A <${current.name}> value in a <dict> needs a <key> before it.`, done.span);
      parent.node.entries.push({ ...parent.pendingKey, value: done });
      parent.pendingKey = undefined;
    } else {
      parent.node.items.push(done);
    }
    current = lexer.nextTag();
  }
}

function scalar(lexer: Lexer, tag: Tag): PlistNode {
  if (tag.name === 'true' || tag.name === 'false') {
    if (!tag.selfClosing) expectClose(lexer, tag.name);
    return { kind: 'boolean', value: tag.name === 'true', span: { start: tag.span.start, end: lexer.pos } };
  }
  if (!['string', 'integer', 'real', 'date', 'data'].includes(tag.name)) throw new ParseError(`<${tag.name}> is not a property list element.`, tag.span);
  const { value, span } = tag.selfClosing ? { value: '', span: { start: tag.span.end, end: tag.span.end } } : lexer.readText();
  if (!tag.selfClosing) expectClose(lexer, tag.name);
  const whole = { start: tag.span.start, end: lexer.pos };
  if (tag.name === 'integer' || tag.name === 'real') {
    const trimmed = value.trim();
    const number = tag.name === 'integer' ? parseInteger(trimmed) : Number(trimmed);
    if (trimmed === '' || Number.isNaN(number)) throw new ParseError(`'${trimmed}' is not a valid <${tag.name}>.`, span);
    return { kind: tag.name, value: number, text: trimmed, span: whole, valueSpan: span };
  }
  const kind = tag.name as 'string' | 'date' | 'data';
  return { kind, value: kind === 'data' ? value.replace(/\s+/g, '') : value, span: whole, valueSpan: span };
}

function parseInteger(text: string): number {
  if (/^[+-]?0x[0-9a-f]+$/i.test(text)) return text.startsWith('-') ? -parseInt(text.slice(3), 16) : parseInt(text.replace(/^\+/, '').slice(2), 16);
  return /^[+-]?\d+$/.test(text) ? parseInt(text, 10) : NaN;
}

function expectClose(lexer: Lexer, name: string): void {
  const close = lexer.nextTag();
  if (!close || !close.closing || close.name !== name) throw new ParseError(`Expected </${name}>.`, close?.span ?? lexer.here());
}

/** The plain JavaScript value of a node, as the plist package would give it. */
export function plainValue(node: PlistNode): unknown {
  switch (node.kind) {
    case 'dict':
      return Object.fromEntries(node.entries.map((e) => [e.key, plainValue(e.value)]));
    case 'array':
      return node.items.map(plainValue);
    default:
      return node.value;
  }
}

/** The value of `key` in a dict node. */
export function entry(node: PlistNode | undefined, key: string): PlistEntry | undefined {
  return node?.kind === 'dict' ? node.entries.find((e) => e.key === key) : undefined;
}
