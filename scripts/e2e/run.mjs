// `npm run test:e2e`: the end-to-end suite alone (real VS Code in real Chromium).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { prepareEndToEnd } from './prepare.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (spawnSync(npm, ['run', '--silent', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const codeServer = prepareEndToEnd();
if (!codeServer) process.exit(process.env.CI === 'true' ? 1 : 0);
const files = readdirSync('test/e2e').filter((f) => f.endsWith('.test.ts')).map((f) => `test/e2e/${f}`);
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  env: { ...process.env, DRIVERKIT_CODE_SERVER: codeServer },
});
process.exit(run.status ?? 1);
