/**
 * Plain-language explanations of attach failures. lldb, lldb-dap and sudo report what went wrong
 * in their own terms ("lost connection", "a terminal is required"); the user needs to know what
 * to change. Pure: maps an error text to advice, keeping the original text at the end.
 */

export interface AttachErrorContext {
  platform: NodeJS.Platform;
  pid?: number;
  /** Bundle id or executable name, when known. */
  dext?: string;
}

interface Explanation {
  readonly pattern: RegExp;
  /** Limits a rule to one platform where the same words mean different things. */
  readonly platform?: 'darwin' | 'linux';
  readonly explain: (target: string) => string;
}

const SUDOERS_HINT =
  'add a sudoers rule so lldb-dap may run as root without a password: run `sudo visudo -f /etc/sudoers.d/lldb-dap` and add ' +
  '`YOUR_USER ALL=(root) NOPASSWD: /full/path/to/lldb-dap` (on macOS `xcrun -f lldb-dap` prints the path; use the same path in "lldbDapPath")';

const MACOS_PERMISSION =
  'Debugging a dext needs root and, for a third-party dext, a system that allows it: set "runAsRoot": true (or run as root), ' +
  'run `systemextensionsctl developer on`, and check `csrutil status` — System Integrity Protection must allow debugging ' +
  '(from recoveryOS: `csrutil enable --without debug`, or `csrutil disable`).';

const LINUX_PTRACE =
  'Linux refused to let the debugger trace it (ptrace). Set "runAsRoot": true (or run as root), or allow tracing with ' +
  '`echo 0 | sudo tee /proc/sys/kernel/yama/ptrace_scope` (the Yama setting in /proc/sys/kernel/yama/ptrace_scope; 1 only allows tracing your own children, 3 forbids it entirely).';

// First match wins, so the specific texts come before the general ones.
const EXPLANATIONS: readonly Explanation[] = [
  {
    pattern: /sudo: (a )?password is required/i,
    explain: () => `sudo wants a password to start lldb-dap as root, but a debug session cannot type one. Either ${SUDOERS_HINT}, or start VS Code as root.`,
  },
  {
    pattern: /sudo: (a terminal is required|no tty present)/i,
    explain: () => `sudo tried to ask for a password, but lldb-dap runs without a terminal. Either ${SUDOERS_HINT}, or start VS Code as root.`,
  },
  {
    pattern: /is not in the sudoers file|is not allowed to (execute|run sudo)/i,
    explain: () => `Your account may not run lldb-dap with sudo. Ask an administrator, or ${SUDOERS_HINT}.`,
  },
  {
    pattern: /sudo: .*(command not found|No such file or directory)/i,
    explain: () => 'sudo could not find lldb-dap (sudo searches its own PATH). Set "lldbDapPath" to the absolute path of lldb-dap.',
  },
  {
    pattern: /no such process|no process found with process ID|process \d+ (not found|does not exist)/i,
    explain: (target) => `${target} is no longer running: the dext probably exited or was restarted (the system relaunches it when the device reconnects or after a crash, under a new pid). Start the session again, or set "waitFor": true to wait for the next instance.`,
  },
  {
    pattern: /already being debugged|already traced/i,
    explain: (target) => `Another debugger is already attached to ${target}. Detach it (quit the other lldb or Xcode session) and try again.`,
  },
  {
    pattern: /ptrace_scope|ptrace.*(Operation not permitted|EPERM)|PTRACE_(ATTACH|SEIZE)/i,
    platform: 'linux',
    explain: (target) => `Could not attach to ${target}. ${LINUX_PTRACE}`,
  },
  {
    pattern: /Operation not permitted|Not allowed to attach|not permitted to (attach|debug)|EPERM/i,
    platform: 'darwin',
    explain: (target) => `macOS refused to let lldb attach to ${target}. ${MACOS_PERMISSION}`,
  },
  {
    pattern: /Operation not permitted|EPERM/i,
    platform: 'linux',
    explain: (target) => `Could not attach to ${target}: permission denied. ${LINUX_PTRACE}`,
  },
  {
    // debugserver / lldb-server drop the connection when the system refuses the attach.
    pattern: /lost connection/i,
    platform: 'darwin',
    explain: (target) => `lldb lost its connection to the debug server while attaching to ${target}; on macOS this almost always means the system refused the attach. ${MACOS_PERMISSION}`,
  },
  {
    pattern: /lost connection/i,
    explain: (target) => `lldb lost its connection to lldb-server while attaching to ${target}; this usually means permission was refused (the process belongs to another user, or ptrace is restricted). ${LINUX_PTRACE}`,
  },
];

export function explainAttachError(message: string, context: AttachErrorContext): string {
  const original = message.trim();
  const target = `${context.dext?.trim() || 'the process'}${context.pid ? ` (pid ${context.pid})` : ''}`;
  const rule = EXPLANATIONS.find((e) => (!e.platform || e.platform === context.platform) && e.pattern.test(original));
  if (!rule) return `Could not attach to ${target}: ${original || 'lldb gave no reason.'}`;
  // Keep lldb's own words too: they are what a search engine or a bug report needs.
  return `${rule.explain(target)}${original ? `\n(${quotedLine(original, rule.pattern)})` : ''}`;
}

/** The line of a (possibly long, multi-line stderr) text that the rule recognised. */
function quotedLine(text: string, pattern: RegExp): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => pattern.test(l)) ?? lines[0] ?? text;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
