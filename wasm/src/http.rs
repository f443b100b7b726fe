//! Webhooks, responses and order dedupe keys: `verifyWebhook`,
//! `verifyWebhookIgnoringTimestamp`, `signWebhook`, `classifyResponse`,
//! `backoffDelayMs`, `orderDedupeKey`.
use crate::convert::{
    arg_bytes, arg_headers, arg_number, arg_str, bad_argument, from_js_exception, json_parse,
    json_stringify, option, string_of, type_name, MAX_LIST_ENTRIES,
};
use crate::{opt_str, set, throw, JsResult};
use js_sys::{JsString, Object};
use peeker_core::webhook::{Headers, Verifier};
use peeker_core::{Code, Error};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const RAW_BODY_HINT: &str = " It looks like an already parsed body: pass the raw request body instead (the exact \
                             bytes received, e.g. express.raw({ type: 'application/json' }), `await request.text()` \
                             or `Buffer.from(await request.arrayBuffer())`), because the signature covers those bytes.";

/// Largest integer a JavaScript number carries exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A JS value from JSON text the core produced.
fn from_core_json(text: &str) -> JsResult {
    json_parse(text).map_err(|_| {
        throw(Error::new(
            Code::Internal,
            "The SDK produced JSON it cannot parse; please report it.",
        ))
    })
}

/// The secret argument: a string, or an array of strings (rotation). Absent
/// means no secret: the core's `invalid_secret`.
fn arg_secrets(v: &JsValue) -> JsResult<Vec<String>> {
    if v.is_undefined() || v.is_null() {
        return Ok(Vec::new());
    }
    if let Some(js) = v.dyn_ref::<JsString>() {
        return Ok(vec![string_of(js, "secret")?]);
    }
    if crate::convert::is_array(v).unwrap_or(false) {
        let arr: &js_sys::Array = v.unchecked_ref();
        if arr.length() > MAX_LIST_ENTRIES {
            return Err(bad_argument(
                Code::InvalidSecret,
                "Too many webhook secrets.",
                "secret",
            ));
        }
        let mut out = Vec::new();
        for i in 0..arr.length() {
            let item =
                js_sys::Reflect::get_u32(arr, i).map_err(|e| from_js_exception(e, "secret"))?;
            let field = format!("secret[{i}]");
            match item.dyn_ref::<JsString>() {
                Some(js) => out.push(string_of(js, &field)?),
                None => {
                    return Err(bad_argument(
                        Code::InvalidArgument,
                        format!("{field} must be a string (got {}).", type_name(&item)),
                        &field,
                    ))
                }
            }
        }
        return Ok(out);
    }
    Err(bad_argument(
        Code::InvalidArgument,
        format!(
            "secret must be a string or an array of strings (got {}).",
            type_name(v)
        ),
        "secret",
    ))
}

fn verifier(secret: &JsValue, options: &JsValue, with_time: bool) -> JsResult<Verifier> {
    let secrets = arg_secrets(secret)?;
    let mut v = Verifier::new(&secrets).map_err(throw)?;
    if with_time {
        let tolerance = option(options, "tolerance", "options")?;
        if !tolerance.is_undefined() {
            v = v.with_tolerance(
                arg_number(&tolerance, "options.tolerance", 0.0, MAX_SAFE, true)? as u64,
            );
        }
    }
    let max = option(options, "maxBodyBytes", "options")?;
    if !max.is_undefined() {
        v = v.with_max_body_bytes(
            arg_number(&max, "options.maxBodyBytes", 0.0, MAX_SAFE, true)? as usize,
        );
    }
    Ok(v)
}

/// `{id, type, created_at, data}`, in that order; `data` as sent (the sender's key
/// order): the core reads the envelope without building a tree for `data` and hands
/// its JSON text to `JSON.parse`, which parses it once.
fn event_object(e: &peeker_core::RawEvent<'_>) -> JsResult {
    from_core_json(&e.to_json())
}

/// `verifyWebhook(body, headers, secret, {now, tolerance, maxBodyBytes})`: the event
/// `{id, type, created_at, data}`, or throws.
#[wasm_bindgen(js_name = verifyWebhook)]
pub fn verify_webhook(
    body: JsValue,
    headers: JsValue,
    secret: JsValue,
    options: JsValue,
) -> JsResult {
    let body = arg_bytes(&body, "body", RAW_BODY_HINT)?;
    let pairs = arg_headers(&headers, "headers")?;
    let v = verifier(&secret, &options, true)?;
    let now = option(&options, "now", "options")?;
    let now = if now.is_undefined() {
        (js_sys::Date::now() / 1000.0).floor()
    } else {
        arg_number(&now, "options.now", -MAX_SAFE, MAX_SAFE, false)?.floor()
    };
    let h = Headers::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let event = v
        .verify_raw(&body, &h, Some(now as i64), None)
        .map_err(throw)?;
    event_object(&event)
}

/// `verifyWebhookIgnoringTimestamp(body, headers, secret, {maxBodyBytes})`: for
/// replaying stored deliveries; never for live traffic.
#[wasm_bindgen(js_name = verifyWebhookIgnoringTimestamp)]
pub fn verify_webhook_ignoring_timestamp(
    body: JsValue,
    headers: JsValue,
    secret: JsValue,
    options: JsValue,
) -> JsResult {
    let body = arg_bytes(&body, "body", RAW_BODY_HINT)?;
    let pairs = arg_headers(&headers, "headers")?;
    let v = verifier(&secret, &options, false)?;
    let h = Headers::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let event = v.verify_raw(&body, &h, None, None).map_err(throw)?;
    event_object(&event)
}

thread_local! {
    /// Verifiers kept between deliveries for the lean path of
    /// `bindings/node/lib/node-hmac.cjs`, by handle.
    static VERIFIERS: std::cell::RefCell<Vec<Option<(Verifier, bool)>>> =
        const { std::cell::RefCell::new(Vec::new()) };
    /// This instance's tag in the handles: a handle of an earlier instance (before a
    /// reset) is unknown here, never another verifier.
    static INSTANCE_TAG: u32 = (js_sys::Math::random() * 4_294_967_296.0) as u32;
}

const MAX_VERIFIERS: usize = 1 << 16;

/// `webhookVerifier(secret, options, withTime)`: a handle (a number) for
/// `webhookVerifyWith`, to a verifier of these secrets, tolerance and body limit,
/// checked as `verifyWebhook` checks them (it throws what `verifyWebhook` throws).
#[wasm_bindgen(js_name = webhookVerifier)]
pub fn webhook_verifier(secret: JsValue, options: JsValue, with_time: bool) -> JsResult<f64> {
    let v = verifier(&secret, &options, with_time)?;
    VERIFIERS.with(|all| {
        let mut all = all.borrow_mut();
        let i = match all.iter().position(Option::is_none) {
            Some(i) => i,
            None if all.len() < MAX_VERIFIERS => {
                all.push(None);
                all.len() - 1
            }
            None => {
                return Err(throw(Error::new(
                    Code::Internal,
                    "Too many webhook verifiers kept; please report it.",
                )))
            }
        };
        all[i] = Some((v, with_time));
        let tag = INSTANCE_TAG.with(|t| *t);
        Ok(f64::from(tag) * 65_536.0 + i as f64)
    })
}

/// `webhookVerifierFree(handle)`: forgets a verifier (unknown handles are ignored).
#[wasm_bindgen(js_name = webhookVerifierFree)]
pub fn webhook_verifier_free(handle: f64) {
    if let Some(i) = slot(handle) {
        VERIFIERS.with(|all| {
            if let Some(s) = all.borrow_mut().get_mut(i) {
                *s = None;
            }
        });
    }
}

fn slot(handle: f64) -> Option<usize> {
    let tag = INSTANCE_TAG.with(|t| *t);
    let (t, i) = ((handle / 65_536.0).floor(), handle % 65_536.0);
    (handle.is_finite() && handle >= 0.0 && t == f64::from(tag) && i.fract() == 0.0)
        .then_some(i as usize)
}

/// The header names the core reads (signature, timestamp, event id), lower case:
/// a binding picking the three values out of a headers object matches them as
/// `Headers::from_pairs` does.
#[wasm_bindgen(js_name = webhookHeaderNames)]
pub fn webhook_header_names() -> js_sys::Array {
    peeker_core::webhook::HEADER_NAMES
        .iter()
        .map(|n| JsValue::from_str(&n.to_ascii_lowercase()))
        .collect()
}

/// `webhookVerifyWith(handle, body, signature, timestamp, eventId, now, mac)`: the
/// lean form of `verifyWebhook` for callers that hold the body as a `Uint8Array`
/// and picked the three header values (strings, or undefined when absent). Returns
/// the envelope as JSON text (`{id, type, created_at, data}`) for `JSON.parse`;
/// `true` when the body is exactly that envelope (`RawEvent::body_is_envelope`:
/// parse the body itself, no copy); `undefined` when the handle is unknown (the
/// module was reset since: make a new one); or throws.
///
/// Every argument is a JavaScript value or a number (no pointers into this
/// module's memory cross), so a reset of the instance scheduled by an earlier
/// panic cannot make them dangle: the handle is then simply unknown.
///
/// `mac`: undefined (this module's SHA-256), or a host HMAC-SHA256
/// `(secretIndex, prefix, body) => Uint8Array(32)`: HMAC keyed with secret
/// `secretIndex` (as given to `webhookVerifier`) over `prefix` then `body`. The core
/// decides what is MACed and compares; the host only computes.
#[wasm_bindgen(js_name = webhookVerifyWith)]
pub fn webhook_verify_with(
    handle: f64,
    body: JsValue,
    signature: JsValue,
    timestamp: JsValue,
    event_id: JsValue,
    now: Option<f64>,
    mac: JsValue,
) -> JsResult {
    let Some(body) = body.dyn_ref::<js_sys::Uint8Array>().map(|u| u.to_vec()) else {
        return Ok(JsValue::UNDEFINED);
    };
    let (signature, timestamp, event_id) = (
        signature.as_string(),
        timestamp.as_string(),
        event_id.as_string(),
    );
    let h = Headers {
        signature: signature.as_deref(),
        timestamp: timestamp.as_deref(),
        event_id: event_id.as_deref(),
    };
    verify_lean(handle, &body, &h, now, &mac)
}

thread_local! {
    /// The input buffer of `webhookVerifyIn`, written by JavaScript.
    static INPUT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Largest input `__webhookInput` gives a buffer for (body and header values).
const MAX_INPUT: u32 = 64 << 20;

/// `__webhookInput(len)`: the address of a buffer of at least `len` bytes in this
/// module's memory (see `__fastMemory`), for the `webhookVerifyIn` call that
/// follows; 0 when `len` is over the limit. Valid until the next call into the module.
#[wasm_bindgen(js_name = __webhookInput)]
pub fn webhook_input(len: u32) -> u32 {
    if len > MAX_INPUT {
        return 0;
    }
    INPUT.with(|b| {
        let mut b = b.borrow_mut();
        if b.len() < len as usize {
            b.resize(len as usize, 0);
        }
        b.as_ptr() as u32
    })
}

/// `webhookVerifyIn(handle, bodyLen, signatureLen, timestampLen, eventIdLen, now, mac)`:
/// `webhookVerifyWith` with the body and the three header values (UTF-8; a length
/// below 0: absent) written one after the other into the buffer of `__webhookInput`,
/// so that nothing but numbers crosses (no copies through the glue). The same
/// answers; `undefined` also when the lengths do not fit the buffer or a header
/// value is not UTF-8 (the caller then takes `webhookVerifyWith`).
#[wasm_bindgen(js_name = webhookVerifyIn)]
pub fn webhook_verify_in(
    handle: f64,
    body_len: u32,
    signature_len: i32,
    timestamp_len: i32,
    event_id_len: i32,
    now: Option<f64>,
    mac: JsValue,
) -> JsResult {
    // Taken out for the call: the host MAC runs JavaScript, which may call in again.
    let input = INPUT.with(|b| std::mem::take(&mut *b.borrow_mut()));
    let result = (|| {
        let mut at = body_len as usize;
        let body = input.get(..at)?;
        let mut take = |n: i32| -> Option<Option<&str>> {
            let Ok(n) = usize::try_from(n) else {
                return Some(None);
            };
            let s = input.get(at..at.checked_add(n)?)?;
            at += n;
            std::str::from_utf8(s).ok().map(Some)
        };
        let h = Headers {
            signature: take(signature_len)?,
            timestamp: take(timestamp_len)?,
            event_id: take(event_id_len)?,
        };
        Some(verify_lean(handle, body, &h, now, &mac))
    })();
    INPUT.with(|b| {
        let mut b = b.borrow_mut();
        if b.capacity() < input.capacity() {
            *b = input;
        }
    });
    result.unwrap_or(Ok(JsValue::UNDEFINED))
}

/// The verification of the lean entries, once the body and headers are in hand.
fn verify_lean(
    handle: f64,
    body: &[u8],
    h: &Headers<'_>,
    now: Option<f64>,
    mac: &JsValue,
) -> JsResult {
    let Some(i) = slot(handle) else {
        return Ok(JsValue::UNDEFINED);
    };
    VERIFIERS.with(|all| {
        let all = all.borrow();
        let Some(Some((v, with_time))) = all.get(i) else {
            return Ok(JsValue::UNDEFINED);
        };
        let now = if !with_time {
            None
        } else {
            match now {
                None => Some((js_sys::Date::now() / 1000.0).floor() as i64),
                Some(n) if n.is_finite() && (-MAX_SAFE..=MAX_SAFE).contains(&n) => {
                    Some(n.floor() as i64)
                }
                // The error `verifyWebhook` gives.
                Some(n) => {
                    arg_number(
                        &JsValue::from_f64(n),
                        "options.now",
                        -MAX_SAFE,
                        MAX_SAFE,
                        false,
                    )?;
                    None
                }
            }
        };
        let event = match mac.dyn_ref::<js_sys::Function>() {
            None => v.verify_raw(body, h, now, None),
            Some(f) => {
                let mut host = |i: usize, parts: &[&[u8]]| host_mac(f, i, parts);
                v.verify_raw(body, h, now, Some(&mut host))
            }
        }
        .map_err(throw)?;
        if event.body_is_envelope {
            // The body is exactly the envelope: the caller parses the text it holds.
            return Ok(JsValue::TRUE);
        }
        Ok(JsValue::from_str(&event.to_json()))
    })
}

/// Asks the host for HMAC-SHA256 with secret `i` over `parts` (all but the last
/// joined into one small prefix; the last, the body, as a view of this module's
/// memory: nothing here allocates while the host reads it).
fn host_mac(f: &js_sys::Function, i: usize, parts: &[&[u8]]) -> Result<[u8; 32], Error> {
    let failed = |why: &str| {
        Error::new(
            Code::Internal,
            format!("The host HMAC-SHA256 (node:crypto) failed: {why}; please report it."),
        )
    };
    const EMPTY: &[u8] = &[];
    let (last, head) = parts.split_last().unwrap_or((&EMPTY, &[]));
    // The prefix (the timestamp and a dot: a few bytes) on the stack when it fits.
    let mut small = [0u8; 64];
    let large: Vec<u8>;
    let n = head.iter().map(|p| p.len()).sum::<usize>();
    let prefix: &[u8] = if n <= small.len() {
        let mut at = 0;
        for p in head {
            small[at..at + p.len()].copy_from_slice(p);
            at += p.len();
        }
        &small[..n]
    } else {
        large = head.concat();
        &large
    };
    // SAFETY: the views are used by the host function only during this call, and
    // no Rust code runs (so linear memory cannot grow or move) until it returns.
    let out = unsafe {
        let p = js_sys::Uint8Array::view(prefix);
        let b = js_sys::Uint8Array::view(last);
        f.call3(&JsValue::NULL, &JsValue::from_f64(i as f64), &p, &b)
    }
    .map_err(|e| {
        let detail = e
            .dyn_ref::<js_sys::Error>()
            .map(|x| String::from(x.message()))
            .unwrap_or_else(|| "it threw".into());
        failed(&detail)
    })?;
    let bytes = out
        .dyn_ref::<js_sys::Uint8Array>()
        .filter(|u| u.length() == 32)
        .ok_or_else(|| failed("it did not return 32 bytes"))?;
    let mut mac = [0u8; 32];
    bytes.copy_to(&mut mac);
    Ok(mac)
}

/// `signWebhook(body, secret, timestamp)`: the `Peeker-Signature` value `v1=<hex>`.
#[wasm_bindgen(js_name = signWebhook)]
pub fn sign_webhook(body: JsValue, secret: JsValue, timestamp: JsValue) -> JsResult {
    let body = arg_bytes(&body, "body", "")?;
    let secret = arg_str(&secret, "secret")?;
    let ts = arg_number(&timestamp, "timestamp", -MAX_SAFE, MAX_SAFE, true)?;
    Ok(JsValue::from_str(&peeker_core::webhook::sign(
        &body, &secret, ts as i64,
    )))
}

/// `classifyResponse(status, headers?, body?)`: `{ok, status, errorCode, message,
/// field, details, retry, retryAfterSeconds, requestId}`.
#[wasm_bindgen(js_name = classifyResponse)]
pub fn classify_response(status: JsValue, headers: JsValue, body: JsValue) -> JsResult {
    let status = arg_number(&status, "status", 0.0, 65535.0, true)? as u16;
    let pairs = if headers.is_undefined() || headers.is_null() {
        Vec::new()
    } else {
        arg_headers(&headers, "headers")?
    };
    let body = if body.is_undefined() || body.is_null() {
        Vec::new()
    } else {
        arg_bytes(&body, "body", "")?
    };
    let c = peeker_core::classify(
        status,
        pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        &body,
    );
    let o: JsValue = Object::new().into();
    set(&o, "ok", &JsValue::from_bool(c.ok));
    set(&o, "status", &JsValue::from_f64(f64::from(c.status)));
    set(&o, "errorCode", &opt_str(c.error_code.as_deref()));
    set(&o, "message", &opt_str(c.message.as_deref()));
    set(&o, "field", &opt_str(c.field.as_deref()));
    let details = match &c.details {
        Some(d) => from_core_json(&serde_json::to_string(d).unwrap_or_default())?,
        None => JsValue::NULL,
    };
    set(&o, "details", &details);
    set(&o, "retry", &JsValue::from_str(c.retry.as_str()));
    set(
        &o,
        "retryAfterSeconds",
        &c.retry
            .after_seconds()
            .map(|s| JsValue::from_f64(s as f64))
            .unwrap_or(JsValue::NULL),
    );
    set(&o, "requestId", &opt_str(c.request_id.as_deref()));
    Ok(o)
}

/// `backoffDelayMs(attempt, jitter)`: the suggested wait before retry `attempt` of a 5xx.
#[wasm_bindgen(js_name = backoffDelayMs)]
pub fn backoff_delay_ms(attempt: JsValue, jitter: JsValue) -> JsResult {
    let attempt = arg_number(&attempt, "attempt", 1.0, f64::from(u32::MAX), true)? as u32;
    let jitter = arg_number(&jitter, "jitter", 0.0, 1.0, false)?;
    Ok(JsValue::from_f64(
        peeker_core::response::backoff_delay_ms(attempt, jitter) as f64,
    ))
}

/// `orderDedupeKey(apiKey, body)`: the order dedupe key (lower-case hex). `body`
/// is the JSON text sent (string or bytes) or a value, serialised with `JSON.stringify`.
#[wasm_bindgen(js_name = orderDedupeKey)]
pub fn order_dedupe_key(api_key: JsValue, body: JsValue) -> JsResult {
    let api_key = arg_str(&api_key, "apiKey")?;
    let is_bytes = body.is_string()
        || body.is_instance_of::<js_sys::Uint8Array>()
        || body.is_instance_of::<js_sys::ArrayBuffer>()
        || js_sys::ArrayBuffer::is_view(&body);
    let bytes = if is_bytes {
        arg_bytes(&body, "body", "")?
    } else if body.is_object() {
        let text = json_stringify(&body).map_err(|e| from_js_exception(e, "body"))?;
        match text.dyn_ref::<JsString>() {
            Some(js) => string_of(js, "body")?.into_bytes(),
            None => {
                return Err(bad_argument(
                    Code::InvalidJson,
                    "body has no JSON form.",
                    "body",
                ));
            }
        }
    } else if body.is_undefined() || body.is_null() {
        return Err(bad_argument(
            Code::NullArgument,
            format!("body is required (got {}).", type_name(&body)),
            "body",
        ));
    } else {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!(
                "body must be the order body: an object, or its JSON text (got {}).",
                type_name(&body)
            ),
            "body",
        ));
    };
    peeker_core::order_dedupe_key(&api_key, &bytes)
        .map(|k| JsValue::from_str(&k))
        .map_err(throw)
}

/// Options shared by the two retry decisions: `{maxAttempts = 4, maxWaitSeconds
/// = 60, jitter = Math.random()}` (the core has no randomness; the binding
/// supplies it when the caller does not).
fn retry_options(options: &JsValue) -> JsResult<(u32, u64, f64)> {
    let max_attempts = option(options, "maxAttempts", "options")?;
    let max_attempts = if max_attempts.is_undefined() {
        4
    } else {
        arg_number(
            &max_attempts,
            "options.maxAttempts",
            1.0,
            f64::from(u32::MAX),
            true,
        )? as u32
    };
    let max_wait = option(options, "maxWaitSeconds", "options")?;
    let max_wait_ms = if max_wait.is_undefined() {
        60_000
    } else {
        (arg_number(
            &max_wait,
            "options.maxWaitSeconds",
            0.0,
            MAX_SAFE / 1000.0,
            false,
        )? * 1000.0) as u64
    };
    let jitter = option(options, "jitter", "options")?;
    let jitter = if jitter.is_undefined() {
        js_sys::Math::random()
    } else {
        arg_number(&jitter, "options.jitter", 0.0, 1.0, false)?
    };
    Ok((max_attempts, max_wait_ms, jitter))
}

/// `retryDelayMs(status, headers, body, attempt, options?)`: the core's retry
/// decision for a response (the one the Rust transport and `client.send` follow):
/// milliseconds to wait before the next attempt, or `null` (do not retry: a 4xx,
/// a 429 for synchronous-import capacity, a wait beyond `maxWaitSeconds`, or
/// `attempt` reached `maxAttempts`).
#[wasm_bindgen(js_name = retryDelayMs)]
pub fn retry_delay_ms(
    status: JsValue,
    headers: JsValue,
    body: JsValue,
    attempt: JsValue,
    options: JsValue,
) -> JsResult {
    let status = arg_number(&status, "status", 0.0, 65535.0, true)? as u16;
    let pairs = if headers.is_undefined() || headers.is_null() {
        Vec::new()
    } else {
        arg_headers(&headers, "headers")?
    };
    let body = if body.is_undefined() || body.is_null() {
        Vec::new()
    } else {
        arg_bytes(&body, "body", "")?
    };
    let attempt = arg_number(&attempt, "attempt", 1.0, f64::from(u32::MAX), true)? as u32;
    let (max_attempts, max_wait_ms, jitter) = retry_options(&options)?;
    let c = peeker_core::classify(
        status,
        pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        &body,
    );
    Ok(
        peeker_core::response::retry_delay_ms(&c, attempt, max_attempts, jitter, max_wait_ms)
            .map(|ms| JsValue::from_f64(ms as f64))
            .unwrap_or(JsValue::NULL),
    )
}

/// `networkRetryDelayMs(attempt, {surelyNotSent, idempotent, maxAttempts?,
/// maxWaitSeconds?, jitter?})`: the core's retry decision when no response came
/// back; a request that may have reached the server is retried only when
/// idempotent. Milliseconds, or `null`.
#[wasm_bindgen(js_name = networkRetryDelayMs)]
pub fn network_retry_delay_ms(attempt: JsValue, options: JsValue) -> JsResult {
    let attempt = arg_number(&attempt, "attempt", 1.0, f64::from(u32::MAX), true)? as u32;
    let flag = |key: &str| -> JsResult<bool> {
        let v = option(&options, key, "options")?;
        if v.is_undefined() {
            return Ok(false);
        }
        v.as_bool().ok_or_else(|| {
            bad_argument(
                Code::InvalidArgument,
                format!(
                    "options.{key} must be true or false (got {}).",
                    type_name(&v)
                ),
                &format!("options.{key}"),
            )
        })
    };
    let not_sent = flag("surelyNotSent")?;
    let idempotent = flag("idempotent")?;
    let (max_attempts, max_wait_ms, jitter) = retry_options(&options)?;
    Ok(peeker_core::response::network_retry_delay_ms(
        attempt,
        max_attempts,
        not_sent,
        idempotent,
        jitter,
        max_wait_ms,
    )
    .map(|ms| JsValue::from_f64(ms as f64))
    .unwrap_or(JsValue::NULL))
}
