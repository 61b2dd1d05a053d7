/**
 * The usual life of an end-to-end test file: copies of some fixture folders in a throw-away
 * workspace, code-server over it and Chromium on it, for all the file's tests; code-server's log is
 * printed when a test failed. Registers the file's `before` and `after` hooks.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { REPO, startCodeServer, type RunningCodeServer } from './codeServer';
import { Workbench } from './workbench';

export interface FixtureWorkbench {
  /** The workspace folder (valid once the tests run). */
  readonly workspace: () => string;
  readonly workbench: () => Workbench;
}

/** `copies`: each fixture folder (under test/fixtures) and where in the workspace it goes ('' for its root). */
export function fixtureWorkbench(prefix: string, copies: ReadonlyArray<readonly [fixture: string, into: string]>): FixtureWorkbench {
  let workspace = '';
  let server: RunningCodeServer | undefined;
  let workbench: Workbench | undefined;
  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), `dk-e2e-${prefix}-`));
    for (const [fixture, into] of copies) cpSync(join(REPO, 'test', 'fixtures', fixture), join(workspace, into), { recursive: true });
    server = await startCodeServer(workspace);
    workbench = await Workbench.open(server.url);
  });
  after(async () => {
    await workbench?.close();
    if (process.exitCode) process.stderr.write(`code-server log:\n${server?.log()}\n`);
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });
  return {
    workspace: () => workspace,
    workbench: () => {
      if (!workbench) throw new Error('the workbench is not open yet');
      return workbench;
    },
  };
}
