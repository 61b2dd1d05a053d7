/**
 * `npm start`: packages the extension, installs VS Code for the Web (code-server) on first use, and
 * opens the bundled example driver project in it at http://127.0.0.1:8080 (PORT to change it).
 * The profile is kept between runs in the cache folder, so settings you change there stay.
 */
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeServerPath, startCodeServer } from '../test/e2e/support/codeServer';

const repo = resolve(__dirname, '..');
const say = (message: string): void => void process.stdout.write(`${message}\n`);

async function main(): Promise<void> {
  say('Packaging the extension (npm run package)…');
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'package'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  say('Preparing VS Code for the Web (installed once into the cache folder; the first time takes a few minutes)…');
  codeServerPath();
  const cache = process.env.DRIVERKIT_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vscode-driverkit');
  const port = Number(process.env.PORT ?? 8080);
  const workspace = join(repo, 'examples', 'SampleDriver');
  const server = await startCodeServer(workspace, { port, profile: join(cache, 'start-profile') });
  say(`\nVS Code with the DriverKit extension is running on the example driver:\n\n    http://127.0.0.1:${port}/\n`);
  say('Open it in a browser. Press Ctrl+C to stop.');
  const stop = async (): Promise<void> => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  const code = await server.exited;
  say(`code-server exited (${code}).\n${server.log()}`);
  process.exit(code ?? 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
