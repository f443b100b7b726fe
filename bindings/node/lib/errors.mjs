// The error classes of @peeker/sdk: one definition. The WebAssembly module throws
// plain `Error`s named `PeekerError` or `ApiError` (it cannot construct a class of
// this file); `adopt` (run by lib/sdk.mjs's `run`, which every call goes through)
// gives them these classes' prototypes, so that `instanceof` is the ordinary
// prototype check. The classes are kept once per JavaScript realm (under a
// `Symbol.for` key): every entry of this package (`@peeker/sdk`,
// `@peeker/sdk/domains`, CommonJS and ES module) and every installed copy share them.

/** The class `name` of this realm: the first copy of the package to load defines it. */
const shared = (name, make) => (globalThis[Symbol.for(`@peeker/sdk ${name}`)] ??= make());

export const PeekerError = shared(
  'PeekerError',
  () =>
    class PeekerError extends Error {
      constructor(code, message, options) {
        super(message, options && 'cause' in options ? { cause: options.cause } : undefined);
        this.name = 'PeekerError';
        this.code = code;
        this.suggestion = options?.suggestion ?? null;
        this.field = options?.field ?? null;
      }
    },
);

/**
 * What `client.parse` and `client.send` throw for an answer that is not the
 * documented success: the API's error envelope (code `api_error`, any non-2xx
 * status) or a 2xx body of another shape (code `unexpected_response`). Built by
 * the core; the constructor is for tests that mock errors. (Not in the domain
 * entry's bundle, whose module never throws it.)
 */
export const ApiError = /* @__PURE__ */ shared(
  'ApiError',
  () =>
    class ApiError extends PeekerError {
      constructor(message, options = {}) {
        super(options.code ?? 'api_error', message, { field: options.field ?? null, ...('cause' in options ? { cause: options.cause } : {}) });
        this.name = 'ApiError';
        this.status = options.status ?? 0;
        this.apiCode = options.apiCode ?? null;
        this.apiMessage = options.apiMessage ?? null;
        this.details = options.details ?? null;
        this.requestId = options.requestId ?? null;
        this.retry = options.retry ?? 'never';
        this.retryAfterSeconds = options.retryAfterSeconds ?? null;
      }
    },
);

/** `e` as an instance of its class when the WebAssembly module made it (a plain `Error` of that name). */
export function adopt(e) {
  if (e instanceof Error && !(e instanceof PeekerError) && typeof e.code === 'string' && (e.name === 'PeekerError' || e.name === 'ApiError')) {
    const cls = globalThis[Symbol.for(`@peeker/sdk ${e.name}`)];
    if (cls) Object.setPrototypeOf(e, cls.prototype);
  }
  return e;
}
