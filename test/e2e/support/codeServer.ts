/**
 * Starts a real VS Code for the Web (code-server) with the freshly packaged extension installed, in
 * throw-away user-data and extensions folders, on a free loopback port.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..', '..');
export const VSIX = join(REPO, 'vscode-driverkit.vsix');

/** The code-server executable, installed on first use by our setup script (or DRIVERKIT_CODE_SERVER). */
export function codeServerPath(): string {
  const given = process.env.DRIVERKIT_CODE_SERVER;
  if (given) return given;
  return execFileSync('bash', [join(REPO, 'scripts', 'e2e', 'install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningCodeServer {
  readonly url: string;
  readonly root: string;
  /** Resolves when code-server exits by itself. */
  readonly exited: Promise<number | null>;
  log(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Default: a free port. */
  readonly port?: number;
  /** A folder kept between runs for the profile (npm start); default: a temporary one, removed on stop. */
  readonly profile?: string;
  /** More user settings, also written as remote-machine settings (machine-scoped ones cannot live in the workspace). */
  readonly userSettings?: Readonly<Record<string, unknown>>;
}

export async function startCodeServer(workspace: string, options: CodeServerOptions = {}): Promise<RunningCodeServer> {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run "npm run package" first.`);
  const bin = codeServerPath();
  const root = options.profile ?? mkdtempSync(join(tmpdir(), 'dk-code-server-'));
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.colorTheme': 'Default Dark Modern',
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'editor.minimap.enabled': false,
      ...options.userSettings,
    }),
  );
  // The extension host of VS Code for the Web is a remote one: machine-scoped settings come from here.
  mkdirSync(join(userData, 'Machine'), { recursive: true });
  writeFileSync(join(userData, 'Machine', 'settings.json'), JSON.stringify({ ...options.userSettings }));
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  execFileSync(bin, ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', VSIX, '--force'], { stdio: 'pipe' });
  const port = options.port ?? (await freePort());
  let output = '';
  const child: ChildProcess = spawn(
    bin,
    ['--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions, workspace],
    // Its own process group, so stopping it also ends the extension host and language server it started.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const keep = (d: Buffer): void => {
    output += d.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    url,
    root,
    exited,
    log: () => output,
    stop: async () => {
      const signalGroup = (signal: NodeJS.Signals): void => {
        try {
          if (child.pid) process.kill(-child.pid, signal);
        } catch {
          // the group is already gone
        }
      };
      if (child.exitCode === null) {
        signalGroup('SIGTERM');
        await new Promise((r) => {
          const timer = setTimeout(() => {
            signalGroup('SIGKILL');
            r(undefined);
          }, 5000);
          child.once('exit', () => {
            clearTimeout(timer);
            r(undefined);
          });
        });
      }
      signalGroup('SIGKILL'); // anything of the group still lingering
      if (!options.profile) rmSync(root, { recursive: true, force: true });
    },
  };
}
