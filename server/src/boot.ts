/**
 * dist/server.js: starts the language server (dist/languageServer.js) from a V8 code cache.
 *
 * Compiling the bundle, and then each function the first answers run, is a large part of the
 * server's start-up. V8 can save that work (`Script.createCachedData`) and take it back on the next
 * start, so from the second start on the server skips it. The cache lives in the folder the client
 * names with `--code-cache=<folder>` (VS Code's global storage for this extension, which only this
 * user can write: cached code is executable, so it must never come from a shared folder). Without
 * that argument, or when anything about the cache goes wrong, the bundle is compiled as usual. A
 * damaged cache (its digest does not match) or one V8 rejects (made by another V8, another bundle or
 * other flags) is written anew.
 *
 * Only node's own modules and protocol/serverLaunch.ts (no imports) are used here: this file is the
 * one thing loaded before the cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { CODE_CACHE_ARGUMENT, CODE_CACHE_STATUS, type CodeCacheStatus } from '../../protocol/serverLaunch';

const CACHE_PREFIX = 'languageServer-';
/**
 * The file holds a SHA-256 of the cache, then the cache. V8 checks that a cache fits its version,
 * flags and source, but not every byte of it: a damaged file could crash the server, so the digest
 * is checked first.
 */
const DIGEST_BYTES = 32;
const digest = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

/** The cache is written this long after start, or at exit if that comes first: after the first answers. */
const WRITE_AFTER_MS = 5_000;

// The grammar's WebAssembly is compiled whole, on background threads, while this thread loads the
// server: compiled lazily, its functions would be compiled on this thread during the first parse.
setFlagsFromString('--no-wasm-lazy-compilation');
// Each keystroke in a large file leaves megabytes of strings behind (the new text and what is derived
// from it), which only a full collection frees. V8 lets the heap grow to two to four times what was
// live before it collects again; the server lets it grow by 40 %, so the index and the garbage of
// typing stay near the live heap (docs/quality.md: a 5,000-file workspace typed in, under 300 MB).
setFlagsFromString('--heap-growing-percent=40');

const bundle = join(__dirname, 'languageServer.js');
const source = readFileSync(bundle, 'utf8');
const folder = process.argv.find((arg) => arg.startsWith(CODE_CACHE_ARGUMENT))?.slice(CODE_CACHE_ARGUMENT.length);
const cacheFile = folder ? join(folder, cacheName()) : undefined;
const stored = cacheFile ? readOrUndefined(cacheFile) : undefined;
const cachedData = stored && intact(stored);

const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
const status: CodeCacheStatus = !cacheFile ? 'off' : stored === undefined ? 'absent' : !cachedData || script.cachedDataRejected ? 'rejected' : 'accepted';
(globalThis as Record<symbol, unknown>)[CODE_CACHE_STATUS] = status;

if (cacheFile && status !== 'accepted') {
  let written = false;
  const write = (): void => {
    if (written) return;
    written = true;
    writeCache(cacheFile);
  };
  setTimeout(write, WRITE_AFTER_MS).unref();
  process.once('exit', write);
}

const main = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(main.exports, require, main, bundle, __dirname);

/** One cache per bundle build and runtime: a new extension version or node does not read an old one. */
function cacheName(): string {
  const { size, mtimeMs } = statSync(bundle);
  return `${CACHE_PREFIX}${process.versions.v8}-${process.arch}-${size}-${Math.round(mtimeMs)}.v8cache`;
}

function intact(file: Buffer): Buffer | undefined {
  const data = file.subarray(DIGEST_BYTES);
  return file.length > DIGEST_BYTES && digest(data).equals(file.subarray(0, DIGEST_BYTES)) ? data : undefined;
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
    const data = script.createCachedData();
    writeFileSync(partial, Buffer.concat([digest(data), data]), { mode: 0o600 });
    renameSync(partial, path);
    // Caches of earlier builds are never read again.
    for (const name of readdirSync(dirname(path))) {
      if (name.startsWith(CACHE_PREFIX) && join(dirname(path), name) !== path) rmSync(join(dirname(path), name), { force: true });
    }
  } catch {
    // No cache this time: the next start compiles the bundle again.
  }
}
