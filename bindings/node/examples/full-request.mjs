// A full round trip with fetch: the SDK builds and validates each request, your
// code sends it, the SDK parses the answer into typed data (or an ApiError with
// the retry advice). The seed guide's flow: health check, a bundle, import the
// customer's domains (show the nameservers), place the order, list orders page
// by page.
//
//   PEEKER_API_KEY=pk_test_... node full-request.mjs [base URL]
//
// The base URL defaults to https://api.peeker.ai/partner/v1; point it at the
// offline sandbox to try it without placing real orders:
//   cargo run --release -p peeker-sandbox -- serve --port 8080
//   PEEKER_API_KEY=pk_test_example node full-request.mjs http://127.0.0.1:8080/partner/v1
import { pathToFileURL } from 'node:url';
import { Client, ApiError, PeekerError } from '@peeker/sdk';

/** Sends one request with fetch and parses the answer. */
async function call(client, request) {
  const response = await fetch(request.url, request); // method, headers (Authorization...) and body as built
  const body = new Uint8Array(await response.arrayBuffer()); // raw bytes: the SDK parses them
  return client.parse(request, response.status, response.headers, body);
}

export async function run({ apiKey = process.env.PEEKER_API_KEY, baseUrl, log = console.log } = {}) {
  const client = new Client({ apiKey, baseUrl, userAgent: 'full-request-example/1.0' });

  // 1. The cheapest call: which key is this?
  const me = await call(client, client.me());
  log(`key: ${me.api_key.environment} / ${me.api_key.permission_preset}, partner ${me.partner.name ?? me.partner.id}`);

  // 2. A bundle (a saved order template): it says how many domains to pick.
  const bundle = await call(client, client.createBundle({ name: 'Starter', monthly_sending_volume: 1000 }));
  const need = bundle.required_domains;
  log(`bundle ${bundle.id}: ${need.total} domains (${need.google} Google, ${need.microsoft} Microsoft)`);

  // 3. Import the domains the customer owns; the core normalises them first
  //    ("Team-Acme.com" is sent as "team-acme.com") and refuses subdomains.
  const job = await call(client, client.importDomains(['acme-mail.com', 'Team-Acme.com']));
  for (const g of job.nameserver_groups) {
    log(`set ${g.nameserver_one} / ${g.nameserver_two} at the registrar of ${g.domains.join(', ')}`);
  }

  // 4. Place the order. Every rule the docs state is checked before sending
  //    (try deleting a persona's profile_picture_url: PeekerError with
  //    field "personas[0].profile_picture_url").
  const orderRequest = client.createOrder({
    user: 'alex@acme.com',
    bundle_id: bundle.id,
    sequencer: { provider: 'smartlead', client_id: 366903, login_email: 'ops@acme.com', login_password: 'their-smartlead-password' },
    forwarding_url: 'https://acme.com',
    domains: ['acme-mail.com', 'team-acme.com'],
    personas: [
      { first_name: 'Alex', last_name: 'Rivera', profile_picture_url: 'https://cdn.acme.com/alex.jpg' },
      { first_name: 'Sam', last_name: 'Lee', profile_picture_url: 'https://cdn.acme.com/sam.jpg' },
    ],
  });
  // The same body within 24 h returns the same order: the dedupe key tells you so locally.
  log(`order dedupe key ${client.dedupeKey(orderRequest).slice(0, 16)}…`);
  const order = await call(client, orderRequest);
  log(`order ${order.id}: ${order.status}, ${order.domain_count} domains, ${order.costs.total_cents / 100} ${order.costs.currency}`);

  // 5. Every order, page by page: `nextRequest` is built from links.next (null on
  //    the last page). client.send() is the same fetch plus the retry advice.
  const ids = [];
  for await (const page of client.pages(client.listOrders({}, { perPage: 2 }))) {
    ids.push(...page.items.map((o) => `${o.id}:${o.status}`));
  }
  log(`orders: ${ids.join(' ')}`);

  // 6. An error answer: ApiError carries the API's code, field, request id and what to do.
  try {
    await call(client, client.getOrder('ord_does_not_exist'));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    log(`${e.status} ${e.apiCode} (request ${e.requestId}): retry ${e.retry}`);
  }
  return { me, bundle, job, order, ids };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await run({ baseUrl: process.argv[2] });
  } catch (e) {
    if (!(e instanceof PeekerError)) throw e;
    console.error(`${e.code}: ${e.message}`);
    process.exitCode = 1;
  }
}
