// The two entries and their forms: @peeker/sdk (Node: require and import, one
// instance; browsers: dist/web/index.mjs) and @peeker/sdk/domains (browsers:
// dist/web-domains/domains.min.mjs), all named by lib/sdk.mjs's one list, over at
// most two WebAssembly modules; PeekerError one real class for every path.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile, readdir } from 'node:fs/promises';
import * as esm from '@peeker/sdk';
import esmDefault from '@peeker/sdk';
import * as browser from '../dist/web/index.mjs';
import * as domains from '../dist/web-domains/domains.min.mjs';

const require = createRequire(import.meta.url);
const cjs = require('@peeker/sdk');
const pkg = require('../package.json');
const names = (m) => Object.keys(m).filter((k) => k !== 'default').sort();
const DOMAIN_NAMES = ['PeekerError', 'batchLimit', 'checkDomainSet', 'checkRootDomain', 'domainSet', 'errorCodeNumber', 'errorCodes', 'init', 'isReady',
  'normalizeRootDomain', 'pslCommit', 'pslVersion', 'publicSuffix', 'registrableDomain', 'version'];
const wasmOf = async (dir) => readFile(new URL(`../dist/${dir}/peeker_wasm_bg.wasm`, import.meta.url));

test('exports map: two subpaths; Node gets dist/node (require and import), browsers dist/web and dist/web-domains', () => {
  assert.deepEqual(Object.keys(pkg.exports), ['.', './domains', './package.json']);
  const dot = pkg.exports['.'];
  assert.deepEqual(Object.keys(dot), ['workerd', 'browser', 'node', 'import', 'default'], 'order decides: workerd (wrangler also sets browser), browser, then node');
  assert.deepEqual(Object.keys(pkg.exports['./domains']), ['workerd', 'browser', 'node', 'import', 'default']);
  assert.equal(dot.workerd.default, './dist/web/workerd.mjs');
  assert.equal(pkg.exports['./domains'].workerd.default, './dist/web/workerd.mjs', 'workerd: the whole SDK, loaded synchronously');
  assert.equal(dot.browser.default, './dist/web/index.mjs');
  assert.equal(dot.import.default, './dist/web/index.mjs');
  assert.equal(dot.node.require.default, './dist/node/index.cjs');
  assert.equal(dot.node.import.default, './dist/node/index.mjs');
  const dom = pkg.exports['./domains'];
  assert.equal(dom.browser.default, './dist/web-domains/domains.min.mjs');
  assert.equal(dom.import.default, './dist/web-domains/domains.min.mjs');
  assert.equal(dom.node.import.default, './dist/node/index.mjs', 'Node: the whole SDK, loaded synchronously');
  assert.equal(require.resolve('@peeker/sdk'), new URL('../dist/node/index.cjs', import.meta.url).pathname);
});

test('at most two WebAssembly modules in the package: the full one (Node and browsers) and the domain one', async () => {
  const found = [];
  for (const dir of await readdir(new URL('../dist/', import.meta.url))) {
    for (const f of await readdir(new URL(`../dist/${dir}/`, import.meta.url))) if (f.endsWith('.wasm')) found.push(`${dir}/${f}`);
  }
  assert.deepEqual(found.sort(), ['web-domains/peeker_wasm_bg.wasm', 'web/peeker_wasm_bg.wasm']);
  const nodeGlue = await readFile(new URL('../dist/node/peeker_wasm.js', import.meta.url), 'utf8');
  assert.match(nodeGlue, /'\.\.\/web\/peeker_wasm_bg\.wasm'/, "Node's glue reads the browsers' module");
});

test('one list: every entry form has the names of lib/sdk.mjs (the domain entry its domain part)', async () => {
  assert.deepEqual(names(esm), names(cjs));
  assert.equal(esmDefault, cjs);
  for (const k of Object.keys(cjs)) assert.equal(esm[k], cjs[k], `${k}: require and import share one instance`);
  assert.deepEqual(names(browser), names(cjs));
  assert.deepEqual(Object.keys(browser.default).sort(), names(cjs));
  assert.deepEqual(names(domains), DOMAIN_NAMES);
  assert.deepEqual(Object.keys(domains.default).sort(), DOMAIN_NAMES);
  const { createSdk, full } = await import('../lib/sdk.mjs');
  const source = createSdk({ raw: {}, initWasm: () => Promise.resolve() }, full);
  assert.deepEqual(Object.keys(source).sort(), names(cjs));
  // Minified, with the names kept (stack traces, and the guards hand them on).
  for (const k of ['normalizeRootDomain', 'registrableDomain', 'checkRootDomain', 'domainSet']) assert.equal(domains[k].name, k);
  const bundle = await readFile(new URL('../dist/web-domains/domains.min.mjs', import.meta.url), 'utf8');
  assert.ok(!bundle.includes('\n//') && !bundle.includes('/**'), 'no comments in the minified entry');
  const domRaw = await import('../dist/web-domains/peeker_wasm.js');
  assert.equal(typeof domRaw.Verifier, 'undefined', 'no webhooks in the domain-only module');
  assert.equal(typeof domRaw.buildRequest, 'undefined', 'no request building in the domain-only module');
});

test('the browser entries: refuse use before init, then agree with Node', async () => {
  for (const [m, dir] of [[browser, 'web'], [domains, 'web-domains']]) {
    assert.equal(m.isReady(), false);
    assert.throws(() => m.normalizeRootDomain('acme.com'), (e) => e instanceof cjs.PeekerError && e.code === 'not_initialized' && /await init\(\)/.test(e.message));
    assert.throws(() => m.checkRootDomain('acme.com'), (e) => e.code === 'not_initialized');
    const p = m.init(await wasmOf(dir));
    assert.equal(m.init(), p, 'idempotent');
    await p;
    assert.equal(m.isReady(), true);
    for (const input of ['Bücher.de', 'mail.acme.co.uk', 'co.uk', '', 'http://x.com/y', 'xn--bcher-kva.de', '例子.中国', '192.0.2.1']) {
      const run = (sdk) => {
        try {
          return sdk.normalizeRootDomain(input);
        } catch (e) {
          return { code: e.code, suggestion: e.suggestion, message: e.message };
        }
      };
      assert.deepEqual(run(m), run(cjs), `${dir}: ${input}`);
    }
    const fast = (sdk, input) => {
      const r = sdk.checkRootDomain(input);
      return r.ok ? { ...r } : { ok: false, code: r.code, message: r.message, suggestion: r.suggestion };
    };
    for (const input of ['Bücher.de', 'WWW.acme.com', 'co.uk', '', 'x\ud800.com', 42, 'é'.repeat(70000), '例子.中国', ' acme.COM. ']) {
      assert.deepEqual(fast(m, input), fast(cjs, input), `${dir}: ${String(input).slice(0, 20)}`);
    }
    assert.deepEqual(m.domainSet(['b.com', 'A.com', 'x']), cjs.domainSet(['b.com', 'A.com', 'x']));
    assert.equal(m.version(), cjs.version());
    assert.equal(m.pslVersion(), cjs.pslVersion());
  }
  const { gzipSync } = await import('node:zlib');
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  const [dom, full] = [gz(await wasmOf('web-domains')), gz(await wasmOf('web'))];
  assert.ok(dom + 150_000 < full, `domains ${dom} B gzip vs full ${full} B gzip`);
});

test('PeekerError is one real class: instanceof holds for errors of every path and every entry', async () => {
  const { PeekerError, ApiError } = cjs;
  assert.equal(browser.PeekerError, PeekerError, 'one class for the whole realm');
  assert.equal(domains.PeekerError, PeekerError);
  assert.equal(browser.ApiError, ApiError);
  assert.equal(Object.getPrototypeOf(ApiError), PeekerError);
  assert.equal(Object.hasOwn(PeekerError, Symbol.hasInstance), false, 'no shape-based instanceof');
  assert.ok(!(Object.assign(new Error('x'), { name: 'PeekerError', code: 'internal' }) instanceof PeekerError), 'a look-alike is not one');
  const made = new PeekerError('subdomain', 'm', { suggestion: 's', field: 'f' });
  assert.deepEqual([made instanceof Error, made.name, made.code, made.suggestion, made.field], [true, 'PeekerError', 'subdomain', 's', 'f']);
  await browser.init(await wasmOf('web'));
  await domains.init(await wasmOf('web-domains'));
  const thrown = (f) => {
    try {
      f();
    } catch (e) {
      return e;
    }
    assert.fail('no throw');
  };
  const body = '{"id":"evt_1","type":"order.completed","data":{}}';
  for (const sdk of [cjs, browser]) {
    const client = new sdk.Client({ apiKey: 'pk_test_abcdef123' });
    const paths = {
      validation: () => sdk.normalizeRootDomain('www.acme.com'),
      domainSet: () => sdk.checkDomainSet(['a.com', 'www.b.com'], 'import'),
      argument: () => sdk.normalizeRootDomain(42),
      building: () => client.importDomains(['mail.acme.co.uk']),
      clientOptions: () => new sdk.Client({ apiKey: 'not a key' }),
      parsing: () => client.parse('get_order', 404, {}, '{"error":{"code":"not_found","message":"No such order."}}'),
      webhook: () => sdk.verifyWebhook(body, { 'peeker-signature': 'v1=00', 'peeker-timestamp': '1000' }, 's', { now: 1000 }),
      verifier: () => new sdk.Verifier('s').verify(body, {}),
      verifierOptions: () => new sdk.Verifier(''),
      tracker: () => new sdk.Tracker().apply({ id: 'evt_1' }),
      trackerState: () => sdk.Tracker.fromJSON('not json'),
      retry: () => sdk.retryDecision('x'),
    };
    for (const [path, f] of Object.entries(paths)) {
      const e = thrown(f);
      assert.ok(e instanceof PeekerError && e instanceof Error, `${path}: ${e && e.name}: ${e && e.message}`);
      assert.equal(typeof e.code, 'string', path);
      assert.ok(e.stack.includes(e.message.slice(0, 20)), `${path}: a stack`);
    }
    const api = thrown(paths.parsing);
    assert.ok(api instanceof ApiError && api.name === 'ApiError' && api.status === 404 && api.apiCode === 'not_found');
    assert.ok(!(thrown(paths.validation) instanceof ApiError));
  }
  assert.ok(thrown(() => domains.normalizeRootDomain('www.acme.com')) instanceof PeekerError, '@peeker/sdk/domains');
  // A panic in the module (its test hook, straight through the glue) is one too.
  const raw = require('../dist/node/peeker_wasm.js');
  cjs.version();
  assert.throws(() => raw.__testPanic(true), (e) => e.code === 'internal');
  assert.ok(thrown(() => cjs.errorCodeNumber.call(null) ?? cjs.normalizeRootDomain('www.acme.com')) instanceof PeekerError);
});

test('the browser entry: Client and Tracker work on the web build and agree with Node', async () => {
  await browser.init(await wasmOf('web'));
  const opts = { apiKey: 'pk_test_abcdef123', baseUrl: 'http://127.0.0.1:9/partner/v1' };
  const b = new browser.Client(opts);
  const n = new cjs.Client(opts);
  assert.match(b.userAgent, /peeker-browser\//);
  assert.match(n.userAgent, /peeker-node\/.* node\//);
  const strip = (r) => ({ ...r, headers: { ...r.headers, 'User-Agent': '' } });
  assert.deepEqual(strip(b.checkAvailability(['B.com', 'a.com'])), strip(n.checkAvailability(['B.com', 'a.com'])));
  const body = '{"data":[{"id":"ord_1","status":"completed"}],"links":{"next":"http://127.0.0.1:9/partner/v1/orders?page_token=x"}}';
  const pb = b.parse('list_orders', 200, {}, body);
  assert.deepEqual(pb.items, n.parse('list_orders', 200, {}, body).items);
  assert.equal(pb.nextRequest.url, 'http://127.0.0.1:9/partner/v1/orders?page_token=x');
  assert.throws(() => b.parse('get_order', 503, {}, ''), (e) => e instanceof cjs.ApiError && e.retry === 'backoff');
  const t = new browser.Tracker();
  assert.equal(t.apply({ id: 'evt_1', type: 'order.completed', data: { id: 'ord_1' } }), true);
  assert.deepEqual(cjs.Tracker.fromJSON(JSON.stringify(t)).order('ord_1'), t.order('ord_1'));
});

test('Node loads the module at its first call, not at require', async () => {
  const { execFileSync } = await import('node:child_process');
  const pkgDir = new URL('..', import.meta.url).pathname;
  // Counts the WebAssembly modules compiled: none at require, one at the first call.
  const script = `
    let compiled = 0;
    const Module = WebAssembly.Module;
    WebAssembly.Module = class extends Module { constructor(b) { super(b); compiled++; } };
    const sdk = require(${JSON.stringify(pkgDir)});
    const seen = [compiled];
    seen.push(sdk.checkRootDomain('acme.com').ok, compiled, sdk.normalizeRootDomain('b.com').ascii, compiled);
    process.stdout.write(JSON.stringify(seen));`;
  assert.deepEqual(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })), [0, true, 1, 'b.com', 1]);
});

test('the workerd entry: imports its .wasm as a module (a WebAssembly.Module, as in workerd) and works without init()', async () => {
  const { execFileSync } = await import('node:child_process');
  const entry = new URL('../dist/web/workerd.mjs', import.meta.url).href;
  const source = await readFile(new URL(entry), 'utf8');
  assert.match(source, /from\s*"\.\/peeker_wasm_bg\.wasm"/, 'the .wasm next to the entry, imported as a module');
  const script = `import * as w from ${JSON.stringify(entry)};
    const names = Object.keys(w).filter((k) => k !== 'default').sort();
    console.log(JSON.stringify({ names, ready: w.isReady(), d: w.normalizeRootDomain('Bücher.de'), err: (() => { try { w.normalizeRootDomain('co.uk') } catch (e) { return e instanceof w.PeekerError && e.code } })() }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--no-warnings', '--import', new URL('./fixtures/wasm-module-loader.mjs', import.meta.url).href, '--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.deepEqual(out.names, names(cjs));
  assert.equal(out.ready, true);
  assert.deepEqual(out.d, cjs.normalizeRootDomain('Bücher.de'));
  assert.equal(typeof out.err, 'string');
  assert.throws(() => cjs.normalizeRootDomain('co.uk'), (e) => e.code === out.err);
});

test('Node, bundled: the glue looks for the .wasm next to the bundle, and says what to do when it is not there', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtemp, copyFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  // dist/node's two CommonJS files alone, as a bundler leaves them: no ../web beside them.
  const dir = await mkdtemp(join(tmpdir(), 'peeker-bundled-'));
  try {
    for (const f of ['index.cjs', 'peeker_wasm.js']) await copyFile(new URL(`../dist/node/${f}`, import.meta.url), join(dir, f));
    const script = `const sdk = require(${JSON.stringify(join(dir, 'index.cjs'))});
      try { console.log(JSON.stringify({ ok: sdk.normalizeRootDomain('Bücher.de').ascii })); }
      catch (e) { console.log(JSON.stringify({ peeker: e instanceof sdk.PeekerError, code: e.code, message: e.message })); }`;
    const missing = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
    assert.equal(missing.peeker, true);
    assert.equal(missing.code, 'internal');
    assert.match(missing.message, /^Could not load the Peeker SDK WebAssembly module: peeker_wasm_bg\.wasm is not in /);
    assert.ok(missing.message.includes(join(dir, 'peeker_wasm_bg.wasm')), missing.message);
    assert.match(missing.message, /--external:@peeker\/sdk/);
    assert.match(missing.message, /copy node_modules\/@peeker\/sdk\/dist\/web\/peeker_wasm_bg\.wasm next to the bundle/);
    // `init()` (a no-op on Node when the module loads) rejects with the same error instead of throwing.
    const initScript = `const sdk = require(${JSON.stringify(join(dir, 'index.cjs'))});
      let p;
      try { p = sdk.init(); } catch (e) { console.log(JSON.stringify({ threw: e.code })); process.exit(0); }
      p.then(() => console.log(JSON.stringify({ resolved: true })), (e) => console.log(JSON.stringify({ rejected: e instanceof sdk.PeekerError && e.code, message: e.message })));`;
    const rejected = JSON.parse(execFileSync(process.execPath, ['-e', initScript], { encoding: 'utf8' }));
    assert.equal(rejected.rejected, 'internal');
    assert.equal(rejected.message, missing.message);
    // Copied next to the bundle, as the README says: found there.
    await copyFile(new URL('../dist/web/peeker_wasm_bg.wasm', import.meta.url), join(dir, 'peeker_wasm_bg.wasm'));
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })), { ok: 'xn--bcher-kva.de' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
