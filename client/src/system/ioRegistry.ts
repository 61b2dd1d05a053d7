/**
 * Reading `ioreg -a` output (an XML property list) to tell which personalities of a dext have matched,
 * and under which IOUserServer they run. Pure: callers run ioreg themselves, e.g. with
 * `IOREG_COMMANDS.userServers()` or `IOREG_COMMANDS.userServices()`.
 *
 * With `-r` ioreg prints an array of subtrees, one per object of the requested class; without it, a
 * single dict (the registry root). Each dict holds the object's properties plus `IORegistryEntryName`,
 * `IOObjectClass`, `IORegistryEntryID` and, for a subtree, `IORegistryEntryChildren`. The tree is
 * walked iteratively: a deep registry never overflows the stack.
 */
import { parsePlist, plainValue, type PlistNode } from '../../../server/src/plist/plistXml';

export interface IoregEntry {
  readonly name: string;
  readonly objectClass: string;
  readonly registryId?: number;
  /** Every property except `IORegistryEntryChildren`, as plain values. */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly children: IoregEntry[];
}

export interface IoregParseResult {
  readonly entries: IoregEntry[];
  /** Set when the text is not a readable XML plist; `entries` then holds what came before the fault. */
  readonly problem?: string;
}

export interface MatchedService {
  /** IOObjectClass, the kernel-side class (the personality's IOClass), e.g. `IOUserService`. */
  readonly className: string;
  /** IOUserClass, the dext's own class that runs in the dext process. */
  readonly userClass: string;
  /** IOUserServerName: the server (process) the service lives in. */
  readonly serverName: string;
  /** `Name (Class)` of the object it matched on, when the output included it. */
  readonly provider?: string;
  readonly registryId?: number;
  readonly properties: Readonly<Record<string, unknown>>;
}

export const IOREG_COMMANDS = {
  executable: 'ioreg',
  /** Running dext servers with all their properties. */
  userServers(): string[] {
    return ['-a', '-l', '-w0', '-r', '-c', 'IOUserServer'];
  },
  /** Services whose kernel class is (derived from) `className`, with their subtrees. */
  userServices(className = 'IOUserService'): string[] {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(className)) throw new Error(`Not a class name: ${JSON.stringify(className)}`);
    return ['-a', '-l', '-w0', '-r', '-c', className];
  },
} as const;

const CHILDREN = 'IORegistryEntryChildren';

export function parseIoregPlist(xml: string): IoregParseResult {
  const doc = parsePlist(xml);
  const entries: IoregEntry[] = [];
  const roots: PlistNode[] = !doc.root ? [] : doc.root.kind === 'array' ? doc.root.items : [doc.root];
  // Each work item converts one dict node and appends it to its parent's list.
  const work: Array<{ node: PlistNode; into: IoregEntry[] }> = [];
  for (let i = roots.length - 1; i >= 0; i--) work.push({ node: roots[i], into: entries });
  // Pushed in reverse and popped depth-first, so every list keeps the plist's order.
  while (work.length) {
    const { node, into } = work.pop()!;
    if (node.kind !== 'dict') continue;
    const properties: Record<string, unknown> = {};
    let children: PlistNode[] = [];
    for (const e of node.entries) {
      if (e.key === CHILDREN) {
        if (e.value.kind === 'array') children = e.value.items;
      } else {
        properties[e.key] = plainValue(e.value);
      }
    }
    const entry: IoregEntry = {
      name: typeof properties.IORegistryEntryName === 'string' ? properties.IORegistryEntryName : '',
      objectClass: typeof properties.IOObjectClass === 'string' ? properties.IOObjectClass : '',
      ...(typeof properties.IORegistryEntryID === 'number' ? { registryId: properties.IORegistryEntryID } : {}),
      properties,
      children: [],
    };
    into.push(entry);
    for (let i = children.length - 1; i >= 0; i--) work.push({ node: children[i], into: entry.children });
  }
  return doc.problem ? { entries, problem: doc.problem.message } : { entries };
}

/**
 * The services of dext `bundleId` found anywhere in `entries`: objects carrying an IOUserClass whose
 * personality came from that bundle (CFBundleIdentifier, or IOUserServerName when the bundle id is
 * absent). IOUserServer objects themselves are not services.
 */
export function matchedServices(entries: readonly IoregEntry[], bundleId: string): MatchedService[] {
  const found: MatchedService[] = [];
  const stack: Array<{ entry: IoregEntry; parent?: IoregEntry; server?: string }> = [];
  for (let i = entries.length - 1; i >= 0; i--) stack.push({ entry: entries[i] });
  while (stack.length) {
    const { entry, parent, server } = stack.pop()!;
    const p = entry.properties;
    const userClass = str(p.IOUserClass);
    const bundle = str(p.CFBundleIdentifier);
    const serverName = str(p.IOUserServerName) ?? server;
    const isServer = entry.objectClass === 'IOUserServer';
    const ours = bundle !== undefined ? bundle === bundleId : serverName === bundleId;
    if (!isServer && userClass && ours) {
      found.push({
        className: entry.objectClass,
        userClass,
        serverName: serverName ?? '',
        ...(parent ? { provider: describe(parent) } : {}),
        ...(entry.registryId !== undefined ? { registryId: entry.registryId } : {}),
        properties: p,
      });
    }
    const childServer = isServer ? (str(p.IOUserServerName) ?? serverFromName(entry.name) ?? server) : server;
    for (let i = entry.children.length - 1; i >= 0; i--) stack.push({ entry: entry.children[i], parent: entry, server: childServer });
  }
  return found;
}

/** The dext servers listed in `entries` (e.g. from `IOREG_COMMANDS.userServers()`). */
export function userServers(entries: readonly IoregEntry[]): Array<{ serverName: string; registryId?: number; properties: Readonly<Record<string, unknown>> }> {
  const out: Array<{ serverName: string; registryId?: number; properties: Readonly<Record<string, unknown>> }> = [];
  const stack = [...entries].reverse();
  while (stack.length) {
    const e = stack.pop()!;
    if (e.objectClass === 'IOUserServer') {
      out.push({
        serverName: str(e.properties.IOUserServerName) ?? serverFromName(e.name) ?? e.name,
        ...(e.registryId !== undefined ? { registryId: e.registryId } : {}),
        properties: e.properties,
      });
    }
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]);
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `IOUserServer(com.example.MyDriver-0x100000a2b)` → `com.example.MyDriver`. */
function serverFromName(name: string): string | undefined {
  const m = /^IOUserServer\((.+?)(?:-0x[0-9a-f]+)?\)$/i.exec(name);
  return m?.[1];
}

function describe(e: IoregEntry): string {
  return e.name && e.objectClass && e.name !== e.objectClass ? `${e.name} (${e.objectClass})` : e.name || e.objectClass;
}
