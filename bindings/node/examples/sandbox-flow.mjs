// The seed guide's whole flow in Node with the platform's own HTTP stack: `fetch`
// for the API and a `node:http` server receiving Peeker's webhooks, each verified
// over the raw body and fed to the order tracker, until `order.completed`.
//
//   cargo run --release -p peeker-sandbox -- serve --port 8080      # the offline sandbox
//   PEEKER_API_KEY=pk_test_example node sandbox-flow.mjs http://127.0.0.1:8080/partner/v1
//
// Against the sandbox the webhook target is set with its control endpoint
// (POST /_sandbox/webhook); against Peeker you register the URL in the portal.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Client, Tracker, verifyWebhook, PeekerError } from '@peeker/sdk';

/** A webhook receiver: raw body in, verified event into the tracker. */
function startReceiver(secret, tracker, log) {
  const seen = { verified: 0, duplicates: 0, rejected: 0 };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        const event = verifyWebhook(Buffer.concat(chunks), req.headers, secret); // raw bytes, never JSON.parse first
        const fresh = tracker.apply(event);
        seen[fresh ? 'verified' : 'duplicates'] += 1;
        log(`⇠ ${event.type.padEnd(30)} ${event.data?.domain ?? event.data?.id ?? ''} ${fresh ? 'verified' : 'duplicate, ignored'}`);
        res.writeHead(204).end();
      } catch (e) {
        seen.rejected += 1;
        res.writeHead(400, { 'content-type': 'text/plain' }).end(e instanceof PeekerError ? e.code : 'error');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen, url: `http://127.0.0.1:${server.address().port}/webhooks/peeker` })));
}

export async function run({ apiKey = process.env.PEEKER_API_KEY || 'pk_test_example', baseUrl, log = console.log, timeoutMs = 30_000 } = {}) {
  const client = new Client({ apiKey, baseUrl, userAgent: 'sandbox-flow-example/1.0' });
  const send = (request) => client.send(request); // fetch + the core's retry advice
  const tracker = new Tracker();
  const secret = `whsec_${randomBytes(16).toString('hex')}`;
  const receiver = await startReceiver(secret, tracker, log);
  try {
    // Point the sandbox's deliveries at our receiver (sandbox only).
    const ctl = await fetch(`${client.baseUrl}/_sandbox/webhook`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, secret }),
    });
    if (!ctl.ok) throw new Error(`the sandbox refused the webhook target (${ctl.status})`);

    const me = await send(client.me());
    log(`key ${me.api_key.environment}/${me.api_key.permission_preset}`);
    const bundle = await send(client.createBundle({ name: 'Starter', monthly_sending_volume: 1000 }));
    const domains = ['acme-mail.com', 'team-acme.com'];

    // Step 1: import, and show the customer the nameservers to set.
    let job = await send(client.importDomains(domains));
    for (const g of job.nameserver_groups) log(`UI ▸ set ${g.nameserver_one} / ${g.nameserver_two} for ${g.domains.join(', ')}`);
    // Step 2: poll until the import completes.
    const deadline = Date.now() + timeoutMs;
    while (job.status !== 'completed') {
      if (Date.now() > deadline) throw new Error(`import ${job.id} still ${job.status}`);
      await new Promise((r) => setTimeout(r, 100));
      job = await send(client.getImport(job.id));
    }
    log(`import ${job.id} completed`);

    // Step 3: the order.
    const order = await send(client.createOrder({
      user: 'alex@acme.com',
      bundle_id: bundle.id,
      sequencer: { provider: 'smartlead', client_id: 366903, login_email: 'ops@acme.com', login_password: 'their-smartlead-password' },
      forwarding_url: 'https://acme.com',
      domains,
      personas: [
        { first_name: 'Alex', last_name: 'Rivera', profile_picture_url: 'https://cdn.acme.com/alex.jpg' },
        { first_name: 'Sam', last_name: 'Lee', profile_picture_url: 'https://cdn.acme.com/sam.jpg' },
      ],
    }));
    log(`order ${order.id} ${order.status}`);

    // Step 4: webhooks until the tracker says completed.
    let view = tracker.order(order.id);
    while (view?.status !== 'completed') {
      if (Date.now() > deadline) throw new Error(`order ${order.id} is ${view?.status ?? 'unknown'} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
      view = tracker.order(order.id);
    }
    log(`✔ order.completed: ${order.id}, ${view.domainsConnected}/${view.domainsTotal} domains connected; the inboxes are live in Smartlead`);
    return { order, view, webhooks: receiver.seen };
  } finally {
    receiver.server.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await run({ baseUrl: process.argv[2] });
  } catch (e) {
    console.error(e instanceof PeekerError ? `${e.code}: ${e.message}` : String(e));
    process.exitCode = 1;
  }
}
