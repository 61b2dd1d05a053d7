// Bundles the extension's programs with esbuild and copies the tree-sitter wasm files beside them.
import { build } from 'esbuild';
import { copyFileSync, cpSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');
const out = 'dist';
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // The ESM build of web-tree-sitter needs import.meta.url, which a CommonJS bundle lacks.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  plugins: [withoutOidNames()],
};

/**
 * @lapo/asn1js names every OID it prints from a 235 KB table; the signing code reads only the dotted
 * form (core/signing/cmsEnvelope.ts), and the decoder works without the table (it checks for one).
 * Leaving it out keeps a quarter of a megabyte out of every program that loads.
 */
function withoutOidNames() {
  return {
    name: 'without-oid-names',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^\.\/oids\.js$/ }, (args) => (/[\\/]@lapo[\\/]asn1js[\\/]/.test(args.importer) ? { path: 'oids', namespace: 'without-oid-names' } : undefined));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'without-oid-names' }, () => ({ contents: 'export const oids = undefined;', loader: 'js' }));
    },
  };
}

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: `${out}/extension.js`, external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: `${out}/languageServer.js` }),
  // The language server's entry: loads languageServer.js from a V8 code cache (server/src/boot.ts).
  build({ ...common, entryPoints: ['server/src/boot.ts'], outfile: `${out}/server.js` }),
  build({ ...common, entryPoints: ['adapter/main.ts'], outfile: `${out}/debugAdapter.js` }),
  build({
    ...common,
    entryPoints: ['cli/driverkitCheck.ts'],
    outfile: `${out}/cli.js`,
    banner: { js: '#!/usr/bin/env node' },
    define: { PACKAGE_VERSION: JSON.stringify(version) },
  }),
]);

// web-tree-sitter looks for tree-sitter.wasm next to the bundle; the C++ grammar is loaded by path.
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), `${out}/tree-sitter.wasm`);
copyFileSync(require.resolve('tree-sitter-cpp/tree-sitter-cpp.wasm'), `${out}/tree-sitter-cpp.wasm`);
// Apps' grammars (core/model/appGrammars.ts), loaded only when an app's source calls a user client.
for (const spec of ['tree-sitter-c/tree-sitter-c.wasm', 'tree-sitter-objc/tree-sitter-objc.wasm', '@repomix/tree-sitter-wasms/out/tree-sitter-swift.wasm']) {
  copyFileSync(require.resolve(spec), `${out}/${spec.replace(/^.*\//, '')}`);
}
// The bundled DriverKit catalog is read at run time (core/sdk/bundledCatalog.ts), from dist/catalog.
cpSync('core/sdk/catalog', `${out}/catalog`, { recursive: true, filter: (path) => !path.endsWith('.md') });
