//! The API model: `clientInfo`, `buildRequest`, `parseResponse` over the core's
//! operation table (`Client::build_operation`, `parse_response`). Stateless: the
//! JavaScript `Client` keeps its configuration and passes it with every call, so
//! a client survives a reset of the module. The API key is redacted from every
//! error message this module produces, whatever the input.
use crate::convert::{
    arg_number, arg_str, arg_string_list, bad_argument, is_nullish, is_record, must_be, opt_bytes,
    opt_headers, option, str_pairs, string_of, type_name,
};
use crate::http::core_value;
use crate::{set, throw, JsResult};
use js_sys::{Array, JsString, Object};
use peeker_core::redact::{contains_api_key, redact_api_key};
use peeker_core::{ApiKey, Classified, Client, Code, Error, Operation, Request};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The client configuration as passed from JavaScript, with the key kept to
/// redact it (the core's rule: `peeker_core::redact`).
struct Config {
    client: Client,
    /// The key as given.
    key: String,
}

/// A core error as a thrown `PeekerError`, without the key.
fn throw_redacted(e: Error, key: &str) -> JsValue {
    throw(e.without_api_key(key))
}

fn opt_string(config: &JsValue, key: &str) -> JsResult<Option<String>> {
    let v = option(config, key, "options")?;
    if is_nullish(&v) {
        return Ok(None);
    }
    arg_str(&v, &format!("options.{key}")).map(Some)
}

fn config(cfg: &JsValue) -> JsResult<Config> {
    if is_nullish(cfg) {
        return Err(bad_argument(
            Code::NullArgument,
            "options are required: new Client({ apiKey: 'pk_test_…' }).",
            "options",
        ));
    }
    if !is_record(cfg) {
        return Err(must_be(
            cfg,
            "options",
            "an object like { apiKey: 'pk_test_…' }",
        ));
    }
    let key_v = option(cfg, "apiKey", "options")?;
    if is_nullish(&key_v) {
        return Err(throw(ApiKey::missing().with_field("apiKey")));
    }
    let Some(key_js) = key_v.dyn_ref::<JsString>() else {
        let message = format!(
            "options.apiKey must be a string (got {}).",
            type_name(&key_v)
        );
        return Err(bad_argument(Code::InvalidArgument, message, "apiKey"));
    };
    // Never echo the key: a lone surrogate in it gets a message without it.
    let key = string_of(key_js, "apiKey")?;
    let mut client = Client::new(&key).map_err(|e| throw_redacted(e.with_field("apiKey"), &key))?;
    if let Some(base) = opt_string(cfg, "baseUrl")? {
        client = client
            .with_base_url(&base)
            .map_err(|e| throw_redacted(e.with_field("baseUrl"), &key))?;
    }
    for key in ["binding", "userAgent"] {
        if let Some(suffix) = opt_string(cfg, key)? {
            client = client.with_user_agent_suffix(&suffix);
        }
    }
    Ok(Config { client, key })
}

/// `clientInfo(options, binding)`: checks the options of `new Client(options)`;
/// `{environment, baseUrl, userAgent, config}`. `config` is a plain copy of the
/// options (read here, where a throwing getter or a revoked proxy is caught) with
/// the binding's User-Agent token: what the JavaScript client passes to every
/// later call.
#[wasm_bindgen(js_name = clientInfo)]
pub fn client_info(options: JsValue, binding: JsValue) -> JsResult {
    if !is_record(&options) {
        config(&options)?; // the typed error for a missing or wrong options argument
    }
    let copy: JsValue = Object::new().into();
    for key in ["apiKey", "baseUrl", "userAgent"] {
        set(&copy, key, &option(&options, key, "options")?);
    }
    if !is_nullish(&binding) {
        let binding = arg_str(&binding, "binding")?;
        set(&copy, "binding", &JsValue::from_str(&binding));
    }
    let c = config(&copy)?;
    Ok(object!(
        "environment": c.client.environment().as_str(),
        "baseUrl": c.client.base_url(),
        "userAgent": c.client.user_agent(),
        "config": copy,
    ))
}

/// The plain request object: `{operation, method, url, headers: {name: value}, body,
/// retrySafe}`.
fn request_object(r: &Request, operation: &str) -> JsValue {
    let headers: JsValue = Object::new().into();
    for (k, v) in &r.headers {
        set(&headers, k, &JsValue::from_str(v));
    }
    let body = r.body.as_ref().map(|b| String::from_utf8_lossy(b));
    object!(
        "operation": operation,
        "retrySafe": r.retry_safe,
        "method": r.method.as_str(),
        "url": &r.url,
        "headers": headers,
        "body": body.as_deref(),
    )
}

fn operation_name(v: &JsValue) -> JsResult<Operation> {
    Operation::parse(&arg_str(v, "operation")?).map_err(throw)
}

/// The core's JSON parameters from a JavaScript parameter object with the members
/// `id`, `domains`, `body`, `filters`, `perPage` (or `per_page`) and `next`.
fn params(p: &JsValue, key: &str) -> JsResult<Value> {
    let mut out = json!({});
    if is_nullish(p) {
        return Ok(out);
    }
    if !is_record(p) {
        return Err(must_be(p, "params", "an object"));
    }
    let get = |k: &str| option(p, k, "params");
    let id = get("id")?;
    if !is_nullish(&id) {
        out["id"] = Value::String(arg_str(&id, "id")?);
    }
    let domains = get("domains")?;
    if !is_nullish(&domains) {
        let list = arg_string_list(&domains, "domains").map_err(|e| redact_js_error(e, key))?;
        out["domains"] = Value::from(list);
    }
    let body = get("body")?;
    if !body.is_undefined() {
        if !body.is_null() && !is_record(&body) {
            return Err(must_be(&body, "body", "an object"));
        }
        out["body"] = crate::json::to_json(&body, "body")?;
    }
    let filters = get("filters")?;
    if !is_nullish(&filters) {
        if !is_record(&filters) {
            let what = "an object like { status: 'completed' }";
            return Err(must_be(&filters, "filters", what));
        }
        out["filters"] = crate::json::to_json(&filters, "filters")?;
    }
    let mut per_page = get("perPage")?;
    if is_nullish(&per_page) {
        per_page = get("per_page")?;
    }
    // `options` of the list methods: `{perPage}` (or the number itself).
    let list_options = get("options")?;
    if !is_nullish(&list_options) {
        per_page = if is_record(&list_options) {
            option(&list_options, "perPage", "options")?
        } else {
            list_options
        };
    }
    if !is_nullish(&per_page) {
        // A number goes to the core as it is: its range rule (1-100) is the core's,
        // with the core's error (`invalid_request`, field `per_page`).
        out["per_page"] = match per_page.as_f64().filter(|f| f.is_finite()) {
            Some(f) if f.fract() == 0.0 => Value::from(f as i64),
            Some(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
            None => Value::from(
                arg_number(&per_page, "per_page", 0.0, f64::from(u32::MAX), true)? as u64,
            ),
        };
    }
    let next = get("next")?;
    if !is_nullish(&next) {
        out["next"] = Value::String(arg_str(&next, "next")?);
    }
    Ok(out)
}

/// An argument error thrown while reading a parameter, with the key redacted
/// (a key pasted into a domain list must not come back in the message).
fn redact_js_error(e: JsValue, key: &str) -> JsValue {
    let get = |k: &str| {
        js_sys::Reflect::get(&e, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_string())
    };
    if let Some(m) = get("message") {
        if contains_api_key(&m, key) {
            set(&e, "message", &JsValue::from_str(&redact_api_key(&m, key)));
            if let Some(stack) = get("stack") {
                set(
                    &e,
                    "stack",
                    &JsValue::from_str(&redact_api_key(&stack, key)),
                );
            }
        }
    }
    e
}

/// `redactedHeaderValue(name)`: what a log shows instead of the value of the
/// request header `name` (`"Bearer <redacted>"` for `Authorization`), or
/// `undefined` for a header shown as it is. The printed form of a request goes
/// through it.
#[wasm_bindgen(js_name = redactedHeaderValue)]
pub fn redacted_header_value(name: JsValue) -> Option<String> {
    let name = name.as_string()?;
    peeker_core::response::redacted_header_value(&name).map(String::from)
}

/// `buildRequest(options, operation, params)`: the request of one operation.
#[wasm_bindgen(js_name = buildRequest)]
pub fn build_request(options: JsValue, operation: JsValue, params_: JsValue) -> JsResult {
    let c = config(&options)?;
    let op = operation_name(&operation)?;
    let p = params(&params_, &c.key)?;
    let r = c
        .client
        .build_operation(op, &p)
        .map_err(|e| throw_redacted(e, &c.key))?;
    Ok(request_object(&r, op.as_str()))
}

/// The `ApiError` thrown for the error response `c` (and, with code
/// `unexpected_response`, for a 2xx body that is not the documented shape).
fn api_error(code: Code, message: &str, c: &Classified) -> JsValue {
    let details = match core_value(c.details.as_ref()) {
        Ok(d) => d,
        Err(internal) => return internal,
    };
    let err = js_sys::Error::new(message);
    err.set_name("ApiError");
    object!(@on err.into();
        "code": code.as_str(),
        "suggestion": JsValue::NULL,
        "field": c.field.as_ref(),
        "status": c.status,
        "apiCode": c.error_code.as_ref(),
        "apiMessage": c.message.as_ref(),
        "details": details,
        "requestId": c.request_id.as_ref(),
        "retry": c.retry.as_str(),
        "retryAfterSeconds": c.retry.after_seconds(),
    )
}

/// `parseResponse(options, operation, status, headers, body)`: `{data, page,
/// meta, first, requestId, next}` (`meta`, `first`: a page's `meta` and
/// `links.first` as sent, or null; `next`: the next page's request object, or null) for a 2xx response
/// of the documented shape; throws `ApiError` otherwise.
#[wasm_bindgen(js_name = parseResponse)]
pub fn parse_response(
    options: JsValue,
    operation: JsValue,
    status: JsValue,
    headers: JsValue,
    body: JsValue,
) -> JsResult {
    let c = config(&options)?;
    let op = operation_name(&operation)?;
    let status = arg_number(&status, "status", 0.0, 65535.0, true)? as u16;
    let pairs = opt_headers(&headers, "headers")?;
    let body = opt_bytes(&body, "body", " Pass the raw response body: `await response.text()` or `new Uint8Array(await response.arrayBuffer())`.")?;
    let mut r = match peeker_core::parse_response(&c.client, op, status, str_pairs(&pairs), &body) {
        Ok(r) => r,
        // A 2xx body of another shape (classified as a success: no error fields,
        // retry `never`); the core's message names the status and the request id.
        Err(e) if e.code == Code::UnexpectedResponse => {
            let message = redact_api_key(&e.message, &c.key);
            let classified = peeker_core::classify(status, str_pairs(&pairs), &body);
            return Err(api_error(e.code, &message, &classified));
        }
        Err(e) => return Err(throw_redacted(e, &c.key)),
    };
    if let Some(e) = r.error.take() {
        // An error answer holds no request (no Authorization header): redact it all.
        let e = e.without_api_key(&c.key);
        return Err(api_error(Code::ApiError, &e.api_error_message(), &e));
    }
    let next = r.next.as_ref().map(|n| request_object(n, op.as_str()));
    Ok(object!(
        "meta": core_value(r.meta())?,
        "first": r.first(),
        "data": core_value(r.data.as_ref())?,
        "page": r.page.is_some(),
        "requestId": r.request_id.as_ref(),
        "next": next,
    ))
}

/// Every operation name of the core's table.
#[wasm_bindgen]
pub fn operations() -> Array {
    peeker_core::OPERATIONS
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect()
}
