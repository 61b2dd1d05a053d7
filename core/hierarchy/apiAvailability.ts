/**
 * When an SDK class or method exists on DriverKit, as far as the SDK (installed headers, else the
 * bundled catalog) says. A method may be declared several times up a class chain (each override) and
 * overloaded; which declaration a call or an override reaches is not always plain, so the answer is
 * the one true for every declaration it may reach:
 *
 * - introduced: the oldest version among them, and unknown when any of them has no known version
 *   (IOService::Start, unmarked, exists since DriverKit began, whatever a subclass's override says);
 * - deprecated, obsoleted, unavailable: only when every one of them says so.
 *
 * An unmarked method takes its class's version (a member exists no earlier than its class).
 */
import { compactAvailability, type Availability } from '../model/availability';
import { availabilityOf } from '../sdk/headerAvailability';
import type { SdkClass, SdkMethod } from '../sdk/catalogTypes';
import { compareVersions, newerVersion, olderVersion } from '../util/versions';
import { sameParameterTypes, typeOfDeclaration } from './signatures';

export interface Declaration {
  readonly cls: SdkClass;
  readonly method: SdkMethod;
}

/** What holds for a set of declarations; `owner` names the nearest one ("IOUserClient::CopyClientMemoryForType"). */
export interface ApiAvailability extends Availability {
  readonly owner: string;
}

/** A class's own availability, and the newest introduction along its superclasses (`chain`, nearest first). */
export function classAvailability(chain: readonly SdkClass[]): ApiAvailability | undefined {
  const nearest = chain[0];
  if (!nearest) return undefined;
  let introduced: string | undefined;
  for (const cls of chain) introduced = newerVersion(introduced, cls.availability);
  return { owner: nearest.name, ...availabilityOf(nearest), introduced };
}

/**
 * The availability that holds for every declaration in `declarations` a call with `argumentCount`
 * arguments (or an override with `parameterTypes`) may reach; undefined when none may.
 */
export function methodAvailability(declarations: readonly Declaration[], match: { argumentCount?: number; parameterTypes?: readonly string[] } = {}): ApiAvailability | undefined {
  let candidates = declarations;
  if (match.argumentCount !== undefined) {
    const count = match.argumentCount;
    // Default values are not recorded: any declaration with at least as many parameters may be the one.
    candidates = candidates.filter(({ method }) => method.parameters.includes('...') || method.parameters.length >= count);
  }
  if (match.parameterTypes) {
    const mine = match.parameterTypes;
    const same = candidates.filter(({ method }) => sameParameterTypes(mine, method.parameters.map(typeOfDeclaration)));
    if (same.length > 0) candidates = same;
  }
  const first = candidates[0];
  if (!first) return undefined;
  let introduced: string | undefined;
  let unknownIntroduction = false;
  for (const { cls, method } of candidates) {
    const version = method.availability ?? cls.availability;
    if (!version) unknownIntroduction = true;
    else introduced = olderVersion(introduced, version);
  }
  const every = <K extends 'deprecated' | 'obsoleted'>(key: K): string | undefined => {
    let latest: string | undefined;
    for (const { method } of candidates) {
      const version = method[key];
      if (!version) return undefined;
      latest = newerVersion(latest, version);
    }
    return latest;
  };
  const unavailable = candidates.every(({ method }) => method.unavailable) || undefined;
  const replacement = candidates.every(({ method }) => method.replacement === first.method.replacement) ? first.method.replacement : undefined;
  const message = candidates.length === 1 ? first.method.availabilityMessage : undefined;
  return {
    owner: `${first.cls.name}::${first.method.name}`,
    ...(!unknownIntroduction && introduced && { introduced }),
    ...compactAvailability({ deprecated: every('deprecated'), obsoleted: every('obsoleted'), unavailable, replacement, message }),
  };
}

/** Why an API cannot be used by code that runs from DriverKit `version`: not yet there, removed, or never there. */
export type Unavailability = { readonly why: 'introduced'; readonly version: string } | { readonly why: 'obsoleted'; readonly version: string } | { readonly why: 'unavailable' };

export function unavailableAt(api: Availability, version: string): Unavailability | undefined {
  if (api.unavailable) return { why: 'unavailable' };
  if (api.introduced && compareVersions(api.introduced, version) > 0) return { why: 'introduced', version: api.introduced };
  if (api.obsoleted && compareVersions(api.obsoleted, version) <= 0) return { why: 'obsoleted', version: api.obsoleted };
  return undefined;
}

/** The deprecation version when code running from `version` uses a deprecated API (clang warns from it on). */
export function deprecatedAt(api: Availability, version: string): string | undefined {
  return api.deprecated && compareVersions(api.deprecated, version) <= 0 ? api.deprecated : undefined;
}
