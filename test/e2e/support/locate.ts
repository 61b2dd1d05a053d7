/** Where a string stands in a workspace file, as the editor counts it: the first line holding it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The first line (1-based) of `relativePath` in `workspace` holding `needle`, and the column (1-based) where it starts. */
export function locateIn(workspace: string, relativePath: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(join(workspace, relativePath), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  assert.ok(index >= 0, `${needle} not in ${relativePath}`);
  return { line: index + 1, column: lines[index].indexOf(needle) + 1 };
}
