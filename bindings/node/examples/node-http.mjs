// Peeker webhooks with plain node:http: collect the body's bytes (with a size
// cap), verify them with the request's headers, answer 2xx at once.
//
//   PEEKER_WEBHOOK_SECRET=whsec_... PORT=3000 node node-http.mjs
import http from 'node:http';
import { verifyWebhook, PeekerError, Tracker } from '@peeker/sdk';
import { pathToFileURL } from 'node:url';

const MAX_BODY = 1 << 20; // deliveries are a few kilobytes

export function createServer({ secret = process.env.PEEKER_WEBHOOK_SECRET, tracker = new Tracker(), onEvent = () => {} } = {}) {
  if (!secret) throw new Error('Set PEEKER_WEBHOOK_SECRET (Partner portal → Webhooks).');
  const reply = (res, status, json) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
  return http.createServer((req, res) => {
    if (req.method !== 'POST' || new URL(req.url, 'http://localhost').pathname !== '/webhooks/peeker') {
      return reply(res, 404, { error: 'not_found' });
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reply(res, 413, { error: 'payload_too_large' });
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      let event;
      try {
        event = verifyWebhook(Buffer.concat(chunks), req.headers, secret);
      } catch (e) {
        if (!(e instanceof PeekerError)) throw e;
        return reply(res, 400, { error: e.code });
      }
      const fresh = tracker.apply(event);
      reply(res, 200, { received: event.id, duplicate: !fresh });
      if (fresh) onEvent(event, tracker);
    });
  });
}

/** Starts the server on loopback; resolves to {url, close}. */
export function start({ port = 0, host = '127.0.0.1', ...options } = {}) {
  const server = createServer(options);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve({ url: `http://${host}:${server.address().port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await start({
    port: Number(process.env.PORT || 3000),
    host: process.env.HOST || '127.0.0.1',
    onEvent: (event) => console.log(event.type, event.id),
  });
  console.log(`Peeker webhooks: POST ${url}/webhooks/peeker`);
}
