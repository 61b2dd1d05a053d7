/**
 * Migrate to DriverKit: from one kext class (what its C++ says and its Info.plist personalities) a
 * dext skeleton — the .iig and .cpp of the class on its DriverKit base, the Info.plist with the
 * personalities translated and the entitlements the provider needs. The kext's event sources become
 * dispatch sources with TYPE handlers on a queue of their own; every place with no automatic
 * translation gets a `TODO(migrate)` comment saying what to do. Pure: text in, text out.
 */
import { guarded, header, LIFECYCLE_DECLS, lines } from '../../dext/templateText';
import { bundledClasses } from '../../sdk/bundledCatalog';
import { entry, type PlistNode } from '../../plist/plistXml';
import type { KextSourceFacts } from '../kextSource';
import { MIGRATION_HINTS } from '../migrationHints';
import { EVENT_QUEUE, planFamily, type EventPlan, type FamilyPlan } from './family';
import { ivarLines, kextMembers, type KextMember } from './members';
import { dextEntitlements, dextInfoPlist, type MigratedPersonality } from './plists';
import { lifecycleCpp } from './sources';

export interface MigrateInput {
  /** The class as its C++ head names it. */
  readonly className: string;
  /** The facts of the kext's sources (its header and implementation). */
  readonly sources: readonly KextSourceFacts[];
  /** The root of the kext's Info.plist, when there is one. */
  readonly infoPlist?: PlistNode;
}

export interface MigrateResult {
  readonly family: FamilyPlan['family'];
  /** Relative path → text: `<Class>.iig`, `<Class>.cpp`, `Info.plist`, `<Class>.entitlements` (a user client: the first two). */
  readonly files: ReadonlyMap<string, string>;
}

let dextClasses: Set<string> | undefined;
const isDextClass = (name: string): boolean => (dextClasses ??= new Set(bundledClasses().map((c) => c.name))).has(name);

/** The skeleton, or undefined when no source declares the class. */
export function migrateKextClass(input: MigrateInput): MigrateResult | undefined {
  const name = input.className;
  const declaring = input.sources.find((s) => s.classes.some((c) => c.name === name));
  const cls = declaring?.classes.find((c) => c.name === name);
  if (!declaring || !cls) return undefined;
  // The kernel name a personality's IOClass spells: the class's own or its `#define` alias.
  const kernelNames = new Set([name, cls.declared ?? name]);
  for (const s of input.sources) {
    const alias = s.aliases.get(name);
    if (alias) kernelNames.add(alias);
  }
  const personalities = personalitiesFor(input.infoPlist, kernelNames);
  const provider = personalities.map((p) => entry(p.node, 'IOProviderClass')?.value).find((v) => v?.kind === 'string');
  const plan = planFamily(cls.base, provider?.kind === 'string' ? provider.value : undefined);
  const related = input.sources.filter((s) => s === declaring || s.lifecycle.some((l) => l.className === name) || s.metaClasses.some((m) => m.name === name || kernelNames.has(m.name)));
  const code = related.map((s) => s.code).join('\n');
  const members = kextMembers(declaring.code, cls);
  const events = eventSources(code, members);
  const bundleId = stringAt(input.infoPlist, 'CFBundleIdentifier') ?? `com.example.driver.${name}`;
  const version = stringAt(input.infoPlist, 'CFBundleShortVersionString') ?? '1.0';
  const hints = MIGRATION_HINTS.filter((h) => h.pattern.test(code)).map((h) => `// TODO(migrate): the kext uses ${h.api}. ${h.advice}`);
  const ivars = ivarLines(members.filter((m) => m.name !== events.timer && m.name !== events.interrupt && m.name !== events.queue), isDextClass);
  const files = new Map<string, string>([
    [`${name}.iig`, iig(name, plan, events)],
    [`${name}.cpp`, lifecycleCpp({ name, plan, events, ivars, hints, hasPersonality: personalities.length > 0 })],
  ]);
  // A user client lives in its service's dext, whose Info.plist and entitlements serve it.
  if (plan.family !== 'user-client') {
    files.set('Info.plist', dextInfoPlist(name, bundleId, version, plan, personalities));
    files.set(`${name}.entitlements`, dextEntitlements(plan, personalities));
  }
  return { family: plan.family, files };
}

function eventSources(code: string, members: readonly KextMember[]): EventPlan {
  const member = (type: RegExp): string | undefined => members.find((m) => m.pointer && type.test(m.type))?.name;
  const hasTimer = /\bIOTimerEventSource\b/.test(code);
  const filter = /\bIOFilterInterruptEventSource\b/.test(code);
  const hasInterrupt = filter || /\bIOInterruptEventSource\b/.test(code);
  const timer = hasTimer ? member(/^IOTimerEventSource$/) ?? 'timerSource' : undefined;
  const interrupt = hasInterrupt ? member(/^IO(?:Filter)?InterruptEventSource$/) ?? 'interruptSource' : undefined;
  const queue = timer || interrupt ? member(/^IOWorkLoop$/) ?? 'eventQueue' : undefined;
  return { timer, interrupt, queue, filter };
}

function personalitiesFor(info: PlistNode | undefined, kernelNames: ReadonlySet<string>): MigratedPersonality[] {
  const all = entry(info, 'IOKitPersonalities')?.value;
  if (all?.kind !== 'dict') return [];
  const out: MigratedPersonality[] = [];
  for (const e of all.entries) {
    const ioClass = entry(e.value, 'IOClass')?.value;
    if (e.value.kind === 'dict' && ioClass?.kind === 'string' && kernelNames.has(ioClass.value)) out.push({ name: e.key, node: e.value });
  }
  return out;
}

function stringAt(node: PlistNode | undefined, key: string): string | undefined {
  const value = entry(node, key)?.value;
  return value?.kind === 'string' && value.value.trim() ? value.value.trim() : undefined;
}

function iig(name: string, plan: FamilyPlan, events: EventPlan): string {
  const includes = [...plan.iigIncludes];
  if (events.timer) includes.push('DriverKit/IOTimerDispatchSource.iig');
  if (events.interrupt) includes.push('DriverKit/IOInterruptDispatchSource.iig');
  const handlers: string[] = [];
  if (events.timer) {
    handlers.push('', `    // The kext's timer: runs on the ${EVENT_QUEUE} queue each time the timer source fires.`);
    handlers.push(`    virtual void TimerOccurred(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred) QUEUENAME(${EVENT_QUEUE});`);
  }
  if (events.interrupt) {
    handlers.push('', `    // The kext's interrupt: runs on the ${EVENT_QUEUE} queue; count says how many arrived since the last call.`);
    handlers.push(`    virtual void InterruptOccurred(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred) QUEUENAME(${EVENT_QUEUE});`);
  }
  const body = [`class ${name} : public ${plan.base}`, '{', 'public:', ...LIFECYCLE_DECLS, ...handlers, '};'];
  return lines(header(`${name}.iig`, `${name} moved from its kext to DriverKit.`), guarded(name, includes, body));
}
