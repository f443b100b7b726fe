// Peeker webhooks with Fastify: the raw body comes from a content-type parser
// with parseAs: 'buffer', registered inside a plugin so that only the webhook
// route sees Buffers (the rest of the app keeps Fastify's JSON parsing).
//
//   npm install fastify @peeker/sdk
//   PEEKER_WEBHOOK_SECRET=whsec_... PORT=3000 node fastify.mjs
import Fastify from 'fastify';
import { verifyWebhook, PeekerError, Tracker } from '@peeker/sdk';
import { pathToFileURL } from 'node:url';

export async function createApp({ secret = process.env.PEEKER_WEBHOOK_SECRET, tracker = new Tracker(), onEvent = () => {} } = {}) {
  if (!secret) throw new Error('Set PEEKER_WEBHOOK_SECRET (Partner portal → Webhooks).');
  const app = Fastify();
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 1 << 20 }, (req, body, done) => done(null, body));
    scope.post('/webhooks/peeker', async (req, reply) => {
      let event;
      try {
        event = verifyWebhook(req.body, req.headers, secret);
      } catch (e) {
        if (!(e instanceof PeekerError)) throw e;
        return reply.code(400).send({ error: e.code });
      }
      const fresh = tracker.apply(event);
      if (fresh) onEvent(event, tracker);
      return { received: event.id, duplicate: !fresh };
    });
  });
  return app;
}

/** Starts the app on loopback; resolves to {url, close}. */
export async function start({ port = 0, host = '127.0.0.1', ...options } = {}) {
  const app = await createApp(options);
  await app.listen({ port, host });
  return { url: `http://${host}:${app.server.address().port}`, close: () => app.close() };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await start({
    port: Number(process.env.PORT || 3000),
    host: process.env.HOST || '127.0.0.1',
    onEvent: (event) => console.log(event.type, event.id),
  });
  console.log(`Peeker webhooks: POST ${url}/webhooks/peeker`);
}
