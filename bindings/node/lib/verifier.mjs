// Webhooks for Node and browsers: the core's Verifier class (wasm/src/webhook.rs),
// made once per set of secrets and options and used for every delivery, and the
// one-call verifyWebhook / verifyWebhookIgnoringTimestamp over it (a handler
// passes the same secret every time: the verifier of the last one is kept).
// Header matching, parsing and every rule are the core's; this file only keeps
// verifiers and remakes one after the module reset itself (an internal error).
// lib/index.cjs uses it as dist/node/verifier.cjs (build.sh) and passes
// node:crypto's HMAC as the core's host HMAC (`hmacFor`).
export function createVerifier({ raw, run, hmacFor }) {
  const STALE = /stale object from previous Wasm instance/;
  const isPlain = (v) => {
    if (v === null || typeof v !== 'object') return false;
    const p = Object.getPrototypeOf(v);
    return p === Object.prototype || p === null;
  };

  // The options the core's constructor reads, with the host HMAC added (an options
  // value that is not an object is passed as it is: the core says what is wrong).
  function coreOptions(secret, options) {
    const mac = hmacFor ? hmacFor(secret) : undefined;
    if (mac === undefined) return options;
    if (options === undefined || options === null) return { hmacSha256: mac };
    if (typeof options !== 'object') return options;
    return { hmacSha256: mac, tolerance: options.tolerance, maxBodyBytes: options.maxBodyBytes };
  }

  /**
   * Verifies webhook deliveries: `new Verifier(secret, {tolerance, maxBodyBytes})`
   * once, then `verifier.verify(rawBody, headers, {now})` for every delivery.
   */
  class Verifier {
    #secret;
    #options;
    #v;

    constructor(secret, options) {
      // A snapshot: the core keys these secrets once (and again only after a reset).
      this.#secret = Array.isArray(secret) ? Array.from(secret) : secret;
      this.#options = coreOptions(this.#secret, options);
      this.#v = run(() => new raw.Verifier(this.#secret, this.#options));
    }

    #call(fn) {
      return run(() => {
        raw.__sync(); // performs a reset scheduled by a panic, so that a stale verifier is detected
        try {
          return fn(this.#v);
        } catch (e) {
          if (!(e instanceof Error) || !STALE.test(e.message)) throw e;
        }
        // The module was reset since this verifier was made: make it again (the
        // options were accepted once; they are accepted again).
        this.#v = new raw.Verifier(this.#secret, this.#options);
        return fn(this.#v);
      });
    }

    /** The event `{id, type, created_at, data}` of a delivery, or throws a `PeekerError`. */
    verify(body, headers, options) {
      return this.#call((v) => v.verify(body, headers, options));
    }

    /** Like `verify` without the time check: for replaying stored deliveries and tests, never live traffic. */
    verifyIgnoringTimestamp(body, headers) {
      return this.#call((v) => v.verifyIgnoringTimestamp(body, headers));
    }
  }
  Object.defineProperty(Verifier.prototype, Symbol.toStringTag, { value: 'Verifier' });

  // The one-call forms keep the verifier of their last secret and options.
  let last = null; // { key, verifier }
  function keyOf(secret, options, withTime) {
    let s;
    if (typeof secret === 'string') s = 's' + secret;
    else if (Array.isArray(secret) && secret.length > 0 && secret.every((x) => typeof x === 'string')) s = 'a' + JSON.stringify(secret);
    else return null;
    if (options === undefined || options === null) return `${withTime ? 1 : 0}||${s}`;
    if (!isPlain(options)) return null;
    const t = withTime ? options.tolerance : undefined;
    const m = options.maxBodyBytes;
    if ((t !== undefined && typeof t !== 'number') || (m !== undefined && typeof m !== 'number')) return null;
    return `${withTime ? 1 : 0}|${t}|${m}|${s}`;
  }

  function verifierFor(secret, options, withTime, full, args) {
    const key = keyOf(secret, options, withTime);
    if (key !== null && last !== null && last.key === key) return last.verifier;
    let verifier;
    try {
      const o = withTime || options === undefined || options === null || typeof options !== 'object'
        ? options
        : { maxBodyBytes: options.maxBodyBytes };
      verifier = new Verifier(secret, o);
    } catch (_) {
      // The one-call entry checks the arguments in their order (the body first)
      // and throws what is wrong.
      return run(() => full(...args));
    }
    if (key !== null) last = { key, verifier };
    return verifier;
  }

  function verifyWebhook(body, headers, secret, options) {
    const v = verifierFor(secret, options, true, raw.verifyWebhook, [body, headers, secret, options]);
    return v instanceof Verifier ? v.verify(body, headers, options) : v;
  }

  function verifyWebhookIgnoringTimestamp(body, headers, secret, options) {
    const v = verifierFor(secret, options, false, raw.verifyWebhookIgnoringTimestamp, [body, headers, secret, options]);
    return v instanceof Verifier ? v.verifyIgnoringTimestamp(body, headers) : v;
  }

  return { Verifier, verifyWebhook, verifyWebhookIgnoringTimestamp };
}
