/**
 * Inputs the fuzzers once broke the checker with (test/fixtures/fuzz-regressions), through the same
 * oracle — no exception, under the per-input budget, positions inside the text — plus what each
 * should report now.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatText, type ReportedFinding } from '../../core/workspace/report';
import { FuzzProject } from '../support/fuzzHarness';
import { FuzzStats } from '../support/fuzzTiming';
import { fixture } from '../support/lspClient';
import { parseCpp } from '../support/analysis';

/** Checks one regression folder as the CLI would and returns the codes reported for `file`. */
async function regression(folder: string, file: string): Promise<{ codes: string[]; text: string; reported: ReportedFinding[] }> {
  const path = fixture('fuzz-regressions', folder, file);
  const project = await FuzzProject.create(new FuzzStats());
  try {
    const reported = (await project.input(file, readFileSync(path), `regression-${folder}`)).filter((f) => f.file.endsWith(file));
    return { codes: reported.map((f) => f.code), text: readFileSync(path, 'utf8'), reported };
  } finally {
    project.dispose();
  }
}

test('a tag padded with 30,000 spaces parses like any tag, quickly', async () => {
  const { codes } = await regression('plist-tag-padding', 'Info.plist');
  assert.ok(!codes.includes('plist.malformed'), codes.join(' '));
});

test('a character reference past U+10FFFF is a malformed plist, not an exception', async () => {
  const { codes, text, reported } = await regression('plist-entity-out-of-range', 'Info.plist');
  assert.deepEqual(codes, ['plist.malformed']);
  const [f] = reported;
  const line = text.split('\n')[f.line - 1];
  assert.equal(f.line, f.endLine);
  assert.equal(line.slice(f.column - 1, f.endColumn - 1), '&#99999999;');
});

test('thousands of unclosed QUEUENAME( are masked in linear time', async () => {
  const { codes } = await regression('iig-unclosed-attribute-arguments', 'FloodDriver.iig');
  assert.ok(codes.length > 0, 'the unclosed parentheses are a syntax error');
  assert.ok(codes.every((c) => c === 'iig.syntax' || c === 'iig.method-unimplemented'), codes.join(' '));
});

test('a chain of 5,000 unknown attributes is reported word by word in linear time', async () => {
  const { codes } = await regression('iig-unknown-attribute-chain', 'ChainDriver.iig');
  assert.equal(codes.filter((c) => c === 'iig.unknown-attribute').length, 5000);
});

test('a message quoting text over two lines prints as one line', async () => {
  const { codes, reported } = await regression('plist-message-line-break', 'Info.plist');
  assert.deepEqual(codes, ['plist.malformed']);
  assert.match(reported[0].message, /\n/, 'the message itself keeps the quoted text');
  assert.equal(formatText(reported[0]).split('\n').length, 1);
});

test('an early return after a negated __builtin_available in braces that do not pair up guards no span backwards', async () => {
  const { text } = await regression('cpp-availability-guard-unpaired', 'GadgetDriver.cpp');
  const model = await parseCpp(text);
  for (const guard of model.availabilityGuards) assert.ok(guard.span.start <= guard.span.end && guard.span.end <= text.length, JSON.stringify(guard.span));
});

test('every regression folder is covered above and listed in its README', () => {
  // parser-budget has its own test file, parserBudget.test.ts.
  const covered = ['plist-tag-padding', 'plist-entity-out-of-range', 'iig-unclosed-attribute-arguments', 'iig-unknown-attribute-chain', 'plist-message-line-break', 'parser-budget', 'cpp-availability-guard-unpaired'];
  const folder = fixture('fuzz-regressions');
  const present = readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.deepEqual(present.sort(), [...covered].sort());
  const listed = readFileSync(join(folder, 'README.md'), 'utf8');
  for (const name of covered) assert.match(listed, new RegExp(`\`${name}\``));
});
