/** Finding the dext's crash reports in folders, and reading one: crowded folders, hostile names, huge and odd files. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { crashReportFolders, listCrashReports } from '../../../core/crash/reportFiles';
import { readCrashReport } from '../../../core/crash/readReport';

const root = mkdtempSync(join(tmpdir(), 'dk-reports-'));
after(() => rmSync(root, { recursive: true, force: true }));
const START = readFileSync(resolve(__dirname, '..', '..', 'fixtures', 'crash', 'start-crash.ips'), 'utf8');

const header = (over: Record<string, unknown>): string => JSON.stringify({ bug_type: '309', timestamp: '2026-11-21 12:01:02.00 -0800', ...over });

test('the default folders are the user\'s and the system\'s DiagnosticReports, then the configured ones', () => {
  assert.deepEqual(crashReportFolders(['/extra', ' '], '/Users/me'), ['/Users/me/Library/Logs/DiagnosticReports', '/Library/Logs/DiagnosticReports', '/extra']);
});

test('a folder of 2,000 reports: the dext\'s are found by bundle id or process name, newest first', async () => {
  const folder = join(root, 'crowded');
  mkdirSync(folder);
  for (let i = 0; i < 2000; i++) {
    const mine = i % 400 === 7;
    const path = join(folder, `${mine ? 'com.example.Mine' : `com.other.App${i}`}-2026-11-21-12${String(i).padStart(4, '0')}.ips`);
    writeFileSync(path, `${header(mine ? (i % 800 === 7 ? { bundleID: 'com.example.Mine', name: 'com.example.Mine' } : { name: 'MineExe' }) : { bundleID: `com.other.App${i}`, name: `App${i}` })}\n{}`);
    utimesSync(path, 1_700_000_000 + i, 1_700_000_000 + i);
  }
  writeFileSync(join(folder, 'notes.txt'), 'not a report');
  const listing = await listCrashReports([folder, join(root, 'missing-folder')], ['com.example.Mine', 'MineExe']);
  assert.equal(listing.scanned, 2000);
  assert.equal(listing.skipped, 0);
  assert.equal(listing.reports.length, 5);
  assert.deepEqual(listing.reports.map((r) => Number(/12(\d{4})\.ips$/.exec(r.path)![1])), [1607, 1207, 807, 407, 7]);
  const capped = await listCrashReports([folder], ['com.example.Mine', 'MineExe'], { maxFiles: 1000 });
  assert.equal(capped.skipped, 1000, 'past the limit the oldest files are counted, not read');
  assert.equal(capped.reports.length, 2);
});

test('file names with shell and lldb metacharacters are only names; odd files are passed over', async () => {
  const folder = join(root, 'odd');
  mkdirSync(folder);
  const names = ['$(touch pwned).ips', '`touch pwned`.ips', 'a;touch pwned;.ips', 'x\nplatform shell touch pwned.ips', "it's \"quoted\".ips"];
  for (const name of names) writeFileSync(join(folder, name), `${header({ bundleID: 'com.example.Odd', name: '$(touch pwned)' })}\n{}`);
  execFileSync('mkfifo', [join(folder, 'fifo.ips')]);
  mkdirSync(join(folder, 'folder.ips'));
  symlinkSync('/nonexistent', join(folder, 'dangling.ips'));
  writeFileSync(join(folder, 'garbage.ips'), 'garbage\n');
  writeFileSync(join(folder, 'panic.ips'), `${JSON.stringify({ bug_type: '210', name: 'com.example.Odd' })}\n{}`);
  const listing = await listCrashReports([folder], ['com.example.Odd']);
  assert.deepEqual(listing.reports.map((r) => r.path.slice(folder.length + 1)).sort(), [...names].sort());
  assert.equal(listing.skipped, 4, 'the FIFO, the folder, the dangling link and the garbage');
  assert.deepEqual(readdirSync(folder).filter((f) => f === 'pwned'), []);
  assert.deepEqual((await listCrashReports([folder], ['$(touch pwned)'])).reports.length, names.length, 'a name is compared, never run');
});

test('reading one report: a 50 MB file is refused with its size, not read; binary data, a FIFO and a folder get a clear problem', async () => {
  const big = join(root, 'big.ips');
  const fd = openSync(big, 'w');
  writeSync(fd, `${header({ bundleID: 'com.example.Big' })}\n{"pad":"`);
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  for (let i = 0; i < 50; i++) writeSync(fd, chunk);
  writeSync(fd, '"}');
  closeSync(fd);
  const result = await readCrashReport(big);
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.problem : '', /it is 50\.0 MB; crash reports are well under 8 MB, so this file is not read/);
  const listed = await listCrashReports([root], ['com.example.Big']);
  assert.equal(listed.reports.length, 1, 'listing reads only its first line');

  writeFileSync(join(root, 'binary.ips'), Buffer.from([0x7b, 0x00, 0x01, 0x02]));
  assert.match(((await readCrashReport(join(root, 'binary.ips'))) as { problem: string }).problem, /binary data/);
  execFileSync('mkfifo', [join(root, 'pipe.ips')]);
  assert.match(((await readCrashReport(join(root, 'pipe.ips'))) as { problem: string }).problem, /not a regular file/);
  assert.match(((await readCrashReport(join(root, 'nothing.ips'))) as { problem: string }).problem, /no longer exists/);

  writeFileSync(join(root, 'start.ips'), START);
  const start = await readCrashReport(join(root, 'start.ips'));
  assert.ok(start.ok && start.report.exception?.type === 'EXC_BAD_ACCESS');
});
