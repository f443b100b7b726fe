// Serves DIR on 127.0.0.1, opens index.html in headless Chromium (/usr/bin/chromium, playwright-core from
// the consumer project), types into #domain as a user would and checks #out: the README's browser code.
// Usage: node browser-check.mjs DIR
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const dir = process.argv[2];
const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '') || 'index.html';
  try {
    const body = await readFile(join(dir, path));
    res.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' }).end(body);
  } catch { res.writeHead(404).end('not found'); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: process.env.PEEKER_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-sync', '--disable-quic'] });
let code = 1;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 20_000 }).catch(() => {});
  await page.fill('#domain', 'mail.acme.com');
  const a = await page.textContent('#out');
  await page.fill('#domain', 'Bücher.de');
  const b = await page.textContent('#out');
  console.log(JSON.stringify({ a, b, errors }));
  code = a.includes('mail.acme.com is a subdomain; enter acme.com.') && b === 'bücher.de' ? 0 : 1;
} finally { await browser.close(); server.close(); }
process.exit(code);
