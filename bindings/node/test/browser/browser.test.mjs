// The browser, for real: the demo page served over node:http, driven in headless
// Chromium with playwright-core. Types good and bad domains and checks what the
// page shows; then runs the web build's API inside the page. Screenshot:
// target/browser-demo.png (repository root).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '../../examples/serve.mjs';
import { launchChromium, chromiumAvailable } from './chromium.mjs';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const SCREENSHOT = `${REPO}target/browser-demo.png`;
const required = process.env.PEEKER_REQUIRE_BROWSER === '1';

// The documented bodies the in-page Client fetches (same origin: no CORS).
const FULL_ORDER = {
  data: {
    id: 'ord_01HZX0OR1A2B3C4D5E6F7G8H',
    status: 'completed',
    domain_count: 2,
    costs: { total_cents: 6800, currency: 'usd', line_items: [] },
    domains: { registered: [], imported: ['acme-mail.com', 'team-acme.com'] },
  },
};
const API_ROUTES = {
  '/partner/v1/orders/ord_1': { type: 'application/json', body: JSON.stringify(FULL_ORDER), headers: { 'Peeker-Request-Id': 'req_page' } },
  '/partner/v1/orders': {
    type: 'application/json',
    body: JSON.stringify({ data: [FULL_ORDER.data], links: { next: '/partner/v1/orders/page2' } }),
  },
  '/partner/v1/orders/page2': { type: 'application/json', body: JSON.stringify({ data: [], links: { next: null } }) },
  '/partner/v1/orders/ord_gone': {
    type: 'application/json',
    status: 404,
    body: JSON.stringify({ error: { code: 'not_found', message: 'No such order.' } }),
    headers: { 'Peeker-Request-Id': 'req_404' },
  },
};

test('browser demo and web build in headless Chromium', { skip: !chromiumAvailable() && !required && 'no Chromium (bash install-chromium.sh)', timeout: 120_000 }, async (t) => {
  const server = await serve({ extra: API_ROUTES });
  const browser = await launchChromium();
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // (The 404 the in-page client asks for on purpose is logged by Chromium; it is expected.)
    page.on('console', (m) => m.type() === 'error' && !/404/.test(m.text()) && problems.push(`console: ${m.text()}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
    const wasmFetched = [];
    page.on('request', (r) => r.url().endsWith('.wasm') && wasmFetched.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}/examples/browser/`);
    await page.waitForSelector('#status[data-ready="true"]', { timeout: 30_000 });
    const input = page.locator('#domain');
    const text = (sel) => page.locator(sel).innerText();
    const state = () => page.locator('#result').getAttribute('data-state');

    await t.test('the demo loads the domain-only module of @peeker/sdk/domains only', async () => {
      assert.deepEqual(wasmFetched, ['/dist/web-domains/peeker_wasm_bg.wasm']);
    });

    await t.test('a valid IDN: the normalised forms are shown as the user types', async () => {
      await input.pressSequentially('Bücher.DE', { delay: 10 });
      assert.equal(await state(), 'valid');
      assert.equal(await text('#unicode'), 'bücher.de');
      assert.equal(await text('#ascii'), 'xn--bcher-kva.de');
      assert.equal(await page.locator('#problem').isHidden(), true);
      assert.equal(await page.locator('#normalized').isVisible(), true);
    });

    await t.test('validation follows each keystroke', async () => {
      await input.fill('');
      await input.pressSequentially('acme.co', { delay: 10 });
      assert.equal(await state(), 'valid'); // acme.co is a root under .co
      await input.pressSequentially('.', { delay: 10 });
      assert.equal(await state(), 'valid'); // one trailing dot is allowed
      await input.pressSequentially('u', { delay: 10 });
      assert.equal(await state(), 'invalid'); // .u is no TLD
      assert.equal(await text('#code'), 'unknown_tld');
      await input.pressSequentially('k', { delay: 10 });
      assert.equal(await state(), 'valid');
      assert.equal(await text('#ascii'), 'acme.co.uk');
    });

    await t.test('a subdomain: message, code and a clickable suggestion', async () => {
      await input.fill('mail.acme.co.uk');
      assert.equal(await state(), 'invalid');
      assert.equal(await text('#code'), 'subdomain');
      assert.match(await text('#message'), /mail\.acme\.co\.uk is a subdomain; enter acme\.co\.uk\./);
      assert.equal(await text('#suggestion'), 'acme.co.uk');
      assert.equal(await page.locator('#normalized').isHidden(), true, 'no normalised form for an invalid domain');
      assert.equal(await page.locator('#suggestion').isVisible(), true);
      await page.locator('#suggestion').click();
      assert.equal(await input.inputValue(), 'acme.co.uk');
      assert.equal(await state(), 'valid');
      assert.equal(await text('#ascii'), 'acme.co.uk');
    });

    await t.test('a URL pasted in: not_a_domain with the root as suggestion', async () => {
      await input.fill('https://www.Bücher.de/katalog?x=1');
      assert.equal(await text('#code'), 'not_a_domain');
      assert.equal(await text('#suggestion'), 'bücher.de');
      assert.match(await text('#message'), /is a URL, not a domain/);
    });

    await t.test('other bad domains: message without a suggestion', async () => {
      for (const [value, code] of [
        ['co.uk', 'public_suffix'],
        ['192.168.1.1', 'ip_address'],
        ['acme..com', 'invalid_idna'],
        ['ac_me.com', 'invalid_idna'],
      ]) {
        await input.fill(value);
        assert.equal(await state(), 'invalid', value);
        assert.equal(await text('#code'), code, value);
        assert.equal(await page.locator('#suggestion-line').isHidden(), true, value);
        assert.ok((await text('#message')).length > 10);
      }
      await input.fill('   ');
      assert.equal(await state(), 'idle');
    });

    await t.test('screenshot', async () => {
      await input.fill('www.acme.co.uk');
      mkdirSync(`${REPO}target`, { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    });

    await t.test('the web build API inside the page: errors, bytes, headers, robustness', async () => {
      const r = await page.evaluate(async () => {
        const sdk = await import('@peeker/sdk');
        await sdk.init(); // the demo loaded @peeker/sdk/domains, a separate module
        const grab = (fn) => {
          try {
            return { value: fn() };
          } catch (e) {
            return { isError: e instanceof Error, isPeeker: e instanceof sdk.PeekerError, name: e.name, code: e.code, field: e.field, suggestion: e.suggestion };
          }
        };
        const body = '{"id":"evt_1","type":"order.completed","data":{"n":1}}';
        const sig = sdk.signWebhook(body, 'whsec_x', 1000);
        return {
          ok: grab(() => sdk.normalizeRootDomain('xn--bcher-kva.de')),
          sub: grab(() => sdk.normalizeRootDomain('a.b.example.com')),
          lone: grab(() => sdk.normalizeRootDomain('x\ud800.com')),
          num: grab(() => sdk.normalizeRootDomain(42)),
          undef: grab(() => sdk.normalizeRootDomain()),
          huge: grab(() => sdk.normalizeRootDomain('a'.repeat(10 * 1024 * 1024))),
          set: grab(() => sdk.domainSet(['b.com', 'A.com', 'x'])),
          check: grab(() => sdk.checkDomainSet(['a.com', 'www.b.com'], 'import')),
          hook: grab(() =>
            sdk.verifyWebhook(new TextEncoder().encode(body), new Headers({ 'Peeker-Signature': sig, 'Peeker-Timestamp': '1000' }), 'whsec_x', { now: 1000 }),
          ),
          parsed: grab(() => sdk.verifyWebhook(JSON.parse(body), {}, 'whsec_x')),
          classified: grab(() => sdk.classifyResponse(429, { 'peeker-request-id': 'req_9' }, '{"error":{"code":"rate_limited","message":"m","details":{"retry_after_seconds":3}}}')),
          // A panic in the module (test hook of the raw glue, same instance) is an
          // error named PeekerError, code 'internal', and the next call runs on a fresh instance.
          panicked: await import('/dist/web/peeker_wasm.js').then((raw) => grab(() => raw.__testPanic(true))),
          after: grab(() => sdk.normalizeRootDomain('acme.com')),
          ready: sdk.isReady(),
          // The demo's @peeker/sdk/domains (another module, another bundle): the same classes.
          sameClass: await import('@peeker/sdk/domains').then((d) => {
            try {
              d.normalizeRootDomain('www.acme.com');
            } catch (e) {
              return d.PeekerError === sdk.PeekerError && e instanceof sdk.PeekerError && !(e instanceof sdk.ApiError);
            }
            return false;
          }),
        };
      });
      assert.deepEqual(r.ok.value, { ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
      assert.deepEqual(r.sub, { isError: true, isPeeker: true, name: 'PeekerError', code: 'subdomain', field: null, suggestion: 'example.com' });
      assert.equal(r.lone.code, 'invalid_utf8');
      assert.equal(r.num.code, 'invalid_argument');
      assert.equal(r.undef.code, 'null_argument');
      assert.equal(r.huge.code, 'too_long');
      for (const k of ['lone', 'num', 'undef', 'huge']) assert.equal(r[k].isPeeker, true, k);
      assert.deepEqual(r.set.value.ascii, ['a.com', 'b.com']);
      assert.deepEqual(r.set.value.errors.map((e) => [e.index, e.code]), [[2, 'unknown_tld']]);
      assert.equal(r.check.code, 'invalid_domains');
      assert.equal(r.check.field, 'domains[1]');
      assert.deepEqual(r.hook.value, { id: 'evt_1', type: 'order.completed', created_at: null, data: { n: 1 } });
      assert.equal(r.parsed.code, 'invalid_argument');
      assert.equal(r.classified.value.retryAfterSeconds, 3);
      assert.equal(r.panicked.name, 'PeekerError'); // straight through the glue: the module's plain Error
      assert.equal(r.panicked.code, 'internal');
      assert.deepEqual(r.after.value, { ascii: 'acme.com', unicode: 'acme.com' });
      assert.equal(r.ready, true);
      assert.equal(r.sameClass, true, 'one PeekerError for both entries');
    });

    await t.test('checkRootDomain in the page: agrees with normalizeRootDomain, lazy messages, long and non-ASCII inputs, memory growth, resets', async () => {
      const r = await page.evaluate(async () => {
        const results = {};
        for (const entry of ['@peeker/sdk', '@peeker/sdk/domains']) {
          const sdk = await import(entry);
          await sdk.init();
          const slow = (input) => {
            try {
              const d = sdk.normalizeRootDomain(input);
              return { ok: true, ascii: d.ascii, unicode: d.unicode };
            } catch (e) {
              return { ok: false, code: e.code, message: e.message, suggestion: e.suggestion };
            }
          };
          const fast = (input) => {
            const c = sdk.checkRootDomain(input);
            return c.ok ? { ok: true, ascii: c.ascii, unicode: c.unicode } : { ok: false, code: c.code, message: c.message, suggestion: c.suggestion };
          };
          const inputs = ['acme.com', ' Bücher.DE. ', 'xn--bcher-kva.de', 'www.acme.co.uk', 'https://www.Bücher.de/x', 'co.uk', '192.168.0.1',
            '例え.jp', '\u{1F600}.ws', 'a\ud800.com', '', '   ', 42, null, undefined, 'a'.repeat(63) + '.com', 'é'.repeat(70000) + '.com',
            'b'.repeat(65540) + '.com', 'x'.repeat(5000) + '.de'];
          const disagree = [];
          for (const input of inputs) {
            if (JSON.stringify(fast(input)) !== JSON.stringify(slow(input))) disagree.push(String(input).slice(0, 30));
          }
          const lazy = sdk.checkRootDomain('mail.acme.co.uk');
          const keysBefore = Object.keys(lazy).sort();
          // Grow the module's memory from another entry, then check again.
          sdk.domainSet(Array.from({ length: 10000 }, (_, i) => `n${i}-${'y'.repeat(200)}.com`));
          const afterGrowth = fast('Bücher.de');
          const raw = await import(entry === '@peeker/sdk' ? '/dist/web/peeker_wasm.js' : '/dist/web-domains/peeker_wasm.js');
          let panicked = null;
          try {
            raw.__testPanic(true);
          } catch (e) {
            panicked = e.code;
          }
          results[entry] = { disagree, keysBefore, suggestion: lazy.suggestion, message: lazy.message, afterGrowth, panicked, afterPanic: fast('www.Bücher.de') };
        }
        return results;
      });
      for (const [entry, v] of Object.entries(r)) {
        assert.deepEqual(v.disagree, [], entry);
        assert.deepEqual(v.keysBefore, ['code', 'ok'], entry);
        assert.equal(v.suggestion, 'acme.co.uk', entry);
        assert.match(v.message, /subdomain/, entry);
        assert.deepEqual(v.afterGrowth, { ok: true, ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' }, entry);
        assert.equal(v.panicked, 'internal', entry);
        assert.equal(v.afterPanic.code, 'subdomain', entry);
        assert.equal(v.afterPanic.suggestion, 'bücher.de', entry);
      }
    });

    await t.test('Client and Tracker in the page: fetch + parse, send, pages, ApiError, tracker state', async () => {
      const r = await page.evaluate(async () => {
        const sdk = await import('@peeker/sdk');
        await sdk.init();
        const client = new sdk.Client({ apiKey: 'pk_test_browserKEY123', baseUrl: `${location.origin}/partner/v1` });
        const req = client.getOrder('ord_1');
        const res = await fetch(req.url, req);
        const order = client.parse(req, res.status, res.headers, new Uint8Array(await res.arrayBuffer()));
        const sent = await client.send(client.getOrder('ord_1'));
        const pages = [];
        for await (const p of client.pages(client.listOrders())) pages.push(p.items.length);
        let error;
        try {
          await client.send(client.getOrder('ord_gone'));
        } catch (e) {
          error = { api: e instanceof sdk.ApiError, peeker: e instanceof sdk.PeekerError, status: e.status, apiCode: e.apiCode, requestId: e.requestId, retry: e.retry };
        }
        let invalid;
        try {
          client.importDomains(['mail.acme.co.uk']);
        } catch (e) {
          invalid = { code: e.code, field: e.field, suggestion: e.suggestion };
        }
        const tracker = new sdk.Tracker();
        const body = JSON.stringify({ id: 'evt_1', type: 'order.completed', created_at: '2026-05-08T12:14:33Z', data: { id: 'ord_1', status: 'completed', domain_count: 2 } });
        const event = sdk.verifyWebhook(body, { 'Peeker-Signature': sdk.signWebhook(body, 'whsec_x', 1000), 'Peeker-Timestamp': '1000' }, 'whsec_x', { now: 1000 });
        const applied = [tracker.apply(event), tracker.apply(event)];
        const restored = sdk.Tracker.fromJSON(JSON.stringify(tracker)).order('ord_1');
        return {
          order: [order.id, order.status, order.domains.imported.length, order.costs.total_cents],
          sent: sent.id,
          pages,
          error,
          invalid,
          applied,
          restored,
          clientJson: JSON.stringify(client),
          requestJson: JSON.stringify(req),
        };
      });
      assert.deepEqual(r.order, ['ord_01HZX0OR1A2B3C4D5E6F7G8H', 'completed', 2, 6800]);
      assert.equal(r.sent, 'ord_01HZX0OR1A2B3C4D5E6F7G8H');
      assert.deepEqual(r.pages, [1, 0]);
      assert.deepEqual(r.error, { api: true, peeker: true, status: 404, apiCode: 'not_found', requestId: 'req_404', retry: 'never' });
      assert.deepEqual(r.invalid, { code: 'invalid_domains', field: 'domains[0]', suggestion: 'acme.co.uk' });
      assert.deepEqual(r.applied, [true, false]);
      assert.deepEqual(r.restored, { id: 'ord_1', status: 'completed', domainsConnected: 0, domainsTotal: 2, actions: [] });
      assert.ok(!r.clientJson.includes('browserKEY123') && !r.requestJson.includes('browserKEY123'));
      assert.ok(wasmFetched.includes('/dist/web/peeker_wasm_bg.wasm'), 'the full module, once the page imports @peeker/sdk');
    });

    assert.deepEqual(problems, [], 'no page errors, console errors or failed requests');
  } finally {
    await browser.close();
    await server.close();
  }
});
