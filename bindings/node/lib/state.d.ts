// Per-resource states (peeker_core::state), re-exported by api.d.ts. Hand-written;
// test/types.test.mjs compiles code against them.
import type { OrderView } from './api-client.js';
import type { WebhookEvent } from './api.js';
import type { ResourceKind } from './generated/types.js';

/**
 * The stored state of one resource (an order, domain, import or swap): one row per
 * resource. Its size does not grow with deliveries (it keeps the winning event, not
 * every event id). The same events in any order, grouping and repetition give the
 * same text. Store the JSON text `stateReduce` returns; pass it back as text or as
 * the parsed object (e.g. a `jsonb` column).
 */
export interface ResourceState {
  kind: ResourceKind;
  id: string;
  /** The winning event: a terminal one first, then the latest `created_at` (as an instant), then the larger event id. */
  latest: {
    event_id: string;
    created_at?: string;
    event_type: string;
    terminal: boolean;
    status?: string;
    detail?: string;
  };
  /** Domains: their order. */
  order_id?: string;
  /** Domains: the domain name. */
  name?: string;
  /** Domains: a `domain.connected` event was applied. */
  connected?: boolean;
  /** Orders: the largest `domain_count` seen. */
  domains_total?: number;
}

/** A stored state: `stateReduce`'s JSON text, or that text parsed. */
export type StoredState = string | ResourceState;

/**
 * `"KIND:ID"` of the resource a verified event is about (`"order:ord_1"`,
 * `"domain:dom_a"`, `"import:imp_1"`, `"swap:swp_1"`): the storage row. `null`
 * when the event is about no followed resource.
 */
export declare function stateKey(event: WebhookEvent): string | null;

/**
 * Reduces one verified event into a resource's stored state (`null` for none yet)
 * and returns the new state's JSON text. An event about no followed resource
 * returns the state unchanged (`null` if `null`). Throws `invalid_argument` for an
 * event of another resource, `invalid_json` for something that is not a stored state.
 */
export declare function stateReduce(state: StoredState | null | undefined, event: WebhookEvent): string | null;

/** Merges two stored states of one resource (commutative, associative, idempotent). */
export declare function stateMerge(a: StoredState, b: StoredState): string;

/**
 * The view of order `orderId` (as `Tracker#order`) from its stored state (or `null`)
 * and domain states (those of other orders are ignored). `null` when no state names it.
 */
export declare function stateOrderView(
  orderId: string,
  orderState: StoredState | null | undefined,
  domainStates: readonly StoredState[],
): OrderView | null;
