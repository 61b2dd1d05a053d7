/**
 * The product's TypeScript sources read as text, for the trust checks: which module imports which
 * (type-only imports left out: they run nothing), which modules start processes, and which setting
 * names the client uses. Plain regular expressions over our own code; the tests next to it keep them honest.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

export interface SourceModule {
  /** Repository-relative path, e.g. `client/src/extension.ts`. */
  readonly path: string;
  readonly text: string;
  /** Repository-relative paths of the product modules it imports for their values. */
  readonly imports: readonly string[];
  /** How it starts other processes: `spawn`, `execFile`, `new vscode.ProcessExecution`, ...; empty when it does not. */
  readonly launches: readonly string[];
}

const CHILD_PROCESS_CALLS = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork', 'exec', 'execSync']);
const VSCODE_LAUNCHES = [/new vscode\.ProcessExecution\(/, /new vscode\.ShellExecution\(/, /new vscode\.DebugAdapterExecutable\(/, /vscode\.tasks\.executeTask\(/];
const IMPORT = /^\s*(?:import|export)\s+(type\s+)?(?:([\s\S]*?)\s+from\s+)?['"]([^'"]+)['"]/gm;

export function listSources(...folders: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return /\.(ts|mjs|js)$/.test(name) && !name.endsWith('.d.ts') ? [relative(ROOT, path)] : [];
    });
  return folders.flatMap((f) => walk(join(ROOT, f))).sort();
}

/** The names a module binds from node:child_process (value imports only). */
export function childProcessBindings(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    if (m[1] || !/^(node:)?child_process$/.test(m[3])) continue;
    const braces = /\{([\s\S]*)\}/.exec(m[2] ?? '')?.[1] ?? '';
    for (const part of braces.split(',')) {
      const spec = part.trim();
      if (!spec || spec.startsWith('type ')) continue;
      names.push(spec.split(/\s+as\s+/)[0].trim());
    }
    if (/^\*\s+as\s+|^\w+$/.test((m[2] ?? '').trim())) names.push('*');
  }
  return names;
}

function isTypeOnly(m: RegExpMatchArray): boolean {
  if (m[1]) return true;
  const clause = (m[2] ?? '').trim();
  const braces = /^\{([\s\S]*)\}$/.exec(clause);
  if (!braces) return false;
  const specs = braces[1].split(',').map((s) => s.trim()).filter(Boolean);
  return specs.length > 0 && specs.every((s) => s.startsWith('type '));
}

function resolveImport(from: string, spec: string, known: ReadonlySet<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = relative(ROOT, resolve(ROOT, dirname(from), spec));
  return [`${base}.ts`, join(base, 'index.ts'), base].find((p) => known.has(p));
}

export function readModules(folders: readonly string[]): Map<string, SourceModule> {
  const paths = listSources(...folders).filter((p) => p.endsWith('.ts'));
  const known = new Set(paths);
  const modules = new Map<string, SourceModule>();
  for (const path of paths) {
    const text = readFileSync(join(ROOT, path), 'utf8');
    const imports = [...text.matchAll(IMPORT)].filter((m) => !isTypeOnly(m)).map((m) => resolveImport(path, m[3], known)).filter((p): p is string => p !== undefined);
    const called = childProcessBindings(text).filter((name) => name === '*' || (CHILD_PROCESS_CALLS.has(name) && new RegExp(`\\b${name}\\(`).test(text)));
    const launches = [...called, ...VSCODE_LAUNCHES.filter((re) => re.test(text)).map((re) => re.source.replace(/\\/g, ''))];
    modules.set(path, { path, text, imports: [...new Set(imports)], launches });
  }
  return modules;
}

/** Every module reachable from `entries` through value imports. */
export function reachable(modules: ReadonlyMap<string, SourceModule>, entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length) {
    const path = todo.pop()!;
    if (seen.has(path) || !modules.has(path)) continue;
    seen.add(path);
    todo.push(...modules.get(path)!.imports);
  }
  return seen;
}

/** Who imports `path` (for its values), among `within`. */
export function importersOf(modules: ReadonlyMap<string, SourceModule>, path: string, within: ReadonlySet<string>): string[] {
  return [...within].filter((p) => modules.get(p)!.imports.includes(path)).sort();
}

/**
 * The `driverkit.*` names a module may read settings by: each `getConfiguration('<section>')` (a
 * `driverkit` section, or none: then keys are full names) combined with each `.get<...>('<key>')`, and
 * every string literal that is a whole `driverkit.*` name (helpers such as macTool take a setting's
 * name). Command and view ids come along too; the caller sets those apart.
 */
export function namesRead(text: string): string[] {
  const sections = [...text.matchAll(/getConfiguration\(\s*(?:'([^']*)')?/g)].map((m) => m[1] ?? '');
  const keys = [...text.matchAll(/\.get(?:<[^>]*>)?\(\s*'([^']+)'/g)].map((m) => m[1]);
  const names = new Set<string>();
  for (const section of sections) {
    for (const key of keys) {
      const name = section ? `${section}.${key}` : key;
      if (name.startsWith('driverkit.')) names.add(name);
    }
  }
  for (const m of text.matchAll(/'(driverkit\.[\w.]+)'/g)) names.add(m[1]);
  return [...names].sort();
}
