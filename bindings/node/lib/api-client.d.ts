// Type declarations of the API client of @peeker/sdk: Client, requests, ApiError
// and Tracker. Re-exported by api.d.ts. Hand-written; test/types.test.mjs compiles
// code against them. The models the responses parse into, the request bodies and
// filters, the operation table, the error codes and the event types are generated
// from the core (generated/types.d.ts), and so are the named request builders of
// Client (generated/operations.d.ts).
import type { BodyInput, HeadersInput, PeekerError, RetryAdvice, WebhookEvent } from './api.js';
import type {
  ApiErrorCode,
  ErrorCode,
  Operation,
  OperationResults,
  OrderBody,
  OrderStatus,
  PollKind,
  PollOperations,
  ResourceKind,
} from './generated/types.js';
import type { OperationMethods } from './generated/operations.js';

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
  /**
   * Whether the SDK may send it again on its own after a timeout or a 5xx
   * answer: every GET, `checkAvailability`, `createOrder`, `importDomains`,
   * `createImportJob`, `updateForwarding`; not swaps, bundles or `cancelOrder`.
   * `retryDecision` takes it.
   */
  readonly retrySafe: boolean;
}

/** One page of a list. */
export interface Page<T, Op extends Operation = Operation> {
  items: T[];
  /** The request for the next page, built from `links.next`; `null` on the last page. Never build a `page_token` by hand. */
  nextRequest: PeekerRequest<Op> | null;
  /** The `Peeker-Request-Id` of the response, or null. */
  requestId: string | null;
  /** The page's `meta` as sent (`path`, `per_page`, `returned`, ...), or null. */
  meta: PageMeta | null;
  /** `links.first`: the URL of the list's first page, or null. */
  first: string | null;
}

/** A list page's `meta`, as sent (fields this version does not know are kept). */
export interface PageMeta {
  path?: string;
  per_page?: number;
  returned?: number;
  [field: string]: unknown;
}

/** `parseResult` and `sendResult`: the data and what the response says beside it. */
export interface ParsedResult<Op extends Operation = Operation> {
  /** The model, or a list's rows. */
  data: unknown;
  /** The `Peeker-Request-Id` header, or null: log it. */
  requestId: string | null;
  /** A list page? */
  page: boolean;
  /** A page's `meta`, or null. */
  meta: PageMeta | null;
  /** A page's `links.first`, or null. */
  first: string | null;
  /** The next page's request: null but on a list page with `links.next`. */
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
  readonly apiCode: ApiErrorCode | null;
  /** The API's `error.message` (for people; never branch on it). */
  readonly apiMessage: string | null;
  /** The API's `error.details`, as sent (e.g. `{retry_after_seconds: 12}`). */
  readonly details: unknown;
  /** `Peeker-Request-Id`: quote it to support. */
  readonly requestId: string | null;
  /** `never`: fix the request; `after`: wait `retryAfterSeconds`; `backoff`: retry with `backoffDelayMs`. */
  readonly retry: RetryAdvice;
  readonly retryAfterSeconds: number | null;
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
  /**
   * The timeout of one attempt, in ms (default 30000): an attempt that takes
   * longer is aborted and counts as a `timeout` for the retry decision.
   */
  timeoutMs?: number;
  /** Ends the whole send, retries and waits included: the abort reason is thrown. */
  signal?: AbortSignal;
  /** Called before each retry (logs, progress). */
  onRetry?: (notice: RetryNotice) => void;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
  /** For tests: the jitter source, a number in [0, 1]. Default `Math.random`. */
  random?: () => number;
}


/** Options of `waitFor`: `send`'s, plus the poller's. */
export interface WaitOptions extends SendOptions {
  /** The wait between polls in ms; default the documented 60000. */
  intervalMs?: number;
  /** Give up this long (ms, your clock) after the first answer while still `in_progress`. */
  pollTimeoutMs?: number;
  /** Give up after this many polls while still `in_progress`. */
  maxPolls?: number;
  /** Your clock in ms (default `Date.now`); only differences count. */
  now?: () => number;
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
   * null), `page` (a list page?), a page's `meta` and `first` (`links.first`),
   * and `nextRequest` (null but on a list page with `links.next`). Throws `ApiError`.
   */
  parseResult<Op extends Operation>(
    operation: Op | PeekerRequest<Op>,
    status: number,
    headers: HeadersInput | null | undefined,
    body: BodyInput | null | undefined,
  ): ParsedResult<Op>;

  /** Sends with fetch, follows the retry advice, parses. Throws `ApiError` or the network error. */
  send<Op extends Operation>(request: PeekerRequest<Op>, options?: SendOptions): Promise<OperationResults[Op]>;

  /** Like `send`, returning `parseResult`'s object: the data with the success's `requestId` (and a page's `meta`, `first`). */
  sendResult<Op extends Operation>(request: PeekerRequest<Op>, options?: SendOptions): Promise<ParsedResult<Op>>;

  /** Sends a list request and every following page. */
  pages<Op extends Operation>(request: PeekerRequest<Op>, options?: SendOptions): AsyncGenerator<Extract<OperationResults[Op], Page<unknown, any>>, void, undefined>;

  /**
   * Polls an import, import job or order until the core's poller ends the wait
   * (any status but `in_progress`); resolves to the last poll's `sendResult`.
   * Throws a `TimeoutError` (`status`, `result`) when `pollTimeoutMs` or `maxPolls` run out.
   */
  waitFor<K extends PollKind>(kind: K, id: string, options?: WaitOptions): Promise<ParsedResult<PollOperations[K]>>;
  /** `waitFor('import' | 'import_job', id)`: the import once it is no longer `in_progress`. */
  waitForImport(id: string, options?: WaitOptions & { job?: boolean }): Promise<OperationResults['get_import']>;
  /** `waitFor('order', id)`: the order once it is no longer `in_progress`. */
  waitForOrder(id: string, options?: WaitOptions): Promise<OperationResults['get_order']>;
}

/** The named request builders (`client.getOrder(id)`, ...), generated from the core's operation table. */
export interface Client extends OperationMethods {}

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

/** An event the tracker counted but could not place (see `Tracker.unreadable`). */
export interface UnreadableEvent {
  readonly eventId: string;
  readonly eventType: string;
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
  /**
   * Events of a followed kind (`order.*`, `domain.*`, `domain_import.*`, `swap.*`) whose `data`
   * named no resource (no string `id`): counted in `eventsSeen`, never dropped unseen. Empty for
   * every event in the documented shapes; log them and ask the API for the resource.
   */
  unreadable(): UnreadableEvent[];
  /** Latest status of an order, domain, import or swap by id, or `null`. */
  statusOf(kind: ResourceKind, id: string): string | null;
  /** Distinct events applied. */
  readonly eventsSeen: number;
  /** The state, for `JSON.stringify(tracker)`. */
  toJSON(): TrackerState;
}
