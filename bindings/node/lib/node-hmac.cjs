'use strict';
// Node only: the lean path of verifyWebhook / verifyWebhookIgnoringTimestamp.
//
// Every rule stays in the core (wasm): which bytes are MACed, header parsing, the
// tolerance window, the size limit, the constant-time comparison, the envelope.
// This file only
//   - picks the three header values out of a plain object or a `Headers` (the
//     names come from the core, matched as the core matches them: trimmed,
//     case-insensitively, first occurrence wins),
//   - keeps one core verifier per (secrets, tolerance, maxBodyBytes), and one
//     node:crypto KeyObject per secret,
//   - computes HMAC-SHA256 with node:crypto when the core asks for it
//     (`mac(secretIndex, prefix, body)`), about 4x faster than SHA-256 in wasm,
//   - writes the body and the (ASCII) header values into the module's input buffer
//     (`webhookVerifyIn`: only numbers cross; other header values go as strings
//     through `webhookVerifyWith`),
//   - parses the envelope JSON text the core returns (one JSON.parse).
// Any argument outside the common shapes (headers as arrays or Maps, non-string
// header values, lone surrogates, odd option types, ...) goes to the full entry
// point unchanged, which gives the same answers and the same errors as before.
// test/webhook-fast.test.mjs checks that both paths agree.

const crypto = require('node:crypto');

const MAX_CACHED = 16; // verifiers kept (a handler uses one or two secret sets)
const MAX_TEXT = 1 << 20;
const SPECIAL = /[\u0085\ufeff\u212a\u0130]/;

const wellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (s) => s.isWellFormed()
    : (s) => !/[\uD800-\uDFFF]/.test(s) || Buffer.from(s, 'utf8').toString('utf8') === s;

const textOf = (u) =>
  Buffer.isBuffer(u) ? u.toString('utf8') : Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('utf8');

const isPlainObject = (v) => {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
};

function fastWebhooks(raw, run) {
  const [SIG, TS, ID] = raw.webhookHeaderNames(); // lower case, from the core
  const nameLengths = new Set([SIG.length, TS.length, ID.length]);
  const minLen = Math.min(...nameLengths);
  // The global `Headers` is read only when a headers argument is not a plain object:
  // in Node its first read loads undici (fetch; about 15-30 ms and several MiB),
  // which a handler given plain objects never needs, and `require` should not pay.
  let HeadersClass; // undefined until looked up
  const headersClass = () => {
    if (HeadersClass === undefined) HeadersClass = typeof Headers === 'function' ? Headers : null;
    return HeadersClass;
  };
  const cache = new Map();
  let last = null; // the entry of the last call, and what it was for
  const forget = () => {
    cache.clear();
    last = null;
  };

  // [signature, timestamp, eventId] (undefined when absent), or null: use the full path.
  function pick(headers) {
    if (!isPlainObject(headers)) {
      const H = headersClass();
      if (H === null || !(headers instanceof H)) return null;
      // A Headers object joins repeated names with ", " and lower-cases them, as
      // its entries() (what the full path iterates) does.
      const s = headers.get(SIG);
      const t = headers.get(TS);
      const i = headers.get(ID);
      return [s === null ? undefined : s, t === null ? undefined : t, i === null ? undefined : i];
    }
    let s, t, i;
    for (const key in headers) {
      if (!Object.prototype.hasOwnProperty.call(headers, key)) return null;
      const v = headers[key];
      // The full path checks every value (any header, not only Peeker's).
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string' || v.length > MAX_TEXT || !wellFormed(v)) return null;
      if (key.length < minLen) continue;
      // JS and Rust agree on ASCII case and on trimming, except for these: U+0085
      // (trimmed by Rust only), U+FEFF (by JS only), and the two non-ASCII letters
      // that lower-case to ASCII (U+212A KELVIN SIGN, U+0130): the full path decides.
      if (SPECIAL.test(key)) return null;
      const k = nameLengths.has(key.length) ? key.toLowerCase() : key.trim().toLowerCase();
      if (k === SIG) {
        if (s === undefined) s = v;
      } else if (k === TS) {
        if (t === undefined) t = v;
      } else if (k === ID) {
        if (i === undefined) i = v;
      }
    }
    return [s, t, i];
  }

  function secretKey(secret) {
    if (typeof secret === 'string') return secret.length <= MAX_TEXT && wellFormed(secret) ? 's' + secret : null;
    if (!Array.isArray(secret) || secret.length === 0 || secret.length > 64) return null;
    for (const s of secret) if (typeof s !== 'string' || s.length > MAX_TEXT || !wellFormed(s)) return null;
    return 'a' + JSON.stringify(secret);
  }

  // { verifier, mac } for these arguments, or null (use the full path).
  function entry(secret, options, withTime) {
    // The usual handler passes the same secret string (and options) every time.
    if (
      last !== null &&
      typeof secret === 'string' &&
      secret === last.secret &&
      withTime === last.withTime &&
      (options === undefined || options === null
        ? last.tolerance === undefined && last.maxBody === undefined
        : isPlainObject(options) &&
          (withTime ? options.tolerance : undefined) === last.tolerance &&
          options.maxBodyBytes === last.maxBody)
    ) {
      return last.e;
    }
    const e = entryFor(secret, options, withTime);
    if (e !== null && typeof secret === 'string') {
      const tolerance = options === undefined || options === null || !withTime ? undefined : options.tolerance;
      const maxBody = options === undefined || options === null ? undefined : options.maxBodyBytes;
      last = { secret, withTime, tolerance, maxBody, e };
    }
    return e;
  }

  function entryFor(secret, options, withTime) {
    const sk = secretKey(secret);
    if (sk === null) return null;
    let tolerance, maxBody;
    if (options !== undefined && options !== null) {
      if (!isPlainObject(options)) return null;
      tolerance = withTime ? options.tolerance : undefined;
      maxBody = options.maxBodyBytes;
      if ((tolerance !== undefined && typeof tolerance !== 'number') || (maxBody !== undefined && typeof maxBody !== 'number')) return null;
    }
    const key = `${withTime ? 1 : 0}|${tolerance}|${maxBody}|${sk}`;
    let e = cache.get(key);
    if (e !== undefined) return e;
    let verifier;
    try {
      verifier = raw.webhookVerifier(secret, { tolerance, maxBodyBytes: maxBody }, withTime);
    } catch (_) {
      return null; // the full path throws the same error
    }
    const keys = (typeof secret === 'string' ? [secret] : secret).map((s) => crypto.createSecretKey(Buffer.from(s, 'utf8')));
    const mac = (i, prefix, body) => crypto.createHmac('sha256', keys[i]).update(prefix).update(body).digest();
    e = { verifier, mac };
    if (cache.size >= MAX_CACHED) {
      for (const old of cache.values()) raw.webhookVerifierFree(old.verifier);
      forget();
    }
    cache.set(key, e);
    return e;
  }

  // What the lean call needs, or null (use the full path). Reading the arguments
  // may run user code (getters, proxies): if it throws, the full path reads them
  // again and reports it as it always has.
  function prepare(body, headers, secret, options, withTime) {
    let bytes;
    if (body instanceof Uint8Array) bytes = body;
    else if (typeof body === 'string' && body.length <= MAX_TEXT && wellFormed(body)) bytes = Buffer.from(body, 'utf8');
    if (bytes === undefined || bytes.length > MAX_TEXT) return null;
    const h = pick(headers);
    if (h === null) return null;
    let now;
    if (withTime && options !== undefined && options !== null) {
      if (!isPlainObject(options)) return null;
      now = options.now;
      if (now !== undefined && (typeof now !== 'number' || !Number.isFinite(now))) return null;
    }
    const e = entry(secret, options, withTime);
    if (e === null) return null;
    return { bytes, h, now, e };
  }

  function lean(full, withTime) {
    const wrapped = function (body, headers, secret, options) {
      let p;
      try {
        p = prepare(body, headers, secret, options, withTime);
      } catch (_) {
        p = null;
      }
      if (p === null) return full(body, headers, secret, options);
      const { bytes, h, now, e } = p;
      let r;
      try {
        r = run(() => verifyIn(e, bytes, h, now));
        // Not taken (a header value that is not ASCII, an input over the limit): the
        // same call with JavaScript values.
        if (r === null) r = run(() => raw.webhookVerifyWith(e.verifier, bytes, h[0], h[1], h[2], now, e.mac));
      } catch (err) {
        if (err && err.code === 'internal') forget(); // the module may have been reset
        throw err;
      }
      if (r === undefined) {
        // The module was reset since this verifier was made (after an internal
        // error): start over, and let the full path answer this call.
        forget();
        return full(body, headers, secret, options);
      }
      if (r !== true) return JSON.parse(r);
      // The core found the body to be exactly {id, type, created_at, data} (valid
      // UTF-8, checked): parse the text itself rather than a copy of it.
      return JSON.parse(typeof body === 'string' ? body : textOf(bytes));
    };
    Object.defineProperty(wrapped, 'name', { value: full.name });
    return wrapped;
  }

  // The body and the three header values written straight into the module's input
  // buffer (bytes, then ASCII header values), with only numbers crossing: no copies
  // or string conversions through the glue. `null`: a header value is not ASCII or
  // the input is over the limit (take webhookVerifyWith); else what
  // webhookVerifyIn returns (see webhookVerifyWith).
  let view = null;
  function verifyIn(e, bytes, h, now) {
    let total = bytes.length;
    for (const v of h) if (v !== undefined) total += v.length;
    const ptr = raw.__webhookInput(total);
    if (ptr === 0) return null;
    // The module's memory (a new one after a reset; its buffer changes when it grows).
    const buffer = raw.__fastMemory().buffer;
    if (view === null || view.buffer !== buffer) view = new Uint8Array(buffer);
    view.set(bytes, ptr);
    let p = ptr + bytes.length;
    const lens = [-1, -1, -1];
    for (let k = 0; k < 3; k++) {
      const v = h[k];
      if (v === undefined) continue;
      for (let j = 0; j < v.length; j++) {
        const c = v.charCodeAt(j);
        if (c > 0x7f) return null;
        view[p + j] = c;
      }
      p += v.length;
      lens[k] = v.length;
    }
    return raw.webhookVerifyIn(e.verifier, bytes.length, lens[0], lens[1], lens[2], now, e.mac);
  }

  return { lean };
}

module.exports = { fastWebhooks };
