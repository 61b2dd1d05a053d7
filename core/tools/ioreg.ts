/**
 * Reading `ioreg -a` output (an XML property list) to tell which personalities of a dext have matched,
 * and under which IOUserServer they run. Pure: callers run ioreg themselves, with one of the argument
 * lists in `IOREG_COMMANDS`.
 *
 * Shapes ioreg prints (IOKitTools' ioreg.c):
 * - without `-r`: one dict, the plane's root, whose `IORegistryEntryChildren` is an array;
 * - with `-r`: an array holding one subtree per matching object (objects inside an already printed
 *   subtree are not printed again);
 * - with `-r -t`: each of those subtrees wrapped in its ancestors, root first; an ancestor's
 *   `IORegistryEntryChildren` is then a single dict (the next ancestor or the match), not an array.
 * Each dict holds the object's properties (all of them with `-l`) plus `IORegistryEntryName`,
 * `IORegistryEntryLocation` (when it has one), `IORegistryEntryID` and `IOObjectClass`. Trees are
 * walked iteratively: a deep registry never overflows the stack.
 */
import { parsePlist, plainValue, type PlistNode } from '../plist/plistXml';

export interface IoregEntry {
  readonly name: string;
  readonly objectClass: string;
  readonly registryId?: number;
  /** IORegistryEntryLocation, e.g. `0` for an interface, `00100000` for a USB device. */
  readonly location?: string;
  /** Every property except `IORegistryEntryChildren`, as plain values. */
  readonly properties: Readonly<Record<string, unknown>>;
  readonly children: IoregEntry[];
}

export interface IoregParseResult {
  readonly entries: IoregEntry[];
  /** True when ioreg printed selected subtrees (`-r`, an array), false for a whole plane (one dict). */
  readonly subtrees: boolean;
  /** Set when the text is not a readable XML plist; `entries` then holds what came before the fault. */
  readonly problem?: string;
}

/** One entry met on a walk, with the way back up to its root (parent, grandparent, ...). */
export interface RegistryVisit {
  readonly entry: IoregEntry;
  readonly parent?: RegistryVisit;
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

export interface UserServer {
  /** The IOUserServerName, i.e. the dext's server name (usually its bundle id). */
  readonly serverName: string;
  /** The registry name, `IOUserServer(<server name>-0x<tag>)`. */
  readonly entryName: string;
  readonly registryId?: number;
  /** IOUserServerTag: the registry id of the service whose match started this process. */
  readonly tag?: number;
  /** IOAssociatedServices: registry ids of the services this process runs (newer macOS). */
  readonly associatedServices: readonly number[];
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
  /**
   * What the matching status needs in one run: every object that has an IOUserServerName (each
   * dext service carries it from its personality, and each IOUserServer has it too; IOUserServers
   * have no IOUserClass, so `-k IOUserClass` would miss them), each with its subtree and, through
   * `-t`, its ancestors: the parent is the provider. Typically a few hundred kB, where the whole
   * IOService plane (`-a -l -w0`) is several MB.
   */
  matchingStatus(): string[] {
    return ['-a', '-l', '-w0', '-r', '-t', '-k', 'IOUserServerName'];
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
        // An array of children, or (an ancestor printed by `-t`) the one child on the way down.
        children = e.value.kind === 'array' ? e.value.items : [e.value];
      } else {
        properties[e.key] = plainValue(e.value);
      }
    }
    const entry: IoregEntry = {
      name: str(properties.IORegistryEntryName) ?? '',
      objectClass: str(properties.IOObjectClass) ?? '',
      ...(typeof properties.IORegistryEntryID === 'number' ? { registryId: properties.IORegistryEntryID } : {}),
      ...(str(properties.IORegistryEntryLocation) ? { location: str(properties.IORegistryEntryLocation) } : {}),
      properties,
      children: [],
    };
    into.push(entry);
    for (let i = children.length - 1; i >= 0; i--) work.push({ node: children[i], into: entry.children });
  }
  const subtrees = doc.root?.kind === 'array';
  return doc.problem ? { entries, subtrees, problem: doc.problem.message } : { entries, subtrees };
}

/** Every entry of the trees, depth-first in plist order, each with its chain of parents. */
export function* walkRegistry(entries: readonly IoregEntry[]): Generator<RegistryVisit> {
  const stack: RegistryVisit[] = [];
  for (let i = entries.length - 1; i >= 0; i--) stack.push({ entry: entries[i] });
  while (stack.length) {
    const visit = stack.pop()!;
    yield visit;
    const { children } = visit.entry;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ entry: children[i], parent: visit });
  }
}

/**
 * Like `walkRegistry`, but an entry whose registry id was already met is skipped (its children are
 * still walked): with `-t`, ancestors shared by several matches are printed once per match.
 */
export function* distinctEntries(entries: readonly IoregEntry[]): Generator<RegistryVisit> {
  const seen = new Set<number>();
  for (const visit of walkRegistry(entries)) {
    const id = visit.entry.registryId;
    if (id !== undefined) {
      if (seen.has(id)) continue;
      seen.add(id);
    }
    yield visit;
  }
}

/** The parents of a visit, nearest first. */
export function ancestorsOf(visit: RegistryVisit): IoregEntry[] {
  const out: IoregEntry[] = [];
  for (let up = visit.parent; up; up = up.parent) out.push(up.entry);
  return out;
}

/**
 * The services of dext `bundleId` found anywhere in `entries`: objects carrying an IOUserClass whose
 * personality came from that bundle (CFBundleIdentifier, or IOUserServerName when the bundle id is
 * absent). IOUserServer objects themselves are not services.
 */
export function matchedServices(entries: readonly IoregEntry[], bundleId: string): MatchedService[] {
  const found: MatchedService[] = [];
  for (const visit of walkRegistry(entries)) {
    const { entry } = visit;
    const p = entry.properties;
    const userClass = str(p.IOUserClass);
    const bundle = str(p.CFBundleIdentifier);
    const enclosing = ancestorsOf(visit).find((a) => a.objectClass === 'IOUserServer');
    const serverName = str(p.IOUserServerName) ?? (enclosing && serverNameOf(enclosing));
    const ours = bundle !== undefined ? bundle === bundleId : serverName === bundleId;
    if (entry.objectClass !== 'IOUserServer' && userClass && ours) {
      found.push({
        className: entry.objectClass,
        userClass,
        serverName: serverName ?? '',
        ...(visit.parent ? { provider: describeEntry(visit.parent.entry) } : {}),
        ...(entry.registryId !== undefined ? { registryId: entry.registryId } : {}),
        properties: p,
      });
    }
  }
  return found;
}

/** The dext servers listed in `entries` (e.g. from `IOREG_COMMANDS.userServers()`), each once. */
export function userServers(entries: readonly IoregEntry[]): UserServer[] {
  const out: UserServer[] = [];
  for (const { entry: e } of distinctEntries(entries)) {
    if (e.objectClass !== 'IOUserServer') continue;
    const associated = Array.isArray(e.properties.IOAssociatedServices) ? e.properties.IOAssociatedServices : [];
    out.push({
      serverName: serverNameOf(e),
      entryName: e.name,
      ...(e.registryId !== undefined ? { registryId: e.registryId } : {}),
      ...(typeof e.properties.IOUserServerTag === 'number' ? { tag: e.properties.IOUserServerTag } : {}),
      associatedServices: associated.filter((id): id is number => typeof id === 'number'),
      properties: e.properties,
    });
  }
  return out;
}

/** `Name@location (Class)`, leaving out what adds nothing. */
export function describeEntry(e: IoregEntry): string {
  const name = e.location ? `${e.name}@${e.location}` : e.name;
  return name && e.objectClass && e.name !== e.objectClass ? `${name} (${e.objectClass})` : name || e.objectClass;
}

/** `describeEntry` of the entry and of its parent: for a USB interface, `IOUSBHostInterface@0 of Sensor@01100000 (IOUSBHostDevice)`. */
export function describePlace(visit: RegistryVisit): string {
  const parent = visit.parent?.entry;
  return parent ? `${describeEntry(visit.entry)} of ${describeEntry(parent)}` : describeEntry(visit.entry);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function serverNameOf(server: IoregEntry): string {
  return str(server.properties.IOUserServerName) ?? serverFromName(server.name) ?? server.name;
}

/** `IOUserServer(com.example.MyDriver-0x100000a2b)` → `com.example.MyDriver`. */
function serverFromName(name: string): string | undefined {
  const m = /^IOUserServer\((.+?)(?:-0x[0-9a-f]+)?\)$/i.exec(name);
  return m?.[1];
}
