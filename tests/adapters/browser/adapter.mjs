#!/usr/bin/env node
// The browser adapter of tests/run-vectors (tests/adapters/PROTOCOL.md): reads
// JSON lines on stdin and runs every case inside a headless Chromium page
// through the public API of the package's web build (`import ... from
// '@peeker/sdk'` with the browser entry, after `await init()`), printing one
// JSON line per case. The page is served over node:http from bindings/node.
// Needs: bash bindings/node/build.sh, the npm dev dependencies
// (playwright-core) and /usr/bin/chromium (bash bindings/node/test.sh does all).
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const NODE_PKG = new URL('../../../bindings/node/', import.meta.url);

const PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>@peeker/sdk vector adapter</title>
<script type="importmap">{ "imports": { "@peeker/sdk": "/dist/web/index.mjs" } }</script>
<script type="module">
  import * as sdk from '@peeker/sdk';
  import { runLine } from '/adapter/cases.mjs';
  try {
    await sdk.init();
    window.__runLine = (line) => runLine(sdk, line);
    window.__ready = 'yes';
  } catch (e) {
    window.__ready = 'failed: ' + e.message;
  }
</script>`;

async function start() {
  const { serve } = await import(new URL('examples/serve.mjs', NODE_PKG).href);
  const { launchChromium } = await import(new URL('test/browser/chromium.mjs', NODE_PKG).href);
  const server = await serve({
    extra: {
      '/adapter/index.html': { type: 'text/html; charset=utf-8', body: PAGE },
      '/adapter/cases.mjs': fileURLToPath(new URL('../node/cases.mjs', import.meta.url)),
    },
  });
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/adapter/index.html`);
    await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 30_000 });
    const ready = await page.evaluate(() => window.__ready);
    if (ready !== 'yes') throw new Error(`the page could not load the SDK: ${ready} ${pageErrors.join('; ')}`);
    return { page, close: async () => (await browser.close(), await server.close()) };
  } catch (e) {
    if (browser) await browser.close().catch(() => {});
    await server.close();
    throw e;
  }
}

// Take the iterator now: lines (and the end of input) that arrive while Chromium
// starts are buffered by it, not lost.
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })[Symbol.asyncIterator]();
let session;
let failure;
try {
  session = await start();
} catch (e) {
  failure = e;
  console.error(`browser adapter: ${e.message}`);
}
for (let next = await lines.next(); !next.done; next = await lines.next()) {
  const line = next.value;
  if (line.trim() === '') continue;
  let out;
  if (failure) {
    out = JSON.stringify({ exception: `browser adapter could not start: ${failure.message}` });
  } else {
    try {
      out = await session.page.evaluate((l) => window.__runLine(l), line);
    } catch (e) {
      out = JSON.stringify({ exception: `page: ${e.message}` });
    }
  }
  process.stdout.write(out + '\n');
}
if (session) await session.close();
process.exitCode = failure ? 1 : 0;
