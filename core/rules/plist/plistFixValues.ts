/**
 * What the property-list fixes write: a missing key with a sensible value, a value with its right
 * element, a missing entitlement (transport.usb / .pci built from the dext's personalities).
 */
import { dirname } from 'node:path';
import type { Fix } from '../../fixes/fix';
import { openTag, type PlistFile } from '../../plist/plistContext';
import { keyInfo, TRANSPORT_BY_PROVIDER, type ValueKind } from '../../plist/plistKeys';
import { entry, type PlistNode } from '../../plist/plistXml';
import type { Finding } from '../finding';
import type { PlistFixRequest, PlistWorkspace } from './context';
import { dextProjects } from './dextPlists';

/** Adds the key a "missing key" finding names to the dict it points at. */
export function insertEntryFix({ workspace, file }: PlistFixRequest, found: Finding): Fix | undefined {
  const key = found.data?.key;
  const dict = dictAt(file.document.root, found.span.start);
  if (!key || !dict) return undefined;
  return { title: `Add ${key}`, kind: 'quickfix', preferred: true, edits: [insertEntry(file, dict, key, valueFor(workspace, file, key))] };
}

/** Adds the entitlement a "missing entitlement" finding names. */
export function addEntitlementFix({ workspace, file }: PlistFixRequest, found: Finding): Fix | undefined {
  const key = found.data?.key;
  const root = file.document.root;
  if (!key || root?.kind !== 'dict') return undefined;
  return { title: `Add the ${key} entitlement`, kind: 'quickfix', preferred: true, edits: [insertEntry(file, root, key, entitlementValue(workspace, file, key))] };
}

/** Rewrites a value with the element its key takes. */
export function convertValueFix({ file }: PlistFixRequest, found: Finding): Fix | undefined {
  const kind = found.data?.kind as ValueKind | undefined;
  const old = file.text.slice(found.span.start, found.span.end);
  const replacement = kind ? convert(old, kind) : undefined;
  return replacement ? { title: `Write ${found.data?.key} as <${kind === 'boolean' ? 'true/' : kind}>`, kind: 'quickfix', preferred: true, edits: [{ path: file.path, span: found.span, newText: replacement }] } : undefined;
}

/** Replaces a value with the guess a finding carries ("did you mean"). */
export function useGuessFix(label: string) {
  return ({ file }: PlistFixRequest, found: Finding): Fix | undefined => {
    const guess = found.data?.guess;
    return guess ? { title: `Change ${label} to '${guess}'`, kind: 'quickfix', preferred: true, edits: [{ path: file.path, span: found.span, newText: guess }] } : undefined;
  };
}

/** transport.usb written as a boolean: the array of idVendor dicts it should be. */
export function usbArrayFix({ workspace, file }: PlistFixRequest, found: Finding): Fix | undefined {
  return { title: 'Write transport.usb as an array of idVendor dicts', kind: 'quickfix', preferred: true, edits: [{ path: file.path, span: found.span, newText: entitlementValue(workspace, file, 'com.apple.developer.driverkit.transport.usb') }] };
}

/** The innermost dict whose start tag holds the offset (missing-key findings point there). */
function dictAt(root: PlistNode | undefined, offset: number): PlistNode | undefined {
  let found: PlistNode | undefined;
  const stack: PlistNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'dict') {
      if (node.span.start === offset) found = node;
      stack.push(...node.entries.map((e) => e.value));
    } else if (node.kind === 'array') stack.push(...node.items);
  }
  return found;
}

/** Inserts `<key>key</key><value>` as the dict's first entry, indented like its entries. */
export function insertEntry(file: PlistFile, dict: PlistNode, key: string, value: string) {
  const tag = openTag(file.text, dict);
  const lineStart = file.text.lastIndexOf('\n', dict.span.start - 1) + 1;
  const dictIndent = /^[ \t]*/.exec(file.text.slice(lineStart))?.[0] ?? '';
  const first = dict.kind === 'dict' ? dict.entries[0] : undefined;
  const indent = first ? (/^[ \t]*/.exec(file.text.slice(file.text.lastIndexOf('\n', first.keySpan.start) + 1))?.[0] ?? '\t') : `${dictIndent}\t`;
  const valueLines = value.split('\n').join(`\n${indent}`);
  return { path: file.path, span: { start: tag.end, end: tag.end }, newText: `\n${indent}<key>${key}</key>\n${indent}${valueLines}` };
}

function element(kind: ValueKind, text: string): string {
  if (kind === 'boolean') return /^(true|yes|1)$/i.test(text.trim()) ? '<true/>' : '<false/>';
  if (kind === 'dict' || kind === 'array') return `<${kind}/>`;
  return `<${kind}>${text}</${kind}>`;
}

function convert(old: string, kind: ValueKind): string | undefined {
  const inner = /^<(\w+)>([\s\S]*)<\/\1>$/.exec(old.trim())?.[2] ?? (/^<(true|false)\/>$/.exec(old.trim())?.[1] ?? '');
  if (kind === 'integer' && !/^\s*(0x[0-9a-f]+|-?\d+)\s*$/i.test(inner)) return undefined;
  return element(kind, inner.trim());
}

function valueFor(workspace: PlistWorkspace, file: PlistFile, key: string): string {
  const root = file.document.root;
  if (key === 'CFBundleIdentifier' || key === 'IOUserServerName') {
    const id = entry(root, 'CFBundleIdentifier')?.value;
    if (id?.kind === 'string') return element('string', id.value);
  }
  if (key === 'IOUserClass') {
    const local = workspace.index.allClasses().find((c) => dirname(c.path) === dirname(file.path)) ?? workspace.index.allClasses()[0];
    if (local) return element('string', local.item.name);
  }
  const info = keyInfo(key);
  return element(info?.kind ?? 'string', info?.example ?? '');
}

/** transport.usb/pci as arrays of dicts built from the personalities; other entitlements are <true/>. */
function entitlementValue(workspace: PlistWorkspace, file: PlistFile, key: string): string {
  const project = dextProjects(workspace).find((p) => p.entitlements.includes(file));
  const personalities = entry(project?.info.document.root, 'IOKitPersonalities')?.value;
  const dicts = personalities?.kind === 'dict' ? personalities.entries.map((e) => e.value) : [];
  const provider = (d: PlistNode): string | undefined => {
    const value = entry(d, 'IOProviderClass')?.value;
    return value?.kind === 'string' ? value.value : undefined;
  };
  if (key.endsWith('transport.usb')) {
    const vendors = new Set(dicts.filter((d) => TRANSPORT_BY_PROVIDER[provider(d) ?? ''] === key).flatMap((d) => {
      const vendor = entry(d, 'idVendor')?.value;
      return vendor?.kind === 'integer' ? [vendor.text] : [];
    }));
    const items = [...(vendors.size ? vendors : new Set(['0']))].map((v) => `\t<dict>\n\t\t<key>idVendor</key>\n\t\t<integer>${v}</integer>\n\t</dict>`);
    return `<array>\n${items.join('\n')}\n</array>`;
  }
  if (key.endsWith('transport.pci')) {
    const matches = dicts.flatMap((d) => {
      const match = entry(d, 'IOPCIMatch')?.value ?? entry(d, 'IOPCIPrimaryMatch')?.value;
      return match?.kind === 'string' ? [match.value] : [];
    });
    const items = (matches.length ? matches : ['0x00000000&0x00000000']).map((m) => `\t<dict>\n\t\t<key>IOPCIMatch</key>\n\t\t<string>${m}</string>\n\t</dict>`);
    return `<array>\n${items.join('\n')}\n</array>`;
  }
  return '<true/>';
}
