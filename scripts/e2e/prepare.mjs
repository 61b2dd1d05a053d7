// Shared by `npm test` and `npm run test:e2e`: packages the VSIX and makes sure code-server and
// Chromium are installed. Returns the code-server path, or undefined when they cannot be had here
// (then the caller skips the end-to-end suite loudly, or fails under CI=true).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export function prepareEndToEnd() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const pack = spawnSync(npm, ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (pack.status !== 0) throw new Error('npm run package failed');
  const install = spawnSync('bash', ['scripts/e2e/install-code-server.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const codeServer = install.status === 0 ? install.stdout.trim() : undefined;
  const chromium = process.env.DRIVERKIT_CHROMIUM ?? '/usr/bin/chromium';
  if (codeServer && existsSync(chromium)) return codeServer;
  const why = codeServer ? `Chromium is missing at ${chromium}` : 'code-server could not be installed (see the messages above)';
  if (process.env.CI === 'true') throw new Error(`End-to-end tests cannot run: ${why}.`);
  process.stdout.write(
    `\n!!! SKIPPING the end-to-end tests in real VS Code: ${why}.\n` +
      '!!! On Debian/Ubuntu run `sudo bash scripts/e2e/install-code-server.sh` once, then `npm run test:e2e`.\n\n',
  );
  return undefined;
}
