// checkRootDomain: the non-throwing, low-overhead form of normalizeRootDomain, for
// every entry (lib/sdk.mjs).
//
// A translation layer only: the core decides (peeker_core::check_root_domain, the
// same outcome as normalize_root_domain); this file moves the input into the wasm
// module's linear memory and the two forms back out, with plain numbers crossing
// the boundary (wasm/src/fast.rs):
// - the input is written as bytes with a charCodeAt loop when it is ASCII, as
//   UTF-16 code units otherwise (the module decodes them; a lone surrogate is an
//   error there, as in normalizeRootDomain);
// - the status comes back as the return value, offsets and lengths through a
//   Uint32Array view (views are made again when the memory has grown; the input
//   buffer's address goes with each call, and the module answers 0 when it is not
//   its buffer: a fresh instance after a reset, then this file attaches again);
// - each form is `input.slice(...)` when the module reports it as a slice of
//   the input (the ASCII form also `input.slice(...).toLowerCase()` when the module
//   says it is the ASCII input in another letter case), else decoded; the Unicode
//   form is the ASCII string when equal;
// - an error's message and suggestion come from normalizeRootDomain, and only when
//   read (getters): no Error object, no stack trace, unless asked for.
// Inputs that are not strings, or longer than FAST_MAX units, take normalizeRootDomain.

import { PeekerError } from './errors.mjs';

const FAST_MAX = 1 << 16;
const ASCII_IS_SLICE = 2;
const UNICODE_IS_ASCII = 4;
const UNICODE_IS_SLICE = 8;
const ASCII_IS_LOWER_SLICE = 16;

export function createFastDomains({ raw, run, normalizeRootDomain, latin1 = null }) {
  let memory = null;
  let u8 = null;
  let u16 = null;
  let out = null;
  let outPtr = 0;
  let inPtr = 0;
  let cap = 0;
  let codeNames = null;
  let decoder = null;

  function views() {
    const b = memory.buffer;
    u8 = new Uint8Array(b);
    u16 = new Uint16Array(b);
    out = new Uint32Array(b, outPtr, 7);
  }

  /**
   * Takes (again) the module's buffers, for an input of `n` units: at the first
   * call, for an input longer than the buffer, and after a reset of the module.
   */
  function attach(n) {
    if (codeNames === null) {
      codeNames = []; // indexed by the code's number (a few thousand): faster than a Map
      for (const c of raw.errorCodes()) codeNames[raw.errorCodeNumber(c)] = c;
    }
    if (n > cap) cap = Math.min(Math.max(n, cap * 2, 256), FAST_MAX); // (n <= FAST_MAX)
    inPtr = raw.__fastAttach(cap);
    outPtr = raw.__fastOut();
    memory = raw.__fastMemory();
    views();
  }

  /**
   * Writes the input into the module's buffer: bytes while it is ASCII, else
   * UTF-16 code units. Returns whether it wrote code units.
   */
  function put(input, n) {
    if (u8.length === 0) views(); // the memory grew: the old views are detached
    for (let i = 0, p = inPtr; i < n; i++) {
      const c = input.charCodeAt(i);
      if (c > 0x7f) {
        for (let j = 0, q = inPtr >>> 1; j < n; j++) u16[q + j] = input.charCodeAt(j);
        return true;
      }
      u8[p + i] = c;
    }
    return false;
  }

  /** One check: the status of wasm/src/fast.rs (0: not the module's buffer, attach again). */
  function call(input, n) {
    try {
      return raw.__fastCheck(inPtr, n, put(input, n));
    } catch (e) {
      memory = null;
      return run(() => {
        throw e;
      });
    }
  }

  // Short UTF-8 written by the core (always well-formed) is decoded by hand into
  // this reused array of UTF-16 code units: faster than TextDecoder for a few bytes.
  const units = [];

  function decodeUtf8(p, n) {
    if (n > 128) {
      if (decoder === null) decoder = new TextDecoder();
      return decoder.decode(u8.subarray(p, p + n));
    }
    let k = 0;
    const end = p + n;
    while (p < end) {
      const b = u8[p++];
      if (b < 0x80) units[k++] = b;
      else if (b < 0xe0) units[k++] = ((b & 0x1f) << 6) | (u8[p++] & 0x3f);
      else if (b < 0xf0) {
        units[k++] = ((b & 0x0f) << 12) | ((u8[p] & 0x3f) << 6) | (u8[p + 1] & 0x3f);
        p += 2;
      } else {
        const c = (((b & 0x07) << 18) | ((u8[p] & 0x3f) << 12) | ((u8[p + 1] & 0x3f) << 6) | (u8[p + 2] & 0x3f)) - 0x10000;
        p += 3;
        units[k++] = 0xd800 | (c >> 10);
        units[k++] = 0xdc00 | (c & 0x3ff);
      }
    }
    units.length = k;
    return String.fromCharCode.apply(null, units);
  }

  /**
   * The ASCII form (A-labels: ASCII by definition) at `p`: `latin1(u8, p, n)` when
   * the host has a native decoder (Node: Buffer#latin1Slice, faster for these few
   * bytes: BENCHMARKS.md, row 1), else decodeUtf8.
   */
  function decodeAscii(p, n) {
    return latin1 === null ? decodeUtf8(p, n) : latin1(u8, p, n);
  }

  /** The outcome of normalizeRootDomain as a check result (the slow path, and the message of a failure). */
  function explain(input) {
    try {
      const d = normalizeRootDomain(input);
      return { ok: true, ascii: d.ascii, unicode: d.unicode };
    } catch (e) {
      if (e instanceof PeekerError && e.code !== 'internal') {
        return new RootDomainCheckFailure(e.code, input, { message: e.message, suggestion: e.suggestion ?? null });
      }
      throw e;
    }
  }

  /**
   * A failed check: `ok` false and the stable `code`; `message` and `suggestion`
   * are getters that ask the core (normalizeRootDomain) the first time they are read.
   */
  class RootDomainCheckFailure {
    #input;
    #detail;
    constructor(code, input, detail = null) {
      this.ok = false;
      this.code = code;
      this.#input = input;
      this.#detail = detail;
    }
    #explained() {
      if (this.#detail === null) {
        const r = explain(this.#input);
        this.#detail = r.ok
          ? // Cannot happen: the fast and throwing entries run the same core code.
            { message: `The Peeker SDK's two validation entries disagree (${this.code}); please report it.`, suggestion: null }
          : r.#detail;
      }
      return this.#detail;
    }
    /** The English sentence of normalizeRootDomain's error (computed on first read). */
    get message() {
      return this.#explained().message;
    }
    /** The corrected input to offer, or `null` (computed on first read). */
    get suggestion() {
      return this.#explained().suggestion;
    }
    toJSON() {
      return { ok: false, code: this.code, message: this.message, suggestion: this.suggestion };
    }
  }

  /**
   * `checkRootDomain(input)`: `{ ok: true, ascii, unicode }` for a root domain, or
   * `{ ok: false, code, message, suggestion }`; never throws for a bad domain or a bad
   * argument (only for an internal error). Same answers as normalizeRootDomain.
   */
  function checkRootDomain(input) {
    if (typeof input !== 'string' || input.length > FAST_MAX) return explain(input);
    const n = input.length;
    if (memory === null || n > cap) run(() => attach(n));
    let st = call(input, n);
    if (st === 0) {
      // The module was reset: a fresh instance, without the buffers.
      run(() => attach(n));
      st = call(input, n);
      if (st === 0) return explain(input);
    }
    if (st < 0) return new RootDomainCheckFailure(codeNames[-st] ?? 'internal', input);
    if (u8.length === 0) views();
    const len = out[1];
    let ascii;
    if (st & ASCII_IS_SLICE) {
      const s = out[4];
      ascii = s === 0 && len === n ? input : input.slice(s, s + len);
    } else if (st & ASCII_IS_LOWER_SLICE) {
      const s = out[4];
      ascii = input.slice(s, s + len).toLowerCase();
    } else {
      ascii = decodeAscii(out[0], len);
    }
    let unicode;
    if (st & UNICODE_IS_ASCII) unicode = ascii;
    else if (st & UNICODE_IS_SLICE) {
      const s = out[5];
      unicode = s === 0 && out[6] === n ? input : input.slice(s, s + out[6]);
    } else unicode = decodeUtf8(out[2], out[3]);
    return { ok: true, ascii, unicode };
  }

  return { checkRootDomain, RootDomainCheckFailure };
}
