//! Responses, retry delays and order dedupe keys: `classifyResponse`,
//! `backoffDelayMs`, `retryDelayMs`, `networkRetryDelayMs`, `orderDedupeKey`.
use crate::convert::{
    arg_bytes, arg_headers, arg_number, arg_str, bad_argument, from_js_exception, json_parse,
    json_stringify, option, string_of, type_name,
};
use crate::{opt_str, set, throw, JsResult};
use js_sys::{JsString, Object};
use peeker_core::{Code, Error};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Largest integer a JavaScript number carries exactly.
pub(crate) const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A JS value from JSON text the core produced.
pub(crate) fn from_core_json(text: &str) -> JsResult {
    json_parse(text).map_err(|_| {
        throw(Error::new(
            Code::Internal,
            "The SDK produced JSON it cannot parse; please report it.",
        ))
    })
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
