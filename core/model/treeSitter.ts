/**
 * Loads web-tree-sitter and the tree-sitter-cpp grammar once per process. The wasm files sit beside
 * the bundle in dist/; when running from source (tests) they are found in node_modules.
 *
 * Both files are read at once and handed over as bytes, so the runtime's file read and the grammar's
 * compile (WebAssembly compiles on background threads) overlap with whatever the program loads
 * meanwhile; the language server starts this before it loads anything else.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

let loading: Promise<Language> | undefined;

function wasmPath(file: string, packageName: string): string {
  const beside = join(__dirname, file);
  if (existsSync(beside)) return beside;
  // Running unbundled (tests from source): find the file inside the installed package.
  try {
    return require.resolve(`${packageName}/${file}`);
  } catch {
    return join(dirname(require.resolve(packageName)), file);
  }
}

export function loadCppLanguage(): Promise<Language> {
  loading ??= (async () => {
    const runtime = readFile(wasmPath('tree-sitter.wasm', 'web-tree-sitter'));
    const grammar = readFile(wasmPath('tree-sitter-cpp.wasm', 'tree-sitter-cpp'));
    // Keeps an early failure of the grammar's read from going unhandled while the runtime loads.
    grammar.catch(() => undefined);
    await Parser.init({ wasmBinary: await runtime });
    return Language.load(new Uint8Array(await grammar));
  })();
  return loading;
}

let shared: Promise<Parser> | undefined;

/** The process's one C++ parser. Parsing is synchronous, so sharing it between documents is safe. */
export function cppParser(): Promise<Parser> {
  shared ??= loadCppLanguage().then((language) => {
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  });
  return shared;
}
