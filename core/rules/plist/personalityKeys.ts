/**
 * The keys of a dext personality as the kernel reads them. It needs IOClass, IOProviderClass,
 * IOUserClass and IOUserServerName (the last is what makes a personality a dext's at all); it fills
 * in CFBundleIdentifier from the bundle when missing, but a value naming another bundle stops the
 * launch. IOUserServerName may differ from the bundle id (Apple's own samples do) except that with
 * IOUserServerOneProcess the kernel shares a process only within the bundle id's organisation.
 */
import { openTag, resolvedString, valueSpan } from '../../plist/plistContext';
import { entry } from '../../plist/plistXml';
import { finding, type Finding } from '../finding';
import type { InfoPlistRule } from './context';
import { dextPersonalities, nestedDicts } from './personalities';
import { insertEntryFix } from './plistFixValues';

const REQUIRED = ['IOClass', 'IOProviderClass', 'IOUserClass', 'IOUserServerName'] as const;
const NESTED_REQUIRED = ['IOClass', 'IOUserClass'] as const;

export const personalityMissingKey: InfoPlistRule = {
  id: 'plist.personality.missing-key',
  severity: 'error',
  summary: 'A dext personality without IOClass, IOProviderClass, IOUserClass or IOUserServerName (or a user-client dict without IOClass or IOUserClass).',
  applies: 'info-plist',
  local: true,
  check: ({ file }) => {
    const out: Finding[] = [];
    for (const personality of dextPersonalities(file.document.root)) {
      const at = openTag(file.text, personality.dict);
      for (const key of REQUIRED) {
        if (!entry(personality.dict, key)) out.push(finding(personalityMissingKey, file.path, at, `The personality '${personality.entry.key}' has no ${key}.`, undefined, { key }));
      }
      for (const nested of nestedDicts(personality)) {
        const nestedAt = openTag(file.text, nested.dict);
        for (const key of NESTED_REQUIRED) {
          if (!entry(nested.dict, key)) out.push(finding(personalityMissingKey, file.path, nestedAt, `${nested.entry.key} has no ${key}.`, undefined, { key }));
        }
      }
    }
    return out;
  },
  fix: insertEntryFix,
};

export const bundleId: InfoPlistRule = {
  id: 'plist.personality.bundle-id',
  severity: 'error',
  summary: 'A personality\'s CFBundleIdentifier differs from the bundle id the dext is built with (the kernel cannot launch it).',
  applies: 'info-plist',
  check: ({ project, file, resolver }) => {
    const out: Finding[] = [];
    if (project.bundleId === undefined) return out;
    for (const personality of dextPersonalities(file.document.root)) {
      const idEntry = entry(personality.dict, 'CFBundleIdentifier');
      const id = resolvedString(personality.dict, 'CFBundleIdentifier', resolver);
      if (!idEntry || id === undefined || id === project.bundleId) continue;
      out.push(finding(bundleId, file.path, valueSpan(idEntry), `The personality says CFBundleIdentifier '${id}' but the dext is built as '${project.bundleId}': the kernel would look for a dext that does not exist.`, undefined, { guess: project.bundleId }));
    }
    return out;
  },
  fix: ({ file }, found) => (found.data?.guess ? { title: `Use '${found.data.guess}'`, kind: 'quickfix', preferred: true, edits: [{ path: file.path, span: found.span, newText: found.data.guess }] } : undefined),
};

/** `com.example` of `com.example.Driver`. */
function organisation(id: string): string {
  return id.split('.').slice(0, 2).join('.');
}

export const serverName: InfoPlistRule = {
  id: 'plist.personality.server-name',
  severity: 'warning',
  summary: 'With IOUserServerOneProcess, an IOUserServerName outside the bundle id\'s organisation (the kernel then starts a process per match).',
  applies: 'info-plist',
  check: ({ project, file, resolver }) => {
    const out: Finding[] = [];
    if (project.bundleId === undefined) return out;
    for (const personality of dextPersonalities(file.document.root)) {
      const serverEntry = entry(personality.dict, 'IOUserServerName');
      const server = resolvedString(personality.dict, 'IOUserServerName', resolver);
      if (!serverEntry || server === undefined || !entry(personality.dict, 'IOUserServerOneProcess')) continue;
      if (organisation(server) === organisation(project.bundleId)) continue;
      out.push(finding(serverName, file.path, valueSpan(serverEntry), `IOUserServerName '${server}' is not in the organisation of the bundle id '${project.bundleId}', so the kernel ignores IOUserServerOneProcess and starts a process for each match.`));
    }
    return out;
  },
};
