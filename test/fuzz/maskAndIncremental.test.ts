/**
 * Properties beyond test/unit/iigMask.test.ts and test/unit/incremental.test.ts, over the fuzz
 * vocabulary: masking (and the code view it rests on) keeps every offset — '\r' as well as '\n',
 * nothing changed outside an attribute, only blanks inside — and, for every fixture source, an
 * incrementally updated open document gives the same model and the same findings as a fresh parse
 * after random edits, including edits that make the file binary and back.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { codeView } from '../../core/model/codeView';
import { maskIigAttributes } from '../../core/model/iigMask';
import { Workspace } from '../../core/workspace/workspace';
import { sharedParser } from '../support/analysis';
import { FUZZ_SEED, FUZZ_TOTAL } from '../support/fuzzHarness';
import { fixtureFiles } from '../support/fuzzMutate';
import { sourceToken, tokenSoup } from '../support/fuzzSources';

const scale = FUZZ_TOTAL / 100_000;
const MASK_RUNS = Math.max(100, Math.round(10_000 * scale));
const EDIT_SEQUENCES = Math.max(20, Math.round(500 * scale));

const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';

test(`masking and the code view keep every offset and touch only attributes (${MASK_RUNS} texts, property)`, () => {
  fc.assert(
    fc.property(tokenSoup, fc.boolean(), (text, reportUnknown) => {
      const { masked, code, attributes } = maskIigAttributes(text, { reportUnknown });
      assert.equal(masked.length, text.length);
      assert.equal(code.length, text.length);
      assert.equal(codeView(text), code);
      let previousEnd = 0;
      for (const a of attributes) {
        assert.ok(a.span.start >= previousEnd && a.span.start < a.span.end && a.span.end <= text.length, `attribute ${a.name} overlaps or leaves the text`);
        previousEnd = a.span.end;
        assert.equal(text.slice(a.nameSpan.start, a.nameSpan.end), a.name);
        assert.ok(a.nameSpan.start === a.span.start && a.nameSpan.end <= a.span.end);
        if (a.argumentSpan) {
          assert.ok(a.argumentSpan.start > a.nameSpan.end && a.argumentSpan.end < a.span.end);
          assert.equal(text.slice(a.argumentSpan.start, a.argumentSpan.end), a.argument);
        }
      }
      let k = 0;
      for (let i = 0; i < text.length; i++) {
        assert.equal(isBreak(code[i]), isBreak(text[i]), `code view line break moved at ${i}`);
        if (isBreak(text[i])) assert.equal(code[i], text[i]);
        while (k < attributes.length && attributes[k].span.end <= i) k++;
        const inside = k < attributes.length && attributes[k].span.start <= i;
        if (!inside) assert.equal(masked[i], text[i], `offset ${i} changed outside an attribute`);
        else assert.equal(masked[i], isBreak(text[i]) ? text[i] : ' ', `offset ${i} inside ${attributes[k].name} not blanked`);
      }
    }),
    { seed: FUZZ_SEED, numRuns: MASK_RUNS },
  );
});

type Edit =
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly kind: 'replace'; readonly at: number; readonly length: number; readonly text: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: sourceToken }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.nat({ max: 2000 })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 400 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), length: fc.nat({ max: 40 }), text: fc.oneof(sourceToken, fc.constant('\0')) }),
);

function apply(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  switch (e.kind) {
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.length);
    case 'duplicate':
      return text.slice(0, at + e.length) + text.slice(at, at + e.length) + text.slice(at + e.length);
    case 'replace':
      return text.slice(0, at) + e.text + text.slice(at + e.length);
  }
}

test(`every fixture source: incremental model and findings equal a fresh parse after random edits (${EDIT_SEQUENCES} sequences, property)`, async () => {
  const sources = await fixtureFiles((p) => /\.(iig|cpp)$/.test(p));
  const parser = await sharedParser();
  // Two workspaces per fixture project: one keeps the document open (incremental), one re-opens it each time (fresh).
  const workspaces = new Map<string, { incremental: Workspace; fresh: Workspace }>();
  for (const project of new Set(sources.map((s) => s.project))) {
    // Sections of about 300 characters: the open document is cut as a large file in an editor would be.
    const [incremental, fresh] = [new Workspace(parser, { minLength: 0, targetLength: 300 }), new Workspace(parser)];
    await incremental.scan([project]);
    await fresh.scan([project]);
    workspaces.set(project, { incremental, fresh });
  }
  try {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: sources.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 10 }), async (which, edits) => {
        const source = sources[which];
        const { incremental, fresh } = workspaces.get(source.project)!;
        const path = `${source.project}/${source.relative}`;
        let text = Buffer.from(source.bytes).toString('utf8');
        incremental.close(path);
        incremental.updateOpen(path, text);
        for (const e of edits) {
          text = apply(text, e);
          incremental.updateOpen(path, text);
          fresh.close(path);
          fresh.updateOpen(path, text);
          assert.deepEqual(incremental.index.file(path), fresh.index.file(path), 'incremental model differs from a fresh parse');
          for (const other of incremental.allPaths()) assert.deepEqual(incremental.check(other), fresh.check(other), `findings of ${other} differ`);
        }
        incremental.close(path);
        fresh.close(path);
        await incremental.updateFromDisk(path);
        await fresh.updateFromDisk(path);
      }),
      { seed: FUZZ_SEED, numRuns: EDIT_SEQUENCES },
    );
  } finally {
    for (const { incremental, fresh } of workspaces.values()) {
      incremental.dispose();
      fresh.dispose();
    }
  }
});
