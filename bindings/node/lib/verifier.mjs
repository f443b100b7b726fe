// Webhooks for Node and browsers: the core's Verifier class (wasm/src/webhook.rs),
// made once per set of secrets and options and used for every delivery, and the
// one-call verifyWebhook / verifyWebhookIgnoringTimestamp over it (a handler
// passes the same secret every time: the verifier of the last one is kept).
// Header matching, parsing and every rule are the core's; this file only keeps
// verifiers and remakes one after the module reset itself (an internal error).
// lib/node.cjs passes node:crypto's SHA-256 as the core's host SHA-256 (`sha256`).
export function createVerifier({ raw, run, sha256 }) {
  const STALE = /stale object from previous Wasm instance/;
  const isPlain = (v) => {
    if (v === null || typeof v !== 'object') return false;
    const p = Object.getPrototypeOf(v);
    return p === Object.prototype || p === null;
  };

  // The headers as one string, `<length>:<name><length>:<value>` for each pair
  // (lengths in UTF-16 code units), for their commonest forms: a plain object
  // (Node's IncomingHttpHeaders) or a Fetch `Headers`, whose names and values are
  // all strings; else undefined. A shortcut past a dozen JS<->wasm calls per header,
  // nothing more: the core takes it only when it is exactly what it would read
  // itself, and reads the headers itself otherwise, with every rule and message
  // (wasm/src/convert.rs, arg_headers_flat).
  // (Node makes its global Headers at the first read: read only for an object that says it is one.)
  const isNativeHeaders = (h) =>
    Object.prototype.toString.call(h) === '[object Headers]' &&
    typeof Headers === 'function' && h instanceof Headers && h.entries === Headers.prototype.entries;
  function flatHeaders(h) {
    try {
      let out = '';
      if (isPlain(h)) {
        if (typeof h.entries === 'function') return undefined; // the core iterates entries()
        const e = Object.entries(h);
        for (let i = 0; i < e.length; i++) {
          const n = e[i][0];
          const v = e[i][1];
          if (typeof v !== 'string') return undefined;
          out += n.length + ':' + n + v.length + ':' + v;
        }
      } else if (isNativeHeaders(h)) {
        for (const [n, v] of h.entries()) out += n.length + ':' + n + v.length + ':' + v;
      } else {
        return undefined;
      }
      return out;
    } catch (_) {
      return undefined; // the core reads them again and says what threw
    }
  }

  // `options.now` when `options` is a plain object and that is a number (the core
  // checks its range), else undefined: the core reads the options itself.
  function plainNow(options) {
    try {
      if (!isPlain(options)) return undefined;
      const now = options.now;
      return typeof now === 'number' ? now : undefined;
    } catch (_) {
      return undefined; // the core reads them again and says what threw
    }
  }

  // The options the core's constructor reads, with the host SHA-256 added (an options
  // value that is not an object is passed as it is: the core says what is wrong).
  function coreOptions(options) {
    if (sha256 === undefined) return options;
    if (options === undefined || options === null) return { sha256 };
    if (typeof options !== 'object') return options;
    return { sha256, tolerance: options.tolerance, maxBodyBytes: options.maxBodyBytes };
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
      this.#options = coreOptions(options);
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
      const flat = flatHeaders(headers);
      const now = plainNow(options);
      return this.#call((v) => v.verify(body, headers, options, flat, now));
    }

    /** Like `verify` without the time check: for replaying stored deliveries and tests, never live traffic. */
    verifyIgnoringTimestamp(body, headers) {
      const flat = flatHeaders(headers);
      return this.#call((v) => v.verifyIgnoringTimestamp(body, headers, flat));
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
