/**
 * Reading `.xcconfig` files: their unconditional `KEY = value` assignments in order, with `#include`d
 * files expanded in place. Pure Node; `buildSettings.ts` applies the result to a target's settings.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Reads a file's text, or `undefined` when it cannot be read. */
export type FileReader = (path: string) => string | undefined;

export const readFileOrUndefined: FileReader = (path) => {
  try {
    // Regular files only: an #include (or a project's file reference) may name a device or a FIFO,
    // such as /dev/zero or /dev/stdin, whose reading would never end or never return.
    if (!statSync(path).isFile()) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Includes nested deeper than this are ignored (and reported): they are almost surely a cycle. */
const MAX_INCLUDE_DEPTH = 16;

/**
 * The assignments of an xcconfig file in order, with `#include`d files expanded in place.
 * Lines: `KEY = value` (optional trailing `;`), `KEY[sdk=...] = value` (skipped: only unconditional
 * values are kept), `#include "other.xcconfig"` / `#include? "optional.xcconfig"` relative to the
 * including file, and `//` comments (Xcode ends a value at `//`, even inside a URL).
 */
export function readXcconfig(path: string, readFile: FileReader = readFileOrUndefined, warnings: string[] = [], includedFrom: readonly string[] = []): [string, string][] {
  if (includedFrom.includes(path) || includedFrom.length >= MAX_INCLUDE_DEPTH) {
    warnings.push(`${path}: #include cycle or nesting too deep; ignored`);
    return [];
  }
  const content = readFile(path);
  if (content === undefined) {
    warnings.push(`${path}: xcconfig file could not be read`);
    return [];
  }
  const result: [string, string][] = [];
  for (const rawLine of content.split(/\r\n|\r|\n/)) {
    const include = /^\s*#include(\?)?\s*"([^"]*)"/.exec(rawLine);
    if (include) {
      const [, optional, target] = include;
      if (target.startsWith('<')) continue; // `<DEVELOPER_DIR>/...`: outside the project, unknown here
      const includePath = resolve(dirname(path), target);
      const nestedWarnings: string[] = [];
      result.push(...readXcconfig(includePath, readFile, nestedWarnings, [...includedFrom, path]));
      if (!optional) warnings.push(...nestedWarnings);
      continue;
    }
    const comment = rawLine.indexOf('//');
    const line = comment < 0 ? rawLine : rawLine.slice(0, comment);
    const assignment = /^\s*([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]*\])*)\s*=(.*)$/.exec(line);
    if (!assignment || assignment[2] !== '') continue;
    result.push([assignment[1], assignment[3].trim().replace(/\s*;$/, '')]);
  }
  return result;
}
