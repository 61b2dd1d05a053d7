/** Helpers for tests of the analysis core: a shared parser and fixture-driven workspaces. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { analyseOnce } from '../../core/model/sourceDocument';
import type { CppFile, IigFile } from '../../core/model/model';
import { cppParser } from '../../core/model/treeSitter';
import { Workspace } from '../../core/workspace/workspace';

let parser: Parser | undefined;

export async function sharedParser(): Promise<Parser> {
  parser ??= await cppParser();
  return parser;
}

export async function parseIig(text: string): Promise<IigFile> {
  const model = analyseOnce(await sharedParser(), 'iig', text);
  if (model.kind !== 'iig') throw new Error('expected an iig model');
  return model;
}

export async function parseCpp(text: string): Promise<CppFile> {
  const model = analyseOnce(await sharedParser(), 'cpp', text);
  if (model.kind !== 'cpp') throw new Error('expected a cpp model');
  return model;
}

export async function workspaceOf(...roots: string[]): Promise<Workspace> {
  const workspace = new Workspace(await sharedParser());
  await workspace.scan(roots);
  return workspace;
}

/** Every `// expect: code [code...]` marker under a folder, as "file:line code" strings (1-based lines). */
export function expectedMarkers(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(iig|cpp|h|c|m|mm|swift|plist|entitlements|pbxproj|provisionprofile)$/.test(name)) {
        readFileSync(path, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            // `// expect: code` in sources, `<!-- expect: code -->` in property lists.
            const m = /(?:\/\/|<!--)\s*expect:\s*([\w.\- ]+?)\s*(?:-->)?$/.exec(line.trimEnd());
            if (m) for (const code of m[1].trim().split(/\s+/)) out.push(`${name}:${i + 1} ${code}`);
          });
      }
    }
  };
  walk(folder);
  return out.sort();
}

/** Findings of every file of a workspace as "file:line code" strings, comparable with expectedMarkers. */
export function actualFindings(workspace: Workspace): string[] {
  const out: string[] = [];
  for (const path of workspace.allPaths()) {
    // A file read only as bytes (a provisioning profile) has no lines: its findings are on the first.
    const lines = workspace.lines(path);
    for (const f of workspace.check(path)) out.push(`${path.split('/').pop()}:${(lines?.position(f.span.start).line ?? 0) + 1} ${f.code}`);
  }
  return out.sort();
}
