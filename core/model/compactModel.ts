/**
 * Makes a model read from disk take less memory, once, before the workspace index keeps it for as
 * long as the server runs. A heap snapshot of the server after indexing 5,000 files held 277,501
 * empty arrays (8.5 MB), 16 MB of unused capacity in arrays built by `push` (V8 grows an array of
 * one element to room for seventeen) and 12 MB of strings repeated across files (`IOService *`,
 * `kern_return_t`, `provider`, … tens of thousands of times each, every one a copy read out of its
 * tree). Here every empty array becomes one shared frozen array, every other array an exact-size
 * copy, and every short string the one instance already seen.
 *
 * Only plain objects and arrays are walked (class instances, maps and sets are left as they are),
 * and the model is changed in place, so whoever holds it sees the same values. Models of open
 * documents are not compacted: they change on every keystroke and there are only a few.
 */

/** The one empty array of every compacted model. Frozen: a model's arrays are never added to. */
const EMPTY: readonly never[] = Object.freeze([]);

/** Strings up to this length are shared (names, types, include paths); longer ones are rarely repeated. */
const SHARED_STRING_LENGTH = 256;
/** The table of shared strings starts afresh past this many (strings already shared stay shared). */
const MAX_SHARED_STRINGS = 200_000;
/** Models are shallow trees; anything deeper is left as it is rather than followed. */
const MAX_DEPTH = 32;

let shared = new Map<string, string>();

function sharedString(value: string): string {
  if (value.length > SHARED_STRING_LENGTH) return value;
  const known = shared.get(value);
  if (known !== undefined) return known;
  if (shared.size >= MAX_SHARED_STRINGS) shared = new Map();
  shared.set(value, value);
  return value;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** What one compaction has done: objects walked, and each array's copy (an array held twice stays one). */
interface Walk {
  readonly objects: Set<object>;
  readonly copies: Map<unknown[], unknown[]>;
}

/** The compacted form of one value: the value itself, changed in place, or its replacement. */
function compactValue(value: unknown, depth: number, walk: Walk): unknown {
  if (typeof value === 'string') return sharedString(value);
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY;
    if (Object.isFrozen(value)) return value;
    const known = walk.copies.get(value);
    if (known) return known;
    // slice() allocates exactly `length` elements; the copy is what the model keeps.
    const copy: unknown[] = value.slice();
    walk.copies.set(value, copy);
    for (let i = 0; i < copy.length; i++) {
      const element = copy[i];
      if (typeof element === 'object' || typeof element === 'string') copy[i] = compactValue(element, depth + 1, walk);
    }
    return copy;
  }
  if (!isPlainObject(value) || walk.objects.has(value) || Object.isFrozen(value)) return value;
  walk.objects.add(value);
  for (const key in value) {
    const before = value[key];
    // Numbers and booleans (most of a model: its spans) have nothing to share.
    if (typeof before !== 'object' && typeof before !== 'string') continue;
    const after = compactValue(before, depth + 1, walk);
    // Equal strings are === whichever instance they are: a string is always written back, as the
    // shared instance. A model has no accessors; a stray one without a setter is left alone.
    try {
      value[key] = after;
    } catch {
      // not writable
    }
  }
  return value;
}

/** Compacts `model` in place (see above) and returns it. */
export function compactModel<T extends object>(model: T): T {
  compactValue(model, 0, { objects: new Set(), copies: new Map() });
  return model;
}
