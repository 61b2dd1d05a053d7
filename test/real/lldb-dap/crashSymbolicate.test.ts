/**
 * A real crash, symbolicated by real lldb: the crashing fake dext (gcc -g) dies in its Start and
 * writes an .ips report with the real addresses of its frames; the report is found by its header,
 * parsed, and its frames are looked up by lldb-19 in the built binary — to the line that crashed
 * and the line that called it. lldb is started through a recording stand-in, which proves that no
 * part of a hostile path ever becomes lldb command text.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { locateDextCopies } from '../../../core/dext/locate';
import { readCrashReport } from '../../../core/crash/readReport';
import { listCrashReports } from '../../../core/crash/reportFiles';
import { renderCrashReport } from '../../../core/crash/render';
import { symbolicate } from '../../../core/crash/symbolicate';
import { findLldbTool } from '../../../core/tools/lldbLocator';
import { buildFakeDext, crashFakeDext, CRASHING_DEXT_SOURCE, lldbDapPath, lldbPath, markerLine } from '../../support/fakeDext';

const lldb = lldbPath();
let dir: string;
const skipUnlessLldb = (): string | false => (lldb ? false : 'lldb is not installed (apt-get install lldb-19)');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dk-crash-'));
});

test('lldb is found beside lldb-dap, the way the extension looks for it', { skip: skipUnlessLldb() }, async () => {
  const dap = lldbDapPath()!;
  assert.equal((await findLldbTool('lldb', undefined, { PATH: '' }, 'linux', [dirname(dap)])).path, lldb);
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

/** Builds the crashing dext under `root`, crashes it, and returns the report read back. */
async function crashed(root: string, bundleId: string, how: 'segv' | 'abort') {
  const executable = buildFakeDext(root, bundleId, CRASHING_DEXT_SOURCE);
  const reports = join(root, 'DiagnosticReports');
  mkdirSync(reports, { recursive: true });
  const signal = await crashFakeDext(executable, bundleId, reports, how);
  assert.equal(signal, how === 'segv' ? 'SIGSEGV' : 'SIGABRT');
  const listing = await listCrashReports([reports], [bundleId]);
  assert.equal(listing.reports.length, 1, 'the report is found by its header');
  const read = await readCrashReport(listing.reports[0].path);
  assert.ok(read.ok, read.ok ? '' : read.problem);
  const [binary] = await locateDextCopies(bundleId, { roots: [root], platform: 'linux' });
  assert.equal(binary.executable, executable);
  return { report: read.report, binary, executable };
}

/** An lldb that records its arguments (one per line) before running the real one. */
function recordingLldb(record: string): string {
  const script = join(dir, `lldb-recorder-${readdirSync(dir).length}`);
  writeFileSync(script, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n--\\n' "$a" >> '${record}'; done\nexec '${lldb}' "$@"\n`);
  chmodSync(script, 0o755);
  return script;
}

test('a crash in Start: lldb puts frame 0 on the line that crashed and frame 1 on the call in main', { skip: skipUnlessLldb() }, async () => {
  const { report, binary } = await crashed(join(dir, 'segv'), 'com.example.CrashingDriver', 'segv');
  assert.equal(report.exception?.type, 'EXC_BAD_ACCESS');
  const symbols = await symbolicate(report, binary, lldb!);
  assert.equal(symbols.problem, undefined);
  assert.deepEqual({ ...symbols.frames.get(0), column: undefined }, { function: 'fake_start', file: CRASHING_DEXT_SOURCE, line: markerLine('CRASH HERE', CRASHING_DEXT_SOURCE), column: undefined });
  assert.equal(symbols.frames.get(1)?.function, 'main');
  assert.equal(symbols.frames.get(1)?.line, markerLine('CALLS START', CRASHING_DEXT_SOURCE), 'a caller is looked up at its return address minus one: the call\'s line');
  const { text, links } = renderCrashReport(report, symbols);
  assert.match(text, /A NULL pointer was used/);
  assert.equal(links[0].file, CRASHING_DEXT_SOURCE);
  assert.equal(links[0].line, markerLine('CRASH HERE', CRASHING_DEXT_SOURCE));
  assert.ok(!symbols.frames.has(report.crashedThread!.frames.length - 1) || report.crashedThread!.frames.at(-1)!.image?.name === 'com.example.CrashingDriver', 'libc frames are left alone');
});

test('an abort: the dext\'s frame below libc\'s abort() is on the abort() line', { skip: skipUnlessLldb() }, async () => {
  const { report, binary } = await crashed(join(dir, 'abort'), 'com.example.AbortingDriver', 'abort');
  assert.equal(report.exception?.signal, 'SIGABRT');
  const symbols = await symbolicate(report, binary, lldb!);
  const own = report.crashedThread!.frames.find((f) => f.image?.name === 'com.example.AbortingDriver')!;
  assert.ok(own.index > 0, 'libc frames come first');
  assert.equal(symbols.frames.get(own.index)?.line, markerLine('ABORT HERE', CRASHING_DEXT_SOURCE));
  assert.match(renderCrashReport(report, symbols).text, /The dext aborted itself/);
});

test('another build than the one that crashed is refused: its UUID differs, and no line is guessed', { skip: skipUnlessLldb() }, async () => {
  const { report, binary } = await crashed(join(dir, 'rebuilt'), 'com.example.RebuiltDriver', 'segv');
  // The same source built with other options: other code, another build ID.
  execFileSync('gcc', ['-g', '-O1', '-o', binary.executable, CRASHING_DEXT_SOURCE]);
  const symbols = await symbolicate(report, binary, lldb!);
  assert.equal(symbols.frames.size, 0);
  assert.match(symbols.problem ?? '', /is another build than the one that crashed \(its UUID is .*, the report's [0-9a-f]{40}\)/);
});

test('a dext in a folder named with shell and lldb metacharacters: symbolicated, and lldb\'s commands hold none of it', { skip: skipUnlessLldb() }, async () => {
  const hostile = join(dir, 'x$(touch pwned)`platform shell touch pwned`;"q\nscript print(1)');
  const { report, binary } = await crashed(hostile, 'com.example.HostileCrash', 'segv');
  const record = join(dir, 'lldb-args.txt');
  const symbols = await symbolicate(report, binary, recordingLldb(record));
  assert.equal(symbols.frames.get(0)?.line, markerLine('CRASH HERE', CRASHING_DEXT_SOURCE));
  const args = readFileSync(record, 'utf8').split('\n--\n').filter(Boolean);
  assert.ok(args.length > 4);
  for (const a of args) {
    assert.ok(!a.includes('pwned') && !a.includes('HostileCrash') && !a.includes('script'), `lldb was given ${JSON.stringify(a)}`);
    assert.match(a, /^(--batch|--no-lldbinit|-o|target create "\/[A-Za-z0-9/._-]+\/driverkit-symbols-[A-Za-z0-9]+\/dext"|image list -h -u|image lookup -v -a 0x[0-9a-f]+)$/);
  }
  assert.deepEqual(readdirSync(hostile).filter((f) => f === 'pwned'), []);
});
