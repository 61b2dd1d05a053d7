/**
 * One core, four thin programs. Read from the sources (test/support/importGraph.ts):
 * - a program (client/src, server/src, adapter, cli) imports core/, protocol/ and its own files,
 *   never another program's;
 * - core imports nothing outside core but node and npm packages, and no editor, LSP or DAP library;
 *   protocol imports only core and protocol;
 * - no circle of imports between the top-level areas, nor between core's folders.
 * Type-only imports count: a type shared through another program's internals is coupling all the same.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { areaOf, cycles, folderGraphs, importsOf, offence, readProduct, ROOT, type SourceFile } from './support/importGraph';

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const NPM = new Set(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }));
const product = readProduct();

/**
 * Circles between core's folders that are known and waiting for a redesign, each with its reason.
 * Empty: core's folders import each other in one direction only. A circle listed here must still
 * exist (the last test says when one can go), so this list only ever shrinks.
 */
const ALLOWED_CORE_CYCLES: ReadonlyArray<{ readonly folders: readonly string[]; readonly why: string }> = [];

const offences = (files: readonly SourceFile[]): string[] => files.flatMap((file) => importsOf(file).flatMap((i) => offence(file, i, NPM) ?? []));

test('the sources are read: every area has files, and imports of each kind are seen', () => {
  for (const area of ['client', 'server', 'adapter', 'cli', 'core', 'protocol'] as const) assert.ok(product.some((f) => areaOf(f.path) === area), area);
  const server = importsOf(product.find((f) => f.path === 'server/src/main.ts')!);
  assert.ok(server.some((i) => i.target === 'server/src/server'), 'a require() call is an import');
  const versions = importsOf(product.find((f) => f.path === 'client/src/systemExtensions/versionCheck.ts')!);
  assert.ok(versions.some((i) => i.target === 'protocol/dexts'), 'a type-only import is an import');
});

test('no program imports another program\'s internals; core imports only core, node and npm packages', () => {
  assert.deepEqual(offences(product), []);
});

test('the rules catch what they must (each case a file that breaks one)', () => {
  const file = (path: string, text: string): SourceFile => ({ path, text });
  const caught = offences([
    file('client/src/a.ts', "import { x } from '../../server/src/features/b';"),
    file('server/src/a.ts', "import type { X } from '../../client/src/b';"),
    file('adapter/a.ts', "const b = require('../cli/b');"),
    file('cli/a.ts', "export { x } from '../adapter/b';"),
    file('core/a/b.ts', "import { x } from '../../server/src/c';"),
    file('core/a/c.ts', "import * as vscode from 'vscode';"),
    file('core/a/d.ts', "import { createConnection } from 'vscode-languageserver/node';"),
    file('core/a/e.ts', "import { x } from 'left-pad';"),
    file('protocol/a.ts', "import { x } from '../client/src/b';"),
  ]);
  assert.equal(caught.length, 9, caught.join('\n'));
  const allowed = offences([
    file('client/src/a.ts', "import { x } from '../../core/tools/ps';\nimport type { Y } from '../../protocol/dexts';\nimport * as vscode from 'vscode';"),
    file('core/a/b.ts', "import { readFile } from 'node:fs';\nimport { join } from 'path';\nimport { Parser } from 'web-tree-sitter';\nimport { c } from '../c/d';"),
    file('protocol/a.ts', "import { RequestType } from 'vscode-jsonrpc';\nimport type { X } from '../core/workspace/y';"),
  ]);
  assert.deepEqual(allowed, []);
});

test('no circle of imports between the top-level areas', () => {
  assert.deepEqual(cycles(folderGraphs(product).areas), []);
});

test('no circle of imports between core\'s folders, beyond the allowed list', () => {
  const found = cycles(folderGraphs(product).coreFolders);
  const allowed = new Set(ALLOWED_CORE_CYCLES.map((c) => [...c.folders].sort().join(' → ')));
  assert.deepEqual(found.map((c) => c.join(' → ')).filter((c) => !allowed.has(c)), []);
});

test('every allowed circle still exists (a fixed one leaves the list)', () => {
  const found = new Set(cycles(folderGraphs(product).coreFolders).map((c) => c.join(' → ')));
  assert.deepEqual(ALLOWED_CORE_CYCLES.map((c) => [...c.folders].sort().join(' → ')).filter((c) => !found.has(c)), []);
});

test('the circle finder finds circles, long ones too, and nothing in a line', () => {
  const graph = (pairs: string): Map<string, Set<string>> => {
    const edges = new Map<string, Set<string>>();
    for (const pair of pairs.split(' ')) {
      const [a, b] = pair.split('>');
      edges.set(a, new Set([...(edges.get(a) ?? []), b]));
    }
    return edges;
  };
  assert.deepEqual(cycles(graph('a>b b>c c>d')), []);
  assert.deepEqual(cycles(graph('a>b b>a')), [['a', 'b']]);
  assert.deepEqual(cycles(graph('plist>sdk sdk>tools tools>plist tools>util rules>plist')), [['plist', 'sdk', 'tools']]);
  assert.deepEqual(cycles(graph('a>b b>a c>d d>e e>c')), [['a', 'b'], ['c', 'd', 'e']]);
});
