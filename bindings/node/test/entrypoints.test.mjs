// require and import give the same API and the same instance; the browser entry
// (lib/browser.mjs, web build) has the same API and answers the same in Node.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
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
    assert.equal(e.code, 'not_initialized');
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

test('@peeker/sdk/validation: the browser API without the API model, over the one full module', async () => {
  const validation = await import('../lib/validation.mjs');
  const names = (m) => Object.keys(m).filter((k) => k !== 'default').sort();
  const model = ['ApiError', 'Client', 'Tracker'];
  assert.deepEqual(names(validation), names(cjs).filter((k) => !model.includes(k)));
  assert.deepEqual(Object.keys(validation.default).sort(), names(validation));
  assert.equal(validation.isReady(), false);
  assert.throws(() => validation.normalizeRootDomain('acme.com'), (e) => e instanceof cjs.PeekerError && e.code === 'not_initialized' && /await init\(\)/.test(e.message));
  assert.throws(() => validation.checkRootDomain('acme.com'), (e) => e.code === 'not_initialized');
  const lean = await readFile(new URL('../dist/web/peeker_wasm_bg.wasm', import.meta.url));
  await validation.init(lean);
  for (const input of ['Bücher.de', 'mail.acme.co.uk', 'co.uk', '']) {
    const run = (m) => {
      try {
        return m.normalizeRootDomain(input);
      } catch (e) {
        return { code: e.code, suggestion: e.suggestion, message: e.message };
      }
    };
    assert.deepEqual(run(validation), run(cjs), input);
  }
  const body = '{"id":"evt_1","type":"order.completed","data":{}}';
  const headers = { 'peeker-signature': validation.signWebhook(body, 's', 1000), 'peeker-timestamp': '1000' };
  assert.equal(cjs.verifyWebhook(body, headers, 's', { now: 1000 }).id, 'evt_1');
  const dot = pkg.exports['./validation'];
  assert.equal(dot.browser.default, './lib/validation.mjs');
  assert.equal(dot.import.default, './lib/validation.mjs');
  assert.equal(dot.node.import.default, './lib/index.mjs', 'Node loads the full module anyway');
});

test('@peeker/sdk/domains: domain validation only, over the smallest module, agreeing with Node', async () => {
  // What the package exports to browsers: lib/domains.mjs and what it imports from
  // lib/, minified by build.sh into one file next to the (minified) glue.
  const domains = await import('../dist/web-domains/domains.min.mjs');
  const source = await import('../lib/domains.mjs');
  const domRaw = await import('../dist/web-domains/peeker_wasm.js');
  const names = (m) => Object.keys(m).filter((k) => k !== 'default').sort();
  const want = ['PeekerError', 'batchLimit', 'checkDomainSet', 'checkRootDomain', 'domainSet', 'errorCodeNumber', 'errorCodes', 'init', 'isReady',
    'normalizeRootDomain', 'pslCommit', 'pslVersion', 'publicSuffix', 'registrableDomain', 'version'];
  for (const m of [domains, source]) {
    assert.deepEqual(names(m), want);
    assert.deepEqual(Object.keys(m.default).sort(), want);
  }
  // Minified, with the names kept (stack traces, and guard's wrappers hand them on).
  for (const k of ['normalizeRootDomain', 'registrableDomain', 'checkRootDomain', 'domainSet']) assert.equal(domains[k].name, k);
  assert.equal(new domains.PeekerError('internal', 'x').name, 'PeekerError');
  const bundle = await readFile(new URL('../dist/web-domains/domains.min.mjs', import.meta.url), 'utf8');
  assert.ok(!bundle.includes('\n//') && !bundle.includes('/**'), 'no comments in the minified entry');
  for (const k of want) if (!['init', 'isReady'].includes(k)) assert.equal(typeof cjs[k], typeof domains[k], k);
  assert.equal(typeof domRaw.verifyWebhook, 'undefined', 'no webhooks in the domain-only module');
  assert.equal(typeof domRaw.buildRequest, 'undefined', 'no request building in the domain-only module');
  const { gzipSync } = await import('node:zlib');
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  const dom = await readFile(new URL('../dist/web-domains/peeker_wasm_bg.wasm', import.meta.url));
  const full = await readFile(new URL('../dist/web/peeker_wasm_bg.wasm', import.meta.url));
  assert.ok(gz(dom) + 150_000 < gz(full), `domains ${gz(dom)} B gzip vs full ${gz(full)} B gzip`);
  // Node's full module is the browsers' one (dist/node is glue only); its domain
  // functions run on a domain-only module built for speed, which agrees (below).
  const nodeGlue = await readFile(new URL('../dist/node/peeker_wasm.js', import.meta.url), 'utf8');
  assert.match(nodeGlue, /\/\.\.\/web\/peeker_wasm_bg\.wasm/);
  assert.equal(existsSync(new URL('../dist/node/peeker_wasm_bg.wasm', import.meta.url)), false);
  assert.throws(() => domains.normalizeRootDomain('acme.com'), (e) => e instanceof cjs.PeekerError && /await init\(\)/.test(e.message));
  await domains.init(dom);
  for (const input of ['Bücher.de', 'mail.acme.co.uk', 'co.uk', '', 'http://x.com/y', 'xn--bcher-kva.de', '例子.中国', '192.0.2.1']) {
    const run = (m) => {
      try {
        return m.normalizeRootDomain(input);
      } catch (e) {
        return { code: e.code, suggestion: e.suggestion, message: e.message };
      }
    };
    assert.deepEqual(run(domains), run(cjs), input);
  }
  assert.deepEqual(domains.domainSet(['b.com', 'A.com', 'x']), cjs.domainSet(['b.com', 'A.com', 'x']));
  // checkRootDomain over the web glue (ES module) agrees with Node's and with normalizeRootDomain.
  const fast = (m, input) => {
    const r = m.checkRootDomain(input);
    return r.ok ? { ...r } : { ok: false, code: r.code, message: r.message, suggestion: r.suggestion };
  };
  for (const input of ['Bücher.de', 'WWW.acme.com', 'co.uk', '', 'x\ud800.com', 42, 'é'.repeat(70000), '例子.中国', ' acme.COM. ']) {
    assert.deepEqual(fast(domains, input), fast(cjs, input), String(input).slice(0, 20));
  }
  assert.equal(domains.registrableDomain('www.example.co.uk'), 'example.co.uk');
  assert.equal(domains.pslVersion(), cjs.pslVersion());
  const dot = pkg.exports['./domains'];
  assert.equal(dot.browser.default, './dist/web-domains/domains.min.mjs');
  assert.equal(dot.import.default, './dist/web-domains/domains.min.mjs');
  assert.equal(dot.node.import.default, './lib/index.mjs', 'Node loads the full module anyway');
  assert.ok(pkg.files.includes('dist/web-domains/'));
});

test('the browser entry: Client and Tracker work on the web build and agree with Node', async () => {
  await browser.init(await readFile(new URL('../dist/web/peeker_wasm_bg.wasm', import.meta.url)));
  const opts = { apiKey: 'pk_test_abcdef123', baseUrl: 'http://127.0.0.1:9/partner/v1' };
  const b = new browser.Client(opts);
  const n = new cjs.Client(opts);
  assert.match(b.userAgent, /peeker-browser\//);
  const strip = (r) => ({ ...r, headers: { ...r.headers, 'User-Agent': '' } });
  assert.deepEqual(strip(b.checkAvailability(['B.com', 'a.com'])), strip(n.checkAvailability(['B.com', 'a.com'])));
  const body = '{"data":[{"id":"ord_1","status":"completed"}],"links":{"next":"http://127.0.0.1:9/partner/v1/orders?page_token=x"}}';
  const pb = b.parse('list_orders', 200, {}, body);
  assert.deepEqual(pb.items, n.parse('list_orders', 200, {}, body).items);
  assert.equal(pb.nextRequest.url, 'http://127.0.0.1:9/partner/v1/orders?page_token=x');
  assert.throws(() => b.parse('get_order', 503, {}, ''), (e) => e instanceof cjs.ApiError && e instanceof browser.ApiError && e.retry === 'backoff');
  const t = new browser.Tracker();
  assert.equal(t.apply({ id: 'evt_1', type: 'order.completed', data: { id: 'ord_1' } }), true);
  assert.deepEqual(cjs.Tracker.fromJSON(JSON.stringify(t)).order('ord_1'), t.order('ord_1'));
});

test('Node compiles the whole core only at its first use: domain-only processes never do', async () => {
  const { execFileSync } = await import('node:child_process');
  const pkgDir = new URL('..', import.meta.url).pathname;
  const script = `
    const full = require.resolve(${JSON.stringify(pkgDir + 'dist/node/peeker_wasm.js')});
    const loaded = () => full in require.cache;
    const sdk = require(${JSON.stringify(pkgDir)});
    const seen = [loaded()];
    sdk.checkRootDomain('acme.com');
    sdk.normalizeRootDomain('Bücher.de');
    sdk.domainSet(['acme.com', 'b.org']);
    sdk.errorCodes();
    sdk.errorCodeNumber('subdomain');
    sdk.version();
    sdk.pslVersion();
    seen.push(loaded());
    const key = sdk.orderDedupeKey('pk_test_x', { a: 1 });
    seen.push(loaded(), /^[0-9a-f]{64}$/.test(key));
    process.stdout.write(JSON.stringify(seen));`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  assert.deepEqual(out, [false, false, true, true], 'after require, after domain calls, after an API call');
  // The answers the domain module gives for the core's metadata are the whole core's.
  const raw = require('../dist/node/peeker_wasm.js');
  assert.deepEqual(cjs.errorCodes(), raw.errorCodes());
  assert.equal(cjs.version(), raw.version());
  assert.equal(cjs.pslVersion(), raw.pslVersion());
  assert.equal(cjs.pslCommit(), raw.pslCommit());
  for (const c of raw.errorCodes()) assert.equal(cjs.errorCodeNumber(c), raw.errorCodeNumber(c), c);
});
