'use strict';
// Node side of tests/bench/run: rows 1-3 (throughput against tldts, stripe and
// standardwebhooks), rows 4-5 (gzip sizes) and the memory notes. Prints one JSON
// object per line.
//
// usage: node bench.cjs DATA_DIR ANCHORS_NODE_MODULES SECONDS_PER_ROUND ROUNDS
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');

const [dataDirArg, anchorsArg, secsArg, roundsArg] = process.argv.slice(2);
const dataDir = path.resolve(dataDirArg || '.');
const anchors = path.resolve(anchorsArg || '.');
if (!roundsArg) {
  console.error('usage: node bench.cjs DATA_DIR ANCHORS_NODE_MODULES SECONDS_PER_ROUND ROUNDS');
  process.exit(2);
}
const SECS = Number(secsArg);
// BENCH_ONLY=webhooks (tests/bench/run --only webhooks): rows 2-3 (and 2b) only.
const ONLY_WEBHOOKS = process.env.BENCH_ONLY === 'webhooks';
// BENCH_ONLY=domains (tests/bench/run --only domains): rows 1 and 4-5 only.
const ONLY_DOMAINS = process.env.BENCH_ONLY === 'domains';
const ROUNDS = Number(roundsArg);
const root = path.resolve(__dirname, '../..', '..');
const pkgDir = path.join(root, 'bindings/node');

// Capture the wasm instance the package creates, to read its linear memory size.
const instances = [];
const OrigInstance = WebAssembly.Instance;
WebAssembly.Instance = function Instance(mod, imports) {
  const i = new OrigInstance(mod, imports);
  instances.push(i);
  return i;
};
WebAssembly.Instance.prototype = OrigInstance.prototype;
const peeker = require(pkgDir);
// Node instantiates the module at its first call: one call now, so that the instance is captured.
peeker.orderDedupeKey('pk_test_bench', {});
WebAssembly.Instance = OrigInstance;
if (instances.length === 0) throw new Error('bench.cjs: no wasm instance captured');

const tldts = require(path.join(anchors, 'tldts'));
const Stripe = require(path.join(anchors, 'stripe'));
const { Webhook } = require(path.join(anchors, 'standardwebhooks'));

const emit = (o) => console.log(JSON.stringify(o));
const now = () => Number(process.hrtime.bigint());

function round(fn, ops) {
  const budget = SECS * 1e9;
  const t0 = now();
  let passes = 0;
  let sink = 0;
  do {
    sink += fn();
    passes++;
  } while (now() - t0 < budget);
  globalThis.__sink = sink;
  return (now() - t0) / (passes * ops);
}

function compare(group, ops, cands) {
  const checks = cands.map(([, f]) => f());
  for (const [, f] of cands) f(); // second warm-up: let the JIT settle
  const samples = cands.map(() => []);
  for (let r = 0; r < ROUNDS; r++) cands.forEach(([, f], i) => samples[i].push(round(f, ops)));
  cands.forEach(([name], i) => {
    const s = samples[i].sort((a, b) => a - b);
    const med = s[Math.floor(s.length / 2)];
    emit({ group, name, ns_per_op: +med.toFixed(2), ops_per_sec: Math.round(1e9 / med), ops, check: checks[i], samples: s.map((x) => +x.toFixed(2)) });
  });
}

// ---- Row 1: domains ----
const domains = fs.readFileSync(path.join(dataDir, 'domains.txt'), 'utf8').split('\n').filter(Boolean);
const oursDomains = () => {
  let ok = 0;
  for (const d of domains) {
    try {
      peeker.normalizeRootDomain(d);
      ok++;
    } catch (e) {
      if (e.name !== 'PeekerError') throw e;
    }
  }
  return ok;
};
const tldtsDomains = () => {
  let ok = 0;
  for (const d of domains) if (tldts.getDomain(d) !== null) ok++;
  return ok;
};
// Row 1 is the fastest public API doing the full validation: checkRootDomain, the
// non-throwing form (no Error object, no stack trace for invalid input; both forms
// of a valid domain read); row 1b the throwing normalizeRootDomain.
const cands = [];
if (typeof peeker.checkRootDomain === 'function') {
  cands.push(['peeker.checkRootDomain', () => {
    let ok = 0;
    for (const d of domains) {
      const r = peeker.checkRootDomain(d);
      if (r.ok && r.ascii.length > 0 && r.unicode.length > 0) ok++;
    }
    return ok;
  }]);
}
cands.push(['peeker.normalizeRootDomain', oursDomains]);
cands.push(['tldts.getDomain', tldtsDomains]);
if (!ONLY_WEBHOOKS) compare('node-domains', domains.length, cands);

// ---- Rows 2-3: webhooks ----
const wh = JSON.parse(fs.readFileSync(path.join(dataDir, 'webhook.json'), 'utf8'));
const body = Buffer.from(wh.body);
const headers = { 'peeker-signature': wh.signature, 'peeker-timestamp': String(wh.timestamp), 'content-type': 'application/json' };
const stripe = new Stripe('sk_test_bench', { telemetry: false });
const stripeHeader = wh.stripe.signature;
const sw = new Webhook(wh.standard.secret);
const swHeaders = { 'webhook-id': wh.standard.id, 'webhook-timestamp': String(wh.timestamp), 'webhook-signature': wh.standard.signature };
const payloadText = wh.body;
const ours = () => (peeker.verifyWebhook(body, headers, wh.secret, { now: wh.now }).type === 'order.completed' ? 1 : 0);
const viaStripe = () => (stripe.webhooks.constructEvent(body, stripeHeader, wh.secret, 300, undefined, wh.now).type === 'order.completed' ? 1 : 0);
const viaStandard = () => (sw.verify(payloadText, swHeaders).type === 'order.completed' ? 1 : 0);
// Row 2b, the practical floor: what a hand-written handler does at the least with
// node:crypto (read the two headers, HMAC, constant-time compare, JSON.parse).
const nodeCrypto = require('node:crypto');
const byHand = () => {
  const ts = headers['peeker-timestamp'];
  if (Math.abs(wh.now - Number(ts)) > 300) throw new Error('old');
  const given = Buffer.from(headers['peeker-signature'].slice(3), 'hex');
  const mac = nodeCrypto.createHmac('sha256', wh.secret).update(ts).update('.').update(body).digest();
  if (given.length !== mac.length || !nodeCrypto.timingSafeEqual(mac, given)) throw new Error('mismatch');
  return JSON.parse(body.toString('utf8')).type === 'order.completed' ? 1 : 0;
};
// standardwebhooks checks the timestamp against the clock: the inputs are generated with the current time.
if (!ONLY_DOMAINS) compare('node-webhook', 1, [['peeker.verifyWebhook', ours], ['stripe.webhooks.constructEvent', viaStripe], ['standardwebhooks.verify', viaStandard], ['node:crypto+JSON.parse', byHand]]);
if (ONLY_WEBHOOKS) process.exit(0);

// ---- Rows 4-5: sizes ----
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const sizeOf = (files) => files.reduce((n, f) => n + gz(f), 0);
// What a browser page that validates domains downloads: the domain-only entry
// (@peeker/sdk/domains) when the package has one, else the whole web build.
const domainsOnly = fs.existsSync(path.join(pkgDir, 'dist/web-domains'));
const vDir = path.join(pkgDir, domainsOnly ? 'dist/web-domains' : 'dist/web');
// The entry is what package.json exports to browsers (one bundled file).
const pkgJson = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const browserEntry = domainsOnly ? pkgJson.exports['./domains'].browser.default : pkgJson.exports['.'].browser.default;
const vFiles = [
  path.join(vDir, 'peeker_wasm_bg.wasm'),
  path.join(vDir, 'peeker_wasm.js'),
  path.join(pkgDir, browserEntry),
].filter((f) => fs.existsSync(f));
const oursBrowser = sizeOf(vFiles);
const tldtsDist = path.join(anchors, 'tldts/dist/index.esm.min.js');
emit({ group: 'size-browser', name: 'peeker', bytes_gzip: oursBrowser, files: vFiles.map((f) => path.relative(root, f)) });
emit({ group: 'size-browser', name: 'tldts', bytes_gzip: gz(tldtsDist), files: [path.relative(root, tldtsDist)] });
const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkgDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
emit({ group: 'size-npm', name: 'peeker', bytes_gzip: pack[0].size, unpacked: pack[0].unpackedSize, files: pack[0].entryCount });
if (ONLY_DOMAINS) process.exit(0);

// ---- Memory ----
const rss = (code) => Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }).trim());
const base = rss('process.stdout.write(String(process.memoryUsage().rss))');
const loaded = rss(`require(${JSON.stringify(pkgDir)}); process.stdout.write(String(process.memoryUsage().rss))`);
emit({ group: 'memory', name: 'rss-after-require', bytes: loaded, baseline_bytes: base, delta_bytes: loaded - base });
// A webhook handler: the whole core (compiled at its first call) and one verification.
const used = rss(`const p = require(${JSON.stringify(pkgDir)});
  const wh = ${JSON.stringify(wh)};
  p.verifyWebhook(Buffer.from(wh.body), { 'peeker-signature': wh.signature, 'peeker-timestamp': String(wh.timestamp) }, wh.secret, { now: wh.now });
  process.stdout.write(String(process.memoryUsage().rss))`);
emit({ group: 'memory', name: 'rss-after-webhook', bytes: used, baseline_bytes: base, delta_bytes: used - base });
// The linear memory of every instance Node runs (one since the package has one module for Node).
const mem = () => instances.reduce((n, i) => n + i.exports.memory.buffer.byteLength, 0);
const before = mem();
let calls = 0;
const t0 = now();
while (calls < 1_000_000) {
  for (let i = 0; i < domains.length && calls < 1_000_000; i++, calls++) {
    try {
      peeker.normalizeRootDomain(domains[i]);
    } catch (e) {
      /* invalid input: part of the mix */
    }
  }
}
const afterDomains = mem();
let checkCalls = 0;
let afterCheck = null;
if (typeof peeker.checkRootDomain === 'function') {
  while (checkCalls < 1_000_000) {
    for (let i = 0; i < domains.length && checkCalls < 1_000_000; i++, checkCalls++) {
      const r = peeker.checkRootDomain(domains[i]);
      if (!r.ok && checkCalls % 1000 === 0) void r.message; // the lazy message too, now and then
    }
  }
  afterCheck = mem();
}
for (let i = 0; i < 100_000; i++) ours();
emit({ group: 'memory', name: 'wasm-linear-memory', calls, check_calls: checkCalls, webhook_calls: 100000, before_bytes: before, after_bytes: mem(), after_domain_calls_bytes: afterDomains, after_check_calls_bytes: afterCheck, instances: instances.length, seconds: +((now() - t0) / 1e9).toFixed(1) });
