/**
 * The signing part of a hover on an entitlement key in a .entitlements file: for each target
 * configuration that signs with the file, which provisioning profile grants the key (or that none
 * does, and why that profile or none is the one Xcode would sign with). Configurations that sign
 * with the same profile for the same reason share one paragraph.
 */
import { entry, plainValue } from '../plist/plistXml';
import { entitlementHover } from '../signing/signingHover';
import type { Workspace } from './workspace';

export function signingHoverAt(workspace: Workspace, path: string, offset: number): string | undefined {
  const file = workspace.plistFile(path);
  const root = file?.document.root;
  if (root?.kind !== 'dict') return undefined;
  const item = root.entries.find((e) => offset >= e.keySpan.start && offset <= e.keySpan.end);
  if (!item) return undefined;
  const targets = workspace.signingState().targets.filter((t) => t.entitlements?.path === path);
  if (targets.length === 0) return undefined;
  const requested = plainValue(entry(root, item.key)!.value);
  const paragraphs = new Map<string, string[]>();
  for (const target of targets) {
    const text = target.choice
      ? entitlementHover(item.key, requested, target.choice).replace(/^\*\*[^*]+\*\*\s*(?:—\s*|:\s*)?/, '')
      : `No provisioning profile was read, so whether a profile grants it is not known. Profiles were looked for in ${searchedWords(workspace)}; add a folder in the setting driverkit.signing.profileFolders (or driverkit-check --profiles DIR).`;
    const who = `${target.name}${target.configuration ? ` (${target.configuration})` : ''}`;
    paragraphs.set(text, [...(paragraphs.get(text) ?? []), who]);
  }
  const parts = [...paragraphs].map(([text, who]) => `*${who.join(', ')}:* ${text}`);
  return `**Provisioning profile** for ${item.key}\n\n${parts.join('\n\n')}`;
}

function searchedWords(workspace: Workspace): string {
  const folders = workspace.signing.searched();
  return folders.length === 0 ? 'no folder' : folders.map((f) => `\`${f}\``).join(', ');
}
