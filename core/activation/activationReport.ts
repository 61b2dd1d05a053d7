/**
 * The activation doctor's report: from what the caller collected — the unified log around the
 * activation (`log show --style ndjson`), `systemextensionsctl list`, the extensions database and
 * the host app's quarantine attribute — what failed, the evidence lines, and the fixes. Pure; every
 * input is optional, and one that cannot be read becomes a note, never an exception.
 */
import { formatLogEntry } from '../tools/unifiedLog';
import { parseSystemExtensionsList } from '../tools/systemExtensionsCtl';
import { parseActivationLog, type ActivationSubject, type LogEntry } from './activationLog';
import { matchKnownFailure, type FailureMatch, type Fix } from './knownFailures';
import { parseQuarantine, quarantineRemoveArgs } from './quarantine';
import { dbTroubles, parseSystemExtensionsDb, stateWords } from './systemExtensionsDb';

export interface ActivationInputs {
  readonly subject: ActivationSubject;
  /** `log show --style ndjson` output around the activation. */
  readonly log?: string;
  /** `systemextensionsctl list` output. */
  readonly systemExtensionsList?: string;
  /** `/Library/SystemExtensions/db.plist` as XML. */
  readonly database?: string;
  /** `xattr -p com.apple.quarantine <app>` output (empty when the app has none). */
  readonly quarantine?: string;
  /** The host app's path, for the remove-quarantine command. */
  readonly hostApp?: string;
}

export interface ReportItem {
  readonly id: string;
  readonly title: string;
  readonly cause: string;
  readonly failure: boolean;
  /** The lines that show it, as `12:01:02.123 [Default] sysextd: …` or the text they came from. */
  readonly evidence: readonly string[];
  readonly fixes: readonly Fix[];
  /** For remove-quarantine: the xattr arguments (no shell). */
  readonly command?: readonly string[];
}

export type ActivationOutcome = 'failed' | 'pending' | 'active' | 'unknown';

export interface ActivationReport {
  readonly outcome: ActivationOutcome;
  /** One sentence: what failed, or the state. */
  readonly summary: string;
  readonly items: readonly ReportItem[];
  /** Inputs that could not be read. */
  readonly notes: readonly string[];
}

export function diagnoseActivation(inputs: ActivationInputs): ActivationReport {
  const items: ReportItem[] = [];
  const notes: string[] = [];
  if (inputs.log !== undefined) items.push(...logItems(parseActivationLog(inputs.log), inputs.subject));
  let active = false;
  if (inputs.systemExtensionsList !== undefined) {
    const found = listItems(inputs.systemExtensionsList, inputs.subject.bundleId);
    items.push(...found.items);
    active = found.active;
  }
  if (inputs.database !== undefined) {
    const db = parseSystemExtensionsDb(inputs.database);
    if (!db.ok) notes.push(db.message);
    else items.push(...dbTroubles(db.extensions, inputs.subject.bundleId).map((t) => t.kind === 'duplicate-active'
      ? item('db-duplicate-active', 'The extensions database lists the dext as active more than once', 'sysextd keeps one active copy per extension; with two it refuses to activate ("Activate found 2 extensions in active state") until the database is reset.', true, t.entries.map(dbLine), [{ kind: 'reboot-or-reset', label: 'Run `systemextensionsctl reset` (SIP relaxed), then activate again.' }])
      : item('db-uninstall-on-reboot', 'A copy of the dext is waiting to be removed at the next restart', 'The database holds a copy "terminated waiting to uninstall on reboot"; until the Mac restarts, installing the same extension again may not take effect.', true, t.entries.map(dbLine), [{ kind: 'reboot-or-reset', label: 'Restart the Mac, then activate again.' }])));
  }
  if (inputs.quarantine !== undefined) {
    const q = parseQuarantine(inputs.quarantine);
    if (q) items.push({
      ...item('quarantine', q.pending ? 'The host app is quarantined' : 'The host app still carries a quarantine attribute',
        `The app bundle has com.apple.quarantine = ${q.raw}${q.agent ? ` (set by ${q.agent})` : ''}. A quarantined host app can fail to activate its dext with OSSystemExtensionErrorDomain code 3 ("must be in /Applications") even when it is in /Applications.`,
        q.pending, [`com.apple.quarantine: ${q.raw}`], [{ kind: 'remove-quarantine', label: 'Remove the quarantine attribute from the app bundle.' }]),
      ...(inputs.hostApp ? { command: ['xattr', ...quarantineRemoveArgs(inputs.hostApp)] } : {}),
    });
  }
  items.sort((a, b) => Number(b.failure) - Number(a.failure));
  const failed = items.find((i) => i.failure);
  const pending = items.find((i) => i.id === 'waiting-for-user' || i.id === 'being-replaced');
  const outcome: ActivationOutcome = failed ? 'failed' : pending ? 'pending' : active ? 'active' : 'unknown';
  const summary = failed ? `${failed.title}.` : pending ? `${pending.title}.` : active ? `${inputs.subject.bundleId} is activated and enabled.` : `Nothing in what was collected says why ${inputs.subject.bundleId} did not activate.`;
  return { outcome, summary, items, notes };
}

function item(id: string, title: string, cause: string, failure: boolean, evidence: string[], fixes: Fix[]): ReportItem {
  return { id, title, cause, failure, evidence, fixes };
}

function dbLine(e: { identifier: string; teamId?: string; state: string; shortVersion?: string; bundleVersion?: string }): string {
  return `${e.teamId ?? '-'} ${e.identifier} (${e.shortVersion ?? '?'}/${e.bundleVersion ?? '?'}) [${stateWords(e.state)}]`;
}

/** Known messages grouped by what they are (an error code however written is one thing), with every line that shows them. */
function logItems(entries: readonly LogEntry[], subject: ActivationSubject): ReportItem[] {
  const groups = new Map<string, { match: FailureMatch; lines: string[] }>();
  let lastRealize = -1;
  let laterSysextd = false;
  entries.forEach((entry, index) => {
    const match = matchKnownFailure(entry.message, entry.process);
    if (match) {
      const group = groups.get(match.id) ?? { match, lines: [] };
      group.lines.push(formatLogEntry(entry));
      groups.set(match.id, group);
    }
    if (match?.id === 'realize-stalled' && match.captures[0] === subject.bundleId) {
      lastRealize = index;
      laterSysextd = false;
    } else if (lastRealize >= 0 && entry.process === 'sysextd' && entry.message.includes(subject.bundleId)) {
      laterSysextd = true;
    }
  });
  const items: ReportItem[] = [];
  for (const [id, { match, lines }] of groups) {
    if (id === 'realize-stalled') continue; // decided below, once the other lines are known
    const needed = id === 'uc-userclient-access' ? match.captures[1] : undefined;
    const fixes = match.fixes.map((f) => (f.kind === 'open-entitlement' && needed ? { ...f, label: `List ${needed} in the app's com.apple.developer.driverkit.userclient-access (and in its profile), or give the dext allow-any-userclient-access.` } : f));
    items.push(item(id, match.title, match.cause, match.isError, lines, fixes));
  }
  // "attempting to realize" is a failure only when it is the last thing sysextd said about this dext
  // and no other line explains what went wrong.
  const realize = groups.get('realize-stalled');
  if (realize && lastRealize >= 0 && !laterSysextd && !items.some((i) => i.failure)) {
    items.push(item('realize-stalled', 'sysextd stopped after "attempting to realize"', realize.match.cause, true, realize.lines, [...realize.match.fixes]));
  }
  return items;
}

/** The dext's rows in `systemextensionsctl list`: waiting for the user, stuck, or running. */
function listItems(output: string, bundleId: string): { items: ReportItem[]; active: boolean } {
  const rows = parseSystemExtensionsList(output).filter((e) => e.bundleId === bundleId);
  const line = (e: (typeof rows)[number]) => `${e.enabled ? '*' : ' '}\t${e.active ? '*' : ' '}\t${e.teamId}\t${e.bundleId} (${e.shortVersion}${e.bundleVersion ? `/${e.bundleVersion}` : ''})\t${e.name}\t[${e.state}]`;
  const items: ReportItem[] = [];
  const waiting = rows.filter((e) => e.state === 'activated waiting for user');
  if (waiting.length > 0) items.push(item('waiting-for-user', 'The dext waits for the user\'s approval', 'It is installed but not allowed yet; macOS loads it once the user allows it.', false, waiting.map(line), [{ kind: 'approve-in-settings', label: 'Allow it in System Settings › Privacy & Security (General › Login Items & Extensions › Driver Extensions).' }]));
  const terminated = rows.filter((e) => e.state === 'terminated waiting to uninstall on reboot');
  if (terminated.length > 0) items.push(item('terminated-on-reboot', 'A copy of the dext is terminated, waiting to uninstall on reboot', 'The system removes it at the next restart; a new activation of the same dext may not take effect before that.', true, terminated.map(line), [{ kind: 'reboot-or-reset', label: 'Restart the Mac, then activate again.' }]));
  const activated = rows.filter((e) => e.state.startsWith('activated') && e.state !== 'activated waiting for user');
  const versions = new Set(activated.map((e) => `${e.shortVersion}/${e.bundleVersion ?? ''}`));
  if (activated.length > 1 && versions.size < activated.length) items.push(item('list-duplicate', 'The same version of the dext is listed twice', 'Two activated copies with one version: the database is confused, and new builds under this version will not replace the running one.', true, activated.map(line), [{ kind: 'bump-bundle-version', label: 'Raise CFBundleVersion and activate again.' }, { kind: 'reboot-or-reset', label: 'Or run `systemextensionsctl reset` (SIP relaxed).' }]));
  const active = rows.some((e) => e.enabled && e.active && e.state === 'activated enabled');
  return { items, active };
}
