// `npm test`: builds, type-checks, runs the grammar tests, then every node test suite in one run
// (unit, LSP against dist/server.js, CLI against dist/cli.js, end-to-end in code-server) so the
// closing summary counts them all.
import { spawnSync } from 'node:child_process';
import { prepareEndToEnd } from './e2e/prepare.mjs';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function step(title, command, args, env = process.env) {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
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
process.stdout.write('\n== Package and prepare VS Code for the Web (end-to-end tests)\n');
let codeServer;
try {
  codeServer = prepareEndToEnd();
} catch (error) {
  process.stdout.write(`${error.message}\n`);
  process.exit(1);
}
process.stdout.write('\n== Real lldb-dap for the debugger tests\n');
const lldb = spawnSync('bash', ['scripts/install-lldb.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const lldbDap = lldb.status === 0 ? lldb.stdout.trim() : undefined;
if (!lldbDap) {
  if (process.env.CI === 'true') {
    process.stdout.write('The debugger tests need lldb-dap and it could not be installed.\n');
    process.exit(1);
  }
  process.stdout.write('\n!!! SKIPPING the debugger tests: lldb-dap is missing (sudo apt-get install lldb-19).\n\n');
}
process.stdout.write('\n== Real clangd for the clangd configuration test\n');
const clangdSetup = spawnSync('bash', ['scripts/install-clangd.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const clangd = clangdSetup.status === 0 ? clangdSetup.stdout.trim() : undefined;
const files = testFiles('test')
  .filter((f) => codeServer || !f.startsWith(join('test', 'e2e')))
  .filter((f) => lldbDap || !f.startsWith(join('test', 'real', 'lldb-dap')))
  .sort();
step(`Unit, LSP, CLI and end-to-end tests (${files.length} files)`, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  ...process.env,
  ...(codeServer ? { DRIVERKIT_CODE_SERVER: codeServer } : {}),
  ...(lldbDap ? { DRIVERKIT_LLDB_DAP: lldbDap } : {}),
  ...(clangd ? { DRIVERKIT_CLANGD: clangd } : {}),
});
