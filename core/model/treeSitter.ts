/**
 * Loads web-tree-sitter and the tree-sitter-cpp grammar once per process. The wasm files sit beside
 * the bundle in dist/; when running from source (tests) they are found in node_modules.
 *
 * The first call reads both files and starts compiling them at once (WebAssembly compiles on
 * background threads), before it returns: the language server calls it before it loads anything
 * else, so the compile overlaps with loading the rest of the server. The runtime is then
 * instantiated from its compiled module; the grammar's second compile, inside Language.load, finds
 * the same bytes compiled already (V8 keeps one native module per distinct wasm).
 */
import { existsSync, readFileSync } from 'node:fs';
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

/** The part of the WebAssembly API used here (the ES2022 library without the DOM does not declare it). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<object>;
}
type WasmModule = object;
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Emscripten's hook for instantiating the runtime ourselves (from the module compiled up front). */
type InstantiateWasm = (imports: object, done: (instance: object, module: WasmModule) => void) => object;

export function loadCppLanguage(): Promise<Language> {
  loading ??= (() => {
    const runtimeBytes = readFileSync(wasmPath('tree-sitter.wasm', 'web-tree-sitter'));
    const grammarBytes = new Uint8Array(readFileSync(wasmPath('tree-sitter-cpp.wasm', 'tree-sitter-cpp')));
    const runtime = wasm.compile(runtimeBytes);
    const grammar = wasm.compile(grammarBytes);
    // Keeps an early failure from going unhandled while the other one loads; the awaits below report it.
    runtime.catch(() => undefined);
    grammar.catch(() => undefined);
    const instantiateWasm: InstantiateWasm = (imports, done) => {
      void runtime.then(async (module) => done(await wasm.instantiate(module, imports), module));
      return {}; // emscripten: exports arrive through `done`
    };
    return (async () => {
      await Parser.init({ instantiateWasm });
      await grammar;
      return Language.load(grammarBytes);
    })();
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
