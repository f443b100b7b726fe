// require and import give the same API and the same instance; the browser entry
// (lib/browser.mjs, web build) has the same API and answers the same in Node.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import * as esm from '@peeker/sdk';
import esmDefault from '@peeker/sdk';
import * as browser from '../lib/browser.mjs';

const require = createRequire(import.meta.url);
const cjs = require('@peeker/sdk');
const pkg = require('../package.json');

test('require and import resolve through the exports map to the same instance', () => {
  assert.equal(require.resolve('@peeker/sdk'), new URL('../lib/index.cjs', import.meta.url).pathname);
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(), Object.keys(cjs).sort());
  assert.equal(esmDefault, cjs);
  for (const k of Object.keys(cjs)) assert.equal(esm[k], cjs[k], k);
  // An error thrown through one is a PeekerError for the other.
  try {
    esm.normalizeRootDomain('www.acme.com');
    assert.fail('no throw');
  } catch (e) {
    assert.ok(e instanceof cjs.PeekerError);
    assert.ok(e instanceof browser.PeekerError, 'recognised by shape across copies');
    assert.equal(e.suggestion, 'acme.com');
  }
  assert.ok(!(new Error('x') instanceof cjs.PeekerError));
  const made = new cjs.PeekerError('subdomain', 'm', { suggestion: 's', field: 'f' });
  assert.ok(made instanceof Error && made instanceof cjs.PeekerError);
  assert.deepEqual([made.name, made.code, made.suggestion, made.field], ['PeekerError', 'subdomain', 's', 'f']);
});

test('exports map: browser and import conditions give the web build', () => {
  const dot = pkg.exports['.'];
  assert.equal(dot.browser.default, './lib/browser.mjs');
  assert.equal(dot.import.default, './lib/browser.mjs');
  assert.equal(dot.node.require.default, './lib/index.cjs');
  assert.equal(dot.node.import.default, './lib/index.mjs');
  assert.deepEqual(Object.keys(dot), ['browser', 'node', 'import', 'default'], 'order decides: browser first, then node');
});

test('the browser entry: same names, refuses use before init, then agrees with Node', async () => {
  const names = (m) => Object.keys(m).filter((k) => k !== 'default').sort();
  assert.deepEqual(names(browser), names(cjs));
  assert.deepEqual(Object.keys(browser.default).sort(), names(cjs));
  assert.equal(browser.isReady(), false);
  try {
    browser.normalizeRootDomain('acme.com');
    assert.fail('no throw');
  } catch (e) {
    assert.ok(e instanceof browser.PeekerError);
    assert.match(e.message, /await init\(\)/);
  }
  const wasm = await readFile(new URL('../dist/web/peeker_wasm_bg.wasm', import.meta.url));
  const p1 = browser.init(wasm);
  assert.equal(browser.init(), p1, 'idempotent');
  await p1;
  assert.equal(browser.isReady(), true);
  for (const input of ['Bücher.de', 'mail.acme.co.uk', 'co.uk', '', 'http://x.com/y']) {
    const run = (m) => {
      try {
        return m.normalizeRootDomain(input);
      } catch (e) {
        return { code: e.code, suggestion: e.suggestion, message: e.message };
      }
    };
    assert.deepEqual(run(browser), run(cjs), input);
  }
  assert.equal(browser.version(), cjs.version());
  assert.equal(browser.pslVersion(), cjs.pslVersion());
});
