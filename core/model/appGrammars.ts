/**
 * The grammars of apps' sources, read only for their calls into a dext's user client
 * (core/userclient/appCalls.ts): C, Objective-C (also for Objective-C++, which has no grammar of its
 * own; its calls parse the same) and Swift; a C++ app's file uses the C++ grammar the index loads.
 * Each grammar is loaded the first time a file of its language holding `IOConnectCall` asks for it —
 * never at start-up, and not at all in the many workspaces without such a file. Until it is there,
 * `appParser` answers undefined and the caller tries again when `loadAppGrammar` settles.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Language, Parser } from 'web-tree-sitter';
import { loadCppLanguage } from './treeSitter';

export type AppLanguage = 'c' | 'objc' | 'cpp' | 'swift';

/** Where each grammar's wasm is installed; in dist/ it sits beside the bundle under its base name. */
const WASM: Readonly<Record<Exclude<AppLanguage, 'cpp'>, string>> = {
  c: 'tree-sitter-c/tree-sitter-c.wasm',
  objc: 'tree-sitter-objc/tree-sitter-objc.wasm',
  swift: '@repomix/tree-sitter-wasms/out/tree-sitter-swift.wasm',
};

/** The language an app's file is read in, by its extension; undefined for files no app call is read from. */
export function appLanguageOf(path: string): AppLanguage | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.swift')) return 'swift';
  if (/\.(m|mm)$/.test(lower)) return 'objc';
  if (lower.endsWith('.c')) return 'c';
  if (/\.(cpp|cc|cxx)$/.test(lower)) return 'cpp';
  // A header may hold an inline wrapper around IOConnectCall…: C and Objective-C both parse as Objective-C.
  if (/\.(h|hh|hpp|hxx)$/.test(lower)) return /\.h$/.test(lower) ? 'objc' : 'cpp';
  return undefined;
}

const parsers = new Map<AppLanguage, Parser>();
const loading = new Map<AppLanguage, Promise<void>>();

function wasmFile(spec: string): string {
  const beside = join(__dirname, basename(spec));
  return existsSync(beside) ? beside : require.resolve(spec);
}

/** Set by a short-lived program (the CLI): see compileBaseline. */
let baselineOnly = false;

/**
 * For a program that reads a few files and exits (driverkit-check): app grammars are compiled for
 * V8's baseline tier only. The language server, which parses an app file on every keystroke, keeps
 * the optimising tier (a 5,000-line C file parses about five times faster optimised).
 */
export function compileAppGrammarsForBaselineOnly(): void {
  baselineOnly = true;
}

/**
 * With compileAppGrammarsForBaselineOnly, the grammar compiled for V8's baseline tier only. Left to tier up, V8 optimises the Swift grammar's
 * lexer in the background for many seconds after the first parse, and a process cannot exit before
 * that job ends (driverkit-check on a workspace with a Swift app took 10 s more to end than to
 * check). The few app files read parse fast enough unoptimised. The flag is read when a module is
 * compiled, so it is set only around this one compile; the C++ grammar, compiled before, is untouched.
 */
async function compileBaseline(bytes: Uint8Array): Promise<Language> {
  if (!baselineOnly) return Language.load(bytes);
  setFlagsFromString('--liftoff-only');
  try {
    return await Language.load(bytes);
  } finally {
    setFlagsFromString('--no-liftoff-only');
  }
}

async function load(language: AppLanguage): Promise<void> {
  // The C++ grammar's loader also starts the tree-sitter runtime the others need.
  const cpp = await loadCppLanguage();
  const grammar = language === 'cpp' ? cpp : await compileBaseline(new Uint8Array(readFileSync(wasmFile(WASM[language]))));
  const parser = new Parser();
  parser.setLanguage(grammar);
  parsers.set(language, parser);
}

/** Loads one grammar after another: the compile flag above must not be reset under another's compile. */
let queue: Promise<void> = Promise.resolve();

/** Loads a language's grammar once per process; a grammar that cannot be loaded leaves its language unread. */
export function loadAppGrammar(language: AppLanguage): Promise<void> {
  let promise = loading.get(language);
  if (!promise) {
    promise = queue.then(() => load(language)).catch(() => undefined);
    queue = promise;
    loading.set(language, promise);
  }
  return promise;
}

/** The language's parser once its grammar is loaded (parsing is synchronous: one parser per language serves all files). */
export function appParser(language: AppLanguage): Parser | undefined {
  return parsers.get(language);
}

/** Whether a load was asked for already (settled or not). */
export function appGrammarRequested(language: AppLanguage): boolean {
  return loading.has(language);
}
