import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyseOnce, editBetween, SourceDocument } from '../../../core/model/sourceDocument';
import { type SectionPolicy } from '../../../core/model/sectionedTrees';
import { fixture } from '../../support/lspClient';
import { sharedParser } from '../../support/analysis';

const IIG = readFileSync(fixture('usb-interface', 'BulkPipeDriver.iig'), 'utf8');
const CPP = readFileSync(fixture('usb-interface', 'BulkPipeDriver.cpp'), 'utf8');
const INSERTS = ['', 'x', ' ', '\n', ';', '{', '}', '(', ')', 'LOCAL', ' LOCALONLY', 'TYPE(IOTimerDispatchSource::TimerOccurred)', '/*', '*/', '//', '"', 'é', '😀', 'SUPERDISPATCH', 'super::', '\\', '\\\n', '#if 0\n', '#endif\n', 'R"(', ')"'];

/** Sections of about 200 characters: a small fixture is cut as a large file would be. */
const SMALL_SECTIONS: SectionPolicy = { minLength: 0, targetLength: 200 };

/** A random sequence of edits; after each one the incremental model must equal a fresh parse. */
for (const [kind, original, sections] of [['iig', IIG, undefined], ['iig', IIG, SMALL_SECTIONS], ['cpp', CPP, undefined], ['cpp', CPP, SMALL_SECTIONS]] as const) {
  test(`incremental re-parse of a .${kind}${sections ? ' in sections' : ''} equals a fresh parse after random edits (property)`, async () => {
    const parser = await sharedParser();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...INSERTS)), { minLength: 1, maxLength: 12 }),
        (edits) => {
          const document = new SourceDocument(parser, kind, original, { reportUnknownAttributes: true, sections });
          if (sections) assert.ok(document.sectionCount >= 3, `the fixture is parsed in sections (${document.sectionCount})`);
          let text = original;
          try {
            for (const [at, removed, inserted] of edits) {
              const start = at % (text.length + 1);
              text = text.slice(0, start) + inserted + text.slice(Math.min(text.length, start + removed));
              const incremental = document.update(text);
              const fresh = analyseOnce(parser, kind, text);
              assert.deepEqual(incremental, fresh);
            }
          } finally {
            document.dispose();
          }
        },
      ),
      { seed: Number(process.env.DK_PROPERTY_SEED ?? 20240611), numRuns: Number(process.env.DK_PROPERTY_RUNS ?? 60) },
    );
  });
}

/**
 * Edits that mostly keep the file valid (spaces, line breaks, letters): the documents stay in
 * sections, so the model built from them, not from a whole-file parse, is what gets compared.
 * The runs use a fixed seed so the suite gives the same answer every time; DK_PROPERTY_SEED explores
 * others. DK_PROPERTY_SEED=1911451302 finds a known gap: after a run of whitespace inserts the .iig's
 * model is right but the document stays whole instead of going back to sections (slower, not wrong).
 */
for (const [kind, original] of [['iig', IIG], ['cpp', CPP]] as const) {
  test(`a .${kind} in sections equals a fresh parse after edits that keep it valid (property)`, async () => {
    const parser = await sharedParser();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 2 }), fc.constantFrom(' ', '\n', 'x', '\n\n', '  ', '')), { minLength: 1, maxLength: 20 }), (edits) => {
        const document = new SourceDocument(parser, kind, original, { reportUnknownAttributes: true, sections: SMALL_SECTIONS });
        let text = original;
        try {
          for (const [at, removed, inserted] of edits) {
            const start = at % (text.length + 1);
            // Only whitespace is removed: a removed letter could join two words into one.
            const end = Math.min(text.length, start + removed);
            if (!/^\s*$/.test(text.slice(start, end))) continue;
            text = text.slice(0, start) + inserted + text.slice(end);
            assert.deepEqual(document.update(text), analyseOnce(parser, kind, text));
          }
          // A clean text is parsed in sections again, even after an edit of a class head ended them.
          if (analyseOnce(parser, kind, text).unparsed.length === 0) assert.ok(document.sectionCount >= 3, 'back in sections');
        } finally {
          document.dispose();
        }
      }),
      { seed: Number(process.env.DK_PROPERTY_SEED ?? 20240611), numRuns: Number(process.env.DK_PROPERTY_RUNS ?? 60) },
    );
  });
}

test('editBetween finds the one changed region', () => {
  const edit = editBetween('abc\ndef\nghi', 'abc\ndXYf\nghi');
  assert.deepEqual([edit.startIndex, edit.oldEndIndex, edit.newEndIndex], [5, 6, 7]);
  assert.deepEqual(edit.startPosition, { row: 1, column: 1 });
  assert.deepEqual(edit.newEndPosition, { row: 1, column: 3 });
});

test('a NUL typed into a document, and typed away again, is seen though only the change is searched for one', async () => {
  const parser = await sharedParser();
  const document = new SourceDocument(parser, 'cpp', CPP, { reportUnknownAttributes: true });
  try {
    const middle = CPP.length >> 1;
    const withNul = CPP.slice(0, middle) + '\0' + CPP.slice(middle);
    assert.equal(document.update(withNul).skipped?.code, 'binary');
    // Another edit elsewhere while the NUL is still there: the text analysed last had none, so the change since then is searched.
    assert.equal(document.update('// x\n' + withNul).skipped?.code, 'binary');
    assert.deepEqual(document.update(CPP), analyseOnce(parser, 'cpp', CPP));
    assert.equal(document.update(CPP + '\0').skipped?.code, 'binary');
  } finally {
    document.dispose();
  }
});
