/**
 * The system extensions database, `/Library/SystemExtensions/db.plist`, which sysextd keeps: one
 * entry per installed copy of an extension (`identifier`, `teamID`, `state`, `bundleVersion`, the
 * staged path …). Stuck states are what the doctor looks for: the same identifier active twice
 * (sysextd then fails with "Activate found 2 extensions in active state") and copies "terminated
 * waiting to uninstall on reboot" that block a reinstall until the Mac restarts.
 * Read as XML (`plutil -convert xml1 -o - /Library/SystemExtensions/db.plist` when it is binary).
 */
import { entry, parsePlist, type PlistNode } from '../plist/plistXml';

export interface DbExtension {
  readonly identifier: string;
  readonly teamId?: string;
  /** As stored, e.g. `activated_enabled`, `terminated_waiting_to_uninstall_on_reboot`. */
  readonly state: string;
  readonly shortVersion?: string;
  readonly bundleVersion?: string;
  readonly categories: readonly string[];
}

export type DbRead = { readonly ok: true; readonly extensions: readonly DbExtension[]; readonly developerMode?: boolean } | { readonly ok: false; readonly message: string };

export function parseSystemExtensionsDb(text: string): DbRead {
  const document = parsePlist(text);
  if (document.problem) {
    const hint = document.problem.code === 'binary' ? ' Read it with `plutil -convert xml1 -o - /Library/SystemExtensions/db.plist`.' : '';
    return { ok: false, message: `The system extensions database cannot be read: ${document.problem.message}${hint}` };
  }
  const list = entry(document.root, 'extensions')?.value;
  if (document.root?.kind !== 'dict' || list?.kind !== 'array') return { ok: false, message: 'The system extensions database has no `extensions` list.' };
  const extensions = list.items.flatMap((item): DbExtension[] => {
    const identifier = str(item, 'identifier');
    if (!identifier) return [];
    const version = entry(item, 'bundleVersion')?.value;
    const categories = entry(item, 'categories')?.value;
    return [{
      identifier,
      ...(str(item, 'teamID') ? { teamId: str(item, 'teamID') } : {}),
      state: str(item, 'state') ?? '',
      ...(str(version, 'CFBundleShortVersionString') ? { shortVersion: str(version, 'CFBundleShortVersionString') } : {}),
      ...(str(version, 'CFBundleVersion') ? { bundleVersion: str(version, 'CFBundleVersion') } : {}),
      categories: categories?.kind === 'array' ? categories.items.flatMap((c) => (c.kind === 'string' ? [c.value] : [])) : [],
    }];
  });
  const mode = entry(document.root, 'developerMode')?.value;
  return { ok: true, extensions, ...(mode?.kind === 'boolean' ? { developerMode: mode.value } : {}) };
}

function str(node: PlistNode | undefined, key: string): string | undefined {
  const value = entry(node, key)?.value;
  return value?.kind === 'string' ? value.value : undefined;
}

/** `activated_enabled` and `[activated enabled]` alike, as words. */
export function stateWords(state: string): string {
  return state.replace(/^\[|\]$/g, '').replace(/_/g, ' ').trim();
}

export interface DbTrouble {
  readonly kind: 'duplicate-active' | 'uninstall-on-reboot';
  readonly identifier: string;
  readonly entries: readonly DbExtension[];
}

/** Stuck entries of `bundleId` (or of every extension when it is undefined). */
export function dbTroubles(extensions: readonly DbExtension[], bundleId?: string): DbTrouble[] {
  const out: DbTrouble[] = [];
  const byId = new Map<string, DbExtension[]>();
  for (const e of extensions) if (!bundleId || e.identifier === bundleId) byId.set(e.identifier, [...(byId.get(e.identifier) ?? []), e]);
  for (const [identifier, entries] of byId) {
    const active = entries.filter((e) => stateWords(e.state).startsWith('activated'));
    if (active.length > 1) out.push({ kind: 'duplicate-active', identifier, entries: active });
    const waiting = entries.filter((e) => stateWords(e.state) === 'terminated waiting to uninstall on reboot');
    if (waiting.length > 0) out.push({ kind: 'uninstall-on-reboot', identifier, entries: waiting });
  }
  return out;
}
