/**
 * The `ps`-based dext locator with hostile names, run for real: the name never reaches ps (its
 * arguments are fixed), it is only compared in JavaScript, so nothing in it runs. A running process
 * whose own command line is hostile is found by that exact text and handed on unchanged.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { locateDext, waitForDext } from '../../core/tools/dextLocator';
import { logStreamArgs } from '../../core/tools/unifiedLog';
import { psArgs } from '../../core/tools/ps';
import { buildFakeDext, untilExecuted } from '../support/fakeDext';
import { hostileValues, predicateValueOf, processNames, readDextPredicate, Recorders, Sentinel } from './support';

const sentinel = new Sentinel();
const running: ChildProcess[] = [];
let executable: string;

before(() => {
  executable = buildFakeDext(sentinel.dir, 'com.example.SecurityLocator');
});

after(() => {
  for (const child of running) child.kill('SIGKILL');
  sentinel.remove();
});

/** The fake dext started with a dext's arguments under a hostile argv[0], from inside the sentinel folder. */
async function startNamed(name: string): Promise<ChildProcess> {
  const child = spawn(executable, [name, '0x100000a2b', name], { argv0: name, cwd: sentinel.dir, stdio: 'ignore' });
  running.push(child);
  await untilExecuted(child, executable);
  return child;
}

test('the names never reach ps: a recording ps on PATH sees only the fixed arguments', async () => {
  const recorders = new Recorders();
  recorders.passthrough('ps', '/bin/ps');
  const path = process.env.PATH;
  process.env.PATH = recorders.path(); // the locator starts `ps` from PATH with process.env
  try {
    for (const h of hostileValues(sentinel.path)) await locateDext(h.value);
  } finally {
    process.env.PATH = path;
  }
  const calls = recorders.calls('ps');
  recorders.remove();
  assert.equal(calls.length, hostileValues(sentinel.path).length);
  for (const call of calls) assert.deepEqual(call, psArgs(process.platform));
  assert.ok(!sentinel.fired());
});

test('hostile names through the real ps: no match, no error, nothing runs', async () => {
  const names = [...hostileValues(sentinel.path).map((h) => h.value), 'com.example.X\u0000$(touch pwned)', '--help', '-e'];
  for (const name of names) {
    const found = await locateDext(name);
    assert.deepEqual(found.matches, [], JSON.stringify(name.slice(0, 60)));
  }
  const waited = await waitForDext(`$(touch ${sentinel.path})`, 600, () => false, () => {});
  assert.equal(waited, 'timeout');
  const passedOver = await waitForDext(`a"; touch ${sentinel.path}; "`, 600, () => false, () => {}, process.platform, () => false);
  assert.equal(passedOver, 'timeout');
  assert.ok(!sentinel.fired());
});

for (const name of processNames('com.example.SecurityLocator')) {
  test(`a running process named ${name} is found by that exact text; the name goes on only as data`, async () => {
    const child = await startNamed(name);
    const found = await locateDext(name);
    assert.deepEqual(found.matches.map((p) => p.pid), [child.pid]);
    const [match] = found.matches;
    assert.equal(match.argv[0], name);
    assert.equal(match.argv[3], name);
    // What the debug adapter does next with it: the log predicate, built from argv[0].
    const read = readDextPredicate(logStreamArgs(match.argv[0]).at(-1)!);
    assert.equal(read.sender, predicateValueOf(name));
    // A near-miss lookup lists it as close without running anything either.
    const near = await locateDext(`${name}x`);
    assert.deepEqual(near.matches, []);
    assert.ok(!sentinel.fired());
    child.kill('SIGKILL');
  });
}
