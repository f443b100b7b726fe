// Compiled (never run) by test/types.test.mjs: the Node ES-module view of the declarations.
import sdk, {
  normalizeRootDomain,
  verifyWebhook,
  PeekerError,
  type ErrorCode,
  type WebhookEvent,
  type VerifiedWebhookEvent,
  type HeadersInput,
} from '@peeker/sdk';

export async function handler(request: Request): Promise<Response> {
  const body = await request.text();
  try {
    const event: WebhookEvent = verifyWebhook(body, request.headers, process.env.PEEKER_WEBHOOK_SECRET ?? '', {
      now: Date.now() / 1000,
      tolerance: 300,
    });
    const verified: VerifiedWebhookEvent = new sdk.Verifier(['whsec_live', 'whsec_sandbox']).verify(body, request.headers);
    const index: number = verified.secretIndex;
    // @ts-expect-error: secretIndex is read-only
    verified.secretIndex = 1;
    return new Response(event.id + (index === 1 ? ' (sandbox)' : ''));
  } catch (e) {
    if (e instanceof PeekerError) {
      const code: ErrorCode = e.code;
      return new Response(code, { status: 400 });
    }
    throw e;
  }
}

const h: HeadersInput = new Map([['peeker-signature', 'v1=00']]);
const pairs: HeadersInput = [['peeker-timestamp', '1']];
export const root: string = normalizeRootDomain('acme.com').unicode + sdk.normalizeRootDomain('b.com').ascii;
export { h, pairs };
// @ts-expect-error: the Node entry's init takes no module source
sdk.init(new Uint8Array(0));

// Per-resource states: one stored row per resource.
import { stateKey, stateReduce, stateMerge, stateOrderView, type ResourceState } from '@peeker/sdk';
export function store(rows: Map<string, string>, event: WebhookEvent): string | null {
  const key: string | null = stateKey(event);
  if (key === null) return null;
  const next: string | null = stateReduce(rows.get(key) ?? null, event);
  if (next !== null) rows.set(key, next);
  const parsed: ResourceState | undefined = next === null ? undefined : (JSON.parse(next) as ResourceState);
  const merged: string = stateMerge(next ?? '', parsed ?? '');
  const view = stateOrderView('ord_1', rows.get('order:ord_1'), [...rows.values()]);
  return view === null ? merged : view.status;
}

// Typed events: the known-only union narrows `data` by `type`; unknown types stay strings.
import type { KnownWebhookEvent, WebhookEventPayloads } from '@peeker/sdk';
export function describeEvent(event: KnownWebhookEvent): string {
  switch (event.type) {
    case 'order.completed':
      return event.data.id + ' ' + event.data.status;
    case 'domain_import.action_required':
      return event.data.id;
    case 'swap.failed':
      // @ts-expect-error: a swap has no nameserver_groups
      return event.data.nameserver_groups;
    default:
      return event.type;
  }
}
export const orderOf: WebhookEventPayloads['order.in_progress']['id'] = 'ord_1';
// @ts-expect-error: not an event type of the catalog
export const notAType: KnownWebhookEvent['type'] = 'order.created';
