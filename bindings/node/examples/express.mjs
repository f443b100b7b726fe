// Peeker webhooks with Express: verify the signature over the raw body, skip
// duplicate deliveries, answer 2xx at once, and follow orders with a Tracker.
//
//   npm install express @peeker/sdk
//   PEEKER_WEBHOOK_SECRET=whsec_... PORT=3000 node express.mjs
//
// express.raw() on this route only: a JSON parser (express.json()) in front of it
// would hand over a re-serialised object, whose bytes are not the ones Peeker
// signed; verifyWebhook refuses a parsed object and says so.
import http from 'node:http';
import express from 'express';
import { verifyWebhook, PeekerError, Tracker } from '@peeker/sdk';
import { pathToFileURL } from 'node:url';

export function createApp({ secret = process.env.PEEKER_WEBHOOK_SECRET, tracker = new Tracker(), onEvent = () => {} } = {}) {
  if (!secret) throw new Error('Set PEEKER_WEBHOOK_SECRET (Partner portal → Webhooks).');
  const app = express();
  app.post('/webhooks/peeker', express.raw({ type: 'application/json', limit: '1mb' }), (req, res) => {
    let event;
    try {
      // req.body is a Buffer here. Another Content-Type leaves it undefined (Express 5)
      // or {} (Express 4), which verifyWebhook refuses: answered 400 below.
      event = verifyWebhook(req.body, req.headers, secret);
    } catch (e) {
      if (!(e instanceof PeekerError)) throw e;
      return res.status(400).json({ error: e.code }); // forged, replayed, or mangled by a proxy
    }
    const fresh = tracker.apply(event); // false: a redelivery of an event already handled
    res.status(200).json({ received: event.id, duplicate: !fresh });
    // Store JSON.stringify(tracker) if the process may restart; Tracker.fromJSON restores it.
    if (fresh) onEvent(event, tracker);
  });
  return app;
}

/** Starts the app on loopback; resolves to {url, close}. */
export function start({ port = 0, host = '127.0.0.1', ...options } = {}) {
  const server = http.createServer(createApp(options));
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
    onEvent: (event, tracker) => {
      const order = event.type.startsWith('order.') ? tracker.order(event.data.id) : null;
      console.log(event.type, event.id, order ? `${order.status} ${order.domainsConnected}/${order.domainsTotal ?? '?'}` : '');
    },
  });
  console.log(`Peeker webhooks: POST ${url}/webhooks/peeker`);
}
