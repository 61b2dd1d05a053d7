/**
 * The parse budget is work, not time: tree-sitter's progress callbacks are counted (it calls back
 * after a fixed number of parse operations), so one text gets one answer on any machine, however
 * busy. A parse over its budget is abandoned with one file.too-complex finding — opened, edited and
 * read from disk alike — and the shared parser parses the next file exactly as a fresh parser does.
 * Under two CPU-burning processes the checker gives the very findings it gives on an idle machine.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Parser } from 'web-tree-sitter';
import { analyseOnce, parseBudget, SourceDocument } from '../../core/model/sourceDocument';
import { loadCppLanguage } from '../../core/model/treeSitter';
import { Workspace } from '../../core/workspace/workspace';
import { sharedParser } from '../support/analysis';
import { fixture } from '../support/lspClient';

const SLOW = fixture('fuzz-regressions', 'parser-budget', 'SlowParse.cpp');
const NORMAL = fixture('usb-interface', 'BulkPipeDriver.cpp');

/** A budget far below what any real parse needs, to see the cut-off without a hostile input. */
const TINY = (): number => 3;

test('a parse over its work budget is cut off with one finding, opened, edited or read from disk', async () => {
  const parser = await sharedParser();
  const text = readFileSync(NORMAL, 'utf8');
  const document = new SourceDocument(parser, 'cpp', text, { reportUnknownAttributes: true, parseBudget: TINY });
  try {
    assert.equal(document.model.skipped?.code, 'too-complex');
    assert.equal(document.update(`${text}\n// one more line`).skipped?.code, 'too-complex');
  } finally {
    document.dispose();
  }
  // With the real budget the same text is analysed.
  assert.equal(analyseOnce(parser, 'cpp', text).skipped, undefined);
});

test('the budget grows with the text and leaves a normal parse far below it', async () => {
  const parser = await sharedParser();
  for (const path of [NORMAL, fixture('usb-interface', 'BulkPipeDriver.iig'), fixture('hid-keyboard', 'KeyboardDriver.cpp')]) {
    const text = readFileSync(path, 'utf8');
    let callbacks = 0;
    parser.parse(text, null, { progressCallback: () => (++callbacks, false) })?.delete();
    assert.ok(callbacks * 2 < parseBudget(text.length), `${path}: ${callbacks} callbacks against a budget of ${parseBudget(text.length)}`);
  }
  assert.ok(parseBudget(1024 * 1024) > parseBudget(1024));
});

test('the run of operators that made tree-sitter quadratic is read, not given up on', async () => {
  // 52,000 stars used to take tree-sitter about 9 s of error recovery; the run is blanked before parsing.
  const model = analyseOnce(await sharedParser(), 'cpp', readFileSync(SLOW, 'utf8'));
  assert.equal(model.skipped, undefined);
  assert.ok(model.kind === 'cpp' && model.definitions.length > 0);
});

test('after a cut-off parse the shared parser parses the next file like a fresh parser', async () => {
  const shared = await sharedParser();
  const text = readFileSync(NORMAL, 'utf8');
  assert.equal(analyseOnce(shared, 'cpp', text, { reportUnknownAttributes: true, parseBudget: TINY }).skipped?.code, 'too-complex');
  const fresh = new Parser();
  fresh.setLanguage(await loadCppLanguage());
  try {
    assert.deepEqual(analyseOnce(shared, 'cpp', text), analyseOnce(fresh, 'cpp', text));
  } finally {
    fresh.delete();
  }
});

/** Two processes that keep both cores of a small machine busy until killed. */
function burnCpu(): ChildProcess[] {
  return [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

test('under two CPU-burning processes, every fixture gets exactly the findings it gets on an idle machine', async () => {
  const folders = ['usb-interface', 'hid-keyboard', 'user-client', 'fuzz-regressions', 'broken', 'plist'].map((name) => fixture(name));
  const findings = async (): Promise<string[]> => {
    const workspace = new Workspace(await sharedParser());
    try {
      await workspace.scan(folders);
      return workspace.allPaths().flatMap((path) => workspace.check(path).map((f) => `${path}:${f.span.start} ${f.code}`)).sort();
    } finally {
      workspace.dispose();
    }
  };
  const idle = await findings();
  const burners = burnCpu();
  try {
    assert.deepEqual(await findings(), idle);
  } finally {
    for (const burner of burners) burner.kill('SIGKILL');
  }
});
