/**
 * The entitlements file a target hands to codesign itself. Projects that sign ad hoc (no team, so
 * Xcode would refuse restricted entitlements in CODE_SIGN_ENTITLEMENTS) often pass the file in
 * `OTHER_CODE_SIGN_FLAGS = "--entitlements $(SRCROOT)/Driver/Driver.entitlements"`: codesign then
 * signs with that file exactly as if CODE_SIGN_ENTITLEMENTS named it. Pure.
 */
import { resolveSetting } from './settingExpansion';

/** codesign reads its long options with getopt_long, so any unambiguous prefix of one is that option. */
const OPTION = 'entitlements';
const SHORTEST_PREFIX = 3;
/** Flags settings are short; longer text is not read (no work proportional to a hostile value). */
const MAX_FLAGS_LENGTH = 16_384;

/**
 * The path after `--entitlements` (or a prefix of it, or `--entitlements=path`) in an
 * `OTHER_CODE_SIGN_FLAGS` value, with `$(VAR)`s expanded; `undefined` when the flags name none or the
 * path cannot be resolved. Relative paths are returned as written.
 */
export function entitlementsInSignFlags(raw: string, settings: Readonly<Record<string, string>>): string | undefined {
  if (raw.length > MAX_FLAGS_LENGTH) return undefined;
  const words = shellWords(raw);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith('--')) continue;
    const eq = word.indexOf('=');
    const name = word.slice(2, eq < 0 ? undefined : eq);
    if (name.length < SHORTEST_PREFIX || !OPTION.startsWith(name)) continue;
    const value = eq < 0 ? words[i + 1] : word.slice(eq + 1);
    // `-` and other option-looking values are not a file this reader can judge.
    if (value === undefined || value === '' || value.startsWith('-')) return undefined;
    return resolveSetting(value, settings)?.trim() || undefined;
  }
  return undefined;
}

/** Words the way a shell (and Xcode, for list settings) splits them: whitespace apart, quotes and backslashes kept together. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}
