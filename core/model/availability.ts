/**
 * DriverKit API availability as the SDK headers write it, read from one annotation at a time. The
 * headers and Apple's availability headers spell it several ways, all meaning clang's
 * `availability` attribute for the `driverkit` platform:
 *
 * - `__attribute__((availability(driverkit, introduced=20.0, deprecated=22.0, obsoleted=23.0,
 *   message="…", replacement="…")))`, and `unavailable` in place of the versions;
 * - the os_availability.h macros: `API_AVAILABLE(driverkit(21.0))`, `API_DEPRECATED("…",
 *   driverkit(19.0, 22.0))`, `API_DEPRECATED_WITH_REPLACEMENT("New", driverkit(19.0, 22.0))`,
 *   `API_OBSOLETED("…", driverkit(19.0, 21.0, 23.0))`, `API_UNAVAILABLE(driverkit)`, their
 *   `__API_…` twins and the scoped `…_BEGIN(…)` forms;
 * - Availability.h's per-platform macros: `__DRIVERKIT_AVAILABLE(21.0)`, `__DRIVERKIT_DEPRECATED(19.0,
 *   22.0, "…")`, `__DRIVERKIT_UNAVAILABLE`, and `__OS_AVAILABILITY(driverkit, introduced=21.0)`.
 *
 * Versions are written `21.0`, `21`, `21_0` or as the version macro `__DRIVERKIT_21_0`; all become
 * "21.0". `API_TO_BE_DEPRECATED` as a deprecation version means "not deprecated yet". Other platforms
 * (`macos(…)`, `ios(…)`) are ignored: only DriverKit's availability matters to a dext.
 */
import { compareVersions, dottedVersion } from '../util/versions';

export interface Availability {
  /** The DriverKit version that introduced it, e.g. "21.0". */
  readonly introduced?: string;
  /** The version from which using it is deprecated. */
  readonly deprecated?: string;
  /** The version from which it no longer exists. */
  readonly obsoleted?: string;
  /** Never available on DriverKit. */
  readonly unavailable?: true;
  /** What to use instead, when the header names it. */
  readonly replacement?: string;
  /** The header's own message (kept for the installed SDK's hovers, never bundled). */
  readonly message?: string;
}

/** The `…_END` words that close a scoped `…_BEGIN(…)` annotation. */
export const AVAILABILITY_END = /^(?:__)?API_(?:AVAILABLE|DEPRECATED|DEPRECATED_WITH_REPLACEMENT|OBSOLETED|OBSOLETED_WITH_REPLACEMENT|UNAVAILABLE)_END$/;

/**
 * What one annotation says about DriverKit: `name` is the macro (or `__attribute__`), `argument` the
 * text between its outer parentheses. Undefined when it says nothing about DriverKit.
 */
export function readAvailability(name: string, argument: string | undefined): Availability | undefined {
  const macro = name.replace(/_BEGIN$/, '');
  switch (macro) {
    case '__attribute__':
    case '__attribute':
      return argument === undefined ? undefined : fromAttributes(argument);
    case '__DRIVERKIT_UNAVAILABLE':
    case '__DRIVERKIT_PROHIBITED':
      return { unavailable: true };
    case '__DRIVERKIT_AVAILABLE': {
      const introduced = argument === undefined ? undefined : normalizeVersion(argument);
      return introduced ? { introduced } : undefined;
    }
    case '__DRIVERKIT_DEPRECATED': {
      const [start, deprecated, message] = argument === undefined ? [] : splitTopLevel(argument);
      return compactAvailability({ introduced: normalizeVersion(start), deprecated: normalizeVersion(deprecated), message: stringValue(message) });
    }
    case '__OS_AVAILABILITY':
    case '__OS_AVAILABILITY_MSG': {
      if (argument === undefined) return undefined;
      const [platform, ...rest] = splitTopLevel(argument);
      if (!isDriverKit(platform)) return undefined;
      // __OS_AVAILABILITY_MSG(platform, availability, message): the last part is the message.
      const message = macro === '__OS_AVAILABILITY_MSG' ? stringValue(rest.pop()) : undefined;
      return fromClauses(rest, message);
    }
  }
  if (argument === undefined) return undefined;
  const parts = splitTopLevel(argument);
  if (/^(?:__)?API_UNAVAILABLE$/.test(macro)) return parts.some(isDriverKit) ? { unavailable: true } : undefined;
  if (/^(?:__)?API_AVAILABLE$/.test(macro)) {
    const versions = platformVersions(parts);
    const introduced = normalizeVersion(versions?.[0]);
    return introduced ? { introduced } : undefined;
  }
  const deprecation = /^(?:__)?API_(DEPRECATED|OBSOLETED)(?:_(WITH_REPLACEMENT|MSG|REP))?$/.exec(macro);
  if (!deprecation) return undefined;
  // The first argument is the message or the replacement; the platforms follow.
  const [first, ...platforms] = parts;
  const versions = platformVersions(platforms);
  if (!versions) return undefined;
  const replaces = deprecation[2] === 'WITH_REPLACEMENT' || deprecation[2] === 'REP';
  const text = stringValue(first);
  return compactAvailability({
    introduced: normalizeVersion(versions[0]),
    deprecated: normalizeVersion(versions[1]),
    obsoleted: deprecation[1] === 'OBSOLETED' ? normalizeVersion(versions[2]) : undefined,
    replacement: replaces ? text : undefined,
    message: replaces ? undefined : text,
  });
}

/** Fields `own` states win; the rest come from `scope` (a scoped annotation around the declaration). */
export function overlayAvailability(own: Availability | undefined, scope: Availability | undefined): Availability | undefined {
  if (!scope) return own;
  if (!own) return scope;
  return compactAvailability({ ...scope, ...Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) });
}

/** Several annotations on one declaration: each field from the annotation that states it. */
export function mergeAvailability(...all: readonly (Availability | undefined)[]): Availability | undefined {
  const out: { -readonly [K in keyof Availability]: Availability[K] } = {};
  for (const a of all) {
    if (!a) continue;
    if (a.introduced && (!out.introduced || compareVersions(a.introduced, out.introduced) > 0)) out.introduced = a.introduced;
    if (a.deprecated && (!out.deprecated || compareVersions(a.deprecated, out.deprecated) < 0)) out.deprecated = a.deprecated;
    if (a.obsoleted && (!out.obsoleted || compareVersions(a.obsoleted, out.obsoleted) < 0)) out.obsoleted = a.obsoleted;
    if (a.unavailable) out.unavailable = true;
    out.replacement ??= a.replacement;
    out.message ??= a.message;
  }
  return compactAvailability(out);
}

/** "21.0" from `21.0`, `21`, `21_0`, `__DRIVERKIT_21_0`; undefined for anything else. */
export function normalizeVersion(raw: string | undefined): string | undefined {
  return raw === undefined ? undefined : dottedVersion(raw.trim().replace(/^__DRIVERKIT_/, '').replace(/_/g, '.'));
}

// ------------------------------------------------------------------------------------------ pieces

/** Every `availability(…)` of an attribute list `((availability(driverkit, …), …))`. */
function fromAttributes(argument: string): Availability | undefined {
  const found: Availability[] = [];
  const pattern = /\b(?:__)?availability(?:__)?\s*\(/g;
  for (let m = pattern.exec(argument); m; m = pattern.exec(argument)) {
    const open = m.index + m[0].length - 1;
    const close = closingParen(argument, open);
    if (close < 0) break;
    const [platform, ...clauses] = splitTopLevel(argument.slice(open + 1, close));
    if (isDriverKit(platform)) {
      const a = fromClauses(clauses);
      if (a) found.push(a);
    }
    pattern.lastIndex = close + 1;
  }
  return mergeAvailability(...found);
}

/** `introduced=21.0`, `deprecated=22`, `obsoleted=23.0`, `unavailable`, `message="…"`, `replacement="…"`. */
function fromClauses(clauses: readonly string[], message?: string): Availability | undefined {
  const out: { -readonly [K in keyof Availability]: Availability[K] } = {};
  for (const clause of clauses) {
    const m = /^([A-Za-z_]\w*)\s*(?:=\s*([\s\S]*))?$/.exec(clause.trim());
    if (!m) continue;
    const [, key, value] = m;
    if (key === 'introduced') out.introduced = normalizeVersion(value);
    else if (key === 'deprecated') out.deprecated = normalizeVersion(value);
    else if (key === 'obsoleted') out.obsoleted = normalizeVersion(value);
    else if (key === 'unavailable') out.unavailable = true;
    else if (key === 'message') out.message = stringValue(value);
    else if (key === 'replacement') out.replacement = stringValue(value);
  }
  if (message !== undefined) out.message ??= message;
  return compactAvailability(out);
}

/** The versions inside `driverkit(…)` among a macro's platform arguments. */
function platformVersions(parts: readonly string[]): string[] | undefined {
  for (const part of parts) {
    const m = /^driverkit\s*\(([\s\S]*)\)$/i.exec(part.trim());
    if (m) return splitTopLevel(m[1]);
  }
  return undefined;
}

function isDriverKit(part: string | undefined): boolean {
  return part !== undefined && /^driverkit$/i.test(part.trim());
}

/** The text of a string literal (adjacent literals joined); undefined when it is not one. */
function stringValue(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const pieces = [...raw.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  return pieces.length > 0 && pieces.join('').trim() !== '' ? pieces.join('') : undefined;
}

/** Splits at commas outside parentheses and string literals. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = endOfLiteral(text, i);
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

function endOfLiteral(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === text[open]) return i;
  }
  return text.length;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") i = endOfLiteral(text, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Drops undefined fields; undefined when nothing is left. */
export function compactAvailability(a: Availability): Availability | undefined {
  const entries = Object.entries(a).filter(([, v]) => v !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as Availability) : undefined;
}
