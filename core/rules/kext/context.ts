/** What the kext rules see: one kext source or Info.plist, and the workspace's kext sources as a whole. */
import type { KextSourceFacts } from '../../kext/kextSource';
import type { KextWorkspace } from '../../kext/kextWorkspace';
import type { PlistFile, SettingsResolver } from '../../plist/plistContext';
import type { Fix } from '../../fixes/fix';
import type { Finding } from '../finding';
import type { RuleInfo } from '../rule';

export interface KextSourceContext {
  readonly path: string;
  readonly facts: KextSourceFacts;
  readonly kext: KextWorkspace;
}

export interface KextPlistContext {
  readonly file: PlistFile;
  readonly resolver: SettingsResolver;
  readonly kext: KextWorkspace;
  /** The kext sources that are this Info.plist's kext (its target's, else those in its folder); empty when unknown. */
  readonly sources: ReadonlySet<string>;
}

/** A rule over one kext C++ source or header. */
export interface KextSourceRule extends RuleInfo {
  readonly applies: 'kext-source';
  check(context: KextSourceContext): Finding[];
  /** The fix of one of its findings (from the finding's own data: it never reads the file again). */
  fix?(found: Finding): Fix | undefined;
}

/** A rule over one kext's Info.plist. */
export interface KextPlistRule extends RuleInfo {
  readonly applies: 'kext-plist';
  check(context: KextPlistContext): Finding[];
  fix?(found: Finding): Fix | undefined;
}

/** Replaces the finding's span with the name its data suggests. */
export function replaceWithSuggestion(found: Finding): Fix | undefined {
  const replacement = found.data?.replacement;
  return replacement ? { title: `Change to ${replacement}`, kind: 'quickfix', preferred: true, edits: [{ path: found.path, span: found.span, newText: replacement }] } : undefined;
}
