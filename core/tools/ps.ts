/**
 * Reads `ps` output and finds a running dext in it. Pure: the caller runs `ps` (execFile with
 * PS_ARGS, no shell) and hands the text here, so the parsing is tested on recorded output.
 */

export interface ProcessInfo {
  pid: number;
  user: string;
  /** `lstart` with single spaces, e.g. `Sat Nov 21 23:36:29 2026`. */
  started: string;
  /** The whole command line as ps printed it (paths with spaces stay intact here). */
  command: string;
  /** `command` split on whitespace: good enough for dext paths, which contain no spaces. */
  argv: string[];
}

/**
 * `pid= user= lstart= command=`: the empty headers suppress the header line; `ww` stops ps from
 * cutting long command lines (dext paths are long). Linux spells `command` as `args` and "all
 * processes" as `-e` (on macOS `-e` means "show the environment", hence the two sets).
 */
export const PS_ARGS: { readonly darwin: readonly string[]; readonly linux: readonly string[] } = {
  darwin: ['-axww', '-o', 'pid=,user=,lstart=,command='],
  linux: ['-eww', '-o', 'pid=,user=,lstart=,args='],
};

/** `lstart` follows the locale (macOS ps formats it with `%c`); the C locale keeps it five tokens. */
export const PS_ENV: { readonly LC_ALL: string } = { LC_ALL: 'C' };

export function psArgs(platform: NodeJS.Platform): string[] {
  return [...(platform === 'darwin' ? PS_ARGS.darwin : PS_ARGS.linux)];
}

// pid, user, five lstart tokens, then the command (which may itself contain any spacing).
const PS_LINE = /^\s*(\d+)\s+(\S+)\s+(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(\S.*?)\s*$/;

export function parsePs(output: string): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = PS_LINE.exec(line);
    if (!m) continue;
    const started = m[3].split(/\s+/);
    // A plausible start time ends in a year and has a clock time; anything else is not our format.
    if (!/^\d{4}$/.test(started[4]) || !started.some((t) => /^\d{1,2}:\d{2}(:\d{2})?$/.test(t))) continue;
    const command = m[4];
    processes.push({ pid: Number(m[1]), user: m[2], started: started.join(' '), command, argv: command.split(/\s+/) });
  }
  return processes;
}

export interface DextSearch {
  /** The dext's processes, best first: inside a `.dext/` bundle, then (macOS) run by `_driverkit`. */
  matches: ProcessInfo[];
  /** Up to five other processes that look close, for a helpful "not running" message. */
  near: ProcessInfo[];
}

// Processes that mention a name without being it: ps itself, shells, searches, debuggers, log.
const NOISE = new Set(['ps', 'grep', 'egrep', 'fgrep', 'pgrep', 'rg', 'ag', 'sh', 'bash', 'zsh', 'fish', 'dash', 'ksh', 'csh', 'tcsh', 'sudo', 'log', 'lldb', 'lldb-dap', 'debugserver', 'gdb', 'tail', 'less', 'watch']);
const MAX_NEAR = 5;

export function findDexts(processes: readonly ProcessInfo[], dext: string, platform: NodeJS.Platform): DextSearch {
  const name = dext.trim().replace(/\.dext\/?$/, '');
  if (!name) return { matches: [], near: [] };
  const candidates = processes.filter((p) => p.argv.length > 0 && !NOISE.has(executableName(p).replace(/^-/, '')));

  const matches = candidates.filter((p) => isInstanceOf(p, name));
  const rank = (p: ProcessInfo): number => (inDextBundle(p) ? 0 : 2) + (platform === 'darwin' && p.user === '_driverkit' ? 0 : 1);
  matches.sort((a, b) => rank(a) - rank(b) || a.pid - b.pid);

  const scored = candidates
    .filter((p) => !matches.includes(p))
    .map((p) => ({ p, score: closeness(p, name) }))
    .filter((s): s is { p: ProcessInfo; score: number } => s.score !== undefined);
  scored.sort((a, b) => a.score - b.score || a.p.pid - b.p.pid);
  return { matches, near: scored.slice(0, MAX_NEAR).map((s) => s.p) };
}

function isInstanceOf(p: ProcessInfo, name: string): boolean {
  const exe = p.argv[0];
  if (executableName(p) === name) return true;
  if (exe.startsWith(`${name}.dext/`) || exe.includes(`/${name}.dext/`)) return true;
  // A dext is started as `<exe> <IOUserServerName> <tag> <bundle id>`: the bundle id names it
  // even when the executable is called something else.
  return inDextBundle(p) && p.argv[3] === name;
}

/** Lower is closer; undefined: not close at all. */
function closeness(p: ProcessInfo, name: string): number | undefined {
  if (inDextBundle(p)) return 0;
  const exe = executableName(p).toLowerCase();
  // A bundle id's last component is often the executable's name (com.example.MyDriver → MyDriver).
  const wanted = [...new Set([name, name.slice(name.lastIndexOf('.') + 1)])].map((n) => n.toLowerCase()).filter((n) => n.length > 0);
  let best: number | undefined;
  for (const w of wanted) {
    const score = exe === w ? 1 : exe.includes(w) ? 2 : editDistance(exe, w) <= allowedEdits(w) ? 2 + editDistance(exe, w) : undefined;
    if (score !== undefined && (best === undefined || score < best)) best = score;
  }
  return best;
}

function allowedEdits(name: string): number {
  return name.length <= 3 ? 0 : name.length <= 7 ? 1 : 2;
}

function executableName(p: ProcessInfo): string {
  const exe = p.argv[0] ?? '';
  return exe.slice(exe.lastIndexOf('/') + 1);
}

function inDextBundle(p: ProcessInfo): boolean {
  return /\.dext\//.test(p.argv[0] ?? '');
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
