// Writes the benchmark inputs, the same for every language, into the directory
// given as argv[2] (target/bench/data):
//   domains.txt  100,000 realistic user-typed domains, one per line: roots,
//                subdomains, IDNs, typos, URLs and e-mail addresses, upper case,
//                white space (a seeded PRNG: identical on every run)
//   webhook.json a 2 KB order.completed delivery: {body, secret, timestamp,
//                signature, now, svix: {id, timestamp, signature, secret}}
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: node gen-inputs.mjs OUT_DIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

// mulberry32: a small deterministic PRNG.
let seed = 0x5eed1234;
function rnd() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];

const words = [
  'acme', 'team-acme', 'shop', 'bakery', 'northwind', 'contoso', 'fabrikam', 'example', 'blue-sky',
  'greenfield', 'mybrand', 'startup42', 'cloudnine', 'pixel', 'harbor', 'atlas', 'orbit', 'maple',
  'riverside', 'kitchen', 'design-studio', 'law-firm', 'dental', 'photo', 'travel', 'garden',
  'bücher', 'münchen', 'café', 'straße', 'köln', 'zürich', 'español', 'niño', 'ελλάδα', 'пример',
  'москва', '例子', '東京', 'ドメイン', '한국', 'مثال', 'בדיקה', 'ไทย', 'xn--bcher-kva',
];
const asciiWords = words.filter((w) => /^[a-z0-9-]+$/.test(w));
const tlds = [
  'com', 'com', 'com', 'com', 'net', 'org', 'io', 'de', 'de', 'fr', 'nl', 'co.uk', 'co.uk', 'org.uk',
  'com.au', 'co.jp', 'jp', 'ca', 'ch', 'es', 'it', 'se', 'app', 'dev', 'shop', 'online', 'com.br',
  'co.nz', 'in', 'co.in', 'us', 'eu', 'info', 'biz', 'xyz', 'tech', 'store', 'cloud', 'ai',
  'github.io', 'herokuapp.com', 'blogspot.com', 'ru', 'рф', '中国', '公司.cn', 'com.cn', 'ελ', 'uk.com',
];
const subs = ['www', 'www', 'mail', 'shop', 'blog', 'app', 'api', 'dev.api', 'a.b', 'm', 'static', 'cdn'];
const typoTlds = ['cmo', 'ocm', 'con', 'cm0', 'comm', 'nett', 'orgg', 'notarealtld', 'c', 'co.ukk'];

function root() {
  const w = pick(rnd() < 0.75 ? asciiWords : words);
  return `${w}${rnd() < 0.2 ? Math.floor(rnd() * 100) : ''}.${pick(tlds)}`;
}

function sample() {
  const r = rnd();
  if (r < 0.45) return root(); // plain root
  if (r < 0.62) return `${pick(subs)}.${root()}`; // subdomain
  if (r < 0.7) return root().toUpperCase(); // shouted
  if (r < 0.75) return `  ${root()}. `; // white space and a trailing dot
  if (r < 0.81) return `${pick(asciiWords)}.${pick(typoTlds)}`; // mistyped TLD
  if (r < 0.85) {
    const w = pick(asciiWords);
    return pick([`${w}..com`, `-${w}.com`, `${w}-.de`, `${w}_x.com`, `${w} shop.com`, `${w},com`, `.${w}.com`, w]);
  }
  if (r < 0.9) return `${pick(['https://', 'http://', 'https://www.'])}${root()}${pick(['', '/', '/pricing', '/a?b=1#c', ':8080/'])}`;
  if (r < 0.93) return `${pick(['alex', 'info', 'sales'])}@${root()}`;
  if (r < 0.95) return pick(['co.uk', 'com', 'github.io', 'com.au', 'uk']); // public suffixes
  if (r < 0.96) return `192.0.2.${Math.floor(rnd() * 255)}`;
  return `${pick(asciiWords)}${'x'.repeat(Math.floor(rnd() * 70))}.com`; // long labels
}

const domains = [];
for (let i = 0; i < 100_000; i++) domains.push(sample());
writeFileSync(join(out, 'domains.txt'), domains.join('\n') + '\n');

// A 2 KB delivery: an order.completed envelope padded with realistic fields.
const items = [];
for (let i = 0; items.length < 40; i++) {
  items.push({ domain: `${pick(asciiWords)}${i}.com`, status: 'active', price: { amount: 1299 + i, currency: 'EUR' } });
}
const envelope = {
  id: 'evt_01HZX0EV2A2B3C4D5E6F7G8H',
  type: 'order.completed',
  created_at: '2026-05-08T12:14:33Z',
  data: { id: 'ord_01HZX0OR1A2B3C4D5E6F7G8H', status: 'completed', customer: { id: 'cus_123', email: 'alex@acme.com' }, items: [] },
};
let body = JSON.stringify(envelope);
while (body.length < 2048 - 80) {
  envelope.data.items.push(items[envelope.data.items.length % items.length]);
  body = JSON.stringify(envelope);
}
envelope.data.note = 'x'.repeat(Math.max(0, 2048 - body.length - 10));
body = JSON.stringify(envelope);
const secret = 'whsec_bench_secret_0123456789abcdef';
const timestamp = Math.floor(Date.now() / 1000); // standardwebhooks checks it against the clock
const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
// The same body signed the Standard Webhooks / Svix way (base64 key, "id.ts.body").
const svixKey = Buffer.from('bench-standard-webhooks-key-32b!').toString('base64');
const svixId = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const svixSig = createHmac('sha256', Buffer.from(svixKey, 'base64')).update(`${svixId}.${timestamp}.${body}`).digest('base64');
// And the Stripe way ("t=..,v1=.." over "ts.body").
const stripeSig = `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
writeFileSync(
  join(out, 'webhook.json'),
  JSON.stringify({
    body, secret, timestamp, now: timestamp + 10, signature: `v1=${mac}`,
    stripe: { signature: stripeSig },
    standard: { secret: `whsec_${svixKey}`, id: svixId, signature: `v1,${svixSig}` },
  }, null, 1) + '\n',
);
console.error(`gen-inputs: ${domains.length} domains, webhook body ${Buffer.byteLength(body)} B -> ${out}`);
