/**
 * The contract values of an app source or a plain header other than its calls (its constants,
 * structs and includes), kept from one version of its text to the next.
 *
 * They are read lexically over the code view (constants.ts, structs.ts), and each construct they come
 * from lies between two cuts of that view (core/model/windowedCode.ts): an enum's or a struct's braces
 * and a `const` declaration's `;` leave no cut inside them, and a directive is one line. So a file's
 * values are its regions' values one after the other, and a keystroke that leaves the values read over
 * the window around it unchanged leaves the file's unchanged. The regions either side of the window
 * are read with it: a `typedef struct {…}` takes its name from the line after its brace, which may be
 * past a cut. A keystroke in
 * a function of a 5,000-line app then costs the code view and values of that function, not the file's.
 */
import { changedRegion } from '../util/textChange';
import { cutsIn, firstAtOrAfter, lastAtOrBefore, windowedAfter, windowedWhole, type WindowedCode } from '../model/windowedCode';
import { constantsOf, type ConstantDecl } from './constants';
import { PACKING, structsOf, type StructDecl } from './structs';

export interface FileValues {
  readonly constants: readonly ConstantDecl[];
  readonly structs: readonly StructDecl[];
  /** The file names it includes or imports, in order. */
  readonly includes: readonly string[];
}

const MAX_INCLUDES = 512;

/** The values of a text and its code view, read over the whole of both. */
export function fileValuesOf(code: string, text: string): FileValues {
  return {
    constants: constantsOf(code, text),
    structs: structsOf(code, text),
    includes: [...text.matchAll(/^[ \t]*#[ \t]*(?:include|import)[ \t]*[<"]([^>"\n]{1,200})[>"]/gm)].slice(0, MAX_INCLUDES).map((m) => m[1].replace(/^.*\//, '')),
  };
}

/**
 * A region's values as one string, with whether it changes packing (which empties a whole file's
 * structs); undefined past the file's limit of includes, where the whole file's list may be cut off.
 */
function regionKey(code: string, text: string): string | undefined {
  const values = fileValuesOf(code, text);
  if (values.includes.length >= MAX_INCLUDES) return undefined;
  return JSON.stringify([values.constants, values.structs, values.includes, PACKING.test(text)]);
}

export class KeptValues {
  private readonly last = new Map<string, { viewed: WindowedCode; values: FileValues }>();
  /** How many reads kept the last values (for tests). */
  kept = 0;

  constructor(private readonly limit = 8) {}

  /** The values of a file's text, and its code view; from the file's last ones when a window allows. */
  read(path: string, text: string): { values: FileValues; code: string } {
    const found = this.last.get(path);
    this.last.delete(path);
    let viewed: WindowedCode | undefined;
    let values: FileValues | undefined;
    if (found?.viewed.text === text) ({ viewed, values } = found);
    else if (found) {
      const after = windowedAfter(found.viewed, text, changedRegion(found.viewed.text, text));
      if (after) {
        viewed = after.viewed;
        const { start, oldEnd, newEnd } = after.window;
        const cuts = cutsIn(found.viewed);
        // The regions either side of the window too: a typedef's name may be on the line after its brace.
        const from = start > 0 ? (lastAtOrBefore(cuts, start - 1) ?? 0) : 0;
        const to = firstAtOrAfter(cuts, oldEnd + 1) ?? found.viewed.text.length;
        const delta = newEnd - oldEnd;
        const before = regionKey(found.viewed.code.slice(from, to), found.viewed.text.slice(from, to));
        if (before !== undefined && before === regionKey(viewed.code.slice(from, to + delta), text.slice(from, to + delta))) {
          values = found.values;
          this.kept++;
        }
      }
    }
    viewed ??= windowedWhole(text);
    values ??= fileValuesOf(viewed.code, text);
    this.last.set(path, { viewed, values });
    for (const oldest of this.last.keys()) {
      if (this.last.size <= this.limit) break;
      this.last.delete(oldest);
    }
    return { values, code: viewed.code };
  }

  forget(path: string): void {
    this.last.delete(path);
  }
}
