/**
 * Loads web-tree-sitter and the tree-sitter-cpp grammar once per process. The wasm files sit beside
 * the bundle in dist/; when running from source (tests) they are found in node_modules.
 */
import { existsSync } from 'node:fs';
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
    await Parser.init({ locateFile: () => wasmPath('tree-sitter.wasm', 'web-tree-sitter') });
    return Language.load(wasmPath('tree-sitter-cpp.wasm', 'tree-sitter-cpp'));
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
