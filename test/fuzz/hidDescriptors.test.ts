/**
 * Generated report descriptors — random bytes, and streams of well-formed items with damage (wrong
 * sizes, stray bytes, cut-off ends, deep nesting, Push without Pop) — through the decoder, every
 * hid.* rule and everything the editor shows: no exception, every finding and every span inside the
 * array, one hover for every byte. Also generated initializer text through the byte reader.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { readArrayBytes, definitionsIn, type ArrayBytes } from '../../core/hid/arrayBytes';
import { decodeDescriptor } from '../../core/hid/decode';
import type { DecodedFound } from '../../core/hid/descriptors';
import { descriptorSymbol, hidHover, lineHints, reportLenses, type HidSymbol } from '../../core/hid/present';
import { checkHid } from '../../core/rules/checkHid';
import { FUZZ_SEED, runsFor } from '../support/fuzzHarness';

const RUNS = runsFor(0.02);

/** Short items of every type and size, long items, and now and then a stray byte. */
const itemBytes = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 255 }).filter((p) => p !== 0xfe), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 })).map(([prefix, data]) => [prefix, ...data.slice(0, [0, 1, 2, 4][prefix & 3])]),
  fc.constantFrom([0xa1, 0x01], [0xa1, 0x00], [0xc0], [0xa4], [0xb4], [0x85, 0x00], [0x85, 0x01], [0x75, 0x03], [0x95, 0x05], [0x81, 0x02], [0x91, 0x01], [0xb1, 0x02], [0x15, 0x81], [0x25, 0x80], [0x09, 0x30], [0x05, 0x01]),
  fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 255 })).map(([size, tag]) => [0xfe, size, tag, ...new Array(size).fill(0x55)]),
);

const descriptorBytes = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }),
  fc.array(itemBytes, { maxLength: 120 }).map((items) => items.flat()),
);

/** A found descriptor over `values`, as if each byte were written `0xNN, ` from offset 100. */
function foundOf(values: number[]): DecodedFound {
  const starts = Int32Array.from(values.map((_, i) => 100 + i * 6));
  const ends = Int32Array.from(values.map((_, i) => 104 + i * 6));
  const bytes: ArrayBytes = { values, starts, ends };
  const end = 100 + values.length * 6 + 1;
  return {
    array: { name: 'kFuzzReportDescriptor', nameSpan: { start: 20, end: 41 }, span: { start: 0, end: end + 2 }, elementType: 'uint8_t', initializer: { start: 98, end } },
    evidence: 'returned',
    bytes,
    decoded: decodeDescriptor(values),
  };
}

function symbolsInside(symbol: HidSymbol, outer: { start: number; end: number }): void {
  assert.ok(symbol.span.start >= outer.start && symbol.span.end <= outer.end, `${symbol.name} inside its parent`);
  assert.ok(symbol.selection.start >= symbol.span.start && symbol.selection.end <= symbol.span.end, `${symbol.name}: selection inside`);
  for (const child of symbol.children) symbolsInside(child, symbol.span);
}

test(`${RUNS} generated descriptors: decoded, checked and shown without an exception, all inside the array`, () => {
  fc.assert(
    fc.property(descriptorBytes, (values) => {
      const found = foundOf(values);
      const text = `${' '.repeat(100)}${values.map((v) => `0x${v.toString(16).padStart(2, '0')}, `).join('')}}`;
      const findings = checkHid({ path: 'x.cpp', descriptors: [found], lengthSites: [] });
      for (const f of findings) assert.ok(f.span.start >= 100 && f.span.end <= found.array.initializer.end, `${f.code} inside the array`);
      assert.ok(found.decoded.items.length <= values.length);
      for (let i = 0; i < values.length; i++) assert.ok(hidHover([found], 100 + i * 6 + 1), `a hover on byte ${i}`);
      lineHints(found, text, () => 0);
      reportLenses(found);
      symbolsInside(descriptorSymbol(found), found.array.span);
    }),
    { numRuns: RUNS, seed: FUZZ_SEED },
  );
});

test(`${RUNS} generated initializers: read or refused with a reason, never thrown`, () => {
  const element = fc.oneof(
    fc.integer({ min: -300, max: 300 }).map(String),
    fc.integer({ min: 0, max: 0xffff }).map((n) => `0x${n.toString(16)}`),
    fc.constantFrom("'a'", "'\\x7f'", "'\\", '(uint8_t)0x1FF', 'M', 'F(1)', 'F(F(2))', 'G()', '(', ')', '/* , */', '// x\n', '"s"', '{1}', '#if X\n', '1 << 40', '~0', 'static_cast<uint8_t>(', ''),
  );
  fc.assert(
    fc.property(fc.array(element, { maxLength: 40 }), (elements) => {
      const text = `#define M 0x05, 0x01\n#define F(x) (x), M\n#define G() G(), G()\nx = {${elements.join(', ')}};`;
      const open = text.indexOf('x = {') + 4;
      const read = readArrayBytes(text, { start: open, end: text.length - 1 }, definitionsIn(text));
      if ('bytes' in read) {
        assert.ok(read.bytes.values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255));
        assert.equal(read.bytes.starts.length, read.bytes.values.length);
      } else assert.ok(read.unreadable.length > 0 && read.span.start >= 0 && read.span.end <= text.length);
    }),
    { numRuns: RUNS, seed: FUZZ_SEED },
  );
});
