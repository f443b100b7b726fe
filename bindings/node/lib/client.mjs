// The API client and the order tracker (lib/sdk.mjs adds them to the package's
// exports). The WebAssembly glue comes in as an argument. Every rule stays in
// the Rust core: requests are built and responses parsed by it
// (wasm/src/client.rs); this file only shapes values for JavaScript and sends
// requests with fetch.
import { PeekerError, ApiError } from './errors.mjs';
import { OPERATION_METHODS, SEND_DEFAULTS } from './generated/operations.mjs';

export function createClientApi({ raw, run, binding }) {
  const INSPECT = Symbol.for('nodejs.util.inspect.custom');
  // What parse and send return: the model, or for a list page its rows and paging.
  const shape = (r) =>
    r.page ? { items: r.data, nextRequest: r.nextRequest, requestId: r.requestId, meta: r.meta, first: r.first } : r.data;
  const HANDLE = Symbol('handle');

  const redactedHeaders = (h) => {
    const out = {};
    for (const [k, v] of Object.entries(h)) out[k] = run(() => raw.redactedHeaderValue(k)) ?? v;
    return out;
  };

  /** Request headers: a plain record for fetch, redacted when logged or serialised. */
  class RequestHeaders {
    toJSON() {
      return redactedHeaders(this);
    }
    [INSPECT](depth, options, inspect) {
      return `RequestHeaders ${inspect(redactedHeaders(this), options)}`;
    }
  }

  /**
   * A request built by the core: `fetch(request.url, request)` sends it.
   * Logging it (util.inspect, JSON.stringify) shows neither the API key nor the
   * body (an order body carries the Smartlead password).
   */
  class PeekerRequest {
    constructor(r) {
      this.operation = r.operation;
      this.method = r.method;
      this.url = r.url;
      this.headers = Object.assign(new RequestHeaders(), r.headers);
      this.body = r.body;
      this.retrySafe = r.retrySafe;
    }
    toJSON() {
      return {
        operation: this.operation,
        retrySafe: this.retrySafe,
        method: this.method,
        url: this.url,
        headers: redactedHeaders(this.headers),
        body: this.body == null ? null : `<${this.body.length} characters>`,
      };
    }
    [INSPECT](depth, options, inspect) {
      return `PeekerRequest ${inspect(this.toJSON(), options)}`;
    }
  }

  // `instanceof` and property reads run user code (a Proxy's traps): never let
  // them throw here; the core then reports the value as the wrong type.
  const isRequest = (x) => {
    try {
      return x instanceof PeekerRequest;
    } catch {
      return false;
    }
  };
  const operationOf = (x) => {
    try {
      if (x !== null && typeof x === 'object' && typeof x.operation === 'string') return x.operation;
    } catch {
      /* fall through */
    }
    return x;
  };

  const sleepMs = (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(done, ms);
      function done() {
        signal?.removeEventListener('abort', abort);
        resolve();
      }
      function abort() {
        clearTimeout(t);
        reject(signal.reason);
      }
      signal?.addEventListener('abort', abort, { once: true });
    });

  // A failure before anything was sent (refused connection, unknown host): safe to
  // retry any method. Anything else may have reached the server: GET only.
  const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
  /**
   * What a timed-out attempt throws (and what `onRetry` reports), and what
   * `waitFor` throws when the core's poller gives up (with `status`, the last `result`).
   */
  class TimeoutError extends Error {
    constructor(message, fields) {
      super(message);
      this.name = 'TimeoutError';
      this.code = 'ETIMEDOUT';
      Object.assign(this, fields);
    }
  }

  const notSent = (e) => NOT_SENT.has(e?.cause?.code) || NOT_SENT.has(e?.code);

  /**
   * Builds the request of every operation of the Partner API and parses its
   * responses, with the rules of the Rust core. No I/O, except the optional
   * `send()` (fetch). The API key is kept private: it is not shown by
   * util.inspect, JSON.stringify or any error message.
   */
  class Client {
    #options;
    #info;

    constructor(options) {
      if (typeof options === 'string') options = { apiKey: options };
      const info = run(() => raw.clientInfo(options, binding()));
      this.#options = Object.freeze(info.config); // a copy: later changes to `options` do not leak in
      this.#info = Object.freeze({ environment: info.environment, baseUrl: info.baseUrl, userAgent: info.userAgent });
    }

    /** `live` or `test`, from the key's prefix. */
    get environment() {
      return this.#info.environment;
    }
    /** The base URL requests are built against. */
    get baseUrl() {
      return this.#info.baseUrl;
    }
    /** The User-Agent header sent. */
    get userAgent() {
      return this.#info.userAgent;
    }
    toJSON() {
      return { environment: this.environment, baseUrl: this.baseUrl, userAgent: this.userAgent };
    }
    [INSPECT](depth, options, inspect) {
      return `Client ${inspect(this.toJSON(), options)}`;
    }

    /** The request of any operation of the core's table, from its parameters. */
    build(operation, params) {
      return new PeekerRequest(run(() => raw.buildRequest(this.#options, operation, params)));
    }

    /** The order dedupe key of a `createOrder` request (or an order body), keyed with this client's API key. */
    dedupeKey(requestOrBody) {
      let body = requestOrBody;
      try {
        if (isRequest(requestOrBody)) body = requestOrBody.body;
      } catch {
        /* the core reports the value */
      }
      return run(() => raw.orderDedupeKey(this.#options.apiKey, body));
    }

    /**
     * Parses the response of `operation` (a name, or the request it answers):
     * the typed model, or for lists `{items, nextRequest}`. Throws `ApiError`.
     */
    parse(operation, status, headers, body) {
      return shape(this.parseResult(operation, status, headers, body));
    }

    /**
     * Like `parse`, with what the response says beside its data:
     * `{data, requestId, page, meta, first, nextRequest}` (`requestId`: the
     * `Peeker-Request-Id` header, or null; `meta`, `first`: a page's `meta` and
     * `links.first`, or null; `nextRequest`: null but on a list page with `links.next`).
     */
    parseResult(operation, status, headers, body) {
      const r = run(() => raw.parseResponse(this.#options, operationOf(operation), status, headers, body));
      const nextRequest = r.next === null ? null : new PeekerRequest(r.next);
      return { data: r.data, requestId: r.requestId, page: r.page, meta: r.meta, first: r.first, nextRequest };
    }

    /**
     * Sends a request with fetch and parses the answer, retrying as the core
     * decides (`retryDecision`): a 429 waits `retryAfterSeconds` + jitter (not
     * the synchronous-import capacity one), a 5xx or a timeout is retried with
     * backoff only when `request.retrySafe`, a connection that never opened is
     * retried; anything else throws at once. Each attempt has its own timeout
     * (`timeoutMs`, default 30 s); `signal` ends the whole loop. Returns what
     * `parse` returns; `sendResult` returns `parseResult`'s object (with the
     * `requestId` of the success).
     */
    async send(request, options) {
      return shape(await this.sendResult(request, options));
    }

    async sendResult(request, options = {}) {
      if (!isRequest(request)) {
        throw new PeekerError('invalid_argument', 'request must be a request built by a Client (client.getOrder(id), ...).', {
          field: 'request',
        });
      }
      const f = options.fetch ?? globalThis.fetch;
      if (typeof f !== 'function') {
        throw new PeekerError('invalid_argument', 'No fetch function: pass { fetch } (Node and browsers have a global fetch).', {
          field: 'options.fetch',
        });
      }
      const timeoutMs = options.timeoutMs ?? SEND_DEFAULTS.timeoutMs;
      if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
        throw new PeekerError('invalid_argument', `options.timeoutMs must be a positive number of milliseconds (got ${timeoutMs}).`, {
          field: 'options.timeoutMs',
        });
      }
      const maxAttempts = options.maxAttempts ?? SEND_DEFAULTS.maxAttempts;
      const maxWaitSeconds = options.maxWaitSeconds ?? SEND_DEFAULTS.maxWaitSeconds;
      const random = options.random ?? Math.random;
      const signal = options.signal;
      const sleep = options.sleep ?? ((ms) => sleepMs(ms, signal));
      const jitter = () => Math.min(1, Math.max(0, Number(random()) || 0));
      // The core's decision after `attempt` ended in `outcome`: wait and go on, or throw `error`.
      const retry = async (outcome, attempt, error) => {
        const delayMs = run(() => raw.retryDecision(request.retrySafe, attempt, outcome, { maxAttempts, maxWaitSeconds, jitter: jitter() }));
        if (delayMs === null) throw error;
        options.onRetry?.({ attempt, error, delayMs });
        await sleep(delayMs);
      };
      for (let attempt = 1; ; attempt++) {
        let status, headers, body;
        // One attempt: its own timeout, and the caller's signal, which ends everything.
        const attemptCtl = new AbortController();
        const timer = setTimeout(() => attemptCtl.abort(new TimeoutError(`The attempt took longer than ${timeoutMs} ms (options.timeoutMs).`)), timeoutMs);
        const onAbort = () => attemptCtl.abort(signal.reason);
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
        try {
          const res = await f(request.url, {
            method: request.method,
            headers: { ...request.headers },
            body: request.body ?? undefined,
            redirect: 'manual', // never carry the key to another host
            signal: attemptCtl.signal,
          });
          status = res.status;
          headers = res.headers;
          body = new Uint8Array(await res.arrayBuffer());
        } catch (e) {
          if (signal?.aborted) throw signal.reason ?? e;
          // The decision is the core's; whether the request surely never left is the transport's knowledge.
          const error = attemptCtl.signal.aborted ? attemptCtl.signal.reason : e;
          await retry({ networkError: notSent(e) ? 'connect' : 'timeout' }, attempt, error);
          continue;
        } finally {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        }
        try {
          return this.parseResult(request, status, headers, body);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          await retry({ status, headers, body }, attempt, e);
        }
      }
    }

    /** Sends a list request and each following page: `for await (const page of client.pages(client.listOrders()))`. */
    async *pages(request, options) {
      for (let next = request; next; ) {
        const page = await this.send(next, options);
        if (page === null || typeof page !== 'object' || !Array.isArray(page.items)) {
          throw new PeekerError('invalid_argument', `${request.operation} is not a list operation.`, { field: 'request' });
        }
        yield page;
        next = page.nextRequest;
      }
    }

    /**
     * Polls an import (`kind` "import"), import job ("import_job") or order
     * ("order") with `send` until the core's poller ends the wait (any status but
     * `in_progress`: completed, failed, action_required...), waiting what it says
     * between polls (`intervalMs`, default the documented 60 s; `pollTimeoutMs`,
     * `maxPolls` to give up: throws a `TimeoutError` with `status` and `result`).
     * Resolves to the last poll's `sendResult`. `now`, `sleep`: your clock and wait.
     */
    async waitFor(kind, id, options = {}) {
      const poller = run(() => new raw.WasmPoller(kind, options));
      try {
        const request = this.build(poller.operation, { id });
        const now = options.now ?? Date.now;
        const sleep = options.sleep ?? ((ms) => sleepMs(ms, options.signal));
        for (;;) {
          const result = await this.sendResult(request, options);
          const d = run(() => poller.next(now(), result.data?.status, id));
          if (d.decision === 'done') return result;
          if (d.decision === 'timed_out') throw new TimeoutError(d.message, { status: d.status, result });
          await sleep(d.waitMs);
        }
      } finally {
        try {
          poller.free();
        } catch {
          /* gone with a reset instance */
        }
      }
    }
    /** `waitFor('import', id)` (`{job: true}`: an import job), resolving to the import. */
    async waitForImport(id, options = {}) {
      return (await this.waitFor(options.job ? 'import_job' : 'import', id, options)).data;
    }
    /** `waitFor('order', id)`, resolving to the order. */
    async waitForOrder(id, options) {
      return (await this.waitFor('order', id, options)).data;
    }
  }

  // The named request builders (client.getOrder(id), ...), one per operation of
  // the core's table (generated/operations.mjs): their arguments as build() params.
  const PARAMS = {
    none: () => undefined,
    id: (id) => ({ id }),
    domains: (domains) => ({ domains }),
    body: (body) => ({ body }),
    idBody: (id, body) => ({ id, body }),
    idDomains: (id, domains) => (domains === undefined ? { id } : { id, domains }),
    list: (filters, options) => ({ filters, options }),
    next: (next) => ({ next }),
  };
  for (const [method, operation, kind] of OPERATION_METHODS) {
    const params = PARAMS[kind];
    const fn = {
      [method](...args) {
        return this.build(operation, params(...args));
      },
    }[method];
    Object.defineProperty(Client.prototype, method, { value: fn, writable: true, configurable: true });
  }

  const STALE = /stale object from previous Wasm instance/;

  /**
   * Follows orders from webhook events that arrive duplicated and out of order
   * (peeker_core::Tracker). Serialisable: store `JSON.stringify(tracker)` and
   * restore it with `Tracker.fromJSON(text)`.
   */
  class Tracker {
    #h;

    constructor(...args) {
      this.#h = args[0] === HANDLE ? args[1] : run(() => new raw.WasmTracker());
    }

    /** A tracker from a stored state: `tracker.toJSON()` or its JSON text. */
    static fromJSON(state) {
      return new Tracker(HANDLE, run(() => raw.WasmTracker.fromJSON(state)));
    }

    #call(fn) {
      return run(() => {
        try {
          raw.__sync(); // performs a reset scheduled by a panic, so that a stale handle is detected
          return fn(this.#h);
        } catch (e) {
          if (e instanceof Error && !(e instanceof PeekerError) && STALE.test(e.message)) {
            throw new PeekerError(
              'internal',
              'This Tracker was lost when the SDK reset itself after an internal error (please report it); restore it with Tracker.fromJSON(savedState).',
              { cause: e },
            );
          }
          throw e;
        }
      });
    }

    // The methods of the core's tracker (api-client.d.ts documents them), each through #call.
    static {
      for (const name of ['apply', 'order', 'orderIds', 'importActions', 'unreadable', 'statusOf', 'toJSON']) {
        const fn = {
          [name](...args) {
            return this.#call((h) => h[name](...args));
          },
        }[name];
        Object.defineProperty(this.prototype, name, { value: fn, writable: true, configurable: true });
      }
    }
    /** Distinct events applied. */
    get eventsSeen() {
      return this.#call((h) => h.eventsSeen());
    }
    [INSPECT](depth, options, inspect) {
      return `Tracker ${inspect({ eventsSeen: this.eventsSeen, orders: this.orderIds().length }, options)}`;
    }
  }

  return { Client, Tracker };
}
