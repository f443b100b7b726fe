//! Responses, retry delays and order dedupe keys: `classifyResponse`,
//! `backoffDelayMs`, `retryDecision`, `orderDedupeKey`.
use crate::convert::{
    arg_bytes, arg_number, arg_str, is_nullish, json_parse, must_be, opt_bytes, opt_headers,
    opt_number, option, required, str_pairs, stringify,
};
use crate::{throw, JsResult, ToJs};
use peeker_core::{Code, Error};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Largest integer a JavaScript number carries exactly.
pub(crate) const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A JS value from JSON text the core produced.
pub(crate) fn from_core_json(text: &str) -> JsResult {
    json_parse(text).map_err(|_| internal_json())
}

/// The `internal` error of JSON text the core produced that does not parse.
pub(crate) fn internal_json() -> JsValue {
    let message = "The SDK produced JSON it cannot parse; please report it.";
    throw(Error::new(Code::Internal, message))
}

/// [`from_core_json`] of a value of the core; `null` for none.
pub(crate) fn core_value(v: Option<&Value>) -> JsResult {
    v.map_or(Ok(JsValue::NULL), |v| from_core_json(&v.to_string()))
}

/// `classifyResponse(status, headers?, body?)`: `{ok, status, errorCode, message,
/// field, details, retry, retryAfterSeconds, requestId}`.
#[wasm_bindgen(js_name = classifyResponse)]
pub fn classify_response(status: JsValue, headers: JsValue, body: JsValue) -> JsResult {
    let status = arg_number(&status, "status", 0.0, 65535.0, true)? as u16;
    let pairs = opt_headers(&headers, "headers")?;
    let body = opt_bytes(&body, "body", "")?;
    let c = peeker_core::classify(status, str_pairs(&pairs), &body);
    Ok(object!(
        "ok": c.ok,
        "status": c.status,
        "errorCode": c.error_code.as_ref(),
        "message": c.message.as_ref(),
        "field": c.field.as_ref(),
        "details": core_value(c.details.as_ref())?,
        "retry": c.retry.as_str(),
        "retryAfterSeconds": c.retry.after_seconds(),
        "requestId": c.request_id.as_ref(),
    ))
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
        stringify(&body, "body")?.into_bytes()
    } else {
        required(&body, "body")?;
        let what = "the order body: an object, or its JSON text";
        return Err(must_be(&body, "body", what));
    };
    peeker_core::order_dedupe_key(&api_key, &bytes)
        .map(|k| JsValue::from_str(&k))
        .map_err(throw)
}

/// `retryDecision(retrySafe, attempt, outcome, options?)`: the core's retry
/// decision (`peeker_core::retry::decide`, the one every transport follows,
/// `client.send` included) after attempt number `attempt` (1-based) of a request
/// that is `retrySafe` (`request.retrySafe`). `outcome` is the response
/// `{status, headers?, body?}` or `{networkError: "connect" | "timeout"}`;
/// `options` `{maxAttempts = 4, maxWaitSeconds (no limit when absent), jitter =
/// Math.random()}`. Milliseconds to wait before sending again, or `null` to stop.
#[wasm_bindgen(js_name = retryDecision)]
pub fn retry_decision(
    retry_safe: JsValue,
    attempt: JsValue,
    outcome: JsValue,
    options: JsValue,
) -> JsResult {
    use peeker_core::retry::{decide, NetworkError, Outcome, RetryPolicy, DEFAULT_MAX_ATTEMPTS};
    let retry_safe = retry_safe
        .as_bool()
        .ok_or_else(|| must_be(&retry_safe, "retrySafe", "true or false"))?;
    let attempt = arg_number(&attempt, "attempt", 1.0, f64::from(u32::MAX), true)? as u32;
    let max = f64::from(u32::MAX);
    let max_attempts = opt_number(&options, "maxAttempts", 1.0, max, true)?;
    let max_wait = opt_number(&options, "maxWaitSeconds", 0.0, MAX_SAFE / 1000.0, false)?;
    let jitter = opt_number(&options, "jitter", 0.0, 1.0, false)?;
    let policy = RetryPolicy {
        max_attempts: max_attempts.map_or(DEFAULT_MAX_ATTEMPTS, |n| n as u32),
        max_wait_ms: max_wait.map_or(u64::MAX, |s| (s * 1000.0) as u64),
    };
    let jitter = jitter.unwrap_or_else(js_sys::Math::random);
    if !outcome.is_object() {
        let what = "{status, headers, body} or {networkError: \"connect\" | \"timeout\"}";
        return Err(must_be(&outcome, "outcome", what));
    }
    let network = option(&outcome, "networkError", "outcome")?;
    let decision = if is_nullish(&network) {
        let status = option(&outcome, "status", "outcome")?;
        let status = arg_number(&status, "outcome.status", 0.0, 65535.0, true)? as u16;
        let pairs = opt_headers(&option(&outcome, "headers", "outcome")?, "outcome.headers")?;
        let body = opt_bytes(&option(&outcome, "body", "outcome")?, "outcome.body", "")?;
        let c = peeker_core::classify(status, str_pairs(&pairs), &body);
        decide(retry_safe, attempt, Outcome::Response(&c), jitter, policy)
    } else {
        let field = "outcome.networkError";
        let kind = match network.as_string() {
            Some(s) => NetworkError::from_arg(&s, field).map_err(throw)?,
            None => return Err(must_be(&network, field, "\"connect\" or \"timeout\"")),
        };
        decide(retry_safe, attempt, Outcome::Network(kind), jitter, policy)
    };
    Ok(decision.delay_ms().to_js())
}

/// `operationRetrySafe(operation)`: whether an operation's requests are
/// retry-safe (the `retrySafe` of every request it builds), by name; an unknown
/// name throws `invalid_argument` (field `operation`).
#[wasm_bindgen(js_name = operationRetrySafe)]
pub fn operation_retry_safe(operation: JsValue) -> JsResult {
    let name = arg_str(&operation, "operation")?;
    let op = peeker_core::Operation::parse(&name).map_err(throw)?;
    Ok(JsValue::from_bool(op.retry_safe()))
}
