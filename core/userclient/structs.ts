/**
 * Structures whose size the app and the dext agree on by construction: plain C structs of
 * fixed-size fields (`uint32_t`, `int16_t`, `bool`, `char`, `float`, arrays of them, other such
 * structs). Their size is computed with the natural alignment both sides use (arm64 and x86_64 lay
 * these fields out the same). A struct with anything else — a pointer, `long`, an enum, a bit-field,
 * `packed`, a `#pragma pack` in its file — has no size here, and the checks stay silent about it.
 */
export interface StructField {
  readonly type: string;
  /** Elements: 1, or the array's length expression (`[kCount]`, `[4][2]` as `4*2`). */
  readonly count: string;
}

export interface StructDecl {
  readonly name: string;
  readonly fields: readonly StructField[];
}

const SCALARS: Readonly<Record<string, number>> = {
  uint8_t: 1, int8_t: 1, char: 1, 'unsigned char': 1, 'signed char': 1, bool: 1, _Bool: 1, Boolean: 1, UInt8: 1, SInt8: 1,
  uint16_t: 2, int16_t: 2, short: 2, 'unsigned short': 2, UInt16: 2, SInt16: 2,
  uint32_t: 4, int32_t: 4, int: 4, 'unsigned int': 4, unsigned: 4, float: 4, UInt32: 4, SInt32: 4,
  uint64_t: 8, int64_t: 8, 'long long': 8, 'unsigned long long': 8, double: 8, UInt64: 8, SInt64: 8,
};

export interface Layout {
  readonly size: number;
  readonly align: number;
  /** The struct ends in padding (its own, or its last field's): Swift's `MemoryLayout<T>.size` leaves that out. */
  readonly tailPadded?: boolean;
}

/** The size and alignment of a scalar type named exactly, when it is one of fixed size. */
export function scalarLayout(type: string): Layout | undefined {
  const size = SCALARS[type.replace(/\b(?:const|volatile)\b/g, '').replace(/\s+/g, ' ').trim()];
  return size === undefined ? undefined : { size, align: size };
}

const MAX_FIELDS = 512;

/** What changes a file's packing: its structs' sizes are not the natural ones then. */
export const PACKING = /#\s*pragma\s+pack|\bpacked\b|\baligned\s*\(|\balignas\b|_Alignas/;

/** `text` is the file's text (the code view blanks the `#pragma pack` a file may have). */
export function structsOf(code: string, text: string): StructDecl[] {
  // A file that changes packing: its structs' sizes are not the natural ones.
  if (PACKING.test(text)) return [];
  const out: StructDecl[] = [];
  const head = /\b(typedef\s+)?struct\s+(?:([A-Za-z_]\w*)\s*)?\{/g;
  for (let m = head.exec(code); m; m = head.exec(code)) {
    const open = m.index + m[0].length - 1;
    const close = code.indexOf('}', open);
    if (close < 0) break;
    // A nested brace (a nested struct or union, a method body) is not a plain struct.
    if (code.slice(open + 1, close).includes('{')) continue;
    head.lastIndex = close;
    const fields = fieldsOf(code.slice(open + 1, close));
    const names: string[] = [];
    if (m[2]) names.push(m[2]);
    if (m[1]) {
      const alias = /^\s*([A-Za-z_]\w*)\s*;/.exec(code.slice(close + 1, close + 200));
      if (alias) names.push(alias[1]);
    }
    for (const name of names) out.push({ name, fields: fields ?? [{ type: '?', count: '1' }] });
  }
  return out;
}

/** The fields of a struct body, or undefined when one is not a plain `type name[…];`. */
function fieldsOf(body: string): StructField[] | undefined {
  const fields: StructField[] = [];
  const declarations = body.split(';');
  if (declarations.length > MAX_FIELDS) return undefined;
  for (const declaration of declarations) {
    const text = declaration.trim();
    if (text === '') continue;
    const m = /^((?:(?:const|unsigned|signed|struct)\s+)*[A-Za-z_]\w*(?:\s+(?:long|int|char|short))*)\s+([A-Za-z_]\w*(?:\s*\[[^\]]+\])*(?:\s*,\s*[A-Za-z_]\w*(?:\s*\[[^\]]+\])*)*)$/.exec(text);
    if (!m) return undefined;
    const type = m[1].replace(/\bstruct\s+/, '').replace(/\s+/g, ' ');
    for (const declarator of m[2].split(',')) {
      const dims = [...declarator.matchAll(/\[([^\]]+)\]/g)].map((d) => `(${d[1].trim()})`);
      fields.push({ type, count: dims.length === 0 ? '1' : dims.join('*') });
    }
  }
  return fields;
}
