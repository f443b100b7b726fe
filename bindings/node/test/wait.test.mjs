// The core's poller through Node's client.waitFor / waitForOrder / waitForImport
// against the offline sandbox: its clock moves only when the test's `sleep`
// advances it (POST /_sandbox/clock/advance), so every wait is the poller's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Client, PeekerError } = require('@peeker/sdk');
const REPO = new URL('../../../', import.meta.url);
const TARGET = process.env.CARGO_TARGET_DIR ? new URL(`file://${process.env.CARGO_TARGET_DIR}/`) : new URL('target/', REPO);
const SANDBOX_BIN = ['debug', 'release'].map((p) => fileURLToPath(new URL(`${p}/peeker-sandbox`, TARGET))).find((f) => existsSync(f));

async function sandbox() {
  const child = spawn(SANDBOX_BIN, ['serve', '--port', '0', '--speed', '1', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /PEEKER_SANDBOX_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`peeker-sandbox exited with ${code}`)));
  });
  return { child, baseUrl };
}

/** A clock and a sleep that advance the sandbox's simulated clock by each wait. */
function simulated(baseUrl, apiKey) {
  const waits = [];
  let t = 0;
  return {
    waits,
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
      const r = await fetch(`${baseUrl}/_sandbox/clock/advance`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ seconds: ms / 1000 }),
      });
      assert.equal(r.status, 200);
    },
  };
}

test('waitForOrder polls every 60 s until completed; waitForImport and waitFor give up or stop on action_required', {
  skip: !SANDBOX_BIN && 'no peeker-sandbox binary (cargo build -p peeker-sandbox; tests/run-all builds it)',
  timeout: 60_000,
}, async () => {
  const { child, baseUrl } = await sandbox();
  try {
    const apiKey = 'pk_test_node_wait';
    const c = new Client({ apiKey, baseUrl });
    const bundle = await c.send(c.createBundle({ name: 't', monthly_sending_volume: 1760, google_percent: 100, microsoft_percent: 0 }));
    const order = await c.send(c.createOrder({
      user: 'alex@acme.com',
      bundle_id: bundle.id,
      sequencer: { provider: 'smartlead', client_id: 366903, login_email: 'ops@acme.com', login_password: 'pw' },
      domains: ['acme-mail.com', 'team-acme.com'],
      personas: [{ first_name: 'Alex', last_name: 'Rivera', profile_picture_url: 'https://cdn.acme.com/alex.jpg' }],
    }));
    let clock = simulated(baseUrl, apiKey);
    const done = await c.waitForOrder(order.id, clock);
    assert.equal(done.status, 'completed');
    assert.ok(clock.waits.every((ms) => ms === 60_000), String(clock.waits));
    assert.ok(clock.waits.length >= 14 && clock.waits.length <= 16, `${clock.waits.length} polls for 14 min 33 s`);

    // An import job at the caller's 30 s; the last result keeps its request id.
    const job = await c.send(c.createImportJob(['acme-mail.com', 'team-acme.com']));
    clock = simulated(baseUrl, apiKey);
    const r = await c.waitFor('import_job', job.id, { ...clock, intervalMs: 30_000 });
    assert.equal(r.data.status, 'completed');
    assert.match(r.requestId, /^req_/);
    assert.ok(clock.waits.every((ms) => ms === 30_000) && clock.waits.length >= 7 && clock.waits.length <= 9, String(clock.waits));

    // ns-pending: in_progress until action_required after 30 minutes.
    const pending = await c.send(c.importDomains(['ns-pending-acme.com']));
    clock = simulated(baseUrl, apiKey);
    assert.equal((await c.waitForImport(pending.id, clock)).status, 'action_required');
    const other = await c.send(c.importDomains(['ns-pending-team.com']));
    clock = simulated(baseUrl, apiKey);
    await assert.rejects(c.waitForImport(other.id, { ...clock, maxPolls: 2 }), (e) =>
      e.name === 'TimeoutError' && e.status === 'in_progress' && e.result.data.id === other.id && /after 2 polls/.test(e.message));
    clock = simulated(baseUrl, apiKey);
    await assert.rejects(c.waitForImport(other.id, { ...clock, pollTimeoutMs: 150_000 }), (e) => e.name === 'TimeoutError');
    assert.deepEqual(clock.waits, [60_000, 60_000, 30_000], 'the last wait lands on the timeout');
    // Bad input: typed errors before anything is sent.
    await assert.rejects(c.waitFor('swap', 'swp_1'), (e) => e instanceof PeekerError && e.code === 'invalid_argument' && e.field === 'kind');
    await assert.rejects(c.waitForOrder('ord_1', { intervalMs: 0 }), (e) => e.code === 'invalid_argument' && e.field === 'options.intervalMs');
  } finally {
    child.kill();
  }
});

test('an order answer without a string data.status is unexpected_response (the core parse refuses it first)', async () => {
  const client = new Client({ apiKey: 'pk_test_wait', baseUrl: 'http://127.0.0.1:9/partner/v1' });
  const fetch = async () => ({ status: 200, headers: new Headers(), arrayBuffer: async () => new TextEncoder().encode('{"data":{"id":"ord_1"}}').buffer });
  await assert.rejects(client.waitForOrder('ord_1', { fetch }), (e) =>
    e instanceof PeekerError && e.code === 'unexpected_response' && /status/.test(e.message));
});
