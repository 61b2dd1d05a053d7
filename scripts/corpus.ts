/**
 * `npm run corpus [-- <folder>…]`: the checker over real projects (default: ../shared/corpus),
 * a table of findings per project and per rule, then every error and warning with whether
 * test/corpus/expected.json lists it as a true finding.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusReport, formatReport } from './corpus/report';

interface Expected {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  readonly reason: string;
}

async function main(): Promise<void> {
  const given = process.argv.slice(2);
  const folders = (given.length > 0 ? given : [join(__dirname, '..', '..', 'shared', 'corpus')]).map((f) => resolve(f));
  for (const folder of folders) {
    if (!existsSync(folder)) throw new Error(`${folder}: no such folder`);
  }
  const expected = JSON.parse(readFileSync(join(__dirname, '..', 'test', 'corpus', 'expected.json'), 'utf8')) as Expected[];
  const report = await corpusReport(folders);
  process.stdout.write(`${formatReport(report)}\n\n`);
  for (const f of report.findings) {
    const listed = expected.find((e) => e.file === f.file && e.line === f.line && e.code === f.code);
    process.stdout.write(`${listed ? 'true ' : 'NEW  '} ${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
