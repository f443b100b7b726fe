// Type declarations of @peeker/sdk, shared by the Node (lib/index.d.ts, lib/index.d.mts)
// and browser (lib/browser.d.mts) entry points. Hand-written; test/types.test.mjs
// compiles code against them. The API client (Client, ApiError, Tracker) is in
// api-client.d.ts; the models, request bodies, operations, error codes, event types
// and the closed value sets are generated from the core in generated/types.d.ts.
export * from './api-client.js';
export * from './state.js';
export * from './generated/types.js';
import type {
  BatchLimitName,
  ErrorCode,
  KeyEncoding,
  NetworkErrorKind,
  Operation,
  RetryAdvice,
  WebhookEventType,
  WebhookScheme,
} from './generated/types.js';

/**
 * What every function of this package throws: an `Error` with a stable `code`,
 * a `message` a person can read (never containing a secret), and where relevant
 * a `suggestion` (e.g. the root domain of a subdomain) and the `field` at fault
 * (`domains[1]`, or the argument name such as `body`).
 *
 * `instanceof PeekerError` is true for every error the package throws (one class,
 * shared by every entry of the package: `@peeker/sdk` and `@peeker/sdk/domains`).
 */
export declare class PeekerError extends Error {
  constructor(
    code: ErrorCode,
    message: string,
    options?: { suggestion?: string | null; field?: string | null; cause?: unknown },
  );
  /** `PeekerError`, or `ApiError` for the subclass. */
  name: 'PeekerError' | 'ApiError';
  /** The stable code. Branch on this, never on `message`. */
  readonly code: ErrorCode;
  /** A corrected value to offer, or `null`. */
  readonly suggestion: string | null;
  /** The field or argument at fault, or `null`. */
  readonly field: string | null;
}

/** A validated root (registrable) domain. */
export interface RootDomain {
  /** Lower-case A-label form, e.g. `xn--bcher-kva.de`: what the API takes. */
  ascii: string;
  /** Unicode form, e.g. `bücher.de`: what to show people. */
  unicode: string;
}

/** The error of one entry of a domain set (data, not thrown). */
export interface DomainEntryError {
  /** Position of the entry in the input. */
  index: number;
  code: ErrorCode;
  message: string;
  suggestion: string | null;
  /** `domains[<index>]`. */
  field: string | null;
}

/** A list of domains normalised as one import request. */
export interface DomainSet {
  /** Valid entries, duplicates removed, sorted by A-label form. */
  domains: RootDomain[];
  /** The A-label forms of `domains`. */
  ascii: string[];
  /** Import-set key (lower-case hex SHA-256), or `null` while any entry is invalid. */
  key: string | null;
  /** Invalid entries, in input order. */
  errors: DomainEntryError[];
}

/** Raw bytes: a string (UTF-8), a `Uint8Array` (a Node `Buffer` is one), any `ArrayBufferView`, or an `ArrayBuffer`. */
export type BodyInput = string | Uint8Array | ArrayBufferView | ArrayBuffer;

/** A header value: several values (an array) are joined with ", " as HTTP does. */
export type HeaderValue = string | readonly string[] | number | null | undefined;

/**
 * HTTP headers: a Fetch `Headers` (or a `Map`: anything with `entries()`), an
 * array of `[name, value]` pairs, or a plain object such as Node's
 * `IncomingHttpHeaders`. Names match case-insensitively.
 */
export type HeadersInput =
  | { entries(): Iterable<readonly [string, HeaderValue]> }
  | ReadonlyArray<readonly [string, HeaderValue]>
  | { readonly [name: string]: HeaderValue };

/** A verified webhook event envelope. */
export interface WebhookEvent<Data = unknown> {
  /** `evt_…`, stable per logical event: deduplicate on it. */
  id: string;
  type: WebhookEventType;
  /** RFC 3339 time, or `null` when not sent. */
  created_at: string | null;
  /** The resource, as sent (`null` when absent). */
  data: Data;
}

/** A webhook event as `verify` returns it: the envelope, and which secret matched. */
export interface VerifiedWebhookEvent<Data = unknown> extends WebhookEvent<Data> {
  /**
   * Which configured secret matched: its 0-based index in the secrets given to the
   * verifier (the lowest index among those matching any `v1` entry), e.g. to tell a
   * sandbox delivery from a live one. Non-enumerable: not in `JSON.stringify(event)`.
   */
  readonly secretIndex: number;
}

export interface VerifyWebhookOptions extends VerifierOptions {
  /** The current Unix time in seconds. Default: `Date.now() / 1000`. */
  now?: number | undefined;
}

/** A classified HTTP response of the Partner API. */
export interface ClassifiedResponse {
  /** 2xx. */
  ok: boolean;
  status: number;
  /** The API's `error.code` (e.g. `rate_limited`), or `null` for success or a body that is not the error envelope. */
  errorCode: string | null;
  /** The API's `error.message` (for people; never branch on it). */
  message: string | null;
  /** The API's `error.field`. */
  field: string | null;
  /** The API's `error.details`, as sent. */
  details: unknown;
  /** `never`: fix the request; `after`: wait `retryAfterSeconds`; `backoff`: exponential backoff (`backoffDelayMs`). */
  retry: RetryAdvice;
  /** Seconds to wait when `retry` is `after`, else `null`. */
  retryAfterSeconds: number | null;
  /** `Peeker-Request-Id`, or `null`. */
  requestId: string | null;
}

/**
 * Normalises one user-typed domain and checks that it is a root domain that can
 * be imported or ordered. Throws a `PeekerError` (`empty`, `not_a_domain`,
 * `invalid_idna`, `too_long`, `ip_address`, `public_suffix`, `unknown_tld`,
 * `subdomain`; `suggestion` carries the root where there is one).
 */
export declare function normalizeRootDomain(input: string): RootDomain;

/** A successful `checkRootDomain`: the root domain's two forms. */
export interface RootDomainCheckOk extends RootDomain {
  ok: true;
}

/**
 * A failed `checkRootDomain`: the stable `code` of the error `normalizeRootDomain`
 * would throw. `message` and `suggestion` are getters: the sentence is built (by the
 * core, through `normalizeRootDomain`) the first time one of them is read, so a
 * failure costs nothing more than its code until then. `JSON.stringify` includes them.
 */
export interface RootDomainCheckFailure {
  ok: false;
  code: ErrorCode;
  /** The English sentence of the error (computed on first read). */
  readonly message: string;
  /** A corrected value to offer (e.g. the root of a subdomain), or `null` (computed on first read). */
  readonly suggestion: string | null;
}

/** The result of `checkRootDomain`: narrow on `ok`. */
export type RootDomainCheck = RootDomainCheckOk | RootDomainCheckFailure;

/**
 * The fast, non-throwing form of `normalizeRootDomain`: the same answers, as a
 * result object instead of a return value or a thrown error. `{ ok: true, ascii,
 * unicode }` for a root domain, `{ ok: false, code, message, suggestion }` otherwise
 * (also for a wrong argument: `null_argument`, `invalid_argument`, `invalid_utf8`).
 * Throws only on an internal error. Made for hot loops and validation as the user
 * types: about ten times cheaper per call in Node than `normalizeRootDomain` on a
 * mix with invalid entries (no `Error` object, no stack trace).
 *
 * @example
 * const r = checkRootDomain('www.acme.com');
 * if (r.ok) save(r.ascii); else show(r.message, r.suggestion); // 'subdomain', 'acme.com'
 */
export declare function checkRootDomain(input: string): RootDomainCheck;

/** The registrable domain of a host name (A-label form) by the whole Public Suffix List, or `null`. */
export declare function registrableDomain(input: string): string | null;

/** The public suffix of a host name (A-label form), or `null`. */
export declare function publicSuffix(input: string): string | null;

/**
 * Normalises a list of domains as one import request. Invalid entries are
 * reported in `errors` (not thrown); throws only for a wrong argument or more
 * than 10 000 entries (`too_many_domains`).
 */
export declare function domainSet(inputs: Iterable<string>): DomainSet;

/**
 * Like `domainSet`, then checks that the set is usable for one request to the
 * endpoint of `limit`: throws `invalid_domains` (with the first entry's
 * `suggestion` and `field`), `no_domains` or `too_many_domains`.
 */
export declare function checkDomainSet(inputs: Iterable<string>, limit: BatchLimitName): DomainSet;

/** The most domains one request to that endpoint takes (`import`: 25, `import_job`: 500, ...). */
export declare function batchLimit(limit: BatchLimitName): number;

/** Options of a `Verifier`. */
export interface VerifierOptions {
  /** Largest difference between `Peeker-Timestamp` and `now`, either way, in seconds. Default 300. */
  tolerance?: number;
  /** Largest body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
}

/**
 * Verifies webhook deliveries: make one (at start-up, or when the secrets
 * change) and call `verify` for every delivery; the secrets are keyed once, in
 * the core. In Node the HMAC is node:crypto's. Throws like `verifyWebhook`
 * (`invalid_secret` from the constructor).
 */
export declare class Verifier {
  /** @param secret the endpoint's secret, or several during rotation */
  constructor(secret: string | readonly string[], options?: VerifierOptions);
  /** The event of a delivery (raw body, exactly as received), or throws a `PeekerError`. */
  verify<Data = unknown>(body: BodyInput, headers: HeadersInput, options?: { now?: number | undefined }): VerifiedWebhookEvent<Data>;
  /** `verify` without the time check: for replaying stored deliveries and tests, never for live traffic. */
  verifyIgnoringTimestamp<Data = unknown>(body: BodyInput, headers: HeadersInput): VerifiedWebhookEvent<Data>;
}

/**
 * Verifies a webhook delivery over its raw body and returns the event (the same
 * as `new Verifier(secret, options).verify(body, headers, options)`; the verifier
 * of the last secret and options is kept). Throws a
 * `PeekerError`: `missing_header`, `malformed_header`,
 * `timestamp_out_of_tolerance`, `signature_mismatch`, `invalid_payload`,
 * `payload_too_large`, `invalid_secret`; `invalid_argument` for a body that is
 * not raw bytes (an already parsed object).
 *
 * @param body the raw request body, exactly as received
 * @param headers the request headers
 * @param secret the endpoint's secret, or several during rotation
 */
export declare function verifyWebhook<Data = unknown>(
  body: BodyInput,
  headers: HeadersInput,
  secret: string | readonly string[],
  options?: VerifyWebhookOptions,
): VerifiedWebhookEvent<Data>;

/** Like `verifyWebhook` without the time check: for replaying stored deliveries and tests, never for live traffic. */
export declare function verifyWebhookIgnoringTimestamp<Data = unknown>(
  body: BodyInput,
  headers: HeadersInput,
  secret: string | readonly string[],
  options?: Pick<VerifyWebhookOptions, 'maxBodyBytes'>,
): VerifiedWebhookEvent<Data>;

/**
 * Signs a body as Peeker does (for tests of your own handlers): the
 * `Peeker-Signature` value `v1=<hex>`; send `timestamp` (Unix seconds) as `Peeker-Timestamp`.
 */
export declare function signWebhook(body: BodyInput, secret: string, timestamp: number): string;

/** What `diagnoseWebhook` found about one captured delivery. */
export interface WebhookDiagnosis {
  /** The signed message that matched (`timestamp.body` is the scheme this library verifies), or null. */
  scheme: WebhookScheme | null;
  /** How the secret became the HMAC key (`base64`: the part after `whsec_`, decoded), or null. */
  key: KeyEncoding | null;
  /** `now - Peeker-Timestamp` in seconds (negative: in the future), or null when absent. */
  age_seconds: number | null;
  /** The scheme and key this library verifies with matched. */
  verifies: boolean;
  /** The likely causes of a failed verification. */
  causes: Array<{
    code: 'other_scheme' | 'secret_whitespace' | 'body_not_raw' | 'environment' | 'clock_skew' | (string & {});
    message: string;
  }>;
  /** The findings as readable lines. */
  report: string;
}

/**
 * Says which signed message and key encoding a captured delivery was signed with, and
 * how old its timestamp is: for setting up an endpoint, never for accepting a delivery
 * (use `verifyWebhook`). A delivery that matches nothing is reported, not refused;
 * throws `invalid_secret` for an empty secret.
 */
export declare function diagnoseWebhook(
  body: BodyInput,
  headers: HeadersInput,
  secret: string,
  options?: { now?: number | undefined },
): WebhookDiagnosis;

/** Classifies a raw HTTP response of the Partner API. Never throws for a body it cannot parse. */
export declare function classifyResponse(
  status: number,
  headers?: HeadersInput | null,
  body?: BodyInput | null,
): ClassifiedResponse;

/** Suggested delay in ms before retry number `attempt` (1-based) of a 5xx; `jitter` in [0, 1] (e.g. `Math.random()`). */
export declare function backoffDelayMs(attempt: number, jitter: number): number;

/** Options of the retry decision. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** The longest wait: a 429 asking for longer is not retried; backoff is capped to it. Default: no limit. */
  maxWaitSeconds?: number;
  /** In [0, 1). Default `Math.random()`. */
  jitter?: number;
}

/** How one attempt ended: the response, or why none came back. */
export type RetryOutcome =
  | { status: number; headers?: HeadersInput | null; body?: BodyInput | null; networkError?: undefined }
  /** `connect`: nothing was sent (refused, unknown host); `timeout`: no answer in time, it may have been carried out. */
  | { networkError: NetworkErrorKind };

/**
 * The core's retry decision, as `client.send` and the Rust, Python and C
 * transports take it: ms to wait before sending the request again, or `null`
 * to stop. 2xx and 4xx other than 429: `null`; a 429 for
 * `cloudflare_account_capacity` (use `createImportJob`): `null`; another 429:
 * `retry_after_seconds` (5 when absent) × 1000 + jitter × 1000, any request; a
 * 5xx or a `timeout`: the backoff only when `retrySafe` (`request.retrySafe`); a
 * `connect` failure: the backoff; `null` once `attempt >= maxAttempts`. For
 * your own transport (axios, got, undici...).
 */
export declare function retryDecision(
  retrySafe: boolean,
  attempt: number,
  outcome: RetryOutcome,
  options?: RetryOptions,
): number | null;

/** Whether an operation's requests are retry-safe (`request.retrySafe` of every request it builds). */
export declare function operationRetrySafe(operation: Operation): boolean;

/**
 * The order dedupe key (lower-case hex HMAC-SHA256 keyed with the API key over
 * the RFC 8785 canonical JSON of the body). Pass the JSON text you send, or the
 * body object (serialised with `JSON.stringify`). Throws `invalid_api_key`,
 * `invalid_json`, `unsupported_number` (fractions, integers beyond 2^53).
 */
export declare function orderDedupeKey(apiKey: string, body: string | Uint8Array | object): string;

/** Every stable error code, in numeric order. */
export declare function errorCodes(): ErrorCode[];

/** The number of an error code (the C library's status, 4710...), or `null` for an unknown string. */
export declare function errorCodeNumber(code: string): number | null;

/** This SDK's version. */
export declare function version(): string;

/** Version of the compiled Public Suffix List. */
export declare function pslVersion(): string;

/** Commit of the compiled Public Suffix List. */
export declare function pslCommit(): string;

/** Whether the WebAssembly module is loaded (always `true` in Node). */
export declare function isReady(): boolean;
