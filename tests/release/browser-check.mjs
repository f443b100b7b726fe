// Serves DIR on 127.0.0.1 (or takes the page at URL, a dev server's), opens index.html in headless Chromium
// (/usr/bin/chromium, playwright-core from the consumer project), types into #domain as a user would and checks
// #out: the README's browser code. Every failed request is an error (the .wasm served as HTML, a 404).
// Usage: node browser-check.mjs DIR|URL
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
const remote = /^https?:/.test(dir);
if (!remote) await new Promise((r) => server.listen(0, '127.0.0.1', r));
const browser = await chromium.launch({ executablePath: process.env.PEEKER_CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-sync', '--disable-quic'] });
let code = 1;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
  await page.goto(remote ? dir : `http://127.0.0.1:${server.address().port}/index.html`);
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 20_000 }).catch(() => {});
  await page.fill('#domain', 'mail.acme.com');
  const a = await page.textContent('#out');
  await page.fill('#domain', 'Bücher.de');
  const b = await page.textContent('#out');
  console.log(JSON.stringify({ a, b, errors }));
  code = a.includes('mail.acme.com is a subdomain; enter acme.com.') && b === 'bücher.de' && errors.length === 0 ? 0 : 1;
} finally { await browser.close(); if (!remote) server.close(); }
process.exit(code);
