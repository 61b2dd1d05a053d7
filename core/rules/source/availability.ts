/**
 * DriverKit API used where the dext's deployment target does not have it. A dext is built against
 * the newest SDK but runs on every DriverKit from its DRIVERKIT_DEPLOYMENT_TARGET on: a call, an
 * override or a base class introduced later makes it fail to load (or its override never be called)
 * on the older systems it claims to support; one obsoleted by then, or unavailable on DriverKit, is
 * not there at all. Deprecated API still works and is reported apart (its own rule, so a project can
 * turn one off without the other).
 *
 * Silent whenever something is unknown: the deployment target (no dext target builds the file, or it
 * states none), the API's version, or what a call reaches (a receiver of unknown type, a chain that
 * breaks off). Code checked with `__builtin_available(driverkit N, *)`, under a preprocessor test of
 * the DriverKit version, or in a class or function itself annotated as available from a version, may
 * use what that version has.
 */
import { classChain, sdkMethodsNamed, type ClassChain } from '../../hierarchy/classChain';
import { classAvailability, deprecatedAt, methodAvailability, unavailableAt, type ApiAvailability } from '../../hierarchy/apiAvailability';
import { baseTypeName } from '../../intellisense/types';
import { mergeAvailability, readAvailability } from '../../model/availability';
import type { AttributeNode } from '../../model/iigMask';
import type { CppFile, IigFile, MethodDefinition } from '../../model/model';
import type { CallExpression } from '../../model/callSites';
import { contains, type Span } from '../../model/span';
import { availabilityOf } from '../../sdk/headerAvailability';
import { compareVersions, newerVersion } from '../../util/versions';
import type { SourceDeployment } from '../../xcode/deploymentTarget';
import { finding, type Finding } from '../finding';
import type { AnySourceRule, SourceContext } from '../rule';
import { wrapInAvailabilityCheck } from './availabilityFix';
import { isHeaderPath } from './common';
import { methodNamed, methodNamedIn } from '../../model/namedMethods';

/** One use of SDK API in the user's code. */
interface ApiUse {
  readonly span: Span;
  readonly api: ApiAvailability;
  readonly form: 'call' | 'override' | 'base';
  /** The oldest DriverKit this code runs on: the deployment target, or later where a guard or an annotation says. */
  readonly runsFrom: string;
  /** Set when a guard or an annotation raised `runsFrom` above the deployment target. */
  readonly guarded: boolean;
  /** For uses on the class itself (`this`, `super`, overrides): its base class's own introduction, which the base-class finding reports. */
  readonly baseIntroduced?: string;
}

export const unavailableApi: AnySourceRule = {
  id: 'sdk.unavailable-api',
  severity: 'warning',
  summary: 'A call, override or base class whose DriverKit API is newer than the deployment target, obsoleted by it, or unavailable on DriverKit.',
  applies: 'source',
  check: (context) =>
    judgeUses(context, (use, deployment) => {
      const why = unavailableAt(use.api, use.runsFrom);
      if (!why) return undefined;
      // In a class whose base is itself too new, that one finding says it for every use of the class's own API.
      if (why.why === 'introduced' && use.baseIntroduced && compareVersions(use.baseIntroduced, use.runsFrom) > 0 && compareVersions(why.version, use.baseIntroduced) <= 0) return undefined;
      // A call may be put under a check of the version that has it (availabilityFix.ts).
      const data = why.why === 'introduced' && use.form === 'call' ? { introduced: why.version } : undefined;
      return finding(unavailableApi, context.path, use.span, unavailableMessage(use, why, deployment), undefined, data);
    }),
  fix: wrapInAvailabilityCheck,
};

export const deprecatedApi: AnySourceRule = {
  id: 'sdk.deprecated-api',
  severity: 'warning',
  summary: 'A call or base class the SDK marks deprecated at or before the deployment target.',
  applies: 'source',
  check: (context) =>
    judgeUses(context, (use, deployment) => {
      // Overriding a deprecated method is how a driver keeps serving callers that still use it.
      if (use.form === 'override' || unavailableAt(use.api, use.runsFrom)) return undefined;
      const since = deprecatedAt(use.api, use.runsFrom);
      if (!since) return undefined;
      const instead = use.api.replacement ? ` Use ${use.api.replacement} instead.` : '';
      const note = use.api.message && !use.api.replacement ? ` (${use.api.message})` : '';
      return finding(deprecatedApi, context.path, use.span, `${use.api.owner} is deprecated from DriverKit ${since}${note}, and ${runsFromText(use, deployment)}.${instead}`);
    }),
};

/** Every finding `judge` makes of the file's API uses; none when the deployment target is unknown. */
function judgeUses(context: SourceContext, judge: (use: ApiUse, deployment: SourceDeployment) => Finding | undefined): Finding[] {
  const deployment = context.deployment;
  if (!deployment) return [];
  return apiUses(context, deployment).flatMap((use) => judge(use, deployment) ?? []);
}

function unavailableMessage(use: ApiUse, why: NonNullable<ReturnType<typeof unavailableAt>>, deployment: SourceDeployment): string {
  const runs = runsFromText(use, deployment);
  if (why.why === 'unavailable') return `${use.api.owner} is not available on DriverKit.`;
  if (why.why === 'obsoleted') return `${use.api.owner} no longer exists from DriverKit ${why.version}, and ${runs}.`;
  const consequence =
    use.form === 'override'
      ? 'on older systems nothing calls this override'
      : use.form === 'base'
        ? 'the dext cannot load on older systems'
        : `on older systems the dext fails to load. Raise the deployment target, or check with \`if (__builtin_available(driverkit ${why.version}, *))\``;
  const what = use.form === 'override' ? `overrides ${use.api.owner}, which is available from` : 'is available from';
  const subject = use.form === 'override' ? 'This method' : use.api.owner;
  return `${subject} ${what} DriverKit ${why.version}, but ${runs}: ${consequence}.`;
}

function runsFromText(use: ApiUse, deployment: SourceDeployment): string {
  return use.guarded
    ? `this code runs from DriverKit ${use.runsFrom} (target ${deployment.target} deploys to ${deployment.version})`
    : `target ${deployment.target} deploys to DriverKit ${deployment.version} (DRIVERKIT_DEPLOYMENT_TARGET)`;
}

// ------------------------------------------------------------------------------------------ uses

function apiUses(context: SourceContext, deployment: SourceDeployment): ApiUse[] {
  const { file, path } = context;
  if (file.kind === 'iig') return isHeaderPath(path) ? [] : declarationUses(context as SourceContext<IigFile>, deployment.version);
  return callUses(context as SourceContext<CppFile>, deployment.version);
}

/** Base classes and overrides of a .iig's classes. */
function declarationUses({ file, lookup, catalog }: SourceContext<IigFile>, target: string): ApiUse[] {
  const out: ApiUse[] = [];
  const topLevel = [...file.classes, ...file.declarations, ...file.functions].map((d) => d.span);
  for (const cls of file.classes) {
    if (cls.keyword !== 'class' || !cls.baseClass) continue;
    const chain = classChain(lookup, catalog, cls.baseClass);
    if (chain.unknown !== undefined || chain.sdk.length === 0) continue;
    const classVersion = introducedIn([...cls.attributes, ...annotationsBefore(file, cls.span.start, topLevel)]);
    const runsFrom = newerVersion(target, classVersion)!;
    const base = classAvailability(chain.sdk);
    if (chain.local.length === 0 && base && cls.baseSpan) out.push({ span: cls.baseSpan, api: base, form: 'base', runsFrom, guarded: runsFrom !== target });
    const members = [...cls.methods, ...cls.dataMembers].map((m) => m.span);
    for (const method of cls.methods) {
      if (!method.isOverride || declaredLocally(chain, method.name)) continue;
      const api = methodAvailability(sdkMethodsNamed(chain, method.name), { parameterTypes: method.parameters.map((p) => p.type) });
      if (!api) continue;
      const from = newerVersion(runsFrom, introducedIn([...method.attributes, ...annotationsBefore(file, method.span.start, members, cls.span.start)]))!;
      out.push({ span: method.nameSpan, api, form: 'override', runsFrom: from, guarded: from !== target, baseIntroduced: base?.introduced });
    }
  }
  return out;
}

/** The SDK calls of a .cpp's function bodies. */
function callUses(context: SourceContext<CppFile>, target: string): ApiUse[] {
  const { file } = context;
  const out: ApiUse[] = [];
  for (const call of file.calls) {
    let runsFrom = target;
    let excluded = false;
    for (const guard of file.availabilityGuards) {
      if (!contains(guard.span, call.span.start)) continue;
      if (guard.version === undefined) excluded = true;
      else runsFrom = newerVersion(runsFrom, guard.version)!;
    }
    if (excluded) continue;
    const definition = file.definitions.find((d) => contains(d.bodySpan, call.span.start));
    const declared = definition ? context.lookup.classNamed(definition.className)?.item : undefined;
    if (declared) {
      const method = methodNamed(declared.methods, definition!.methodName);
      runsFrom = newerVersion(runsFrom, newerVersion(introducedIn(declared.attributes), method && introducedIn(method.attributes)))!;
    }
    const resolved = resolveCall(context, call, definition);
    if (resolved) out.push({ span: call.span, ...resolved, form: 'call', runsFrom, guarded: runsFrom !== target });
  }
  return out;
}

/** What a call reaches: an SDK method up the chain of the type it is called on, or an SDK function. */
function resolveCall({ lookup, catalog }: SourceContext<CppFile>, call: CallExpression, definition: MethodDefinition | undefined): { api: ApiAvailability; baseIntroduced?: string } | undefined {
  const own = definition?.className;
  let type: string | undefined;
  let onSelf = false;
  if (call.scope === 'super' || call.superDispatch) {
    type = own ? lookup.classNamed(own)?.item.baseClass : undefined;
    onSelf = true;
  } else if (call.scope !== undefined) {
    type = call.scope || undefined;
  } else if (call.receiver === undefined || call.receiver === 'this') {
    type = own;
    onSelf = true;
  } else {
    type = receiverType(lookup, call, definition);
  }
  if (type) {
    const chain = classChain(lookup, catalog, type);
    if (declaredLocally(chain, call.name)) return undefined;
    if (chain.unknown !== undefined) return undefined;
    const api = methodAvailability(sdkMethodsNamed(chain, call.name), { argumentCount: call.argumentCount });
    if (api) return { api, ...(onSelf && { baseIntroduced: classAvailability(chain.sdk)?.introduced }) };
    if (call.receiver !== undefined || call.scope !== undefined) return undefined;
  }
  // A plain call that is no method of the class: an SDK function, when a header marks one so.
  if (call.receiver !== undefined || call.scope !== undefined) return undefined;
  const fn = catalog.functionNamed(call.name);
  return fn ? { api: { owner: fn.name, ...availabilityOf(fn) } } : undefined;
}

/** The class a receiver is declared with: a local or parameter of the function, an ivars member, or a parameter the .iig declares. */
function receiverType(lookup: SourceContext['lookup'], call: CallExpression, definition: MethodDefinition | undefined): string | undefined {
  if (call.receiverType) return baseTypeName(call.receiverType);
  const receiver = call.receiver ?? '';
  if (!definition) return undefined;
  const ivar = /^ivars->(\w+)$/.exec(receiver);
  if (ivar) {
    const member = lookup.ivarsOf(definition.className)?.item.members.find((m) => m.name === ivar[1]);
    return member ? baseTypeName(member.type) : undefined;
  }
  if (!/^\w+$/.test(receiver)) return undefined;
  const method = methodNamedIn(lookup.classNamed(definition.className)?.item.methods, definition.methodName);
  const parameter = method?.parameters.find((p) => p.name === receiver);
  return parameter ? baseTypeName(parameter.type) : undefined;
}

/** True when a workspace class of the chain declares the method itself (the call or override is the user's own). */
function declaredLocally(chain: ClassChain, name: string): boolean {
  return chain.local.some((c) => methodNamed(c.methods, name) !== undefined);
}

/**
 * Availability annotations written before a declaration (`API_AVAILABLE(driverkit(21.0)) virtual …`):
 * those after the nearest of `others` that ends before it (and after `from`). An annotation of
 * something else in between could only raise the version the code may use, never add a finding.
 */
function annotationsBefore(file: IigFile, start: number, others: readonly Span[], from = 0): AttributeNode[] {
  let boundary = from;
  for (const span of others) if (span.end <= start && span.end > boundary) boundary = span.end;
  return file.attributes.filter((a) => a.availability && a.span.start >= boundary && a.span.end <= start);
}

/** The version a declaration's own availability annotations say it is introduced in. */
function introducedIn(attributes: readonly AttributeNode[]): string | undefined {
  return mergeAvailability(...attributes.filter((a) => a.availability).map((a) => readAvailability(a.name, a.argument)))?.introduced;
}
