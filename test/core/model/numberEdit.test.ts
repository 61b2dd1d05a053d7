import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Node } from 'web-tree-sitter';
import { safeRewrites } from '../../../core/model/clangExtensions';
import { codeView } from '../../../core/model/codeView';
import { numberTokenOf, patchedAnalysis, shiftWithinNumber } from '../../../core/model/numberEdit';
import { analyseOnce, editBetween, SourceDocument } from '../../../core/model/sourceDocument';
import { changedRegion } from '../../../core/util/textChange';
import type { SectionPolicy } from '../../../core/model/sectionedTrees';
import type { Span } from '../../../core/model/span';
import { Workspace } from '../../../core/workspace/workspace';
import { checkHidFile } from '../../../core/workspace/hidChecks';
import { descriptorOfClass, fileDescriptors } from '../../../core/hid/hidIndex';
import { isDecoded } from '../../../core/hid/descriptors';
import { reportLengthSites } from '../../../core/hid/reportLengths';
import { checkHid } from '../../../core/rules/checkHid';
import { sharedParser } from '../../support/analysis';
import { fixture } from '../../support/lspClient';

/**
 * A HID source with numbers in every place a number can stand: descriptor bytes, a #define, a string,
 * a comment, a region never compiled, a function body, a local descriptor.
 */
const CPP = `${readFileSync(fixture('hid', 'valid', 'KeyboardDevice.cpp'), 'utf8')}
#define kSpareCount 0x06
static const uint8_t kSpareReportDescriptor[] = {
    0x06, 0x00, 0xFF, 0x09, 0x01, 0xA1, 0x01,   /* vendor 0x01 */
    0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08,
    0x95, 12, 0x81, 0x02, 0xC0 };
#if 0
static const uint8_t kOld[] = { 0x05, 0x01 };
#endif
static int spareCount(int n) { const char * label = "spare 42"; return n + 3 * 0x10; }
OSData * SpareDevice::newReportDescriptor()
{
    static const uint8_t local[] = { 0x05, 0x0C, 0x09, 0x01, 0xA1, 0x01, 0x09, 0xE9, 0x15, 0, 0x25, 1, 0x75, 1, 0x95, 1, 0x81, 0x02, 0xC0 };
    return OSData::withBytes(local, sizeof(local));
}
`;

/** Sections of about 200 characters: the small source is cut as a large one would be. */
const SMALL_SECTIONS: SectionPolicy = { minLength: 0, targetLength: 200 };

/** Mostly keystrokes inside numbers that keep them numbers; the rest turn them into something else. */
const INSERTS = ['', '', '0', '7', '8', 'A', 'f', 'F', '19', 'x', 'G', ' ', ',', '.', "'", 'e+', 'u', '/', '/*', '"', ';', '\n', '}', '-'];

const NUMBERS = /\b(?:0[xX][0-9A-Fa-f]+|\d+)\b/g;

/** A keystroke inside or beside the `pick`-th number of `text`. */
function edited(text: string, pick: number, offset: number, removed: number, inserted: string): string {
  const numbers = [...text.matchAll(NUMBERS)];
  if (numbers.length === 0) return text + inserted;
  const number = numbers[pick % numbers.length];
  const start = number.index + (offset % (number[0].length + 1));
  return text.slice(0, start) + inserted + text.slice(Math.min(text.length, start + removed));
}

const keystrokes = fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.nat({ max: 2 }), fc.constantFrom(...INSERTS)), { minLength: 1, maxLength: 16 });
const SETTINGS = { seed: Number(process.env.DK_PROPERTY_SEED ?? 20261203), numRuns: Number(process.env.DK_PROPERTY_RUNS ?? 40) };

for (const sections of [undefined, SMALL_SECTIONS]) {
  test(`keystrokes in numbers of a .cpp${sections ? ' in sections' : ''}: the incremental model equals a fresh analysis (property)`, async () => {
    const parser = await sharedParser();
    fc.assert(
      fc.property(keystrokes, (edits) => {
        const document = new SourceDocument(parser, 'cpp', CPP, { reportUnknownAttributes: true, sections });
        if (sections) assert.ok(document.sectionCount >= 3, 'the source is parsed in sections');
        let text = CPP;
        try {
          for (const [pick, offset, removed, inserted] of edits) {
            text = edited(text, pick, offset, removed, inserted);
            assert.deepEqual(document.update(text), analyseOnce(parser, 'cpp', text));
          }
        } finally {
          document.dispose();
        }
      }),
      SETTINGS,
    );
  });
}

test('keystrokes in descriptor bytes of an open source: the findings equal a fresh workspace\'s, the HID ones those of unmemoised checks (property)', async () => {
  const parser = await sharedParser();
  const iig = readFileSync(fixture('hid', 'valid', 'KeyboardDevice.iig'), 'utf8');
  fc.assert(
    fc.property(keystrokes, (edits) => {
      const open = new Workspace(parser, SMALL_SECTIONS);
      open.updateOpen('/w/KeyboardDevice.iig', iig);
      open.updateOpen('/w/KeyboardDevice.cpp', CPP);
      let text = CPP;
      try {
        for (const [pick, offset, removed, inserted] of edits) {
          // Only the first descriptor's bytes: the hid.* rules judge every change.
          const head = edited(text.slice(0, text.indexOf('};') + 2), pick, offset, removed, inserted);
          text = head + text.slice(text.indexOf('};') + 2);
          open.updateOpen('/w/KeyboardDevice.cpp', text);
          const fresh = new Workspace(parser, SMALL_SECTIONS);
          fresh.updateOpen('/w/KeyboardDevice.iig', iig);
          fresh.updateOpen('/w/KeyboardDevice.cpp', text);
          assert.deepEqual(open.check('/w/KeyboardDevice.cpp'), fresh.check('/w/KeyboardDevice.cpp'));
          fresh.dispose();
          // The rules' findings kept per decoding (eachDescriptor) equal those of copies no memo knows.
          const path = '/w/KeyboardDevice.cpp';
          const copies = fileDescriptors(open, path).filter(isDecoded).map((found) => structuredClone(found));
          const lengthSites = reportLengthSites(text, open.index.file(path)!, (name) => descriptorOfClass(open, name));
          assert.deepEqual(checkHidFile(open, path), checkHid({ path, descriptors: copies, lengthSites }));
        }
      } finally {
        open.dispose();
      }
    }),
    { ...SETTINGS, numRuns: Number(process.env.DK_PROPERTY_RUNS ?? 20) },
  );
});

test('a change inside a plain number is found; one that could join it to its neighbours is not', () => {
  const token = (before: string, after: string) => numberTokenOf(before, after, changedRegion(before, after));
  assert.deepEqual(token('{ 0x29, 1 }', '{ 0x2A, 1 }'), { start: 2, oldEnd: 6, newEnd: 6 });
  assert.deepEqual(token('{ 0x2, 1 }', '{ 0x29, 1 }'), { start: 2, oldEnd: 5, newEnd: 6 });
  assert.deepEqual(token('{ 12, 1 }', '{ 1, 1 }'), { start: 2, oldEnd: 4, newEnd: 3 });
  assert.deepEqual(token('{ 0x29, 1 }', '{ 0x29, 2 }'), { start: 8, oldEnd: 9, newEnd: 9 }, 'a one-digit count: its first digit may change');
  assert.equal(token('{ 0x29, 1 }', '{ 1x29, 1 }'), undefined, 'no longer a number');
  assert.equal(token('{ 12, 1 }', '{ a2, 1 }'), undefined, 'a digit turned into a letter starts a name');
  assert.equal(token('{ 0x08, 1 }', '{ 08, 1 }'), undefined, 'no octal number: the grammar reads 0 and 8');
  assert.deepEqual(token('{ 017, 1 }', '{ 016, 1 }'), { start: 2, oldEnd: 5, newEnd: 5 });
  assert.equal(token('{ 0x29, 1 }', '{ 0x2G, 1 }'), undefined, 'no longer a hex number');
  assert.equal(token('{ 0x29, 1 }', '{ 0x2e, 1 }')?.newEnd, 6, 'a hex digit e is no exponent');
  assert.equal(token('{ 12u, 1 }', '{ 13u, 1 }'), undefined, 'a suffix');
  assert.equal(token('{ 1.25, 1 }', '{ 1.35, 1 }'), undefined, 'a point before');
  assert.equal(token('{ 12.5, 1 }', '{ 13.5, 1 }'), undefined, 'a point after');
  assert.equal(token("{ 1'000, 1 }", "{ 1'001, 1 }"), undefined, 'a digit separator');
  assert.equal(token('{ 0x1e+5 }', '{ 0x1f+5 }'), undefined, 'a sign after');
  assert.equal(token('{ 0x29 }', '{ 0x2 9 }'), undefined, 'split in two');
  assert.equal(token('a12 + 1', 'a13 + 1'), undefined, 'part of a name');
});

test('a patched code view and parser input equal those computed afresh', async () => {
  fc.assert(
    fc.property(fc.nat(), fc.nat({ max: 8 }), fc.nat({ max: 2 }), fc.constantFrom(...INSERTS), (pick, offset, removed, inserted) => {
      const after = edited(CPP, pick, offset, removed, inserted);
      const token = numberTokenOf(CPP, after, changedRegion(CPP, after));
      if (!token) return;
      const strings: Span[] = [];
      const code = codeView(CPP, strings);
      const patched = patchedAnalysis(token, { text: CPP, code, strings, input: safeRewrites(CPP, code, CPP, strings) }, after);
      if (!patched) return;
      const freshStrings: Span[] = [];
      const freshCode = codeView(after, freshStrings);
      assert.equal(patched.code, freshCode);
      assert.deepEqual(patched.strings, freshStrings);
      assert.equal(patched.input, safeRewrites(after, freshCode, after, freshStrings));
    }),
    { ...SETTINGS, numRuns: Number(process.env.DK_PROPERTY_RUNS ?? 200) },
  );
});

test('a tree shifted past a keystroke inside a number equals a fresh parse, and other keystrokes are left to the parser', async () => {
  const parser = await sharedParser();
  const shape = (node: Node): string => `${node.type}@${node.startIndex}-${node.endIndex}(${node.children.map((c) => (c ? shape(c) : '')).join(' ')})`;
  const before = CPP;
  let shifted = 0;
  for (let pick = 0; pick < 60; pick++) {
    for (const inserted of ['A', '5', 'G', '.']) {
      const after = edited(before, pick * 7, 2, 1, inserted);
      const tree = parser.parse(before)!;
      try {
        if (!shiftWithinNumber(tree, editBetween(before, after), before, after)) continue;
        shifted++;
        const fresh = parser.parse(after)!;
        assert.equal(shape(tree.rootNode), shape(fresh.rootNode));
        fresh.delete();
      } finally {
        tree.delete();
      }
    }
  }
  assert.ok(shifted >= 40, `most keystrokes inside numbers shift the tree (${shifted})`);
});
