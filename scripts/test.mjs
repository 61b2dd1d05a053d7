// `npm test`: builds, type-checks, runs the grammar tests, then every node test suite in one run
// (unit, LSP against dist/server.js, CLI against dist/cli.js) so the closing summary counts them all.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function step(title, command, args) {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stdout.write(`\n${title} failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status || 1);
  }
}

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
step('Build', npm, ['run', '--silent', 'build']);
step('Type check', npm, ['run', '--silent', 'typecheck']);
step('Grammar tests', npm, ['run', '--silent', 'test:grammar']);
const files = testFiles('test').sort();
step(`Unit, LSP and CLI tests (${files.length} files)`, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files]);
