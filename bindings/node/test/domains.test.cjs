'use strict';
// Root domains, registrable domains and domain sets through `require('@peeker/sdk')`.
const test = require('node:test');
const assert = require('node:assert/strict');
const sdk = require('@peeker/sdk');
const { throwsCode } = require('./helpers.cjs');


test('normalizeRootDomain: accepted forms', () => {
  assert.deepEqual(sdk.normalizeRootDomain('acme-mail.com'), { ascii: 'acme-mail.com', unicode: 'acme-mail.com' });
  assert.deepEqual(sdk.normalizeRootDomain('  Team-Acme.COM. '), { ascii: 'team-acme.com', unicode: 'team-acme.com' });
  assert.deepEqual(sdk.normalizeRootDomain('Bücher.de'), { ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
  assert.deepEqual(sdk.normalizeRootDomain('xn--bcher-kva.de'), { ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
  assert.deepEqual(sdk.normalizeRootDomain('acme.co.uk'), { ascii: 'acme.co.uk', unicode: 'acme.co.uk' });
  const d = sdk.normalizeRootDomain('example.com');
  assert.equal(Object.getPrototypeOf(d), Object.prototype, 'a plain object');
  assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
});

test('normalizeRootDomain: every error code, with suggestions and messages', () => {
  throwsCode(() => sdk.normalizeRootDomain('   '), 'empty', { suggestion: null, field: null });
  const sub = throwsCode(() => sdk.normalizeRootDomain('mail.acme.co.uk'), 'subdomain', { suggestion: 'acme.co.uk' });
  assert.match(sub.message, /acme\.co\.uk/);
  throwsCode(() => sdk.normalizeRootDomain('https://www.acme.co.uk/pricing'), 'not_a_domain', {
    suggestion: 'acme.co.uk',
  });
  throwsCode(() => sdk.normalizeRootDomain('sales@acme.com'), 'not_a_domain', { suggestion: 'acme.com' });
  throwsCode(() => sdk.normalizeRootDomain('acme.com:8080'), 'not_a_domain', { suggestion: 'acme.com' });
  throwsCode(() => sdk.normalizeRootDomain('two words.com'), 'not_a_domain');
  throwsCode(() => sdk.normalizeRootDomain('co.uk'), 'public_suffix', { suggestion: null });
  throwsCode(() => sdk.normalizeRootDomain('acme.notatld'), 'unknown_tld');
  throwsCode(() => sdk.normalizeRootDomain('192.168.0.1'), 'ip_address');
  throwsCode(() => sdk.normalizeRootDomain('[::1]'), 'ip_address');
  throwsCode(() => sdk.normalizeRootDomain('-acme.com'), 'invalid_idna');
  throwsCode(() => sdk.normalizeRootDomain('ac_me.com'), 'invalid_idna');
  throwsCode(() => sdk.normalizeRootDomain('a..com'), 'invalid_idna');
  throwsCode(() => sdk.normalizeRootDomain('a'.repeat(64) + '.com'), 'too_long');
  // The subdomain suggestion is in Unicode form, what people typed.
  throwsCode(() => sdk.normalizeRootDomain('www.Bücher.de'), 'subdomain', { suggestion: 'bücher.de' });
});

test('registrableDomain and publicSuffix', () => {
  assert.equal(sdk.registrableDomain('www.Example.COM'), 'example.com');
  assert.equal(sdk.registrableDomain('a.b.example.co.uk'), 'example.co.uk');
  assert.equal(sdk.registrableDomain('b.example.unlistedtld'), 'example.unlistedtld');
  assert.equal(sdk.registrableDomain('com'), null);
  assert.equal(sdk.registrableDomain('co.uk'), null);
  assert.equal(sdk.registrableDomain(''), null);
  assert.equal(sdk.registrableDomain('www.bücher.de'), 'xn--bcher-kva.de');
  assert.equal(sdk.publicSuffix('www.acme.co.uk'), 'co.uk');
  assert.equal(sdk.publicSuffix('a..b'), null);
});

test('domainSet: normalised, deduplicated, sorted; per-index errors; key', () => {
  const s = sdk.domainSet(['B.com', 'a.com', 'b.com.', 'Bücher.de']);
  assert.deepEqual(s.ascii, ['a.com', 'b.com', 'xn--bcher-kva.de']);
  assert.deepEqual(s.domains[2], { ascii: 'xn--bcher-kva.de', unicode: 'bücher.de' });
  assert.deepEqual(s.errors, []);
  assert.match(s.key, /^[0-9a-f]{64}$/);
  // The key is SHA-256 of the sorted A-labels joined with \n.
  const crypto = require('node:crypto');
  assert.equal(s.key, crypto.createHash('sha256').update(s.ascii.join('\n')).digest('hex'));
  // Same set in another order and spelling: same key.
  assert.equal(sdk.domainSet(new Set(['xn--bcher-kva.de', 'A.COM', 'b.com'])).key, s.key);

  const bad = sdk.domainSet(['ok.com', 'mail.acme.com', '', 'co.uk']);
  assert.equal(bad.key, null);
  assert.deepEqual(bad.ascii, ['ok.com']);
  assert.deepEqual(
    bad.errors.map((e) => [e.index, e.code, e.suggestion, e.field]),
    [
      [1, 'subdomain', 'acme.com', 'domains[1]'],
      [2, 'empty', null, 'domains[2]'],
      [3, 'public_suffix', null, 'domains[3]'],
    ],
  );
  assert.equal(typeof bad.errors[0].message, 'string');
  // Entry errors are data: they survive JSON.
  assert.deepEqual(JSON.parse(JSON.stringify(bad)), bad);
  assert.deepEqual(sdk.domainSet([]), { domains: [], ascii: [], key: sdk.domainSet([]).key, errors: [] });
});

test('checkDomainSet against batch limits', () => {
  assert.deepEqual(sdk.checkDomainSet(['a.com'], 'import').ascii, ['a.com']);
  const e = throwsCode(() => sdk.checkDomainSet(['a.com', 'www.b.com'], 'import'), 'invalid_domains', {
    suggestion: 'b.com',
    field: 'domains[1]',
  });
  assert.match(e.message, /domains\[1\]/);
  throwsCode(() => sdk.checkDomainSet([], 'availability'), 'no_domains', { field: 'domains' });
  const many = Array.from({ length: 26 }, (_, i) => `d${i}.com`);
  const tm = throwsCode(() => sdk.checkDomainSet(many, 'import'), 'too_many_domains', { field: 'domains' });
  assert.match(tm.message, /25/);
  assert.equal(sdk.checkDomainSet(many, 'import_job').ascii.length, 26);
  throwsCode(() => sdk.checkDomainSet(['a.com'], 'imports'), 'invalid_argument', { field: 'limit' });
  assert.equal(sdk.batchLimit('import'), 25);
  assert.equal(sdk.batchLimit('import_job'), 500);
  assert.equal(sdk.batchLimit('availability'), 50);
  assert.equal(sdk.batchLimit('forwarding'), 25);
  throwsCode(() => sdk.batchLimit('nope'), 'invalid_argument');
  // More than the core examines at once.
  throwsCode(() => sdk.domainSet(Array.from({ length: 10001 }, () => 'a.com')), 'too_many_domains');
});

test('versions and codes', () => {
  assert.equal(sdk.version(), require('../package.json').version);
  assert.match(sdk.pslVersion(), /^\d{4}-\d{2}-\d{2}/);
  assert.equal(typeof sdk.pslCommit(), 'string');
  const codes = sdk.errorCodes();
  assert.ok(codes.includes('subdomain') && codes.includes('internal'));
  assert.equal(new Set(codes).size, codes.length);
  assert.equal(sdk.errorCodeNumber('empty'), 4710);
  assert.equal(sdk.errorCodeNumber('internal'), 4799);
  assert.equal(sdk.errorCodeNumber('nope'), null);
  assert.equal(sdk.isReady(), true);
});
