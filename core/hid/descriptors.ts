/**
 * Which byte arrays of a file are HID report descriptors, read and decoded. An array counts when
 * one of these is certain:
 * - `returned`: `newReportDescriptor` hands it out (it names the array, or declares it in its body),
 *   in this file or in a file that includes this header;
 * - `passed`: another method of a class whose `newReportDescriptor` is in the file wraps it in
 *   `OSData::withBytes` (kept to be handed out later), and its first items read like a descriptor;
 * - `name`: it is named like one (`kReportDescriptor`, `report_desc`, `HID_REPORT_DESCRIPTOR`) and
 *   its first items read like one (local and global items, a Usage among them, then a Collection);
 * - `shape`: whatever its name, it opens as every descriptor does: a Usage Page, then local and
 *   global items with a Usage, then a Collection.
 * An array of zeros (a placeholder to fill in later) is no descriptor, nor is a piece a
 * `newReportDescriptor` splices into the descriptor it declares beside it. An array one of whose
 * elements cannot be evaluated for certain, or that keeps room (a run of zero bytes) the code fills in
 * at run time, is not decoded: it gets a hover saying why, and no check.
 */
import { codeView } from '../model/codeView';
import type { ArrayInitializer, SourceFile } from '../model/model';
import type { Span } from '../model/span';
import { byteSpan, definitionsIn, readArrayBytes, splitElements, type ArrayBytes, type Definitions } from './arrayBytes';
import { evaluate, type NameLookup } from './constExpr';
import { decodeDescriptor, type DecodedDescriptor } from './decode';

export type Evidence = 'returned' | 'passed' | 'name' | 'shape';

export interface FoundDescriptor {
  readonly array: ArrayInitializer;
  readonly evidence: Evidence;
  /** Present when every element was evaluated. */
  readonly bytes?: ArrayBytes;
  readonly decoded?: DecodedDescriptor;
  /** Why it was not decoded, and the element that stopped it. */
  readonly unreadable?: { readonly reason: string; readonly span: Span };
}

/** The decoded descriptors of a file (those with bytes and a decoding). */
export type DecodedFound = FoundDescriptor & { readonly bytes: ArrayBytes; readonly decoded: DecodedDescriptor };

export function isDecoded(found: FoundDescriptor): found is DecodedFound {
  return found.decoded !== undefined && found.bytes !== undefined;
}

const DESCRIPTOR_NAME = /report_?desc/i;
export const REPORT_DESCRIPTOR_METHOD = 'newReportDescriptor';

/** Element types that hold bytes. An array of another declared type is a descriptor only when returned. */
const BYTE_TYPES = new Set(['uint8_t', 'unsigned char', 'char', 'signed char', 'int8_t', 'UInt8', 'SInt8', 'u8', 'u_int8_t', 'uint8', 'Byte', 'BYTE', 'std::uint8_t', '__u8', 'UCHAR', 'uchar']);
/** Element types that certainly do not. */
const WIDE_TYPES = /^(?:std::)?(?:u?int(?:16|32|64)_t|int|long|short|unsigned(?: int| long| short)?|float|double|bool|UInt(?:16|32|64)|SInt(?:16|32|64)|size_t)$/;

/**
 * The names a file's `newReportDescriptor` bodies use (any identifier: an array among them is what
 * the method returns). `text` is the file's text.
 */
export function namesReturnedIn(text: string, file: SourceFile): Set<string> {
  const names = new Set<string>();
  if (file.kind !== 'cpp') return names;
  for (const def of file.definitions) {
    if (def.methodName === REPORT_DESCRIPTOR_METHOD) for (const name of namesUsedIn(text, def.bodySpan)) names.add(name);
  }
  return names;
}

/**
 * The names a HID class (one whose `newReportDescriptor` the file defines; only `className` when
 * given) passes first to `OSData::withBytes` or `withBytesNoCopy`, a cast or `&` before them allowed.
 */
export function namesPassedToOSDataIn(text: string, file: SourceFile, className?: string): Set<string> {
  const names = new Set<string>();
  if (file.kind !== 'cpp' || !/OSData\s*::\s*withBytes/.test(text)) return names;
  const hidClasses = new Set(file.definitions.filter((d) => d.methodName === REPORT_DESCRIPTOR_METHOD && (className === undefined || d.className === className)).map((d) => d.className));
  for (const def of file.definitions) {
    if (!hidClasses.has(def.className)) continue;
    const body = codeView(text.slice(def.bodySpan.start, def.bodySpan.end));
    for (const m of body.matchAll(/\bOSData\s*::\s*withBytes(?:NoCopy)?\s*\(\s*(?:\([^()]*\)\s*)?&?\s*([A-Za-z_]\w*)\s*[,)[]/g)) names.add(m[1]);
  }
  return names;
}

/** The identifiers a span of code uses, comments and strings left out. */
export function namesUsedIn(text: string, span: Span): Set<string> {
  const body = text.slice(span.start, span.end).replace(/\/\/.*$|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"/gm, ' ');
  return new Set([...body.matchAll(/\b[A-Za-z_]\w*\b/g)].map((m) => m[0]));
}

/**
 * A header worth indexing for its report descriptor although it is no DriverKit header: an array
 * named like one, or one whose first element is a Usage Page prefix.
 */
export function mayHoldReportDescriptor(text: string): boolean {
  return /report_?desc\w*\s*\[[^\]]*\]\s*=\s*\{/i.test(text) || /\]\s*=\s*\{(?:\s|\/\/[^\n]*|\/\*(?:[^*]|\*(?!\/))*\*\/)*(?:0[xX]0?[5-7]|[5-7])\s*,/.test(text);
}

/** What a file's descriptors depend on beyond its own text. */
export interface DescriptorContext {
  /** Names `newReportDescriptor` returns in the files that include this one. */
  readonly returnedElsewhere?: ReadonlySet<string>;
  /** Names the HID classes of the files that include this one pass to `OSData::withBytes`. */
  readonly passedElsewhere?: ReadonlySet<string>;
  /** Object-like macros of the headers the file includes (a descriptor written as one macro). */
  readonly includedMacros?: NameLookup;
  /** Changes whenever anything the two above read may have changed (the workspace index's version). */
  readonly version?: number;
}

const cache = new WeakMap<SourceFile, { key: string; found: FoundDescriptor[] }>();

/** The descriptors of a file, computed once per model (and context version). */
export function descriptorsOf(text: string, file: SourceFile, context: DescriptorContext = {}): FoundDescriptor[] {
  if (file.arrays.length === 0) return [];
  const elsewhere = context.returnedElsewhere ?? new Set<string>();
  const passedElsewhere = context.passedElsewhere ?? new Set<string>();
  const key = `${context.version ?? ''}|${[...elsewhere].sort().join(',')}|${[...passedElsewhere].sort().join(',')}`;
  const hit = cache.get(file);
  if (hit && hit.key === key) return hit.found;
  const returned = new Set([...namesReturnedIn(text, file), ...elsewhere]);
  const passed = new Set([...namesPassedToOSDataIn(text, file), ...passedElsewhere]);
  let definitions: Definitions | undefined;
  const definitionsOf = (): Definitions => (definitions ??= definitionsIn(text, context.includedMacros));
  const examined: FoundDescriptor[] = [];
  for (const array of file.arrays) {
    const descriptor = examine(text, array, returned, passed, definitionsOf);
    if (descriptor) examined.push(descriptor);
  }
  const kept = withoutPieces(examined, file);
  cache.set(file, { key, found: kept });
  return kept;
}

function examine(text: string, array: ArrayInitializer, returned: ReadonlySet<string>, passed: ReadonlySet<string>, definitionsOf: () => Definitions): FoundDescriptor | undefined {
  if (WIDE_TYPES.test(array.elementType)) return undefined;
  const isReturned = array.inFunction === REPORT_DESCRIPTOR_METHOD || returned.has(array.name);
  // The strongest evidence an array has short of its shape (which `shape` needs alone).
  const claimed: Evidence | undefined = isReturned ? 'returned' : passed.has(array.name) ? 'passed' : DESCRIPTOR_NAME.test(array.name) ? 'name' : undefined;
  const byteTyped = BYTE_TYPES.has(array.elementType);
  if (!claimed && !(byteTyped && opensWithUsagePage(text, array))) return undefined;
  if (array.hasError) return claimed ? { array, evidence: claimed, unreadable: { reason: 'the C++ parser found a syntax error in it', span: array.initializer } } : undefined;
  const read = readDecoded(text, array, definitionsOf);
  if ('unreadable' in read) return claimed ? { array, evidence: claimed, unreadable: { reason: read.unreadable, span: read.span } } : undefined;
  const { bytes, decoded } = read;
  // A placeholder (`{0}`, `{}`) waiting for the real descriptor.
  if (bytes.values.every((v) => v === 0)) return undefined;
  // Room left in a template (a run of zero bytes where items would be) is filled in at run time:
  // what the host gets is not these bytes.
  const room = zeroRun(decoded);
  if (room !== undefined) return claimed ? { array, evidence: claimed, unreadable: { reason: 'it holds a run of zero bytes, room the code fills in at run time', span: byteSpan(bytes, room) } } : undefined;
  if (claimed === 'returned') return { array, evidence: claimed, bytes, decoded };
  if (!opensLikeDescriptor(decoded)) return undefined;
  if (claimed) return { array, evidence: claimed, bytes, decoded };
  return decoded.items[0]?.item.name === 'Usage Page' ? { array, evidence: 'shape', bytes, decoded } : undefined;
}

/**
 * Decodings of initializers written with no name (only literals), by their text: an edit re-decodes
 * the descriptor it touches, not the other descriptors of the file. Moved text gets its offsets
 * shifted. Bounded, oldest first out.
 */
const decodings = new Map<string, { readonly base: number; readonly bytes: ArrayBytes; readonly decoded: DecodedDescriptor }>();
const MAX_DECODINGS = 64;

function readDecoded(text: string, array: ArrayInitializer, definitionsOf: () => Definitions): { bytes: ArrayBytes; decoded: DecodedDescriptor } | { unreadable: string; span: Span } {
  const base = array.initializer.start;
  const key = text.slice(base, array.initializer.end);
  const hit = decodings.get(key);
  if (hit) return { bytes: hit.base === base ? hit.bytes : shifted(hit.bytes, base - hit.base), decoded: hit.decoded };
  let named = false;
  const definitions = definitionsOf();
  const read = readArrayBytes(text, array.initializer, { ...definitions, names: (name) => ((named = true), definitions.names(name)) });
  if ('unreadable' in read) return read;
  const decoded = decodeDescriptor(read.bytes.values);
  if (!named) {
    if (decodings.size >= MAX_DECODINGS) decodings.delete(decodings.keys().next().value!);
    decodings.set(key, { base, bytes: read.bytes, decoded });
  }
  return { bytes: read.bytes, decoded };
}

function shifted(bytes: ArrayBytes, delta: number): ArrayBytes {
  return { values: bytes.values, starts: plus(bytes.starts, delta), ends: plus(bytes.ends, delta) };
}

/** A copy of `offsets` moved by `delta`: a plain loop, as identical descriptors of a file are all moved after every keystroke. */
function plus(offsets: Int32Array, delta: number): Int32Array {
  const out = new Int32Array(offsets.length);
  for (let i = 0; i < offsets.length; i++) out[i] = offsets[i] + delta;
  return out;
}

/**
 * The byte index where two items in a row are zero bytes (no item is written so), if any. Zeros right
 * after an End Collection are padding, which the checks step over (isPadding): the rest of the
 * descriptor is still what it says.
 */
function zeroRun(decoded: DecodedDescriptor): number | undefined {
  const items = decoded.items;
  for (let i = 1; i < items.length; i++) {
    if (isZeroItem(items[i - 1].item) && isZeroItem(items[i].item) && !isPadding(items, i - 1)) return items[i - 1].item.index;
  }
  return undefined;
}

type ItemLike = { readonly item: { readonly type: string; readonly tag: number; readonly size: number; readonly name: string | undefined } };

/** A 0x00 byte: a main item with tag 0 and no data. */
const isZeroItem = (item: ItemLike['item']): boolean => item.type === 'main' && item.tag === 0 && item.size === 0;

const paddingOf = new WeakMap<readonly ItemLike[], Uint8Array>();

/**
 * A 0x00 byte after an End Collection (and after other such bytes): room a descriptor template
 * keeps for items patched in at run time, or a fixed buffer's tail. It reads as a main item with
 * no data, which hosts skip (Apple's parser and Linux's both ignore an unknown main tag), and End
 * Collection carries no data whose size could be wrong: nothing after it is read out of step.
 */
export function isPadding(items: readonly ItemLike[], index: number): boolean {
  let padding = paddingOf.get(items);
  if (!padding) {
    // One pass: a run of 0x00 items counts when the item before the run is an End Collection.
    padding = new Uint8Array(items.length);
    let afterEnd = false;
    for (let i = 0; i < items.length; i++) {
      const { item } = items[i];
      if (isZeroItem(item)) padding[i] = afterEnd ? 1 : 0;
      else afterEnd = item.name === 'End Collection';
    }
    paddingOf.set(items, padding);
  }
  return padding[index] === 1;
}

/**
 * Arrays a `newReportDescriptor` declares besides its descriptor: when one of them opens like a
 * descriptor (or is one not decoded), the others that do not open like one are pieces the method
 * splices into it (a scroll wheel's items copied in when the device has one), whose Usage Page is the
 * descriptor's; they are not descriptors.
 */
function withoutPieces(found: FoundDescriptor[], file: SourceFile): FoundDescriptor[] {
  if (file.kind !== 'cpp') return found;
  let out = found;
  for (const def of file.definitions) {
    if (def.methodName !== REPORT_DESCRIPTOR_METHOD) continue;
    const inside = out.filter((f) => f.array.inFunction === REPORT_DESCRIPTOR_METHOD && f.array.span.start >= def.bodySpan.start && f.array.span.end <= def.bodySpan.end);
    // The descriptor among them: one that opens like one, or one not decoded (then it may be).
    if (inside.length < 2 || !inside.some((f) => f.decoded === undefined || opensLikeDescriptor(f.decoded))) continue;
    const pieces = new Set(inside.filter((f) => f.decoded !== undefined && !opensLikeDescriptor(f.decoded)));
    if (pieces.size > 0) out = out.filter((f) => !pieces.has(f));
  }
  return out;
}

/** The first element is a Usage Page prefix (0x05, 0x06, 0x07): worth reading the whole array. */
function opensWithUsagePage(text: string, array: ArrayInitializer): boolean {
  const head = splitElements(text, array.initializer.start + 1, Math.min(array.initializer.end - 1, array.initializer.start + 400));
  if ('unreadable' in head || head.spans.length === 0) return false;
  const first = evaluate(text.slice(head.spans[0].start, head.spans[0].end));
  return first === 0x05 || first === 0x06 || first === 0x07;
}

/** Known global and local items (a Usage among them) up to the first main item, which is a Collection. */
function opensLikeDescriptor(decoded: DecodedDescriptor): boolean {
  let usage = false;
  for (const { item } of decoded.items) {
    if (item.truncated || !item.name || item.type === 'long' || item.type === 'reserved') return false;
    if (item.type === 'main') return usage && item.name === 'Collection';
    if (item.name === 'Usage') usage = true;
  }
  return false;
}
