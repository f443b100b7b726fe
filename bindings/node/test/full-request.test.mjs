// examples/full-request.mjs against a local node:http stub serving the
// documented bodies (test/fixtures/api.mjs): requests built by the client, sent
// with fetch, parsed by the client; what reached the server is checked too. And,
// when it is there, against the offline sandbox (tests/sandbox): PEEKER_SANDBOX_URL,
// or a built target/{release,debug}/peeker-sandbox (tests/run-all builds it
// with `cargo test --workspace`); skipped otherwise.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as fx from './fixtures/api.mjs';

const example = new URL('../examples/full-request.mjs', import.meta.url);

test('examples/full-request.mjs: the seed flow with fetch, typed results, paging, an ApiError', async () => {
  const stub = await fx.startStub();
  try {
    const { run } = await import(example);
    const lines = [];
    const out = await run({ apiKey: fx.API_KEY, baseUrl: stub.baseUrl, log: (l) => lines.push(l) });
    assert.equal(out.me.partner.name, 'Acme Outbound');
    assert.equal(out.job.nameserver_groups[0].nameserver_two, 'idris.ns.cloudflare.com');
    assert.equal(out.order.id, fx.ORDER_RECEIPT.data.id);
    assert.deepEqual(out.ids, ['ord_1:completed', 'ord_2:completed', 'ord_3:completed', 'ord_4:completed', 'ord_5:paused_for_review']);
    assert.deepEqual(lines, [
      'key: test / full, partner Acme Outbound',
      'bundle bun_01HZX0BU: 2 domains (1 Google, 1 Microsoft)',
      'set helena.ns.cloudflare.com / idris.ns.cloudflare.com at the registrar of acme-mail.com, team-acme.com',
      lines[3],
      'order ord_01HZX0OR1A2B3C4D5E6F7G8H: in_progress, 2 domains, 68 usd',
      'orders: ord_1:completed ord_2:completed ord_3:completed ord_4:completed ord_5:paused_for_review',
      '404 not_found (request req_8): retry never',
    ]);
    assert.match(lines[3], /^order dedupe key [0-9a-f]{16}…$/);
    // What the stub received: the normalised import, the order body, the key, our User-Agent.
    const [me, bundle, imp, order, ...rest] = stub.requests;
    assert.deepEqual([me.method, me.url], ['GET', '/partner/v1/me']);
    assert.deepEqual(JSON.parse(bundle.body), { name: 'Starter', monthly_sending_volume: 1000 });
    assert.equal(JSON.parse(order.body).bundle_id, 'bun_01HZX0BU', 'the bundle just created');
    assert.deepEqual(JSON.parse(imp.body), { domains: ['acme-mail.com', 'team-acme.com'] });
    assert.equal(JSON.parse(order.body).sequencer.login_password, 'their-smartlead-password');
    assert.deepEqual(rest.map((r) => r.url), [
      '/partner/v1/orders?per_page=2',
      `/partner/v1/orders?per_page=2&page_token=${btoa('2')}`,
      `/partner/v1/orders?per_page=2&page_token=${btoa('4')}`,
      '/partner/v1/orders/ord_does_not_exist',
    ]);
    for (const r of stub.requests) {
      assert.equal(r.headers.authorization, `Bearer ${fx.API_KEY}`);
      assert.match(r.headers['user-agent'], /^peeker-sdk\/.* peeker-node\/.* full-request-example\/1\.0$/);
    }
  } finally {
    await stub.close();
  }
});

test('examples/full-request.mjs as a script: a bad key is a typed error, exit status 1', async () => {
  const run = promisify(execFile);
  const err = await run(process.execPath, [fileURLToPath(example), 'http://127.0.0.1:9/partner/v1'], {
    env: { ...process.env, PEEKER_API_KEY: 'sk_live_nope' },
  }).catch((e) => e);
  assert.equal(err.code, 1);
  assert.match(err.stderr, /^invalid_api_key: /);
  assert.ok(!err.stderr.includes('sk_live_nope'));
});

const REPO = new URL('../../../', import.meta.url);
const TARGET = process.env.CARGO_TARGET_DIR ? new URL(`file://${process.env.CARGO_TARGET_DIR}/`) : new URL('target/', REPO);
const SANDBOX_BIN = ['release', 'debug'].map((p) => fileURLToPath(new URL(`${p}/peeker-sandbox`, TARGET))).find((f) => existsSync(f));

test(
  'examples/full-request.mjs against the offline sandbox',
  { skip: !process.env.PEEKER_SANDBOX_URL && !SANDBOX_BIN && 'no sandbox (set PEEKER_SANDBOX_URL or build peeker-sandbox)', timeout: 60_000 },
  async () => {
    let child;
    let baseUrl = process.env.PEEKER_SANDBOX_URL;
    try {
      if (!baseUrl) {
        child = spawn(SANDBOX_BIN, ['serve', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
        baseUrl = await new Promise((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d) => {
            out += d;
            const m = /PEEKER_SANDBOX_URL=(\S+)/.exec(out);
            if (m) resolve(m[1]);
          });
          child.once('exit', (code) => reject(new Error(`peeker-sandbox exited with ${code}`)));
        });
      }
      const { run } = await import(example);
      const lines = [];
      const out = await run({ apiKey: 'pk_test_node_example', baseUrl, log: (l) => lines.push(l) });
      assert.equal(out.me.api_key.environment, 'test');
      assert.match(out.bundle.id, /^bun_/);
      assert.equal(out.bundle.required_domains.total, 2);
      assert.ok(out.job.nameserver_groups.length > 0);
      assert.match(out.order.id, /^ord_/);
      assert.equal(out.order.bundle_id, out.bundle.id);
      assert.ok(out.ids.some((i) => i.startsWith(`${out.order.id}:`)), 'the new order is listed');
      assert.match(lines.at(-1), /^404 not_found \(request \S+\): retry never$/);
    } finally {
      child?.kill();
    }
  },
);
