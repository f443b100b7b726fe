// One conformance case through @peeker/sdk's public API (tests/adapters/PROTOCOL.md).
// Shared by the Node adapter and the browser adapter, which loads this module
// into a Chromium page: it imports nothing and gets the SDK as an argument.
// It reports what the binding answered; it compares nothing.

function bytesOfBase64(b64) {
  const bin = atob(b64 || '');
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function isTyped(sdk, e) {
  return e instanceof sdk.PeekerError && typeof e.code === 'string';
}

function describe(e) {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return `non-Error thrown: ${JSON.stringify(e)}`;
  } catch {
    return `non-Error thrown: ${String(e)}`;
  }
}

function run(sdk, kind, c) {
  switch (kind) {
    case 'root_domain': {
      let answer;
      try {
        const d = sdk.normalizeRootDomain(c.input);
        answer = { ascii: d.ascii, unicode: d.unicode };
      } catch (e) {
        if (!isTyped(sdk, e)) throw e;
        answer = { error: e.code, suggestion: e.suggestion ?? null };
      }
      // The non-throwing entry must give the same answer (it is a translation of
      // the same core call); a difference is a binding bug, reported as one.
      if (typeof sdk.checkRootDomain === 'function') {
        const r = sdk.checkRootDomain(c.input);
        const fast = r.ok ? { ascii: r.ascii, unicode: r.unicode } : { error: r.code, suggestion: r.suggestion ?? null };
        if (JSON.stringify(fast) !== JSON.stringify(answer)) {
          throw new Error(`checkRootDomain ${JSON.stringify(fast)} != normalizeRootDomain ${JSON.stringify(answer)}`);
        }
      }
      return answer;
    }
    case 'registrable_domain':
      return { registrable: sdk.registrableDomain(c.input) };
    case 'domain_set': {
      const s = sdk.domainSet(c.input);
      return { domains: s.ascii, key: s.key, errors: s.errors.map((e) => ({ index: e.index, error: e.code })) };
    }
    case 'webhook': {
      const options = {};
      if (c.tolerance !== undefined && c.tolerance !== null) options.tolerance = c.tolerance;
      const verifier = new sdk.Verifier(c.secret, options);
      const ev = verifier.verify(bytesOfBase64(c.body_base64), c.headers ?? {}, { now: c.now });
      return { ok: true, event_id: ev.id, event_type: ev.type, secret_index: ev.secretIndex };
    }
    case 'webhook_diagnose': {
      const d = sdk.diagnoseWebhook(bytesOfBase64(c.body_base64), c.headers ?? {}, c.secret, { now: c.now });
      return { scheme: d.scheme, key: d.key, age_seconds: d.age_seconds };
    }
    case 'order_dedupe_key': {
      const text = (field) => (c.raw && c.raw[field] !== undefined ? c.raw[field] : JSON.stringify(c[field]));
      const out = { key: sdk.orderDedupeKey(c.api_key, text('body')) };
      for (const [field, name] of [
        ['same_as', 'same_as_key'],
        ['differs_from', 'differs_from_key'],
      ]) {
        if (c[field] === undefined) continue;
        try {
          out[name] = sdk.orderDedupeKey(c.api_key, text(field));
        } catch (e) {
          if (!isTyped(sdk, e)) throw e;
          out[name] = { error: e.code };
        }
      }
      return out;
    }
    case 'response': {
      const r = sdk.classifyResponse(c.status, c.headers ?? {}, bytesOfBase64(c.body_base64));
      return {
        ok: r.ok,
        error_code: r.errorCode,
        field: r.field,
        retry: r.retry,
        retry_after_seconds: r.retryAfterSeconds,
        request_id: r.requestId,
      };
    }
    case 'request': {
      let r;
      try {
        const options = { apiKey: c.api_key };
        if (c.base_url) options.baseUrl = c.base_url;
        r = new sdk.Client(options).build(c.operation, c.params ?? {});
      } catch (e) {
        if (!isTyped(sdk, e)) throw e;
        return { error: e.code, field: e.field ?? null };
      }
      return { method: r.method, url: r.url, headers: Object.entries(r.headers), body_text: r.body ?? null, retry_safe: r.retrySafe };
    }
    case 'retry': {
      let delay;
      try {
        const o = c.outcome ?? {};
        const outcome = o.network_error !== undefined ? { networkError: o.network_error } : { status: o.status, headers: o.headers ?? {}, body: o.body ?? '' };
        const options = {};
        if (c.max_attempts != null) options.maxAttempts = c.max_attempts;
        if (c.jitter != null) options.jitter = c.jitter;
        delay = sdk.retryDecision(sdk.operationRetrySafe(c.operation), c.attempt, outcome, options);
      } catch (e) {
        if (!isTyped(sdk, e)) throw e;
        return { error: e.code, field: e.field ?? null };
      }
      return { retry: delay !== null, delay_ms: delay };
    }
    case 'api_response': {
      const client = new sdk.Client({ apiKey: 'pk_test_adapter' });
      let r;
      try {
        r = client.parseResult(c.operation, c.status, c.headers ?? {}, bytesOfBase64(c.body_base64));
      } catch (e) {
        if (!isTyped(sdk, e)) throw e;
        if (e.code !== 'api_error') return { ok: false, error_code: e.code };
        return {
          ok: false,
          error_code: e.apiCode,
          field: e.field,
          retry: e.retry,
          retry_after_seconds: e.retryAfterSeconds,
          request_id: e.requestId,
        };
      }
      return { ok: true, request_id: r.requestId, data: r.data, next: r.nextRequest === null ? null : r.nextRequest.url };
    }
    case 'tracker': {
      // Every event signed and verified: the only way an event reaches a tracker.
      const secret = 'whsec_adapter';
      const ts = 1778241600;
      const t = new sdk.Tracker();
      let applied = 0;
      for (const e of c.events ?? []) {
        const body = JSON.stringify(e);
        const sig = sdk.signWebhook(body, secret, ts);
        const ev = sdk.verifyWebhook(body, { 'Peeker-Signature': sig, 'Peeker-Timestamp': String(ts) }, secret, { now: ts });
        if (t.apply(ev)) applied++;
      }
      const statuses = {};
      for (const key of Object.keys(c.statuses ?? {})) {
        const i = key.indexOf(':');
        statuses[key] = t.statusOf(key.slice(0, i), key.slice(i + 1));
      }
      const orders = {};
      for (const id of Object.keys(c.orders ?? {})) {
        const o = t.order(id);
        orders[id] = o === null ? null : { domains_connected: o.domainsConnected, domains_total: o.domainsTotal, open_actions: o.actions.length };
      }
      return { statuses, orders, applied };
    }
    default:
      return { unsupported: true };
  }
}

// ---- raw JSON text of a member ----
// JSON.parse rounds integers beyond 2^53, so for order bodies the adapter hands
// the binding the exact JSON text of the case's member instead (the core
// canonicalises it), found by this small scanner over the request line.

function skipWs(t, i) {
  while (i < t.length && ' \t\n\r'.includes(t[i])) i++;
  return i;
}

function skipString(t, i) {
  // t[i] === '"'
  for (i++; i < t.length; i++) {
    if (t[i] === '\\') i++;
    else if (t[i] === '"') return i + 1;
  }
  throw new Error('unterminated string');
}

function skipValue(t, i) {
  i = skipWs(t, i);
  const ch = t[i];
  if (ch === '"') return skipString(t, i);
  if (ch === '{' || ch === '[') {
    const close = ch === '{' ? '}' : ']';
    i = skipWs(t, i + 1);
    if (t[i] === close) return i + 1;
    for (;;) {
      if (ch === '{') {
        i = skipWs(t, skipString(t, skipWs(t, i)));
        if (t[i] !== ':') throw new Error('expected :');
        i++;
      }
      i = skipWs(t, skipValue(t, i));
      if (t[i] === ',') i++;
      else if (t[i] === close) return i + 1;
      else throw new Error('expected , or ' + close);
    }
  }
  const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(t.slice(i, i + 400));
  if (!m) throw new Error('bad JSON value');
  return i + m[0].length;
}

/** Spans [start, end) of the members of the object at t[i] (after white space). */
function members(t, i) {
  const out = {};
  i = skipWs(t, i);
  if (t[i] !== '{') return out;
  i = skipWs(t, i + 1);
  if (t[i] === '}') return out;
  for (;;) {
    const keyEnd = skipString(t, i);
    const key = JSON.parse(t.slice(i, keyEnd));
    i = skipWs(t, keyEnd);
    if (t[i] !== ':') throw new Error('expected :');
    const start = skipWs(t, i + 1);
    const end = skipValue(t, start);
    out[key] = [start, end];
    i = skipWs(t, end);
    if (t[i] === ',') i = skipWs(t, i + 1);
    else return out;
  }
}

/** The exact JSON text of `case.<field>` in a request line, or undefined. */
export function rawCaseMember(line, field) {
  try {
    const top = members(line, 0);
    if (!top.case) return undefined;
    const inner = members(line, top.case[0]);
    const span = inner[field];
    return span ? line.slice(span[0], span[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The output object for one `{kind, case}` request. */
export function runCase(sdk, kind, c) {
  try {
    return run(sdk, kind, c ?? {});
  } catch (e) {
    if (isTyped(sdk, e)) return { error: e.code };
    return { exception: describe(e) };
  }
}

/** The output line (JSON text) for one input line. */
export function runLine(sdk, line) {
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    return JSON.stringify({ exception: `bad request line: ${e.message}` });
  }
  const kind = req && req.kind;
  let c = req && req.case;
  if (kind === 'order_dedupe_key' && c && typeof c === 'object') {
    // Exact text for the bodies (see rawCaseMember); JSON.stringify where the scan fails.
    c = { ...c, raw: {} };
    for (const field of ['body', 'same_as', 'differs_from']) {
      const raw = rawCaseMember(line, field);
      if (raw !== undefined) c.raw[field] = raw;
    }
  }
  return JSON.stringify(runCase(sdk, kind, c));
}
