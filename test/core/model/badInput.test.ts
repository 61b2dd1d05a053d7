import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MAX_ANALYSED_LENGTH, SourceDocument, sourceKindOf } from '../../../core/model/sourceDocument';
import { WorkspaceIndex } from '../../../core/model/workspaceIndex';
import { checkFile } from '../../../core/rules/checkFile';
import { bundledCatalog } from '../../../core/sdk/bundledCatalog';
import { fixture } from '../../support/lspClient';
import { sharedParser } from '../../support/analysis';

/** Analyses a text as a file at `path` and returns its findings; fails the test past one second. */
async function findingsOf(path: string, text: string) {
  const parser = await sharedParser();
  const started = Date.now();
  const document = new SourceDocument(parser, sourceKindOf(path)!, text);
  const index = new WorkspaceIndex();
  index.set(path, document.model);
  const findings = checkFile(path, document.model, index, bundledCatalog());
  document.dispose();
  return { findings, ms: Date.now() - started };
}

test('every bad-input fixture gives findings or nothing, never an exception', async () => {
  const folder = fixture('bad-input');
  for (const name of readdirSync(folder).filter((n) => sourceKindOf(n))) {
    const { findings } = await findingsOf(name, readFileSync(`${folder}/${name}`, 'utf8'));
    for (const f of findings) assert.ok(f.span.start >= 0 && f.span.end >= f.span.start, name);
  }
});

test('an empty file has no findings', async () => {
  assert.deepEqual((await findingsOf('Empty.iig', '')).findings, []);
});

test('a binary file gets exactly one clear finding', async () => {
  const { findings } = await findingsOf('Blob.iig', readFileSync(fixture('bad-input', 'binary.iig'), 'utf8'));
  assert.deepEqual(findings.map((f) => f.code), ['file.binary']);
  assert.match(findings[0].message, /binary/);
});

test('a file past the size limit gets one finding and is not parsed', async () => {
  const text = '// filler line for a huge file\n'.repeat(Math.ceil((MAX_ANALYSED_LENGTH + 10) / 31));
  const { findings } = await findingsOf('Huge.cpp', text);
  assert.deepEqual(findings.map((f) => f.code), ['file.too-large']);
});

test('a 10 MB file and 10,000 nested braces are answered, not hung on', async () => {
  const tenMegabytes = 'int value = 0; // padding to make the file large\n'.repeat(210_000);
  assert.ok(tenMegabytes.length > 10_000_000);
  assert.ok((await findingsOf('Ten.cpp', tenMegabytes)).findings.length <= 1);
  const nested = `class Deep : public IOService {\n${'{'.repeat(10_000)}${'}'.repeat(10_000)}\n};\n`;
  const { findings } = await findingsOf('Deep.iig', nested);
  assert.ok(findings.length >= 1, 'nested braces inside a class body are a syntax error');
  assert.ok(findings.length <= 20, 'reported problems are capped');
});

test('invalid UTF-8 decodes to replacement characters and is analysed like any text', async () => {
  const bytes = readFileSync(fixture('bad-input', 'invalid-utf8.iig'));
  const { findings } = await findingsOf('Bad.iig', bytes.toString('utf8'));
  for (const f of findings) assert.notEqual(f.code, 'file.binary');
});
