// The hand-written declarations: they compile against real uses (Node CJS, Node
// ESM, browser with the "browser" condition), reject wrong uses
// (@ts-expect-error lines fail the build when no error occurs), describe every
// runtime export, and list exactly the core's error codes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sdk = require('@peeker/sdk');
const root = new URL('..', import.meta.url).pathname;
const tsc = require.resolve('typescript/bin/tsc');
const read = (p) => readFileSync(new URL(p, import.meta.url), 'utf8');

function compile(project) {
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc -p ${project} failed:\n${e.stdout}${e.stderr}`);
  }
}

test('tsc --noEmit: Node (CommonJS and ES module views, the Next.js route handler)', () => compile('test/types/tsconfig.node.json'));
test('tsc --noEmit: browser (bundler resolution, "browser" condition, DOM lib)', () =>
  compile('test/types/tsconfig.browser.json'));

test('the ErrorCode union is exactly the core error codes', () => {
  const api = read('../lib/api.d.ts');
  const union = api.slice(api.indexOf('export type ErrorCode ='), api.indexOf(';', api.indexOf('export type ErrorCode =')));
  const declared = [...union.matchAll(/\| '([a-z0-9_]+)'/g)].map((m) => m[1]);
  assert.deepEqual(declared, sdk.errorCodes());
});

test('every runtime export is declared, and nothing else', () => {
  const decls = read('../lib/api.d.ts') + read('../lib/api-client.d.ts') + read('../lib/index.d.ts');
  const declared = [...decls.matchAll(/export declare (?:function|class|const) (\w+)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(declared)].sort(), Object.keys(sdk).sort());
  const browser = read('../lib/browser.d.mts');
  assert.match(browser, /export declare function init\(source\?: InitInput\)/);
});
