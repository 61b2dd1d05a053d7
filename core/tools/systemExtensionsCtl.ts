/**
 * Reading `systemextensionsctl list` and building its command lines. Pure: no process is started
 * here; callers run `systemextensionsctl` with the argument arrays below (never through a shell).
 *
 * The list output groups extensions by category:
 *
 *   2 extension(s)
 *   --- com.apple.system_extension.driver_extension
 *   enabled	active	teamID	bundleID (version)	name	[state]
 *   *	*	ABCDE12345	com.example.MyDriver (1.0/3)	MyDriver	[activated enabled]
 *
 * Columns are tab-separated; `enabled` and `active` are `*` or empty. A copy pasted from a terminal
 * may have its tabs turned into spaces, so a space-separated row is read as well.
 */

export interface SystemExtensionEntry {
  /** e.g. `com.apple.system_extension.driver_extension`; empty when no `---` line preceded the row. */
  readonly category: string;
  readonly enabled: boolean;
  readonly active: boolean;
  readonly teamId: string;
  readonly bundleId: string;
  /** CFBundleShortVersionString, e.g. `1.0`. */
  readonly shortVersion: string;
  /** CFBundleVersion, e.g. `3`; undefined when the row shows only one version. */
  readonly bundleVersion?: string;
  readonly name: string;
  /** The words inside the brackets, e.g. `activated enabled`. */
  readonly state: string;
}

export const DRIVER_EXTENSION_CATEGORY = 'com.apple.system_extension.driver_extension';

const HEADER_COUNT = /^\s*\d+\s+extension\(s\)\s*$/i;
const CATEGORY = /^\s*---\s+(\S+)\s*$/;
const COLUMN_HEADER = /^\s*enabled\s+active\s+teamID\s+bundleID/i;
/** `<bundleId> (<short>[/<build>])` */
const BUNDLE_AND_VERSION = /^(\S+)\s+\(([^)/]*)(?:\/([^)]*))?\)$/;

export function parseSystemExtensionsList(output: string): SystemExtensionEntry[] {
  const entries: SystemExtensionEntry[] = [];
  let category = '';
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (!line.trim() || HEADER_COUNT.test(line) || COLUMN_HEADER.test(line)) continue;
    const cat = CATEGORY.exec(line);
    if (cat) {
      category = cat[1];
      continue;
    }
    const entry = line.includes('\t') ? parseTabRow(line, category) : parseSpacedRow(line, category);
    if (entry) entries.push(entry);
  }
  return entries;
}

function parseTabRow(line: string, category: string): SystemExtensionEntry | undefined {
  const cols = line.split('\t').map((c) => c.trim());
  if (cols.length < 6) return undefined;
  // The name may itself contain a tab in theory; the state is always last and bracketed.
  const stateCol = cols[cols.length - 1];
  const state = /^\[(.*)\]$/.exec(stateCol);
  if (!state) return undefined;
  const [enabled, active, teamId, bundleCol] = cols;
  if ((enabled !== '' && enabled !== '*') || (active !== '' && active !== '*')) return undefined;
  const bundle = BUNDLE_AND_VERSION.exec(bundleCol);
  if (!bundle) return undefined;
  return {
    category,
    enabled: enabled === '*',
    active: active === '*',
    teamId,
    bundleId: bundle[1],
    shortVersion: bundle[2],
    ...(bundle[3] !== undefined ? { bundleVersion: bundle[3] } : {}),
    name: cols.slice(4, -1).join('\t'),
    state: state[1].trim(),
  };
}

function parseSpacedRow(line: string, category: string): SystemExtensionEntry | undefined {
  // Leading flags: up to two `*`, but with spaces we cannot tell "enabled only" from "active only";
  // two stars mean both, one star means enabled (the common case after approval), none means neither.
  const m = /^\s*((?:\*\s+){0,2})(\S+)\s+(\S+)\s+\(([^)/]*)(?:\/([^)]*))?\)\s+(.*?)\s*\[([^\]]*)\]\s*$/.exec(line);
  if (!m || !/^(?:[A-Z0-9]{10}|-)$/.test(m[2])) return undefined;
  const stars = (m[1].match(/\*/g) ?? []).length;
  return {
    category,
    enabled: stars >= 1,
    active: stars >= 2,
    teamId: m[2],
    bundleId: m[3],
    shortVersion: m[4],
    ...(m[5] !== undefined ? { bundleVersion: m[5] } : {}),
    name: m[6],
    state: m[7].trim(),
  };
}

/** The entries of one bundle id (several versions may be listed while an upgrade is pending). */
export function findExtension(entries: readonly SystemExtensionEntry[], bundleId: string): SystemExtensionEntry[] {
  return entries.filter((e) => e.bundleId === bundleId);
}

/**
 * Argument arrays for `systemextensionsctl`. Every value is its own element, so a team or bundle id
 * can never be read as extra shell syntax. `developer`, `reset` and `uninstall` need the user's
 * consent (and `reset`/`uninstall` need SIP relaxed); show the command before running it.
 */
export const SYSTEM_EXTENSIONS_COMMANDS = {
  executable: 'systemextensionsctl',
  list(): string[] {
    return ['list'];
  },
  listCategory(category: string): string[] {
    return ['list', category];
  },
  developer(on: boolean): string[] {
    return ['developer', on ? 'on' : 'off'];
  },
  reset(): string[] {
    return ['reset'];
  },
  uninstall(teamId: string, bundleId: string): string[] {
    if (!/^(?:[A-Z0-9]{10}|-)$/.test(teamId)) throw new Error(`Not a team id: ${JSON.stringify(teamId)}`);
    if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(bundleId)) throw new Error(`Not a bundle id: ${JSON.stringify(bundleId)}`);
    return ['uninstall', teamId, bundleId];
  },
} as const;

const STATE_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^activated enabled$/, 'Running: approved and enabled; macOS will load it when a matching device appears.'],
  [/^activated disabled$/, 'Installed but turned off, usually because the user switched it off in System Settings or a newer copy replaced it.'],
  [/^activated waiting for user$/, 'Installed but waiting for the user to allow it in System Settings › Privacy & Security (or General › Login Items & Extensions › Driver Extensions).'],
  [/^activated waiting to upgrade$/, 'An older copy is still running; the new version takes over once the old one stops (often after the device is unplugged or the Mac restarts).'],
  [/^terminated waiting to uninstall on reboot$/, 'Removed; macOS will delete it for good at the next restart. Restart before installing it again.'],
  [/^terminated waiting for reboot$/, 'Stopped; the change completes at the next restart.'],
  [/^terminating for uninstall via delegate$/, 'Being removed at the request of its host app.'],
  [/^terminating for upgrade via delegate$/, 'Being replaced by a newer version at the request of its host app.'],
  [/^terminating/, 'Being stopped.'],
  [/^validating by category$/, 'Being checked by the part of macOS that handles its category (for a driver: its entitlements and personalities).'],
  [/^validating$/, 'Being checked by macOS (code signature, entitlements, bundle layout).'],
  [/^uninstalled$/, 'Uninstalled.'],
];

/** Plain words for a `[state]` column (with or without its brackets). */
export function describeState(state: string): string {
  const words = state.trim().replace(/^\[|\]$/g, '').trim().replace(/\s+/g, ' ').toLowerCase();
  for (const [pattern, text] of STATE_WORDS) if (pattern.test(words)) return text;
  if (words.includes('waiting for user')) return 'Waiting for the user to allow it in System Settings › Privacy & Security.';
  return words ? `State reported by macOS: ${words}.` : 'No state reported.';
}
