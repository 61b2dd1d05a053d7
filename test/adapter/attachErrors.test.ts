import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainAttachError, type AttachErrorContext } from '../../adapter/attachErrors';

const MAC: AttachErrorContext = { platform: 'darwin', pid: 871, dext: 'com.example.MyDriver' };
const LINUX: AttachErrorContext = { platform: 'linux', pid: 4410, dext: 'com.example.FakeDriver' };

// Error texts as the tools print them. The lldb-dap ones ("no process found…", "lost connection")
// and `error: attach failed: No such process` were recorded from lldb 19 on Linux; the macOS ones
// are debugserver's wording; the sudo ones are sudo's (`sudo -n` and without a tty).
const RECORDED = {
  macNotAllowed: 'error: attach failed: attach failed (Not allowed to attach to process.  Look in the console messages (Console.app), near the debugserver entries, when the attach failed.  The subsystem that denied the attach permission will likely have logged an informative message about why it was denied.)',
  macNotPermitted: 'error: attach failed: Operation not permitted',
  lostConnection: 'lost connection',
  lldbLostConnection: 'error: attach failed: lost connection',
  dapNoProcess: 'no process found with process ID 871',
  lldbNoSuchProcess: 'error: attach failed: No such process',
  sudoPassword: 'sudo: a password is required',
  sudoTerminal: 'sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper',
  sudoNoTty: 'sudo: no tty present and no askpass program specified',
  sudoers: 'alice is not in the sudoers file.  This incident will be reported.',
  sudoNotFound: 'sudo: lldb-dap: command not found',
  gdbPtrace: 'ptrace: Operation not permitted.',
  yama: 'Could not attach to process.  If your uid matches the uid of the target process, check the setting of /proc/sys/kernel/yama/ptrace_scope, or try again as the root user.  For more details, see /etc/sysctl.d/10-ptrace.conf',
  lldbServerPtrace: 'error: attach failed: Operation not permitted',
  alreadyDebugged: 'error: attach failed: tried to attach to process already being debugged',
};

test('macOS "not allowed" and "Operation not permitted": root, developer mode, SIP', () => {
  for (const text of [RECORDED.macNotAllowed, RECORDED.macNotPermitted]) {
    const out = explainAttachError(text, MAC);
    assert.match(out, /macOS refused to let lldb attach to com\.example\.MyDriver \(pid 871\)/);
    assert.match(out, /"runAsRoot": true/);
    assert.match(out, /systemextensionsctl developer on/);
    assert.match(out, /csrutil/);
    assert.ok(out.endsWith(`(${text})`), 'the original text is kept at the end');
  }
});

test('lost connection means a refused attach on macOS, a permission problem on Linux', () => {
  const mac = explainAttachError(RECORDED.lldbLostConnection, MAC);
  assert.match(mac, /system refused the attach/);
  assert.match(mac, /systemextensionsctl developer on/);
  const linux = explainAttachError(RECORDED.lostConnection, LINUX);
  assert.match(linux, /lldb-server/);
  assert.match(linux, /another user/);
  assert.match(linux, /ptrace_scope/);
  assert.doesNotMatch(linux, /csrutil/);
});

test('a vanished process: restart or wait for the next instance', () => {
  for (const text of [RECORDED.dapNoProcess, RECORDED.lldbNoSuchProcess]) {
    for (const context of [MAC, LINUX]) {
      const out = explainAttachError(text, context);
      assert.match(out, /is no longer running/);
      assert.match(out, /"waitFor": true/);
      assert.ok(out.includes(`pid ${context.pid}`));
    }
  }
});

test('sudo wanting a password or a terminal: a NOPASSWD rule for lldb-dap', () => {
  for (const text of [RECORDED.sudoPassword, RECORDED.sudoTerminal, RECORDED.sudoNoTty]) {
    const out = explainAttachError(text, MAC);
    assert.match(out, /NOPASSWD: \/full\/path\/to\/lldb-dap/);
    assert.match(out, /visudo/);
    assert.match(out, /xcrun -f lldb-dap/);
  }
  assert.match(explainAttachError(RECORDED.sudoPassword, MAC), /^sudo wants a password/);
  assert.match(explainAttachError(RECORDED.sudoTerminal, MAC), /without a terminal/);
  assert.match(explainAttachError(RECORDED.sudoers, MAC), /may not run lldb-dap with sudo/);
  assert.match(explainAttachError(RECORDED.sudoNotFound, LINUX), /Set "lldbDapPath" to the absolute path/);
});

test('Linux ptrace refusals: run as root or relax ptrace_scope', () => {
  for (const text of [RECORDED.gdbPtrace, RECORDED.yama, RECORDED.lldbServerPtrace]) {
    const out = explainAttachError(text, LINUX);
    assert.match(out, /ptrace/);
    assert.match(out, /\/proc\/sys\/kernel\/yama\/ptrace_scope/);
    assert.match(out, /"runAsRoot": true/);
    assert.doesNotMatch(out, /csrutil|systemextensionsctl/);
  }
});

test('another debugger already attached', () => {
  assert.match(explainAttachError(RECORDED.alreadyDebugged, MAC), /Another debugger is already attached to com\.example\.MyDriver \(pid 871\)/);
});

test('unknown texts pass through with a short prefix', () => {
  assert.equal(explainAttachError('error: attach failed: unable to find executable\n', MAC), 'Could not attach to com.example.MyDriver (pid 871): error: attach failed: unable to find executable');
  assert.equal(explainAttachError('', { platform: 'linux' }), 'Could not attach to the process: lldb gave no reason.');
  assert.equal(explainAttachError('weird', { platform: 'darwin', pid: 12, dext: undefined }), 'Could not attach to the process (pid 12): weird');
});

test('in a long stderr the recognised line is the one quoted', () => {
  const stderr = 'lldb-dap: starting\nwarning: something unrelated\nsudo: a password is required\n';
  const out = explainAttachError(stderr, MAC);
  assert.match(out, /^sudo wants a password/);
  assert.ok(out.endsWith('(sudo: a password is required)'));
});
