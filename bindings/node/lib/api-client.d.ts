// Type declarations of the API model of @peeker/sdk: Client, requests, typed
// responses (the core's models, peeker_core::models), ApiError and Tracker.
// Re-exported by api.d.ts. Hand-written; test/types.test.mjs compiles code
// against them.
import type { BodyInput, HeadersInput, PeekerError, RetryAdvice, WebhookEvent, ErrorCode } from './api.js';

/** A string enum of the API: the documented values, and any other value kept as sent. */
export type OpenEnum<Known extends string> = Known | (string & {});

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/** What `client.parse` / `client.send` return for each operation of the core's table. */
export interface OperationResults {
  me: Me;
  check_availability: Availability;
  import_domains: ImportJob;
  get_import: ImportJob;
  /** An import, or a page of them (the response shape is not documented). */
  find_imports: ImportJob | Page<ImportJob, 'find_imports'>;
  create_import_job: ImportJob;
  get_import_job: ImportJob;
  list_domains: Page<Domain, 'list_domains'>;
  update_forwarding: ForwardingJob;
  get_forwarding_job: ForwardingJob;
  create_bundle: Bundle;
  list_bundles: Page<Bundle, 'list_bundles'>;
  get_bundle: Bundle;
  update_bundle: Bundle;
  delete_bundle: DeletedBundle;
  create_order: Order;
  get_order: Order;
  list_orders: Page<Order, 'list_orders'>;
  list_pending_actions: Page<PendingAction, 'list_pending_actions'>;
  cancel_order: CancelSchedule;
  create_swap: Swap;
  list_swaps: Page<Swap, 'list_swaps'>;
  get_swap: Swap;
  swap_user_names: UserNameSwaps;
  /** Rows as sent: parse a page with its list operation to get typed rows (a page's `nextRequest` does). */
  next_page: Page<unknown, 'next_page'>;
}

/** The name of every operation of the core's table (`peeker_core::OPERATIONS`). */
export type Operation = keyof OperationResults;

/** Request headers: a plain record (pass it to fetch as is); logging it hides the Authorization value. */
export interface RequestHeaders {
  readonly [name: string]: string;
}

/**
 * A request built and validated by the core, ready to send with any HTTP client:
 * `fetch(request.url, request)`. `util.inspect` and `JSON.stringify` of it hide the
 * API key and the body.
 */
export interface PeekerRequest<Op extends Operation = Operation> {
  /** The operation that built it: `client.parse(request, …)` / `client.send(request)` parse the answer with it. */
  readonly operation: Op;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Full URL with its encoded query. */
  url: string;
  /** `Authorization: Bearer <key>`, `Accept`, `User-Agent`, and `Content-Type` when there is a body. */
  headers: RequestHeaders;
  /** The JSON body exactly as it must be sent, or `null`. */
  body: string | null;
}

/** One page of a list. */
export interface Page<T, Op extends Operation = Operation> {
  items: T[];
  /** The request for the next page, built from `links.next`; `null` on the last page. Never build a `page_token` by hand. */
  nextRequest: PeekerRequest<Op> | null;
}

export interface ListOptions {
  /** 1–100; the server's default is 25. */
  perPage?: number;
}

/** Parameters of `client.build(operation, params)`, as the core's table takes them. */
export interface BuildParams {
  id?: string;
  domains?: Iterable<string>;
  body?: object;
  filters?: Record<string, string | number | boolean | null | undefined>;
  perPage?: number;
  per_page?: number;
  /** A `links.next` URL. */
  next?: string;
}

// ---------------------------------------------------------------------------
// Request bodies and filters
// ---------------------------------------------------------------------------

export interface Sequencer {
  provider: OpenEnum<'smartlead'>;
  client_id?: number;
  login_email?: string;
  login_password?: string;
}

/** A persona: the `profile_picture_url` key is required (a public http(s) URL, `null` or `""`). */
export interface Persona {
  first_name: string;
  last_name: string;
  profile_picture_url: string | null;
}

/** A domain of an order that needs its own forwarding URL. */
export interface DomainForwarding {
  domain: string;
  forwarding_url: string;
}

interface OrderBodyBase {
  /** The customer: an e-mail address (reused or created) or a `usr_…` id. */
  user: string;
  sequencer: Sequencer;
  domains: Array<string | DomainForwarding>;
  /** Up to 10. */
  personas: Persona[];
  /** Default redirect of every domain of the order. */
  forwarding_url?: string;
}

/** `POST /orders` with a saved bundle. */
export interface BundleOrderBody extends OrderBodyBase {
  bundle_id: string;
  google_licenses?: never;
  microsoft_licenses?: never;
  google_inboxes_per_domain?: never;
}

/** `POST /orders` with custom counts. */
export interface CustomOrderBody extends OrderBodyBase {
  bundle_id?: null;
  google_licenses?: number;
  microsoft_licenses?: number;
  google_inboxes_per_domain?: 2 | 3;
}

/** An order is a bundle order or a custom order, never both. */
export type OrderBody = BundleOrderBody | CustomOrderBody;

export interface BundleBody {
  name: string;
  monthly_sending_volume: number;
  /** Set together with `microsoft_percent` (they add up to 100), or neither. */
  google_percent?: number | null;
  microsoft_percent?: number | null;
  send_on_weekends?: boolean;
  google_inboxes_per_domain?: 2 | 3;
}

export type BundleUpdate = Partial<BundleBody>;

export interface ForwardingBody {
  /** Up to 25 `dom_…` ids or domain names. */
  domains: string[];
  forwarding_url: string;
}

export interface SwapBody {
  type: 'standard' | 'premium';
  /** The `dom_…` id of the domain to retire. */
  domain_id: string;
  replacement_domain: string;
}

export interface UserNameSwapBody {
  domain_id: string;
  personas: Persona[];
}

export interface DomainFilters {
  category?: OpenEnum<'inventory' | 'connected'>;
  user_id?: string;
  user_email?: string;
  usable_for?: OpenEnum<'google' | 'microsoft'>;
  status?: string;
}
export interface BundleFilters {
  status?: OpenEnum<'active' | 'archived'>;
}
export interface OrderFilters {
  user_id?: string;
  user_email?: string;
  bundle_id?: string;
  status?: OrderStatus;
}
export interface PendingActionFilters {
  order_id?: string;
  /** A `usr_…` id or an e-mail address. */
  user?: string;
  domain_id?: string;
  status?: OpenEnum<'open' | 'resolved'>;
}
export interface SwapFilters {
  user_id?: string;
  order_id?: string;
  domain_id?: string;
  status?: SwapStatus;
}

// ---------------------------------------------------------------------------
// Models (peeker_core::models): every field the docs do not guarantee is `null`
// when absent; unknown enum values are kept as sent.
// ---------------------------------------------------------------------------

export type OrderStatus = OpenEnum<'in_progress' | 'completed' | 'failed' | 'action_required' | 'cancel_scheduled' | 'cancelled'>;
export type ImportStatus = OpenEnum<'in_progress' | 'completed' | 'failed' | 'action_required'>;
export type ForwardingStatus = OpenEnum<'in_progress' | 'completed' | 'partial_success' | 'failed'>;
export type SwapStatus = OpenEnum<'created' | 'in_progress' | 'completed' | 'failed' | 'action_required'>;
export type Provider = OpenEnum<'google' | 'microsoft'>;
export type AvailabilityReason = OpenEnum<'taken' | 'premium' | 'invalid' | 'errored' | 'stale'>;
export type PendingReason = OpenEnum<'profile_picture_not_accessible' | 'update_nameservers' | 'replace_domain'>;

/** `GET /me`. */
export interface Me {
  api_key: { environment: OpenEnum<'live' | 'test'>; permission_preset: OpenEnum<'full' | 'limited' | 'read'> };
  partner: { id: string; name: string | null };
}

/** One row of `POST /domains/availability`. */
export interface AvailabilityRow {
  domain: string;
  /** Can be registered and ordered now. */
  available: boolean;
  usable_for: Provider[];
  /** Premium domains cannot be ordered through the API. */
  premium: boolean;
  reason: AvailabilityReason | null;
  price_cents: number | null;
  renewal_price_cents: number | null;
  currency: string | null;
}

export interface Availability {
  domains: AvailabilityRow[];
}

/** Nameservers the customer must set at their registrar for some domains. */
export interface NameserverGroup {
  nameserver_one: string;
  nameserver_two: string;
  domains: string[];
}

export interface FailedRow {
  domain: string;
  reason: string | null;
}

/** An import (synchronous, or a job). */
export interface ImportJob {
  /** `imp_…` */
  id: string;
  status: ImportStatus;
  submitted_count: number;
  completed_count: number;
  failed_count: number;
  nameserver_groups: NameserverGroup[];
  failed: FailedRow[];
  created_at: string | null;
  completed_at: string | null;
}

/** A domain record (`GET /domains`). */
export interface Domain {
  /** `dom_…` */
  id: string;
  domain: string;
  category: OpenEnum<'inventory' | 'connected'> | null;
  status: string | null;
  provider: Provider | null;
  user_id: string | null;
  order_id: string | null;
  usable_for: Provider[];
  forwarding_url: string | null;
  created_at: string | null;
}

/** A forwarding job. */
export interface ForwardingJob {
  /** `fwj_…` */
  id: string;
  status: ForwardingStatus;
  forwarding_url: string | null;
  completed_count: number;
  failed_count: number;
  completed: string[];
  failed: FailedRow[];
  created_at: string | null;
  completed_at: string | null;
}

export interface Bundle {
  /** `bun_…` */
  id: string;
  name: string | null;
  monthly_sending_volume: number | null;
  google_percent: number | null;
  microsoft_percent: number | null;
  send_on_weekends: boolean | null;
  google_inboxes_per_domain: number | null;
  status: OpenEnum<'active' | 'archived' | 'deleted'> | null;
  effective: { google_percent: number | null; microsoft_percent: number | null } | null;
  /** How many domains the customer must pick. */
  required_domains: { google: number; microsoft: number; total: number } | null;
  created_at: string | null;
}

/** `DELETE /bundles/{id}`: removed, or archived when an order used it. */
export interface DeletedBundle {
  id: string;
  status: OpenEnum<'deleted' | 'archived'>;
  [field: string]: unknown;
}

export interface LineItem {
  type: OpenEnum<'google_license' | 'microsoft_license' | 'domain_registration'>;
  quantity: number | null;
  amount_cents: number | null;
}

export interface Costs {
  total_cents: number;
  currency: string;
  /** Full order only (empty on the lean receipt). */
  line_items: LineItem[];
}

/**
 * An order: the lean receipt (`POST /orders`, `GET /orders`) or, with `domains`
 * and `personas`, the full order (`GET /orders/{id}`).
 */
export interface Order {
  /** `ord_…` */
  id: string;
  user_id: string | null;
  email: string | null;
  bundle_id: string | null;
  status: OrderStatus;
  domain_count: number | null;
  costs: Costs | null;
  /** Full order: bought by Peeker vs imported by the partner. */
  domains: { registered: string[]; imported: string[] } | null;
  personas: Persona[] | null;
  renews_at: string | null;
  created_at: string | null;
}

/** A pending action row (`GET /orders/pending`); other fields are kept as sent. */
export interface PendingAction {
  /** `act_…` */
  id: string;
  order_id: string | null;
  domain_id: string | null;
  domain: string | null;
  reason: PendingReason | null;
  status: OpenEnum<'open' | 'resolved'> | null;
  type?: string;
  message?: string;
  user?: Persona;
  created_at?: string;
  [field: string]: unknown;
}

/** `POST /orders/{id}/cancel`: the cancellation schedule, as sent. */
export interface CancelSchedule {
  id: string;
  status: OrderStatus;
  cancellation_scheduled_at?: string;
  cancels_at?: string;
  domains?: Array<{ id: string; domain: string }>;
  [field: string]: unknown;
}

export interface Swap {
  /** `swp_…` */
  id: string;
  type: OpenEnum<'standard' | 'premium' | 'user_names'> | null;
  domain_id: string | null;
  replacement_domain: string | null;
  status: SwapStatus;
  created_at: string | null;
}

/** `POST /swaps/user_names`: one row per inbox on the domain. */
export interface UserNameSwaps {
  swaps: Swap[];
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/**
 * An answer that is not the documented success. `code` is `api_error` for the
 * API's error envelope (any non-2xx, also when the body is not the envelope:
 * HTML from a proxy, empty, truncated) and `unexpected_response` for a 2xx body
 * of another shape. `instanceof PeekerError` is true too.
 */
export declare class ApiError extends PeekerError {
  constructor(
    message: string,
    options?: {
      code?: 'api_error' | 'unexpected_response';
      status?: number;
      apiCode?: string | null;
      apiMessage?: string | null;
      field?: string | null;
      details?: unknown;
      requestId?: string | null;
      retry?: RetryAdvice;
      retryAfterSeconds?: number | null;
      cause?: unknown;
    },
  );
  name: 'ApiError';
  readonly code: Extract<ErrorCode, 'api_error' | 'unexpected_response'>;
  /** The HTTP status. */
  readonly status: number;
  /** The API's `error.code` (branch on it), or `null` when the body was not the error envelope. */
  readonly apiCode: OpenEnum<
    'invalid_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'rate_limited' | 'order_shape_conflict' | 'domain_count_mismatch'
  > | null;
  /** The API's `error.message` (for people; never branch on it). */
  readonly apiMessage: string | null;
  /** The API's `error.details`, as sent (e.g. `{retry_after_seconds: 12}`). */
  readonly details: unknown;
  /** `Peeker-Request-Id`: quote it to support. */
  readonly requestId: string | null;
  /** `never`: fix the request; `after`: wait `retryAfterSeconds`; `backoff`: retry with `backoffDelayMs`. */
  readonly retry: RetryAdvice;
  readonly retryAfterSeconds: number | null;
  static [Symbol.hasInstance](value: unknown): value is ApiError;
}

// ---------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------

export interface ClientOptions {
  /** `pk_live_…` or `pk_test_…`. Never shown by util.inspect, JSON.stringify or error messages. */
  apiKey: string;
  /** Default `https://api.peeker.ai/partner/v1` (override for the offline sandbox, a proxy, tests). */
  baseUrl?: string;
  /** Appended to the SDK's User-Agent, e.g. `acme-portal/2.1`. */
  userAgent?: string;
}

/** A retry about to happen in `client.send`. */
export interface RetryNotice {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** The `ApiError` of that attempt, or the network error. */
  error: unknown;
  delayMs: number;
}

/** What `fetch` must look like for `client.send` (the global fetch, undici, node-fetch...). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; redirect: 'manual'; signal?: AbortSignal },
) => Promise<{ status: number; headers: HeadersInput; arrayBuffer(): Promise<ArrayBuffer> }>;

export interface SendOptions {
  /** Default: the global `fetch`. */
  fetch?: FetchLike;
  /** Attempts, the first included. Default 4. */
  maxAttempts?: number;
  /** The longest single wait slept before a retry; a 429 asking for longer throws. Default 60. */
  maxWaitSeconds?: number;
  signal?: AbortSignal;
  /** Called before each retry (logs, progress). */
  onRetry?: (notice: RetryNotice) => void;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
  /** For tests: the jitter source, a number in [0, 1]. Default `Math.random`. */
  random?: () => number;
}

/**
 * Builds the request of every operation of the Partner API and parses its
 * responses, with the rules of the Rust core. Every method returns a
 * `PeekerRequest` (validated before anything is sent: typed `PeekerError`s whose
 * `field` names the input, e.g. `personas[0].profile_picture_url`); `parse`
 * turns the response into typed data or throws `ApiError`; `send` is an optional
 * fetch transport that follows the retry advice.
 */
export declare class Client {
  /** Throws `invalid_api_key` (missing or not `pk_live_…` / `pk_test_…`) or `invalid_base_url`. */
  constructor(options: ClientOptions | string);
  /** `live` or `test`, from the key's prefix. */
  readonly environment: 'live' | 'test';
  readonly baseUrl: string;
  readonly userAgent: string;
  /** `{environment, baseUrl, userAgent}`: never the key. */
  toJSON(): { environment: 'live' | 'test'; baseUrl: string; userAgent: string };

  /** The request of any operation from the core's parameters (`id`, `domains`, `body`, `filters`, `perPage`, `next`). */
  build<Op extends Operation>(operation: Op, params?: BuildParams): PeekerRequest<Op>;

  /** `GET /me`: the key's environment and permissions (a cheap health check). */
  me(): PeekerRequest<'me'>;
  /** `POST /domains/availability` (at most 50 domains, normalised by the core). */
  checkAvailability(domains: Iterable<string>): PeekerRequest<'check_availability'>;
  /** `POST /domains/import`: synchronous import of at most 25 root domains. */
  importDomains(domains: Iterable<string>): PeekerRequest<'import_domains'>;
  /** `GET /domains/import/{id}`. */
  getImport(id: string): PeekerRequest<'get_import'>;
  /** `GET /domains/import?domains=…`: look up imports by domain. */
  findImports(domains: Iterable<string>): PeekerRequest<'find_imports'>;
  /** `POST /domains/import/jobs`: asynchronous import of at most 500 root domains. */
  createImportJob(domains: Iterable<string>): PeekerRequest<'create_import_job'>;
  /** `GET /domains/import/jobs/{id}`. */
  getImportJob(id: string): PeekerRequest<'get_import_job'>;
  /** `GET /domains`. */
  listDomains(filters?: DomainFilters | null, options?: ListOptions): PeekerRequest<'list_domains'>;
  /** `POST /domains/forwarding` (at most 25 domains). */
  updateForwarding(body: ForwardingBody): PeekerRequest<'update_forwarding'>;
  /** `GET /domains/forwarding/{id}`. */
  getForwardingJob(id: string): PeekerRequest<'get_forwarding_job'>;
  /** `POST /bundles`. */
  createBundle(body: BundleBody): PeekerRequest<'create_bundle'>;
  /** `GET /bundles`. */
  listBundles(filters?: BundleFilters | null, options?: ListOptions): PeekerRequest<'list_bundles'>;
  /** `GET /bundles/{id}`. */
  getBundle(id: string): PeekerRequest<'get_bundle'>;
  /** `PATCH /bundles/{id}`. */
  updateBundle(id: string, body: BundleUpdate): PeekerRequest<'update_bundle'>;
  /** `DELETE /bundles/{id}`. */
  deleteBundle(id: string): PeekerRequest<'delete_bundle'>;
  /** `POST /orders`: a bundle order or a custom order (domain names normalised; the rest sent as given). */
  createOrder(body: OrderBody): PeekerRequest<'create_order'>;
  /** `GET /orders/{id}`: the full order. */
  getOrder(id: string): PeekerRequest<'get_order'>;
  /** `GET /orders`. */
  listOrders(filters?: OrderFilters | null, options?: ListOptions): PeekerRequest<'list_orders'>;
  /** `GET /orders/pending`. */
  listPendingActions(filters?: PendingActionFilters | null, options?: ListOptions): PeekerRequest<'list_pending_actions'>;
  /** `POST /orders/{id}/cancel`: the whole order, or some domains (`dom_…` ids or names). */
  cancelOrder(id: string, domains?: Iterable<string>): PeekerRequest<'cancel_order'>;
  /** `POST /swaps`. */
  createSwap(body: SwapBody): PeekerRequest<'create_swap'>;
  /** `GET /swaps`. */
  listSwaps(filters?: SwapFilters | null, options?: ListOptions): PeekerRequest<'list_swaps'>;
  /** `GET /swaps/{id}`. */
  getSwap(id: string): PeekerRequest<'get_swap'>;
  /** `POST /swaps/user_names`. */
  swapUserNames(body: UserNameSwapBody): PeekerRequest<'swap_user_names'>;
  /** The request for a list's `links.next` (on this client's API origin). A page's `nextRequest` already is one. */
  nextPage(next: string): PeekerRequest<'next_page'>;

  /** The order dedupe key of a `createOrder` request (or an order body), keyed with this client's API key. */
  dedupeKey(request: PeekerRequest<'create_order'> | OrderBody | string): string;

  /**
   * Parses the response of `operation` (its name, or the request it answers):
   * status, headers (any `HeadersInput`: a fetch `Headers`, Node's headers...)
   * and the raw body. Returns the typed model, or for lists `{items, nextRequest}`.
   * Throws `ApiError`.
   */
  parse<Op extends Operation>(
    operation: Op | PeekerRequest<Op>,
    status: number,
    headers: HeadersInput | null | undefined,
    body: BodyInput | null | undefined,
  ): OperationResults[Op];

  /**
   * Like `parse`, with what the response says beside its data: `data` (the
   * model, or a list's rows), `requestId` (the `Peeker-Request-Id` header, or
   * null), `page` (a list page?) and `nextRequest` (null but on a list page
   * with `links.next`). Throws `ApiError`.
   */
  parseResult<Op extends Operation>(
    operation: Op | PeekerRequest<Op>,
    status: number,
    headers: HeadersInput | null | undefined,
    body: BodyInput | null | undefined,
  ): { data: unknown; requestId: string | null; page: boolean; nextRequest: PeekerRequest<Op> | null };

  /** Sends with fetch, follows the retry advice, parses. Throws `ApiError` or the network error. */
  send<Op extends Operation>(request: PeekerRequest<Op>, options?: SendOptions): Promise<OperationResults[Op]>;

  /** Sends a list request and every following page. */
  pages<Op extends Operation>(request: PeekerRequest<Op>, options?: SendOptions): AsyncGenerator<Extract<OperationResults[Op], Page<unknown, any>>, void, undefined>;
}

// ---------------------------------------------------------------------------
// Tracker
// ---------------------------------------------------------------------------

/** An open action to surface in the partner's UI. */
export interface OpenAction {
  /** `order.action_required`, `domain.action_required`, `domain_import.action_required`. */
  eventType: string;
  /** `ord_…`, `dom_…` or `imp_…`. */
  resourceId: string;
  /** What to show the customer or operator. */
  message: string;
}

/** What the tracker knows of one order. */
export interface OrderView {
  id: string;
  /** Terminal states (`completed`, `failed`, `cancelled`) never regress. */
  status: OrderStatus;
  domainsConnected: number;
  /** Domains in the order, once an event carried `domain_count`. */
  domainsTotal: number | null;
  actions: OpenAction[];
}

/** The stored state of a tracker (opaque: store it and give it back to `Tracker.fromJSON`). */
export interface TrackerState {
  readonly [key: string]: unknown;
}

/**
 * Follows orders from webhook events that arrive duplicated and out of order
 * (any order of the same events gives the same state). Synchronous, no I/O.
 */
export declare class Tracker {
  constructor();
  /** Restores `tracker.toJSON()` (or its JSON text). Throws `invalid_json` for anything else. */
  static fromJSON(state: TrackerState | string): Tracker;
  /** Feeds one verified event; `false` when its id was seen before (a duplicate delivery). */
  apply(event: WebhookEvent): boolean;
  /** What is known of one order, or `null`. */
  order(id: string): OrderView | null;
  /** The ids of every order seen. */
  orderIds(): string[];
  /** Open `domain_import.action_required` imports ("waiting on registrar": show the nameservers again). */
  importActions(): OpenAction[];
  /** Latest status of an order, domain, import or swap by id, or `null`. */
  statusOf(kind: 'order' | 'domain' | 'import' | 'swap', id: string): string | null;
  /** Distinct events applied. */
  readonly eventsSeen: number;
  /** The state, for `JSON.stringify(tracker)`. */
  toJSON(): TrackerState;
}
