import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { findDexts, parsePs, PS_ARGS, PS_ENV, psArgs, type ProcessInfo } from '../../../core/tools/ps';

// Recorded in the format of `ps -axww -o pid=,user=,lstart=,command=` on macOS 15: right-aligned pids,
// user padded, lstart's day padded with a space (`Nov  1`), two instances of one dext (two devices).
const UUID = '5E2A1F3C-8B7D-4C11-9E0A-3F6D2B8C4A17';
const DEXT = `/Library/SystemExtensions/${UUID}/com.example.MyDriver.dext/com.example.MyDriver`;
const MACOS_PS = `
    1 root             Sat Nov 21 08:02:11 2026     /sbin/launchd
  312 root             Sat Nov 21 08:02:14 2026     /usr/libexec/sysextd
  355 _driverkit       Sat Nov 21 08:02:15 2026     /System/Library/DriverExtensions/com.apple.DriverKit-AppleUserECM.dext/com.apple.DriverKit-AppleUserECM com.apple.DriverKit-AppleUserECM 0x100000611 com.apple.DriverKit-AppleUserECM
  871 _driverkit       Sat Nov 21 23:36:29 2026     ${DEXT} com.example.MyDriver 0x100000a2b com.example.MyDriver
  902 _driverkit       Sun Nov  1 09:05:03 2026     ${DEXT} com.example.MyDriver 0x100000b17 com.example.MyDriver
  1044 alice           Sat Nov 21 09:12:40 2026     /Applications/Some App.app/Contents/MacOS/Some App --type=renderer --lang=en-US
  1187 alice           Sat Nov 21 09:13:02 2026     /Applications/Xcode.app/Contents/MacOS/Xcode

 1190 alice            Sat Nov 21 09:13:05 2026     /Users/alice/dev/MyDriver/build/Debug/MyDriverApp.app/Contents/MacOS/MyDriverApp
 1201 alice            Sat Nov 21 23:40:01 2026     -zsh
 1202 alice            Sat Nov 21 23:40:07 2026     grep --color=auto com.example.MyDriver
 1203 alice            Sat Nov 21 23:40:07 2026     ps -axww -o pid=,user=,lstart=,command=
 1204 root             Sat Nov 21 23:40:09 2026     sudo lldb -p 871
 1210 alice            Sat Nov 21 23:41:00 2026     /usr/local/bin/com.example.MyDrivr --selftest
garbage that is not a ps line
 abc root Sat Nov 21 23:41:00 2026 /bin/false
`;

// Recorded in the format of `ps -eww -o pid=,user=,lstart=,args=` (procps-ng): an 8-column user,
// kernel threads in brackets, a stand-in dext built into a `.dext` folder.
const LINUX_PS = `    1 root     Sat Nov 21 23:35:54 2026 /sbin/init
    2 root     Sat Nov 21 23:35:54 2026 [kthreadd]
  812 systemd+ Sat Nov 21 23:35:58 2026 /lib/systemd/systemd-resolved
 4410 dev      Sat Nov 21 23:50:12 2026 /tmp/dk-test/com.example.FakeDriver.dext/com.example.FakeDriver com.example.FakeDriver 0x100000a2b com.example.FakeDriver
 4415 dev      Sat Nov 21 23:50:13 2026 bash -c sleep 100 # com.example.FakeDriver
 4420 dev      Sat Nov 21 23:50:14 2026 /usr/bin/lldb-dap-19
 4499 dev      Sat Nov 21 23:50:20 2026 ps -eww -o pid=,user=,lstart=,args=
`;

test('PS_ARGS are the documented argument arrays', () => {
  assert.deepEqual(PS_ARGS.darwin, ['-axww', '-o', 'pid=,user=,lstart=,command=']);
  assert.deepEqual(PS_ARGS.linux, ['-eww', '-o', 'pid=,user=,lstart=,args=']);
  assert.deepEqual(psArgs('darwin'), [...PS_ARGS.darwin]);
  assert.deepEqual(psArgs('linux'), [...PS_ARGS.linux]);
});

test('parsePs reads every well-formed macOS line and skips the rest', () => {
  const processes = parsePs(MACOS_PS);
  assert.deepEqual(processes.map((p) => p.pid), [1, 312, 355, 871, 902, 1044, 1187, 1190, 1201, 1202, 1203, 1204, 1210]);
  const dext = processes.find((p) => p.pid === 871)!;
  assert.deepEqual(dext, {
    pid: 871,
    user: '_driverkit',
    started: 'Sat Nov 21 23:36:29 2026',
    command: `${DEXT} com.example.MyDriver 0x100000a2b com.example.MyDriver`,
    argv: [DEXT, 'com.example.MyDriver', '0x100000a2b', 'com.example.MyDriver'],
  });
  assert.equal(processes.find((p) => p.pid === 902)!.started, 'Sun Nov 1 09:05:03 2026');
  // A path with spaces: the command stays whole even though argv is split naively.
  const app = processes.find((p) => p.pid === 1044)!;
  assert.equal(app.command, '/Applications/Some App.app/Contents/MacOS/Some App --type=renderer --lang=en-US');
  assert.equal(app.user, 'alice');
});

test('parsePs reads Linux procps output, kernel threads included', () => {
  const processes = parsePs(LINUX_PS);
  assert.equal(processes.length, 7);
  assert.deepEqual(processes[1], { pid: 2, user: 'root', started: 'Sat Nov 21 23:35:54 2026', command: '[kthreadd]', argv: ['[kthreadd]'] });
  assert.equal(processes[2].user, 'systemd+');
});

test('parsePs tolerates CRLF, blank lines, trailing spaces and nonsense', () => {
  assert.deepEqual(parsePs(''), []);
  assert.deepEqual(parsePs('\n\n   \n'), []);
  assert.deepEqual(parsePs('12 root Sat Nov 21 23:35:54\n'), [], 'no command, no year');
  assert.deepEqual(parsePs('12 root one two three four five /bin/x\n'), [], 'not a start time');
  const [p] = parsePs('  77   root    Sat  Nov 21  23:35:54  2026    /usr/sbin/cron   -f   \r\n');
  assert.deepEqual(p, { pid: 77, user: 'root', started: 'Sat Nov 21 23:35:54 2026', command: '/usr/sbin/cron   -f', argv: ['/usr/sbin/cron', '-f'] });
});

test('findDexts by bundle id finds both instances, _driverkit dext processes first', () => {
  const { matches, near } = findDexts(parsePs(MACOS_PS), 'com.example.MyDriver', 'darwin');
  assert.deepEqual(matches.map((p) => p.pid), [871, 902]);
  assert.ok(!near.some((p) => p.pid === 1202 || p.pid === 1203 || p.pid === 1204), 'grep, ps and sudo lldb are not candidates');
});

test('findDexts by executable name, and by argv[3] when the executable is named differently', () => {
  const renamed = parsePs(`  500 _driverkit  Sat Nov 21 23:36:29 2026  /Library/SystemExtensions/${UUID}/com.example.Other.dext/OtherDriver OtherDriver 0x100000c01 com.example.Other\n`);
  assert.deepEqual(findDexts(renamed, 'OtherDriver', 'darwin').matches.map((p) => p.pid), [500]);
  assert.deepEqual(findDexts(renamed, 'com.example.Other', 'darwin').matches.map((p) => p.pid), [500], 'the bundle folder and argv[3]');
  assert.deepEqual(findDexts(renamed, 'com.example.Other.dext', 'darwin').matches.map((p) => p.pid), [500], 'a trailing .dext is ignored');
  assert.deepEqual(findDexts(renamed, 'Other', 'darwin').matches, [], 'no partial names');
});

test('findDexts ranks a bundle process over a plain binary of the same name, and _driverkit over others', () => {
  const processes: ProcessInfo[] = [
    proc(10, 'alice', '/usr/local/bin/MyDriver'),
    proc(20, 'root', `/Library/SystemExtensions/${UUID}/com.example.MyDriver.dext/MyDriver MyDriver 0x1 com.example.MyDriver`),
    proc(30, '_driverkit', `/Library/SystemExtensions/${UUID}/com.example.MyDriver.dext/MyDriver MyDriver 0x2 com.example.MyDriver`),
  ];
  assert.deepEqual(findDexts(processes, 'MyDriver', 'darwin').matches.map((p) => p.pid), [30, 20, 10]);
  // _driverkit means nothing on Linux: bundle first, then pid order.
  assert.deepEqual(findDexts(processes, 'MyDriver', 'linux').matches.map((p) => p.pid), [20, 30, 10]);
});

test('findDexts on Linux finds the stand-in dext and ignores the shell naming it', () => {
  const { matches } = findDexts(parsePs(LINUX_PS), 'com.example.FakeDriver', 'linux');
  assert.deepEqual(matches.map((p) => p.pid), [4410]);
});

test('near: dext bundles and look-alike names, at most five, for "not running"', () => {
  const { matches, near } = findDexts(parsePs(MACOS_PS), 'com.example.MyDriverX', 'darwin');
  assert.deepEqual(matches, []);
  // Dext processes first, then com.example.MyDrivr (two edits away); MyDriverApp is three edits from
  // "mydriverx" and does not contain it, so it is not close enough.
  assert.deepEqual(near.map((p) => p.pid), [355, 871, 902, 1210]);

  const byShortName = findDexts(parsePs(MACOS_PS), 'mydriver', 'darwin');
  assert.deepEqual(byShortName.matches, [], 'names match case-sensitively');
  assert.ok(byShortName.near.some((p) => p.pid === 1190), 'MyDriverApp contains the name');

  const many = Array.from({ length: 9 }, (_, i) => proc(100 + i, '_driverkit', `/Library/SystemExtensions/${UUID}/com.acme.D${i}.dext/com.acme.D${i}`));
  assert.equal(findDexts(many, 'com.example.MyDriver', 'darwin').near.length, 5);
  assert.deepEqual(findDexts(parsePs(MACOS_PS), '   ', 'darwin'), { matches: [], near: [] });
});

test('the real ps with our arguments lists this test process with its command line', { skip: process.platform === 'win32' }, () => {
  const output = execFileSync('ps', psArgs(process.platform), { encoding: 'utf8', env: { ...process.env, ...PS_ENV } });
  const processes = parsePs(output);
  assert.ok(processes.length > 1);
  const self = processes.find((p) => p.pid === process.pid);
  assert.ok(self, 'our own pid is listed');
  if (process.platform === 'linux') {
    const cmdline = readFileSync('/proc/self/cmdline', 'utf8').split('\0').filter(Boolean).join(' ');
    assert.equal(self.command, cmdline);
  }
  assert.ok(self.command.includes('psParser.test.ts') || self.argv.some((a) => a.includes('node')), self.command);
  const me = userInfo().username;
  assert.ok(me.startsWith(self.user.replace(/\+$/, '')), `${self.user} is ${me}`);
  assert.match(self.started, /^\w{3} \w{3} \d{1,2} \d{2}:\d{2}:\d{2} \d{4}$/);
  assert.ok(findDexts(processes, basename(self.argv[0]), process.platform).matches.some((p) => p.pid === process.pid));
});

test('the real ps finds a real process started from inside a .dext folder', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dk-ps-'));
  const executable = join(dir, 'com.example.MyDriver.dext', 'com.example.MyDriver');
  // A real process whose argv[0] is a dext path: node with argv0 set (no file needs to exist there).
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { argv0: executable, stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const processes = parsePs(execFileSync('ps', psArgs(process.platform), { encoding: 'utf8', env: { ...process.env, ...PS_ENV } }));
    const { matches } = findDexts(processes, 'com.example.MyDriver', process.platform);
    assert.ok(matches.some((p) => p.pid === child.pid && p.argv[0] === executable), JSON.stringify(matches));
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

function proc(pid: number, user: string, command: string): ProcessInfo {
  return { pid, user, started: 'Sat Nov 21 23:36:29 2026', command, argv: command.split(/\s+/) };
}
