//! Responses, retry delays and order dedupe keys: `classifyResponse`,
//! `backoffDelayMs`, `retryDecision`, `orderDedupeKey`.
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
    let retry_safe = retry_safe.as_bool().ok_or_else(|| {
        bad_argument(
            Code::InvalidArgument,
            format!(
                "retrySafe must be true or false (got {}).",
                type_name(&retry_safe)
            ),
            "retrySafe",
        )
    })?;
    let attempt = arg_number(&attempt, "attempt", 1.0, f64::from(u32::MAX), true)? as u32;
    let max_attempts = option(&options, "maxAttempts", "options")?;
    let max_attempts = if max_attempts.is_undefined() {
        DEFAULT_MAX_ATTEMPTS
    } else {
        arg_number(
            &max_attempts,
            "options.maxAttempts",
            1.0,
            f64::from(u32::MAX),
            true,
        )? as u32
    };
    let max_wait = option(&options, "maxWaitSeconds", "options")?;
    let max_wait_ms = if max_wait.is_undefined() {
        u64::MAX
    } else {
        (arg_number(
            &max_wait,
            "options.maxWaitSeconds",
            0.0,
            MAX_SAFE / 1000.0,
            false,
        )? * 1000.0) as u64
    };
    let jitter = option(&options, "jitter", "options")?;
    let jitter = if jitter.is_undefined() {
        js_sys::Math::random()
    } else {
        arg_number(&jitter, "options.jitter", 0.0, 1.0, false)?
    };
    let policy = RetryPolicy {
        max_attempts,
        max_wait_ms,
    };
    if !outcome.is_object() {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!(
                "outcome must be {{status, headers, body}} or {{networkError: \"connect\" | \"timeout\"}} (got {}).",
                type_name(&outcome)
            ),
            "outcome",
        ));
    }
    let network = option(&outcome, "networkError", "outcome")?;
    let decision = if network.is_undefined() || network.is_null() {
        let status = option(&outcome, "status", "outcome")?;
        let status = arg_number(&status, "outcome.status", 0.0, 65535.0, true)? as u16;
        let headers = option(&outcome, "headers", "outcome")?;
        let pairs = if headers.is_undefined() || headers.is_null() {
            Vec::new()
        } else {
            arg_headers(&headers, "outcome.headers")?
        };
        let body = option(&outcome, "body", "outcome")?;
        let body = if body.is_undefined() || body.is_null() {
            Vec::new()
        } else {
            arg_bytes(&body, "outcome.body", "")?
        };
        let c = peeker_core::classify(
            status,
            pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
            &body,
        );
        decide(retry_safe, attempt, Outcome::Response(&c), jitter, policy)
    } else {
        let kind = network
            .as_string()
            .as_deref()
            .and_then(NetworkError::parse)
            .ok_or_else(|| {
                bad_argument(
                    Code::InvalidArgument,
                    format!(
                        "outcome.networkError must be \"connect\" or \"timeout\" (got {}).",
                        type_name(&network)
                    ),
                    "outcome.networkError",
                )
            })?;
        decide(retry_safe, attempt, Outcome::Network(kind), jitter, policy)
    };
    Ok(decision
        .delay_ms()
        .map(|ms| JsValue::from_f64(ms as f64))
        .unwrap_or(JsValue::NULL))
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
