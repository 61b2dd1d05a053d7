/**
 * The parse budget, on a file the fuzzers found: tree-sitter needs about 9 s for it (its error
 * recovery is quadratic on the run of stars in it). The file must be cut off at the budget with one
 * file.too-complex finding — opened, edited and read from disk — and the shared parser must parse
 * the next file exactly as a fresh parser does (a cut-off parse must not leak into the next one).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Parser } from 'web-tree-sitter';
import { analyseOnce, parseBudgetMs } from '../../core/model/sourceDocument';
import { loadCppLanguage } from '../../core/model/treeSitter';
import { Workspace } from '../../core/workspace/workspace';
import { sharedParser } from '../support/analysis';
import { fixture } from '../support/lspClient';

const SLOW = fixture('fuzz-regressions', 'parser-budget', 'SlowParse.cpp');
const NORMAL = fixture('usb-interface', 'BulkPipeDriver.cpp');
/** The file's budget (smaller for a smaller file) plus room for the rest of the analysis on a busy machine. */
const ANSWERED_WITHIN_MS = parseBudgetMs(readFileSync(SLOW, 'utf8').length) + 1500;

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

test('a file the parser needs seconds for is cut off at the budget, opened, edited or read from disk', async () => {
  const workspace = new Workspace(await sharedParser());
  const text = readFileSync(SLOW, 'utf8');
  try {
    assert.ok(await workspace.updateFromDisk(SLOW));
    assert.deepEqual(workspace.check(SLOW).map((f) => f.code), ['file.too-complex']);
    for (const version of [text, `${text}\n// one more line`]) {
      const opened = timed(() => workspace.updateOpen(SLOW, version));
      assert.ok(opened.ms < ANSWERED_WITHIN_MS, `answered after ${opened.ms.toFixed(0)} ms`);
      assert.equal(opened.value?.skipped?.code, 'file.too-complex');
      assert.deepEqual(workspace.check(SLOW).map((f) => f.code), ['file.too-complex']);
    }
    // Editing the run away makes the same open document analysable again.
    const fixed = workspace.updateOpen(SLOW, text.replace(/\*{1000,}/, '*'));
    assert.equal(fixed?.skipped, undefined);
  } finally {
    workspace.dispose();
  }
});

test('after a cut-off parse the shared parser parses the next file like a fresh parser', async () => {
  const shared = await sharedParser();
  assert.equal(analyseOnce(shared, 'cpp', readFileSync(SLOW, 'utf8')).skipped?.code, 'file.too-complex');
  const fresh = new Parser();
  fresh.setLanguage(await loadCppLanguage());
  try {
    const text = readFileSync(NORMAL, 'utf8');
    assert.deepEqual(analyseOnce(shared, 'cpp', text), analyseOnce(fresh, 'cpp', text));
  } finally {
    fresh.delete();
  }
});
