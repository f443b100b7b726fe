// Compiled (never run) by test/types.test.mjs: the API model's declarations
// (Client, typed results, pages, ApiError, Tracker) in a Node ES module.
import {
  Client,
  ApiError,
  PeekerError,
  Tracker,
  verifyWebhook,
  type Order,
  type ImportJob,
  type Page,
  type PeekerRequest,
  type OperationResults,
  type OrderView,
  type OrderBody,
  type Operation,
  type OrderStatus,
  type PendingAction,
  type ErrorCode,
  type ErrorCodeNumbers,
  type WebhookEventType,
  type ApiErrorCode,
  type MeKey,
  type CustomOrderBody,
  type OrderFilters,
  type SwapBody,
  type BundleUpdate,
} from '@peeker/sdk';

const client = new Client({ apiKey: process.env.PEEKER_API_KEY ?? '', baseUrl: 'http://127.0.0.1:8080/partner/v1', userAgent: 'acme/1' });
const env: 'live' | 'test' = client.environment;

const body: OrderBody = {
  user: 'alex@acme.com',
  bundle_id: 'bun_1',
  sequencer: { provider: 'smartlead', client_id: 366903, login_email: 'ops@acme.com', login_password: 'pw' },
  domains: ['acme-mail.com', { domain: 'team-acme.com', forwarding_url: 'https://acme.com/x' }],
  personas: [{ first_name: 'Alex', last_name: 'Rivera', profile_picture_url: null }],
};

export async function flow(): Promise<string> {
  const req: PeekerRequest<'create_order'> = client.createOrder(body);
  const res = await fetch(req.url, req);
  const order: Order = client.parse(req, res.status, res.headers, new Uint8Array(await res.arrayBuffer()));
  const again: Order = client.parse('get_order', 200, res.headers, '{}');
  const imp: ImportJob = await client.send(client.importDomains(['acme-mail.com']));
  const ns: string = imp.nameserver_groups[0]?.nameserver_one ?? '';
  const page: Page<Order, 'list_orders'> = await client.send(client.listOrders({ status: 'completed' }, { perPage: 50 }));
  const next: PeekerRequest<'list_orders'> | null = page.nextRequest;
  const pageInfo: [string | null, string | null, number | undefined] = [page.requestId, page.first, page.meta?.per_page];
  const sent = await client.sendResult(client.getOrder('ord_1'));
  const rid: string | null = sent.requestId;
  console.log(pageInfo, rid, sent.data);
  const waited: Order = await client.waitForOrder('ord_1', { intervalMs: 30_000, maxPolls: 10, now: () => 0 });
  const imported: ImportJob = await client.waitForImport('imp_1', { job: true, pollTimeoutMs: 600_000 });
  const polled = await client.waitFor('import_job', 'imp_1');
  const pollRid: string | null = polled.requestId;
  console.log(waited.status, imported.status, pollRid);
  if (next) {
    const more = await client.send(next, { maxAttempts: 2, onRetry: (n) => console.log(n.attempt, n.delayMs) });
    const first: Order | undefined = more.items[0];
    console.log(first?.costs?.total_cents);
  }
  for await (const p of client.pages(client.listPendingActions({ order_id: order.id }))) {
    for (const row of p.items) console.log(row.reason, row.message);
  }
  const found = await client.send(client.findImports(['acme-mail.com']));
  const ids: string[] = 'items' in found ? found.items.map((i) => i.id) : [found.id];
  try {
    await client.send(client.getOrder('ord_1'));
  } catch (e) {
    if (e instanceof ApiError) {
      const s: number = e.status;
      const code: string | null = e.apiCode;
      const retry: 'never' | 'after' | 'backoff' = e.retry;
      const wait: number | null = e.retryAfterSeconds;
      console.log(s, code, retry, wait, e.requestId, e.details, e.field);
    } else if (e instanceof PeekerError) {
      console.log(e.code);
    }
  }
  const key: string = client.dedupeKey(req);
  return `${again.status} ${ns} ${ids.join()} ${key} ${env}`;
}

export function track(raw: Buffer, headers: Record<string, string>, saved: string | null): string {
  const tracker = saved ? Tracker.fromJSON(saved) : new Tracker();
  const fresh: boolean = tracker.apply(verifyWebhook(raw, headers, 'whsec'));
  const view: OrderView | null = tracker.order('ord_1');
  const waiting = tracker.importActions().map((a) => `${a.resourceId}: ${a.message}`);
  const unplaced: string[] = tracker.unreadable().map((u) => `${u.eventId} (${u.eventType})`);
  const n: number = tracker.eventsSeen;
  console.log(fresh, view?.status, view?.domainsConnected, view?.domainsTotal, waiting, unplaced, n, tracker.statusOf('swap', 'swp_1'));
  return JSON.stringify(tracker);
}

type CheckMe = OperationResults['me']['partner']['id'];
const op: Operation = 'list_swaps';
export { op, env };
export type { CheckMe };

// @ts-expect-error: not an operation name
client.parse('getOrder', 200, {}, '');
// @ts-expect-error: a bundle order cannot carry custom counts
const mixed: OrderBody = { ...body, google_licenses: 4 };
// The request bodies and filters (generated from peeker_core::request::bodies).
export const custom: CustomOrderBody = {
  user: 'usr_1',
  sequencer: { provider: 'smartlead', login_email: 'ops@acme.com', login_password: 'pw' },
  domains: ['acme-mail.com'],
  personas: [{ first_name: 'Alex', last_name: 'Rivera', profile_picture_url: '' }],
  bundle_id: null,
  google_licenses: 4,
  google_inboxes_per_domain: 3,
};
export const filters: OrderFilters = { status: 'completed', user_id: null };
export const premium: SwapBody = { type: 'premium', domain_id: 'dom_1', replacement_domain: 'new.com' };
export const clear: BundleUpdate = { google_percent: null, microsoft_percent: null };
client.listOrders(filters, { perPage: 50 });
// @ts-expect-error: a Google domain takes 2 or 3 inboxes
export const four: CustomOrderBody = { ...custom, google_inboxes_per_domain: 4 };
// @ts-expect-error: a swap is standard or premium (a closed set)
export const basic: SwapBody = { ...premium, type: 'basic' };
// @ts-expect-error: the sequencer's optional fields are omitted, not null
export const nullLogin: OrderBody = { ...body, sequencer: { provider: 'smartlead', login_email: null } };
// @ts-expect-error: a persona needs profile_picture_url
client.swapUserNames({ domain_id: 'dom_1', personas: [{ first_name: 'a', last_name: 'b' }] });
// @ts-expect-error: list filters are checked
client.listOrders({ nope: 'x' });
// @ts-expect-error: the API key is not readable on the client
client.apiKey;
// @ts-expect-error: get_order parses into an Order, not a page
export const wrongPage: Page<Order> = client.parse('get_order', 200, {}, '');
// @ts-expect-error: Tracker.apply takes a verified event
new Tracker().apply('{"id":"evt_1"}');
export { mixed };

// The generated declarations (generated/types.d.ts): enumerations stay open,
// error codes carry their numbers, pending actions keep unknown fields.
export const known: OrderStatus = 'cancel_scheduled';
export const newer: OrderStatus = 'paused_for_review';
export const newerEvent: WebhookEventType = 'order.paused';
export const newerApiCode: ApiErrorCode = 'quota_exceeded';
export const subdomainNumber: ErrorCodeNumbers['subdomain'] = 4717;
export const environment: MeKey['environment'] = 'live';
// @ts-expect-error: the number of subdomain is 4717
export const wrongNumber: ErrorCodeNumbers['subdomain'] = 4710;
// @ts-expect-error: error codes are the core's closed set
export const notACode: ErrorCode = 'not_a_code';
export function actionText(a: PendingAction): string {
  const extra: unknown = a['some_new_field'];
  return `${a.id} ${a.message ?? ''} ${a.user?.first_name ?? ''} ${String(extra)}`;
}
// @ts-expect-error: an order status is a string
export const notAStatus: OrderStatus = 3;
