/**
 * "Matching status": for each IOKit personality the workspace declares, the services the kernel
 * created from it (with provider and IOUserServer), or plain words on why there are none. Pure: the
 * caller runs ioreg (`IOREG_COMMANDS.matchingStatus()`) and reads the Info.plist files.
 *
 * Which service belongs to which personality. The kernel does not record a personality's name, but a
 * service keeps the personality it was made from: newer macOS stores it whole as
 * `IOMatchedPersonality`; every version merges its keys into the service's own properties. So a
 * service is compared with that recorded personality (or, without one, with its own properties):
 *  - identity: IOUserClass must be equal, and so must IOProviderClass and the bundle id when both
 *    sides have them;
 *  - every other key both sides have (IOClass, IOUserServerName, idVendor, idProduct,
 *    bInterfaceNumber, UserClientProperties, ...) must be equal too; a difference rules it out;
 *  - of the personalities left, the one with most equal keys wins; on a tie, the first declared.
 * A service that fits the identity but differs in some key is kept as a "near miss": it usually means
 * the installed dext was built from another version of the Info.plist.
 */
import { isDeepStrictEqual } from 'node:util';
import { ancestorsOf, describeEntry, describePlace, distinctEntries, userServers, type IoregEntry, type IoregParseResult, type RegistryVisit, type UserServer } from '../../../core/tools/ioreg';
import { providerReasons, show } from './matchingStatusReasons';
import type { DextPersonality } from '../../../core/workspace/dextPersonalities';

export interface MatchedInstance {
  readonly service: IoregEntry;
  /** The service's parent in the IOService plane: what it matched on. Absent when ioreg did not print it. */
  readonly provider?: IoregEntry;
  /** The provider and its parent in words (`describePlace`); the service itself when no provider was printed. */
  readonly place: string;
  /** `describeEntry` of each ancestor, plane root first, provider last. */
  readonly path: readonly string[];
  readonly server?: UserServer;
  /** How many IOUserServers carry the service's server name (more than one and none tagged: unknown which). */
  readonly serversNamed: number;
}

export interface PersonalityStatus<P extends DextPersonality = DextPersonality> {
  readonly personality: P;
  readonly instances: readonly MatchedInstance[];
  /** Plain words, one sentence or two each, on why nothing matched (empty when something did). */
  readonly reasons: readonly string[];
}

export interface MatchingStatus<P extends DextPersonality = DextPersonality> {
  readonly statuses: readonly PersonalityStatus<P>[];
  /** Set when ioreg's output could not be read; `statuses` is then empty. */
  readonly problem?: string;
}

/** Keys the kernel adds or sets itself (or a driver may change at run time): never compared. */
const RUNTIME_KEYS = new Set(['IOProbeScore', 'IOMatchCategory', 'IOPersonalityPublisher', 'CFBundleIdentifierKernel', 'IOUserServerCDHash']);

interface Comparison {
  readonly agreed: number;
  readonly differences: ReadonlyArray<{ key: string; workspace: unknown; registry: unknown }>;
}

interface Service {
  readonly visit: RegistryVisit;
  /** IOMatchedPersonality when present, else the service's own properties. */
  readonly recorded: Readonly<Record<string, unknown>>;
}

export function matchingStatus<P extends DextPersonality>(personalities: readonly P[], ioreg: IoregParseResult): MatchingStatus<P> {
  if (ioreg.problem) return { statuses: [], problem: `ioreg's output is not a readable property list: ${ioreg.problem}` };
  const servers = userServers(ioreg.entries);
  const services = dextServices(ioreg.entries);
  const claimed = new Map<Service, number>();
  for (const service of services) {
    let best: { index: number; agreed: number } | undefined;
    personalities.forEach((p, index) => {
      const c = compare(p, service.recorded);
      if (c && c.differences.length === 0 && (!best || c.agreed > best.agreed)) best = { index, agreed: c.agreed };
    });
    if (best) claimed.set(service, best.index);
  }
  const statuses = personalities.map((personality, index): PersonalityStatus<P> => {
    const instances = services.filter((s) => claimed.get(s) === index).map((s) => instanceOf(s.visit, servers));
    if (instances.length > 0) return { personality, instances, reasons: [] };
    const nearMisses = services.filter((s) => !claimed.has(s)).flatMap((s) => {
      const c = compare(personality, s.recorded);
      return c && c.differences.length > 0 ? [{ service: s, comparison: c }] : [];
    });
    return { personality, instances, reasons: reasonsFor(personality, servers, nearMisses, ioreg) };
  });
  return { statuses };
}

/** Objects that run a dext class: they have an IOUserClass and are not an IOUserServer. Each once. */
function dextServices(entries: readonly IoregEntry[]): Service[] {
  const out: Service[] = [];
  for (const visit of distinctEntries(entries)) {
    const { entry } = visit;
    if (typeof entry.properties.IOUserClass !== 'string' || entry.objectClass === 'IOUserServer') continue;
    const matched = entry.properties.IOMatchedPersonality;
    const recorded = matched && typeof matched === 'object' && !Array.isArray(matched) ? (matched as Record<string, unknown>) : entry.properties;
    out.push({ visit, recorded });
  }
  return out;
}

/** Undefined when the identity differs; else how many keys agree and which differ. */
function compare(p: DextPersonality, recorded: Readonly<Record<string, unknown>>): Comparison | undefined {
  if (!p.userClass || recorded.IOUserClass !== p.userClass) return undefined;
  for (const key of ['IOProviderClass', 'CFBundleIdentifier']) {
    const mine = key === 'CFBundleIdentifier' ? p.bundleId : p.properties[key];
    if (mine !== undefined && recorded[key] !== undefined && !isDeepStrictEqual(mine, recorded[key])) return undefined;
  }
  let agreed = 0;
  const differences: Array<{ key: string; workspace: unknown; registry: unknown }> = [];
  for (const [key, value] of Object.entries(p.properties)) {
    if (!(key in recorded) || RUNTIME_KEYS.has(key)) continue;
    if (isDeepStrictEqual(value, recorded[key])) agreed++;
    else differences.push({ key, workspace: value, registry: recorded[key] });
  }
  return { agreed, differences };
}

function instanceOf(visit: RegistryVisit, servers: readonly UserServer[]): MatchedInstance {
  const service = visit.entry;
  const id = service.registryId;
  const name = service.properties.IOUserServerName;
  const named = servers.filter((s) => s.serverName === name);
  // The server that lists this service, or was started for it (its tag is the service's id); failing
  // both, the only server with its name.
  const server =
    (id !== undefined ? servers.find((s) => s.associatedServices.includes(id)) ?? servers.find((s) => s.tag === id) : undefined) ??
    (named.length === 1 ? named[0] : undefined);
  return {
    service,
    ...(visit.parent ? { provider: visit.parent.entry } : {}),
    place: describePlace(visit.parent ?? visit),
    path: ancestorsOf(visit).reverse().map(describeEntry),
    ...(server ? { server } : {}),
    serversNamed: named.length,
  };
}

function reasonsFor(
  p: DextPersonality,
  servers: readonly UserServer[],
  nearMisses: ReadonlyArray<{ service: Service; comparison: Comparison }>,
  ioreg: IoregParseResult,
): string[] {
  if (!p.userClass) return ['This personality has no IOUserClass, so no DriverKit service can be made from it.'];
  const reasons: string[] = [];
  const unresolved = Object.keys(p.unresolved);
  if (unresolved.length > 0) {
    reasons.push(`${unresolved.join(', ')} refer${unresolved.length === 1 ? 's' : ''} to build settings that could not be resolved (${p.unresolved[unresolved[0]]}), so only the other keys were compared.`);
  }
  for (const { service, comparison } of nearMisses) {
    const where = service.visit.parent ? ` on ${describePlace(service.visit.parent)}` : '';
    const diffs = comparison.differences.map((d) => `${d.key} is ${show(d.registry)} there, ${show(d.workspace)} here`).join('; ');
    reasons.push(`A ${p.userClass} service runs${where} from a personality that differs from this Info.plist (${diffs}). This usually means the installed dext was built from another version of this file: build, install and approve it again, then reconnect the device.`);
  }
  const ours = p.serverName ? servers.filter((s) => s.serverName === p.serverName) : [];
  if (!p.serverName) {
    reasons.push(`No service with IOUserClass ${p.userClass} is in ioreg's output.`);
  } else if (ours.length === 0) {
    reasons.push(`No IOUserServer named ${p.serverName} is running: the dext is not loaded. macOS starts it only once it is installed and approved (see the System Extensions view) and a device has matched one of its personalities.`);
  } else {
    reasons.push(`${p.serverName} is running (${ours.map((s) => s.entryName).join(', ')}), but no service was created from this personality.`);
  }
  return [...reasons, ...providerReasons(p, ioreg)];
}
