// The webhook recipes of examples/, each on a real server on loopback: a delivery
// signed with signWebhook gets 2xx (a redelivery too, flagged as a duplicate), a
// forged, tampered, replayed or unsigned one gets 4xx.
//
// Next.js: `next` itself is not a dev dependency (hundreds of MB and a build step
// for one file). The route handler is compiled from its TypeScript source and
// called the way Next's Node server calls it: a node:http server turns each raw
// HTTP request into a Fetch `Request` (method, URL, headers, the body as a
// stream) and writes the returned `Response` back. test/types.test.mjs also
// type-checks route.ts against the package's declarations.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { signWebhook, Tracker } = require('@peeker/sdk');
const ts = require('typescript');

const SECRET = 'whsec_recipe_secret';
const EXAMPLES = new URL('../examples/', import.meta.url);

function delivery(id = 'evt_01HZX0EV2A2B3C4D5E6F7G8H', type = 'order.completed', data = { id: 'ord_1', status: 'completed', domain_count: 2 }) {
  return JSON.stringify({ id, type, created_at: '2026-05-08T12:14:33Z', data });
}

function signed(body, { secret = SECRET, timestamp = Math.floor(Date.now() / 1000) } = {}) {
  return {
    'Content-Type': 'application/json',
    'Peeker-Signature': signWebhook(body, secret, timestamp),
    'Peeker-Timestamp': String(timestamp),
    'Peeker-Event-Id': JSON.parse(body).id,
  };
}

async function post(url, body, headers) {
  const res = await fetch(`${url}`, { method: 'POST', headers, body });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json, text };
}

/** The checks every recipe passes. `path`: the webhook route. */
async function exercise(url, { tracker } = {}) {
  const body = delivery();
  const ok = await post(url, body, signed(body));
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.received, 'evt_01HZX0EV2A2B3C4D5E6F7G8H');
  if (tracker) {
    assert.equal(ok.json.duplicate, false);
    const again = await post(url, body, signed(body));
    assert.equal(again.status, 200, 'a redelivery is acknowledged');
    assert.equal(again.json.duplicate, true);
    assert.equal(tracker.order('ord_1').status, 'completed');
    assert.equal(tracker.eventsSeen, 1);
  }
  // Binary-exact: a body with non-ASCII text is verified over its bytes.
  const accents = delivery('evt_2', 'domain.connected', { id: 'dom_1', domain: 'xn--bcher-kva.de', order_id: 'ord_1', note: 'Bücher ✓' });
  assert.equal((await post(url, accents, signed(accents))).status, 200);

  const forged = await post(url, body, signed(body, { secret: 'whsec_attacker' }));
  assert.equal(forged.status, 400);
  assert.equal(forged.json.error, 'signature_mismatch');
  const tampered = await post(url, body.replace('"completed"', '"cancelled"'), signed(body));
  assert.equal(tampered.json.error, 'signature_mismatch');
  assert.equal(tampered.status, 400);
  const replayed = await post(url, body, signed(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 }));
  assert.deepEqual([replayed.status, replayed.json.error], [400, 'timestamp_out_of_tolerance']);
  const unsigned = await post(url, body, { 'Content-Type': 'application/json' });
  assert.deepEqual([unsigned.status, unsigned.json.error], [400, 'missing_header']);
  const reserialised = JSON.stringify(JSON.parse(body), null, 2); // what a JSON parser in front would do
  assert.equal((await post(url, reserialised, signed(body))).status, 400);
  if (tracker) assert.equal(tracker.eventsSeen, 2, 'nothing but the verified deliveries reached the tracker');
}

test('Express (express.raw): 2xx for signed deliveries, 4xx for forged ones', async () => {
  const { start } = await import(new URL('express.mjs', EXAMPLES));
  const tracker = new Tracker();
  const server = await start({ secret: SECRET, tracker });
  try {
    await exercise(`${server.url}/webhooks/peeker`, { tracker });
    const body = delivery('evt_3');
    const plain = await post(`${server.url}/webhooks/peeker`, body, { ...signed(body), 'Content-Type': 'text/plain' });
    assert.equal(plain.status, 400, 'a body express.raw did not read is refused, not trusted');
    assert.equal(plain.json.error, 'null_argument', 'Express 5 leaves req.body undefined');
  } finally {
    await server.close();
  }
});

test('Fastify (content-type parser, parseAs buffer): 2xx for signed deliveries, 4xx for forged ones', async () => {
  const { start } = await import(new URL('fastify.mjs', EXAMPLES));
  const tracker = new Tracker();
  const server = await start({ secret: SECRET, tracker });
  try {
    await exercise(`${server.url}/webhooks/peeker`, { tracker });
  } finally {
    await server.close();
  }
});

test('node:http: 2xx for signed deliveries, 4xx for forged ones, 413 for a huge body', async () => {
  const { start } = await import(new URL('node-http.mjs', EXAMPLES));
  const tracker = new Tracker();
  const server = await start({ secret: SECRET, tracker });
  try {
    await exercise(`${server.url}/webhooks/peeker`, { tracker });
    const huge = await fetch(`${server.url}/webhooks/peeker`, { method: 'POST', body: Buffer.alloc(2 << 20, 0x20) }).catch((e) => e);
    assert.ok(huge instanceof Error || huge.status === 413, `got ${huge.status}`);
    assert.equal((await fetch(`${server.url}/other`)).status, 404);
  } finally {
    await server.close();
  }
});

/** The route module compiled from TypeScript, as `next build` would (imports as written). */
async function loadRoute() {
  const file = new URL('nextjs/app/api/webhooks/peeker/route.ts', EXAMPLES);
  const out = ts.transpileModule(await readFile(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: fileURLToPath(file),
  });
  // A data: URL module cannot resolve bare names: point '@peeker/sdk' at the
  // package's Node ESM entry (what the exports map gives a Next.js server).
  const sdkEntry = new URL('../dist/node/index.mjs', import.meta.url).href;
  const code = out.outputText.replace(/from\s+['"]@peeker\/sdk['"]/g, `from '${sdkEntry}'`);
  assert.ok(code.includes(sdkEntry), 'the route imports @peeker/sdk');
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

/** A node:http server calling an App Router handler like Next's Node runtime does. */
function serveRoute(route, path) {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, `http://${req.headers.host}`);
      const handler = url.pathname === path ? route[req.method] : undefined;
      if (typeof handler !== 'function') return res.writeHead(url.pathname === path ? 405 : 404).end();
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(url, { method: req.method, headers, body: hasBody ? Readable.toWeb(req) : undefined, duplex: 'half' });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}${path}`, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}

test('Next.js App Router route handler (POST(request) over raw HTTP): 2xx signed, 4xx forged', async () => {
  const route = await loadRoute();
  assert.equal(route.runtime, 'nodejs');
  const saved = process.env.PEEKER_WEBHOOK_SECRET;
  const server = await serveRoute(route, '/api/webhooks/peeker');
  try {
    delete process.env.PEEKER_WEBHOOK_SECRET;
    const body = delivery();
    const unconfigured = await post(server.url, body, signed(body));
    assert.equal(unconfigured.status, 500, 'no secret: a server error, never an accepted delivery');
    process.env.PEEKER_WEBHOOK_SECRET = SECRET;
    await exercise(server.url);
    assert.equal((await fetch(server.url)).status, 405);
  } finally {
    if (saved === undefined) delete process.env.PEEKER_WEBHOOK_SECRET;
    else process.env.PEEKER_WEBHOOK_SECRET = saved;
    await server.close();
  }
});

test('each server recipe runs as a script (PORT, PEEKER_WEBHOOK_SECRET) and refuses to start without a secret', async () => {
  for (const name of ['express.mjs', 'fastify.mjs', 'node-http.mjs']) {
    const script = fileURLToPath(new URL(name, EXAMPLES));
    const child = spawn(process.execPath, [script], { env: { ...process.env, PORT: '0', PEEKER_WEBHOOK_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /POST (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
      });
      const body = delivery();
      assert.equal((await post(url, body, signed(body))).status, 200, name);
      assert.equal((await post(url, body, signed(body, { secret: 'nope' }))).status, 400, name);
    } finally {
      child.kill();
    }
    const { PEEKER_WEBHOOK_SECRET: _, ...env } = process.env;
    const bad = spawn(process.execPath, [script], { env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    bad.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => bad.once('exit', r));
    assert.notEqual(code, 0, name);
    assert.match(err, /Set PEEKER_WEBHOOK_SECRET/, name);
  }
});
