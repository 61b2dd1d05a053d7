/**
 * The checker on real DriverKit projects nobody on this team wrote (../shared/corpus, beside the
 * repository): every error and warning must be one test/corpus/expected.json lists as true, with
 * its reason, and every listed one must still be found.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { corpusReport } from '../../scripts/corpus/report';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const expected = JSON.parse(readFileSync(join(__dirname, 'expected.json'), 'utf8')) as { file: string; line: number; code: string; reason: string }[];

test('every listed true finding says why it is true', () => {
  for (const e of expected) assert.ok(e.reason.length > 20, `${e.file}:${e.line} ${e.code} has no reason`);
});

test('real projects: no error or warning but the true findings', { skip: existsSync(CORPUS) ? false : 'no ../shared/corpus beside the repository' }, async () => {
  const report = await corpusReport([CORPUS]);
  const key = (f: { file: string; line: number; code: string }): string => `${f.file}:${f.line} ${f.code}`;
  const found = report.findings.map((f) => `${key(f)} ${f.message}`);
  const listed = new Set(expected.map(key));
  assert.deepEqual(found.filter((f) => !listed.has(f.split(' ').slice(0, 2).join(' '))), [], 'findings the corpus README does not list as true');
  assert.deepEqual(expected.map(key).filter((k) => !report.findings.some((f) => key(f) === k)), [], 'true findings no longer found');
  assert.ok(report.projects.length >= 10, `${report.projects.length} projects`);
});
