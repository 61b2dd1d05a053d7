/** What the kext rules see: one kext source or Info.plist, and the workspace's kext sources as a whole. */
import type { KextSourceFacts } from '../../kext/kextSource';
import type { KextWorkspace } from '../../kext/kextWorkspace';
import type { PlistFile, SettingsResolver } from '../../plist/plistContext';
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
}

/** A rule over one kext's Info.plist. */
export interface KextPlistRule extends RuleInfo {
  readonly applies: 'kext-plist';
  check(context: KextPlistContext): Finding[];
}
