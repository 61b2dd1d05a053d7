/**
 * Completion and hover in Info.plist and .entitlements: keys for where the cursor is (top level,
 * a personality and its matching keys by provider, UserClientProperties, entitlements) written with
 * the right value element, and values for IOClass, IOProviderClass, IOUserClass and friends.
 * Works lexically, so it helps while the file is half typed and not yet well-formed.
 */
import type { Candidate } from './candidate';
import type { Span } from '../model/span';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import type { SdkCatalog } from '../sdk/sdkCatalog';
import { ENTITLEMENT_KEYS, HID_MATCHING_KEYS, IOCLASS_FAMILIES, keyInfo, PCI_MATCHING_KEYS, PERSONALITY_KEYS, TOP_LEVEL_KEYS, USB_MATCHING_KEYS, type KeyInfo, type ValueKind } from '../plist/plistKeys';

export interface PlistCursorRequest {
  readonly text: string;
  readonly offset: number;
  readonly entitlements: boolean;
  readonly index: WorkspaceIndex;
  readonly catalog: SdkCatalog;
}

interface Place {
  /** Keys from the root to the dict the cursor is in ("IOKitPersonalities", "MyDriver"). */
  readonly path: readonly string[];
  /** Where that dict starts. */
  readonly dictStart: number;
  /** The key whose value the cursor is in, if any. */
  readonly valueKey?: string;
  /** Inside <key>…</key>: where the key text starts. */
  readonly keyTextStart?: number;
  /** Inside <string>…</string>: where the value text starts. */
  readonly stringTextStart?: number;
}

const TAG = /<(\/?)(\w+)(\/?)>|<!--[\s\S]*?-->/g;

/** Scans the tags before the cursor, keeping a stack of open dicts and arrays with their keys. */
function placeOf(text: string, offset: number): Place {
  const stack: { kind: string; key?: string; start: number }[] = [];
  let lastKey: string | undefined;
  let open: { name: string; end: number } | undefined;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m && m.index < offset; m = TAG.exec(text)) {
    if (!m[2]) continue; // a comment
    const [, closing, name, selfClosing] = m;
    const end = m.index + m[0].length;
    if (end > offset) break;
    if (closing) {
      if (name === 'key') lastKey = text.slice(open?.end ?? end, m.index).trim();
      else if (name === 'dict' || name === 'array') stack.pop();
      else lastKey = undefined;
      open = undefined;
      continue;
    }
    if (selfClosing) {
      lastKey = undefined;
      continue;
    }
    if (name === 'dict' || name === 'array') {
      stack.push({ kind: name, key: lastKey, start: m.index });
      lastKey = undefined;
    }
    open = { name, end };
  }
  const path = stack.filter((frame, i) => i > 0 && frame.kind === 'dict' && frame.key !== undefined).map((frame) => frame.key!);
  const dictStart = stack[stack.length - 1]?.start ?? 0;
  if (open?.name === 'key') return { path, dictStart, keyTextStart: open.end };
  if (open?.name === 'string') return { path, dictStart, valueKey: lastKey, stringTextStart: open.end };
  return { path, dictStart };
}

/** The keys that belong in the dict at `place`. */
function keysFor(request: PlistCursorRequest, place: Place): readonly KeyInfo[] {
  if (request.entitlements) return place.path.length === 0 ? ENTITLEMENT_KEYS : [];
  const { path } = place;
  if (path.length === 0) return TOP_LEVEL_KEYS;
  if (path[path.length - 1] === 'UserClientProperties') return PERSONALITY_KEYS.filter((k) => k.key === 'IOClass' || k.key === 'IOUserClass');
  if (path[0] === 'IOKitPersonalities' && path.length === 2) {
    const end = request.text.indexOf('</dict>', request.offset);
    const region = request.text.slice(place.dictStart, end < 0 ? request.text.length : end);
    const provider = /<key>\s*IOProviderClass\s*<\/key>\s*<string>\s*(\w+)\s*<\/string>/.exec(region)?.[1];
    const matching =
      provider === 'IOUSBHostDevice' || provider === 'IOUSBHostInterface'
        ? USB_MATCHING_KEYS
        : provider === 'IOHIDInterface'
          ? HID_MATCHING_KEYS
          : provider === 'IOPCIDevice'
            ? PCI_MATCHING_KEYS
            : [...USB_MATCHING_KEYS, ...HID_MATCHING_KEYS, ...PCI_MATCHING_KEYS];
    return [...PERSONALITY_KEYS, ...matching];
  }
  return [];
}

function valueElement(kind: ValueKind, example: string | undefined, placeholder: boolean): string {
  if (kind === 'boolean') return '<true/>';
  if (kind === 'dict' || kind === 'array') return placeholder ? `<${kind}>\n\t$0\n</${kind}>` : `<${kind}/>`;
  const value = example ?? (kind === 'integer' ? '0' : '');
  return placeholder ? `<${kind}>\${1:${value.replace(/[$}\\]/g, '\\$&')}}</${kind}>` : `<${kind}>${value}</${kind}>`;
}

export function plistCompletion(request: PlistCursorRequest): Candidate[] {
  const { text, offset } = request;
  const place = placeOf(text, offset);
  if (place.stringTextStart !== undefined) return valueCandidates(request, place);
  const keys = keysFor(request, place);
  if (keys.length === 0) return [];
  const present = new Set([...text.slice(place.dictStart, offset).matchAll(/<key>\s*([^<]+?)\s*<\/key>/g)].map((m) => m[1]));
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  if (place.keyTextStart !== undefined) {
    // Inside <key>…</key>: complete the name and, when no value follows yet, write one.
    const close = text.indexOf('</key>', offset);
    const nextTag = text.indexOf('<', offset);
    const closes = close >= 0 && close === nextTag;
    const afterClose = closes ? close + '</key>'.length : offset;
    const hasValue = closes && /^\s*<(?!key>|\/dict>)/.test(text.slice(afterClose));
    const replace: Span = { start: place.keyTextStart, end: hasValue ? close : afterClose };
    return keys.filter((k) => !present.has(k.key)).map((k, i) => ({
      label: k.key,
      kind: 'field',
      detail: `<${k.kind === 'boolean' ? 'true/' : k.kind}>`,
      documentation: k.summary,
      insertText: hasValue ? k.key : `${k.key}</key>\n${indent}${valueElement(k.kind, k.example, true)}`,
      snippet: !hasValue,
      replace,
      rank: i,
    }));
  }
  // Between elements: a whole <key> with its value.
  const typed = /<?\w*$/.exec(text.slice(lineStart, offset))?.[0] ?? '';
  const replace: Span = { start: offset - typed.length, end: offset };
  return keys.filter((k) => !present.has(k.key)).map((k, i) => ({
    label: k.key,
    kind: 'field',
    detail: `<${k.kind === 'boolean' ? 'true/' : k.kind}>`,
    documentation: k.summary,
    insertText: `<key>${k.key}</key>\n${indent}${valueElement(k.kind, k.example, true)}`,
    snippet: true,
    filterText: `<key>${k.key}`,
    replace,
    rank: i,
  }));
}

function valueCandidates(request: PlistCursorRequest, place: Place): Candidate[] {
  const start = place.stringTextStart!;
  const close = request.text.indexOf('</string>', request.offset);
  const replace: Span = { start, end: close >= 0 && close === request.text.indexOf('<', request.offset) ? close : request.offset };
  const values = (key: string | undefined): { value: string; detail?: string }[] => {
    switch (key) {
      case 'IOClass':
        return [...Object.keys(IOCLASS_FAMILIES)].map((value) => ({ value, detail: `runs an ${IOCLASS_FAMILIES[value].base}` }));
      case 'IOProviderClass':
        return ['IOUserResources', ...request.catalog.classes().filter((c) => c.role === 'provider').map((c) => c.name)].map((value) => ({ value }));
      case 'IOUserClass':
        return request.index.allClasses().map((c) => ({ value: c.item.name, detail: c.item.baseClass ? `: ${c.item.baseClass}` : undefined }));
      case 'CFBundlePackageType':
        return [{ value: 'DEXT' }];
      case 'IOResourceMatch':
        return [{ value: 'IOKit' }];
      case 'Transport':
        return ['USB', 'Bluetooth', 'BluetoothLowEnergy', 'SPI', 'I2C', 'Virtual'].map((value) => ({ value }));
      default:
        return [];
    }
  };
  return values(place.valueKey).map(({ value, detail }, i) => ({ label: value, kind: 'constant', detail, insertText: value, replace, rank: i }));
}

/** Hover on a key: what it means and the value element it takes. */
export function plistHover(request: PlistCursorRequest): { markdown: string; span: Span } | undefined {
  const { text, offset } = request;
  const open = text.lastIndexOf('<key>', offset);
  const close = text.indexOf('</key>', open);
  if (open < 0 || close < 0 || offset < open || offset > close + 6) return undefined;
  const start = open + '<key>'.length;
  const key = text.slice(start, close).trim();
  const info = keyInfo(key) ?? ENTITLEMENT_KEYS.find((k) => k.key === key);
  if (!info) return undefined;
  const element = info.kind === 'boolean' ? '<true/> or <false/>' : `<${info.kind}>`;
  return { markdown: `**${key}** — ${element}\n\n${info.summary}`, span: { start, end: close } };
}
