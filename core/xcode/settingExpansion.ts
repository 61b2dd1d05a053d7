/**
 * Expanding `$(VAR)` references in build setting values the way Xcode does: nested references,
 * modifiers (`:lower`, `:rfc1034identifier`, `:default=...`, ...) and the few built-in defaults Xcode
 * defines itself. Pure; answers `undefined` whenever a value cannot be resolved.
 */

/** What a build setting name may be: also the test for a `$(NAME)` reference. */
export const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** References nested deeper than this give up (a chain that long is surely a cycle). */
const MAX_EXPANSION_DEPTH = 32;
/** Expansions that grow past this many characters give up (settings that double at each level). */
const MAX_EXPANDED_LENGTH = 64 * 1024;

/**
 * What Xcode uses for a few settings it defines itself when the project leaves them unset.
 * Deliberately short: only values that hold for app and dext bundles.
 */
const XCODE_DEFAULTS: ReadonlyMap<string, string> = new Map([
  ['PRODUCT_NAME', '$(TARGET_NAME)'],
  ['EXECUTABLE_NAME', '$(PRODUCT_NAME)'], // bundles have no executable prefix or suffix
  ['PRODUCT_MODULE_NAME', '$(PRODUCT_NAME:c99extidentifier)'],
  ['FULL_PRODUCT_NAME', '$(PRODUCT_NAME).$(WRAPPER_EXTENSION)'],
  ['PROJECT_DIR', '$(SRCROOT)'],
  ['SOURCE_ROOT', '$(SRCROOT)'],
  ['inherited', ''],
]);

/**
 * Expands `$(VAR)`, `${VAR}` and `$VAR` references in `value`, recursively, with the modifiers
 * `:lower`, `:upper`, `:rfc1034identifier`, `:c99extidentifier`, `:identifier` and `:default=text`
 * (several may follow each other: `$(VAR:lower:identifier)`). Unset variables fall back to the few
 * defaults Xcode defines (`PRODUCT_NAME` = `$(TARGET_NAME)`, `EXECUTABLE_NAME` = `$(PRODUCT_NAME)`,
 * ...). Returns `undefined` when any reference cannot be resolved, is cyclic or malformed, or uses an
 * unknown modifier.
 */
export function resolveSetting(value: string, settings: Readonly<Record<string, string>>): string | undefined {
  return new Expander(settings).expand(value, 0);
}

class Expander {
  private readonly resolved = new Map<string, string | undefined>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly settings: Readonly<Record<string, string>>) {}

  expand(value: string, depth: number): string | undefined {
    if (depth > MAX_EXPANSION_DEPTH) return undefined;
    let out = '';
    let i = 0;
    while (i < value.length) {
      const dollar = value.indexOf('$', i);
      if (dollar < 0) return checkLength(out + value.slice(i));
      out += value.slice(i, dollar);
      const opener = value[dollar + 1];
      let replacement: string | undefined;
      if (opener === '(' || opener === '{') {
        const close = matchingClose(value, dollar + 1);
        if (close < 0) return undefined; // `$(` never closed: not a value Xcode would produce either
        replacement = this.reference(value.slice(dollar + 2, close), depth);
        i = close + 1;
      } else {
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(value.slice(dollar + 1, dollar + 256))?.[0];
        if (name === undefined) {
          out += '$'; // a lone dollar sign is literal text
          i = dollar + 1;
          continue;
        }
        replacement = this.lookup(name, depth);
        i = dollar + 1 + name.length;
      }
      if (replacement === undefined) return undefined;
      out += replacement;
      if (out.length > MAX_EXPANDED_LENGTH) return undefined;
    }
    return checkLength(out);
  }

  /** The inside of `$( )`: a name (itself possibly built from references) and `:modifier`s. */
  private reference(inner: string, depth: number): string | undefined {
    const [namePart, ...modifierParts] = splitTopLevel(inner, ':');
    const name = this.expand(namePart, depth + 1);
    if (name === undefined || !SETTING_NAME.test(name)) return undefined;
    const modifiers: string[] = [];
    for (const part of modifierParts) {
      const modifier = this.expand(part, depth + 1);
      if (modifier === undefined) return undefined;
      modifiers.push(modifier);
    }
    // With a default, an unset variable counts as empty, as in Xcode.
    let result = this.lookup(name, depth) ?? (modifiers.some((m) => m.startsWith('default=')) ? '' : undefined);
    for (const modifier of modifiers) {
      if (result === undefined) return undefined;
      result = applyModifier(result, modifier);
    }
    return result;
  }

  private lookup(name: string, depth: number): string | undefined {
    if (this.resolved.has(name)) return this.resolved.get(name);
    if (this.inProgress.has(name)) return undefined; // FOO = $(FOO)... : a cycle
    const raw = Object.prototype.hasOwnProperty.call(this.settings, name) ? this.settings[name] : XCODE_DEFAULTS.get(name);
    if (typeof raw !== 'string') return undefined;
    this.inProgress.add(name);
    const value = this.expand(raw, depth + 1);
    this.inProgress.delete(name);
    this.resolved.set(name, value);
    return value;
  }
}

function checkLength(value: string): string | undefined {
  return value.length > MAX_EXPANDED_LENGTH ? undefined : value;
}

/** The index of the bracket closing the one at `open`, counting nested brackets; -1 when unclosed. */
function matchingClose(value: string, open: number): number {
  const opener = value[open];
  const closer = opener === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < value.length; i++) {
    if (value[i] === opener) depth++;
    else if (value[i] === closer && --depth === 0) return i;
  }
  return -1;
}

/** Splits at `separator` outside nested `$( )` / `${ }`. */
function splitTopLevel(value: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === separator && depth === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

function applyModifier(value: string, modifier: string): string | undefined {
  if (modifier.startsWith('default=')) return value === '' ? modifier.slice('default='.length) : value;
  switch (modifier) {
    case 'lower':
      return value.toLowerCase();
    case 'upper':
      return value.toUpperCase();
    case 'rfc1034identifier':
      // what a bundle identifier may hold: letters, digits, '-' and '.'
      return value.replace(/[^A-Za-z0-9.-]/g, '-');
    case 'c99extidentifier':
      // C identifiers, where C99 also allows non-ASCII letters
      return leadingDigitGuard(value.replace(/[^A-Za-z0-9_\u0080-\uffff]/g, '_'));
    case 'identifier':
      return leadingDigitGuard(value.replace(/[^A-Za-z0-9_]/g, '_'));
    default:
      return undefined; // an unknown modifier: better no value than a wrong one
  }
}

function leadingDigitGuard(identifier: string): string {
  return /^[0-9]/.test(identifier) ? `_${identifier}` : identifier;
}
