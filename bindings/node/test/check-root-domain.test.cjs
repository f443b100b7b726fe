'use strict';
// checkRootDomain: the non-throwing fast entry (lib/fast.mjs over wasm/src/fast.rs)
// gives exactly normalizeRootDomain's answers, and survives what the memory does.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const sdk = require('@peeker/sdk');

const root = path.resolve(__dirname, '../../..');

/** normalizeRootDomain's outcome in checkRootDomain's shape. */
function slow(input) {
  try {
    const d = sdk.normalizeRootDomain(input);
    return { ok: true, ascii: d.ascii, unicode: d.unicode };
  } catch (e) {
    assert.ok(e instanceof sdk.PeekerError, `typed error for ${JSON.stringify(input)}: ${e}`);
    return { ok: false, code: e.code, message: e.message, suggestion: e.suggestion };
  }
}

/** checkRootDomain's outcome, every field read. */
function fast(input) {
  const r = sdk.checkRootDomain(input);
  return r.ok ? { ok: true, ascii: r.ascii, unicode: r.unicode } : { ok: false, code: r.code, message: r.message, suggestion: r.suggestion };
}

function agree(inputs, what) {
  let n = 0;
  for (const input of inputs) {
    assert.deepEqual(fast(input), slow(input), `${what}: ${JSON.stringify(input)}`);
    n++;
  }
  return n;
}

test('checkRootDomain: results', () => {
  assert.deepEqual(sdk.checkRootDomain('acme.com'), { ok: true, ascii: 'acme.com', unicode: 'acme.com' });
  assert.deepEqual(sdk.checkRootDomain('  Team-Acme.COM. '), { ok: true, ascii: 'team-acme.com', unicode: 'team-acme.com' });
  // ASCII in another letter case comes back as the input's slice lower-cased (status
  // bit ASCII_IS_LOWER_SLICE); URL and e-mail syntax around it does not qualify.
  assert.deepEqual(sdk.checkRootDomain('\tACME-42.Co.UK'), { ok: true, ascii: 'acme-42.co.uk', unicode: 'acme-42.co.uk' });
  assert.deepEqual(fast('https://ACME.nl/Path'), slow('https://ACME.nl/Path'));
  assert.deepEqual(fast('Sales@ACME.nl'), slow('Sales@ACME.nl'));
  assert.deepEqual(sdk.checkRootDomain(' Bücher.de. '), { ok: true, ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
  assert.deepEqual(sdk.checkRootDomain('xn--bcher-kva.de'), { ok: true, ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
  assert.deepEqual(sdk.checkRootDomain('例え.jp'), { ok: true, ascii: 'xn--r8jz45g.jp', unicode: '例え.jp' });
  // Astral characters (surrogate pairs in UTF-16, 4 bytes in UTF-8) both ways.
  const emoji = slow('\u{1F600}.ws');
  assert.deepEqual(fast('\u{1F600}.ws'), emoji);
  assert.deepEqual(fast(emoji.ok ? emoji.ascii : 'xn--i28h.ws'), slow(emoji.ok ? emoji.ascii : 'xn--i28h.ws'));
  const ok = sdk.checkRootDomain('example.com');
  assert.equal(Object.getPrototypeOf(ok), Object.prototype, 'a plain object');
});

test('checkRootDomain: failures carry the code; message and suggestion are read lazily from the core', () => {
  const r = sdk.checkRootDomain('mail.acme.co.uk');
  assert.equal(r.ok, false);
  assert.equal(r.code, 'subdomain');
  assert.deepEqual(Object.keys(r).sort(), ['code', 'ok'], 'message and suggestion are getters, not computed yet');
  assert.equal(r.suggestion, 'acme.co.uk');
  assert.match(r.message, /acme\.co\.uk/);
  assert.equal(r.message, r.message, 'stable on every read');
  assert.deepEqual(JSON.parse(JSON.stringify(r)), { ok: false, code: 'subdomain', message: r.message, suggestion: 'acme.co.uk' });
  assert.equal(sdk.checkRootDomain('www.Bücher.de').suggestion, 'bücher.de');
  for (const [input, code] of [
    ['   ', 'empty'],
    ['https://www.acme.co.uk/pricing', 'not_a_domain'],
    ['co.uk', 'public_suffix'],
    ['acme.notatld', 'unknown_tld'],
    ['192.168.0.1', 'ip_address'],
    ['[::1]', 'ip_address'],
    ['-acme.com', 'invalid_idna'],
    ['a'.repeat(64) + '.com', 'too_long'],
  ]) {
    const f = sdk.checkRootDomain(input);
    assert.equal(f.ok, false, input);
    assert.equal(f.code, code, input);
    assert.equal(f.message, slow(input).message);
  }
});

test('checkRootDomain: bad arguments are failures, not throws', () => {
  for (const [input, code] of [
    [undefined, 'null_argument'],
    [null, 'null_argument'],
    [42, 'invalid_argument'],
    [{ toString: () => 'acme.com' }, 'invalid_argument'],
    [['acme.com'], 'invalid_argument'],
    ['a\uD800.com', 'invalid_utf8'],
    ['\uDC00', 'invalid_utf8'],
    ['acme.com\uD83D', 'invalid_utf8'],
  ]) {
    const r = sdk.checkRootDomain(input);
    assert.equal(r.ok, false);
    assert.equal(r.code, code, String(input));
    assert.equal(r.message, slow(input).message);
  }
});

test('checkRootDomain: very long inputs, the buffer grows, the memory grows', () => {
  // Around the fast path's limit (65,536 units) and beyond it, ASCII and not.
  for (const n of [300, 4096, 65535, 65536, 65537, 200000]) {
    for (const ch of ['a', 'é']) {
      const input = ch.repeat(n - 4) + '.com';
      assert.deepEqual(fast(input), slow(input), `${n} x ${ch}`);
    }
  }
  const huge = 'a'.repeat((16 << 20) + 1);
  assert.equal(sdk.checkRootDomain(huge).code, 'invalid_argument');
  // Grow the linear memory from another entry: the fast entry's views must follow.
  const raw = require('../dist/node/peeker_wasm.js');
  const grown = () => raw.__fastMemory().buffer.byteLength;
  const before = grown();
  for (let k = 0; k < 4 && grown() === before; k++) {
    sdk.domainSet(Array.from({ length: 10000 }, (_, i) => `name-${k}-${i}-${'x'.repeat(200)}.com`));
  }
  assert.ok(grown() > before, 'the linear memory grew');
  assert.deepEqual(sdk.checkRootDomain('Bücher.de'), { ok: true, ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
  assert.deepEqual(sdk.checkRootDomain('acme.com'), { ok: true, ascii: 'acme.com', unicode: 'acme.com' });
  // Long and short inputs alternating: stale bytes of a longer input never leak.
  for (let i = 0; i < 50; i++) {
    assert.equal(sdk.checkRootDomain('x'.repeat(1000) + '.acme.com').code, 'too_long');
    assert.deepEqual(fast('ab.com'), { ok: true, ascii: 'ab.com', unicode: 'ab.com' });
    assert.deepEqual(fast('Ab.Ü.com'), slow('Ab.Ü.com'));
  }
});

test('checkRootDomain: recovers after a panic resets the module', () => {
  const raw = require('../dist/node/peeker_wasm.js');
  assert.deepEqual(sdk.checkRootDomain('bücher.de').ok, true);
  // Straight through the glue (not through the package's guard): nothing tells the
  // fast entry; the fresh instance answers that the buffer is not its own.
  assert.throws(() => raw.__testPanic(true), (e) => e.code === 'internal');
  assert.deepEqual(sdk.checkRootDomain('bücher.de'), { ok: true, ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
  assert.throws(() => raw.__testPanic(true), (e) => e.code === 'internal');
  assert.equal(sdk.checkRootDomain('www.acme.com').code, 'subdomain');
  assert.equal(sdk.checkRootDomain('www.acme.com').suggestion, 'acme.com');
  assert.deepEqual(sdk.checkRootDomain('bücher.de'), { ok: true, ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
});

test('checkRootDomain agrees with normalizeRootDomain on every conformance vector', () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(root, 'tests/vectors/root_domain.json'), 'utf8'));
  const n = agree(
    vectors.cases.map((c) => c.input),
    'vector',
  );
  assert.ok(n > 100, `${n} vectors`);
});

test('checkRootDomain agrees with normalizeRootDomain on the 100,000 benchmark inputs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peeker-bench-inputs-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'tests/bench/gen-inputs.mjs'), dir]);
    const inputs = fs.readFileSync(path.join(dir, 'domains.txt'), 'utf8').split('\n').filter(Boolean);
    assert.equal(agree(inputs, 'bench input'), 100000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
