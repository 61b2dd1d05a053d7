/**
 * dist/server.js: starts the language server (dist/languageServer.js) from a V8 code cache.
 *
 * Compiling the 1.2 MB bundle, and then each function the first answers run, is a large part of
 * the server's start-up. V8 can save that work (`Script.createCachedData`) and take it back on the
 * next start, so after the first start the server skips it. The cache lives in the folder the
 * client names with `--code-cache=<folder>` (VS Code's global storage for this extension, which only
 * this user can write: cached code is executable, so it must never come from a shared folder).
 * Without that argument, or when anything about the cache goes wrong, the bundle is compiled as
 * usual. V8 rejects a cache made by another V8 version, another bundle or other flags; it is then
 * written anew.
 *
 * Only node's own modules are used here: this file is the one thing loaded before the cache.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

const CACHE_PREFIX = 'languageServer-';

/** When the cache is written: after the first answers have compiled what start-up runs. */
const WRITE_AFTER_MS = 5_000;

// The grammar's WebAssembly is compiled whole, on background threads, while this thread loads the
// server: compiled lazily, its functions would be compiled on this thread during the first parse.
if (process.env.AB_LAZY !== '1') setFlagsFromString('--no-wasm-lazy-compilation');

const bundle = join(__dirname, 'languageServer.js');
const source = readFileSync(bundle, 'utf8');
const folder = process.argv.find((arg) => arg.startsWith('--code-cache='))?.slice('--code-cache='.length);
const cacheFile = folder ? join(folder, cacheName()) : undefined;
const cachedData = cacheFile ? readOrUndefined(cacheFile) : undefined;

const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
const main = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(main.exports, require, main, bundle, __dirname);

if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
  setTimeout(() => writeCache(cacheFile), WRITE_AFTER_MS).unref();
}

/** One cache per bundle build and runtime: a new extension version or node does not read an old one. */
function cacheName(): string {
  const { size, mtimeMs } = statSync(bundle);
  return `${CACHE_PREFIX}${process.versions.v8}-${process.arch}-${size}-${Math.round(mtimeMs)}.v8cache`;
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Written beside, then renamed: a second server starting meanwhile never reads half a file. */
function writeCache(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    renameSync(partial, path);
    // Caches of earlier builds are never read again.
    for (const name of readdirSync(dirname(path))) {
      if (name.startsWith(CACHE_PREFIX) && join(dirname(path), name) !== path) rmSync(join(dirname(path), name), { force: true });
    }
  } catch {
    // No cache this time: the next start compiles the bundle again.
  }
}
