/**
 * Fixes of the signing findings, offered and never applied on their own: remove a key (the forbidden
 * sandbox key in a dext, or an entitlement the profile does not grant), write the value the profile
 * grants, add the install entitlement to a host app. The values come with the finding (`data`), so a
 * fix only edits text.
 */
import type { Fix } from '../../fixes/fix';
import { entry } from '../../plist/plistXml';
import type { Finding } from '../finding';
import type { PlistFixRequest } from '../plist/context';
import { insertEntry } from '../plist/plistFixValues';

/** Removes the `<key>` a finding names and its value, with the lines they stand on. */
export function removeKeyFix({ file }: PlistFixRequest, found: Finding, preferred: boolean): Fix | undefined {
  const key = found.data?.key;
  const item = key ? entry(file.document.root, key) : undefined;
  if (!key || !item) return undefined;
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', item.keySpan.start - 1) + 1;
  const onlySpaceBefore = /^[ \t]*$/.test(text.slice(lineStart, item.keySpan.start));
  const lineEnd = text.indexOf('\n', item.value.span.end);
  const onlySpaceAfter = /^[ \t\r]*$/.test(text.slice(item.value.span.end, lineEnd < 0 ? text.length : lineEnd));
  const start = onlySpaceBefore ? lineStart : item.keySpan.start;
  const end = onlySpaceAfter && lineEnd >= 0 ? lineEnd + 1 : item.value.span.end;
  const why = found.data?.profileName ? ` (not granted by "${found.data.profileName}")` : '';
  return { title: `Remove ${key}${why}`, kind: 'quickfix', preferred, edits: [{ path: file.path, span: { start, end }, newText: '' }] };
}

/** Writes the value the profile grants (`data.granted`, property-list XML) in place of the key's value. */
export function grantedValueFix({ file }: PlistFixRequest, found: Finding): Fix | undefined {
  const key = found.data?.key;
  const xml = found.data?.granted;
  const item = key ? entry(file.document.root, key) : undefined;
  if (!key || !xml || !item) return undefined;
  const lineStart = file.text.lastIndexOf('\n', item.value.span.start - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart))?.[0] ?? '';
  const newText = xml.split('\n').join(`\n${indent}`);
  return { title: `Use what "${found.data?.profileName ?? 'the profile'}" grants: ${found.data?.grantedText ?? key}`, kind: 'quickfix', preferred: true, edits: [{ path: file.path, span: item.value.span, newText }] };
}

/** Adds `<key>` with `<true/>`, or sets an existing key's value to `<true/>`. */
export function setTrueFix({ file }: PlistFixRequest, found: Finding): Fix | undefined {
  const key = found.data?.key;
  const root = file.document.root;
  if (!key || root?.kind !== 'dict') return undefined;
  const existing = entry(root, key);
  const edit = existing ? { path: file.path, span: existing.value.span, newText: '<true/>' } : insertEntry(file, root, key, '<true/>');
  return { title: existing ? `Set ${key} to true` : `Add ${key}`, kind: 'quickfix', preferred: true, edits: [edit] };
}
