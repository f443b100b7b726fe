// Build step of build.sh (not shipped): the package's JavaScript entries, bundled
// by esbuild from lib/ next to the glue wasm-bindgen wrote into OUT (web/ and
// web-domains/):
//   node/peeker_wasm.js     the full module's web glue as CommonJS, instantiated
//                           synchronously at require from ../web/peeker_wasm_bg.wasm
//   node/index.cjs          lib/node.cjs (require('@peeker/sdk'))
//   node/index.mjs          import('@peeker/sdk') in Node: the same instance
//   web/sdk.mjs             lib/sdk.mjs and what it imports: the layer both entries below share (once
//                           in the package, not once per entry)
//   web/index.mjs           lib/browser.mjs
//   web/workerd.mjs         lib/workerd.mjs (the "workerd" condition): imports ./peeker_wasm_bg.wasm as a module
//   web-domains/domains.min.mjs  lib/domains.mjs, minified (names kept), and its glue minified in place
//   raw/peeker_wasm.js      the full glue as wasm-bindgen wrote it (not in the package; the tests read it)
// The named ES-module exports are written from the keys of the object each entry
// exports (lib/sdk.mjs's one list), never by hand. Every file is written without
// comments and indentation (esbuild's whitespace and syntax minifiers; names are
// kept as written; BENCHMARKS.md, "Release artefacts", has what it saves).
//
// usage: node bundle.mjs OUT
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const out = resolve(process.argv[2]);
const lib = new URL('./lib/', import.meta.url).pathname;
const common = { bundle: true, legalComments: 'none', target: 'es2022', logLevel: 'warning', minifyWhitespace: true, minifySyntax: true };

/** Imports of the glue (lib/ names it ../dist/DIR/peeker_wasm.js) stay imports of the file next to the bundle. */
const glueNextTo = {
  name: 'glue',
  setup: (b) => b.onResolve({ filter: /(^\.|\/dist\/[a-z-]+)\/peeker_wasm\.js$/ }, () => ({ path: './peeker_wasm.js', external: true })),
};
/** lib/'s imports of ./sdk.mjs stay imports of web/sdk.mjs, bundled once for the browser entries. */
const sdkNextTo = {
  name: 'sdk',
  setup: (b) => b.onResolve({ filter: /^\.\/sdk\.mjs$/ }, (a) => (a.importer.startsWith(lib) ? { path: './sdk.mjs', external: true } : undefined)),
};

/** The keys of the default export of the ES-module entry `file` (bundled next to `dir`'s glue, then imported). */
async function namesOf(file, dir) {
  const probe = join(dir, '.probe.mjs');
  await esbuild.build({ ...common, entryPoints: [file], outfile: probe, format: 'esm', plugins: [glueNextTo] });
  const names = Object.keys((await import(pathToFileURL(probe).href)).default);
  rmSync(probe);
  return names;
}

/** `import sdk from FROM`, then every name of `names` as a named export. */
const reexport = (from, names) => `import sdk from ${JSON.stringify(from)};\nexport const { ${names.join(', ')} } = sdk;\nexport default sdk;\n`;

async function esmEntry(file, dir, outfile, extra = {}, names = null) {
  const stub = join(dir, '.entry.mjs');
  writeFileSync(stub, reexport(file, names ?? (await namesOf(file, dir))));
  await esbuild.build({ ...common, entryPoints: [stub], outfile, format: 'esm', plugins: [glueNextTo], ...extra });
  rmSync(stub);
}

// The layer the browser entries share, once.
await esbuild.build({ ...common, entryPoints: [join(lib, 'sdk.mjs')], outfile: join(out, 'web/sdk.mjs'), format: 'esm' });

/**
 * How Node's glue finds the .wasm: in the package (../web), or, when a bundler has put the glue
 * into an app's bundle, next to that bundle (copied there); else an error that says what to do.
 */
const NODE_WASM = `(() => {
  const fs = require('node:fs'), path = require('node:path');
  const tried = [path.join(__dirname, '../web/peeker_wasm_bg.wasm'), path.join(__dirname, 'peeker_wasm_bg.wasm')];
  const file = tried.find((f) => fs.existsSync(f));
  if (file === undefined) {
    throw new Error('peeker_wasm_bg.wasm is not in ' + tried.join(' or ') + '. If a bundler bundled @peeker/sdk into a Node app, ' +
      'leave it to Node (esbuild --external:@peeker/sdk, Next.js serverExternalPackages) or copy ' +
      'node_modules/@peeker/sdk/dist/web/peeker_wasm_bg.wasm next to the bundle.');
  }
  module.exports.initSync({ module: fs.readFileSync(file) });
})();`;

// Node: CommonJS (test runners with their own loader, such as Jest, cannot require an
// ES module before Node 24.9), the glue required next to the bundle; `import` re-exports it.
await esbuild.build({
  ...common,
  entryPoints: [join(out, 'web/peeker_wasm.js')],
  outfile: join(out, 'node/peeker_wasm.js'),
  format: 'cjs',
  platform: 'node',
  logOverride: { 'empty-import-meta': 'silent' }, // only the async init reads it; Node never calls that
  footer: { js: NODE_WASM },
});
await esbuild.build({ ...common, entryPoints: [join(lib, 'node.cjs')], outfile: join(out, 'node/index.cjs'), format: 'cjs', platform: 'node', plugins: [glueNextTo] });
const nodeNames = Object.keys(require(join(out, 'node/index.cjs')));
writeFileSync(join(out, 'node/index.mjs'), `// Generated by build.sh: do not edit.\n${reexport('./index.cjs', nodeNames)}`);

// Browsers. The full glue minified in place like the rest; wasm-bindgen's text of it is kept,
// not shipped, in raw/ (test/robustness.test.cjs reads the shape of its exports there).
const webGlue = join(out, 'web/peeker_wasm.js');
mkdirSync(join(out, 'raw'), { recursive: true });
copyFileSync(webGlue, join(out, 'raw/peeker_wasm.js'));
await esbuild.build({ ...common, bundle: false, entryPoints: [webGlue], outfile: webGlue, allowOverwrite: true, format: 'esm' });
await esmEntry(join(lib, 'browser.mjs'), join(out, 'web'), join(out, 'web/index.mjs'), { plugins: [glueNextTo, sdkNextTo] });
/** The .wasm import of lib/workerd.mjs stays an import of the file next to the bundle (Node cannot probe it: same names as the browser entry). */
const wasmNextTo = {
  name: 'wasm',
  setup: (b) => b.onResolve({ filter: /\/dist\/web\/peeker_wasm_bg\.wasm$/ }, () => ({ path: './peeker_wasm_bg.wasm', external: true })),
};
const webNames = Object.keys((await import(pathToFileURL(join(out, 'web/index.mjs')).href)).default);
await esmEntry(join(lib, 'workerd.mjs'), join(out, 'web'), join(out, 'web/workerd.mjs'), { plugins: [glueNextTo, wasmNextTo, sdkNextTo] }, webNames);
const min = { minify: true, keepNames: true };
const domGlue = join(out, 'web-domains/peeker_wasm.js');
await esbuild.build({ ...common, ...min, bundle: false, entryPoints: [domGlue], outfile: domGlue, allowOverwrite: true, format: 'esm' });
await esmEntry(join(lib, 'domains.mjs'), join(out, 'web-domains'), join(out, 'web-domains/domains.min.mjs'), min);
