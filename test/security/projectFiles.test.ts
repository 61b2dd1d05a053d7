/**
 * Reading a workspace's Xcode project must end, whatever the workspace names: an xcconfig
 * `#include "/dev/zero"`, an include that is a FIFO, or a project.pbxproj or xcconfig checked in as
 * a symlink to a device. Both the language server (at start-up, trusted or not) and the extension
 * (the dext name for debugging) read projects through linkProjects, so a read without end would eat
 * all memory or hang them. Each case runs in a child process watched for time and memory, so a
 * regression fails here instead of taking the test run down.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ROOT } from './sourceGraph';
import { Sentinel } from './support';

const scratch = new Sentinel();
after(() => scratch.remove());

const FIXTURE = join(ROOT, 'test', 'fixtures', 'xcode-project');
const SCRIPT = join(scratch.dir, 'link.ts');
writeFileSync(
  SCRIPT,
  `import { linkProjects } from ${JSON.stringify(join(ROOT, 'core', 'xcode', 'projectSettings'))};
linkProjects([process.argv[2]]).then((links) => {
  const values = [...links.resolvers.values()].map((r) => r.resolve('$(MARKETING_VERSION) $(PRODUCT_BUNDLE_IDENTIFIER)'));
  console.log(JSON.stringify({ resolvers: links.resolvers.size, values }));
});
`,
);

/** Runs linkProjects on `root` in a child: its answer, or a failure once it passes 20 s or 512 MB. */
function linkInChild(root: string): Promise<{ resolvers: number; values: string[] }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, root], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const started = Date.now();
    const watch = setInterval(() => {
      const rss = Number(/VmRSS:\s*(\d+)/.exec(safeRead(`/proc/${child.pid}/status`))?.[1] ?? 0) * 1024;
      if (rss > 512 * 1024 * 1024 || Date.now() - started > 20_000) {
        child.kill('SIGKILL');
        fail(new Error(`linkProjects did not end: ${Math.round(rss / 1024 / 1024)} MB after ${Date.now() - started} ms`));
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(watch);
      if (code === 0) done(JSON.parse(out) as { resolvers: number; values: string[] });
      else fail(new Error(`exit ${code}: ${err}`));
    });
  });
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** A fresh copy of the fixture project, changed by `tamper`. */
function project(name: string, tamper: (root: string) => void): string {
  const root = join(scratch.dir, name);
  cpSync(FIXTURE, root, { recursive: true });
  tamper(root);
  return root;
}

const baseline = linkInChild(project('plain', () => {}));

test('the untouched fixture links its dext target (the baseline the others compare with)', async () => {
  const plain = await baseline;
  assert.ok(plain.resolvers > 0);
  assert.ok(plain.values.every((v) => !v.includes('$(')), JSON.stringify(plain.values));
});

test('an xcconfig `#include "/dev/zero"` is skipped: the project still links', async () => {
  const root = project('include-zero', (r) => {
    const driver = join(r, 'Config', 'Driver.xcconfig');
    writeFileSync(driver, `#include "/dev/zero"\n${readFileSync(driver, 'utf8')}`);
  });
  assert.equal((await linkInChild(root)).resolvers, (await baseline).resolvers);
});

test('an included xcconfig checked in as a symlink to /dev/zero is skipped', async () => {
  const root = project('symlink-zero', (r) => {
    rmSync(join(r, 'Config', 'Versions.xcconfig'));
    symlinkSync('/dev/zero', join(r, 'Config', 'Versions.xcconfig'));
  });
  assert.equal((await linkInChild(root)).resolvers, (await baseline).resolvers);
});

test('an optional include that is a FIFO (nobody ever writes to it) is skipped', async () => {
  const root = project('fifo', (r) => execFileSync('mkfifo', [join(r, 'Config', 'Local.xcconfig')]));
  assert.equal((await linkInChild(root)).resolvers, (await baseline).resolvers);
});

test('a project.pbxproj checked in as a symlink to /dev/zero is a project that cannot be read', async () => {
  const root = project('pbxproj-zero', (r) => {
    const pbxproj = join(r, 'Sampler.xcodeproj', 'project.pbxproj');
    rmSync(pbxproj);
    symlinkSync('/dev/zero', pbxproj);
  });
  assert.deepEqual(await linkInChild(root), { resolvers: 0, values: [] });
});

test('a source file or Info.plist that is a pipe or a device is skipped by the server, not read forever', { timeout: 20_000 }, async () => {
  const { Workspace } = await import('../../core/workspace/workspace');
  const { sharedParser } = await import('../support/analysis');
  const workspace = new Workspace(await sharedParser());
  const fifo = join(scratch.dir, 'Pipe.iig');
  execFileSync('mkfifo', [fifo]);
  const device = join(scratch.dir, 'Info.plist');
  symlinkSync('/dev/zero', device);
  assert.equal(await workspace.updateFromDisk(fifo), false);
  assert.equal(await workspace.updateFromDisk(device), false);
});
