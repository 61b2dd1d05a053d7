/**
 * Walking a dext Info.plist's personalities: the personalities a dext serves (a kernel-only
 * personality in the same file, one that merely merges properties, is left alone) and the nested
 * user-client dictionaries passed to IOService::Create.
 */
import { entry, type PlistEntry, type PlistNode } from '../../plist/plistXml';
import { isDextPersonality } from './dextPlists';

export interface Personality {
  readonly entry: PlistEntry;
  readonly dict: Extract<PlistNode, { kind: 'dict' }>;
}

/** Dicts the personality hands to IOService::Create: UserClientProperties and the families' own. */
const NESTED_DICT = /UserClientProperties$/;

export function dextPersonalities(root: PlistNode | undefined): Personality[] {
  const personalities = entry(root, 'IOKitPersonalities')?.value;
  if (personalities?.kind !== 'dict') return [];
  return personalities.entries.flatMap((e) => (e.value.kind === 'dict' && isDextPersonality(e.value) ? [{ entry: e, dict: e.value }] : []));
}

/** The nested IOService::Create dictionaries of a personality. */
export function nestedDicts(personality: Personality): Personality[] {
  return personality.dict.entries.flatMap((e) => (NESTED_DICT.test(e.key) && e.value.kind === 'dict' ? [{ entry: e, dict: e.value }] : []));
}
