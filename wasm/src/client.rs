//! The API model: `clientInfo`, `buildRequest`, `parseResponse` over the core's
//! operation table (`Client::build_operation`, `parse_response`). Stateless: the
//! JavaScript `Client` keeps its configuration and passes it with every call, so
//! a client survives a reset of the module. The API key is redacted from every
//! error message this module produces, whatever the input.
use crate::convert::{
    arg_bytes, arg_headers, arg_number, arg_str, arg_string_list, bad_argument, json_parse, option,
    type_name,
};
use crate::{opt_str, set, JsResult};
use js_sys::{Array, JsString, Object};
use peeker_core::{Client, Code, Error, Operation, Request};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use peeker_core::redact::{contains_api_key, redact_api_key};

/// The client configuration as passed from JavaScript, with the key kept to
/// redact it (the core's rule: `peeker_core::redact`).
struct Config {
    client: Client,
    /// The key as given.
    key: String,
}

/// A core error as a thrown `PeekerError`, without the key.
fn throw_redacted(e: Error, key: &str) -> JsValue {
    crate::js_error(&e.without_api_key(key))
}

fn opt_string(config: &JsValue, key: &str) -> JsResult<Option<String>> {
    let v = option(config, key, "options")?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    arg_str(&v, &format!("options.{key}")).map(Some)
}

fn config(cfg: &JsValue) -> JsResult<Config> {
    if cfg.is_undefined() || cfg.is_null() {
        return Err(bad_argument(
            Code::NullArgument,
            "options are required: new Client({ apiKey: 'pk_test_…' }).",
            "options",
        ));
    }
    if !cfg.is_object() || crate::convert::is_array(cfg).unwrap_or(false) {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!(
                "options must be an object like {{ apiKey: 'pk_test_…' }} (got {}).",
                type_name(cfg)
            ),
            "options",
        ));
    }
    let key_v = option(cfg, "apiKey", "options")?;
    if key_v.is_undefined() || key_v.is_null() {
        return Err(crate::js_error(
            &Error::new(Code::InvalidApiKey, "options.apiKey is required: your pk_live_… or pk_test_… key (Partner portal → Settings → API).")
                .with_field("apiKey"),
        ));
    }
    let Some(key_js) = key_v.dyn_ref::<JsString>() else {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!(
                "options.apiKey must be a string (got {}).",
                type_name(&key_v)
            ),
            "apiKey",
        ));
    };
    // Never echo the key: a lone surrogate in it gets a message without it.
    let key = crate::convert::string_of(key_js, "apiKey")?;
    let mut client = Client::new(&key).map_err(|e| throw_redacted(e.with_field("apiKey"), &key))?;
    if let Some(base) = opt_string(cfg, "baseUrl")? {
        client = client
            .with_base_url(&base)
            .map_err(|e| throw_redacted(e.with_field("baseUrl"), &key))?;
    }
    if let Some(binding) = opt_string(cfg, "binding")? {
        client = client.with_user_agent_suffix(&binding);
    }
    if let Some(ua) = opt_string(cfg, "userAgent")? {
        client = client.with_user_agent_suffix(&ua);
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
    if !options.is_object() || crate::convert::is_array(&options).unwrap_or(false) {
        config(&options)?; // the typed error for a missing or wrong options argument
    }
    let copy: JsValue = Object::new().into();
    for key in ["apiKey", "baseUrl", "userAgent"] {
        set(&copy, key, &option(&options, key, "options")?);
    }
    if !(binding.is_undefined() || binding.is_null()) {
        set(
            &copy,
            "binding",
            &JsValue::from_str(&arg_str(&binding, "binding")?),
        );
    }
    let c = config(&copy)?;
    let o: JsValue = Object::new().into();
    set(
        &o,
        "environment",
        &JsValue::from_str(c.client.environment().as_str()),
    );
    set(&o, "baseUrl", &JsValue::from_str(c.client.base_url()));
    set(&o, "userAgent", &JsValue::from_str(c.client.user_agent()));
    set(&o, "config", &copy);
    Ok(o)
}

/// The plain request object: `{operation, method, url, headers: {name: value}, body,
/// retrySafe}`.
fn request_object(r: &Request, operation: &str) -> JsValue {
    let o: JsValue = Object::new().into();
    set(&o, "operation", &JsValue::from_str(operation));
    set(&o, "retrySafe", &JsValue::from_bool(r.retry_safe));
    set(&o, "method", &JsValue::from_str(r.method.as_str()));
    set(&o, "url", &JsValue::from_str(&r.url));
    let h: JsValue = Object::new().into();
    for (k, v) in &r.headers {
        set(&h, k, &JsValue::from_str(v));
    }
    set(&o, "headers", &h);
    let body = match &r.body {
        Some(b) => JsValue::from_str(&String::from_utf8_lossy(b)),
        None => JsValue::NULL,
    };
    set(&o, "body", &body);
    o
}

fn operation_name(v: &JsValue) -> JsResult<Operation> {
    Operation::parse(&arg_str(v, "operation")?).map_err(|e| crate::js_error(&e))
}

/// The core's JSON parameters from a JavaScript parameter object with the members
/// `id`, `domains`, `body`, `filters`, `perPage` (or `per_page`) and `next`.
fn params(p: &JsValue, key: &str) -> JsResult<Value> {
    let mut out = json!({});
    if p.is_undefined() || p.is_null() {
        return Ok(out);
    }
    if !p.is_object() || crate::convert::is_array(p).unwrap_or(false) {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!("params must be an object (got {}).", type_name(p)),
            "params",
        ));
    }
    let get = |k: &str| option(p, k, "params");
    let id = get("id")?;
    if !(id.is_undefined() || id.is_null()) {
        out["id"] = Value::String(arg_str(&id, "id")?);
    }
    let domains = get("domains")?;
    if !(domains.is_undefined() || domains.is_null()) {
        let list = arg_string_list(&domains, "domains").map_err(|e| redact_js_error(e, key))?;
        out["domains"] = Value::from(list);
    }
    let body = get("body")?;
    if !body.is_undefined() {
        if !body.is_null()
            && (!body.is_object() || crate::convert::is_array(&body).unwrap_or(false))
        {
            return Err(bad_argument(
                Code::InvalidArgument,
                format!("body must be an object (got {}).", type_name(&body)),
                "body",
            ));
        }
        out["body"] = crate::json::to_json(&body, "body")?;
    }
    let filters = get("filters")?;
    if !(filters.is_undefined() || filters.is_null()) {
        if !filters.is_object() || crate::convert::is_array(&filters).unwrap_or(false) {
            return Err(bad_argument(
                Code::InvalidArgument,
                format!(
                    "filters must be an object like {{ status: 'completed' }} (got {}).",
                    type_name(&filters)
                ),
                "filters",
            ));
        }
        out["filters"] = crate::json::to_json(&filters, "filters")?;
    }
    let mut per_page = get("perPage")?;
    if per_page.is_undefined() || per_page.is_null() {
        per_page = get("per_page")?;
    }
    // `options` of the list methods: `{perPage}` (or the number itself).
    let list_options = get("options")?;
    if !(list_options.is_undefined() || list_options.is_null()) {
        per_page = if list_options.is_object()
            && !crate::convert::is_array(&list_options).unwrap_or(false)
        {
            option(&list_options, "perPage", "options")?
        } else {
            list_options
        };
    }
    if !(per_page.is_undefined() || per_page.is_null()) {
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
    if !(next.is_undefined() || next.is_null()) {
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

/// The `ApiError` thrown for an error response (and for a 2xx body that is not
/// the documented shape, with code `unexpected_response`).
#[allow(clippy::too_many_arguments)]
fn api_error(
    code: Code,
    message: String,
    status: u16,
    api_code: Option<&str>,
    api_message: Option<&str>,
    field: Option<&str>,
    details: JsValue,
    request_id: Option<&str>,
    retry: &str,
    retry_after: Option<u64>,
) -> JsValue {
    let err = js_sys::Error::new(&message);
    err.set_name("ApiError");
    let o: &JsValue = err.as_ref();
    set(o, "code", &JsValue::from_str(code.as_str()));
    set(o, "suggestion", &JsValue::NULL);
    set(o, "field", &opt_str(field));
    set(o, "status", &JsValue::from_f64(f64::from(status)));
    set(o, "apiCode", &opt_str(api_code));
    set(o, "apiMessage", &opt_str(api_message));
    set(o, "details", &details);
    set(o, "requestId", &opt_str(request_id));
    set(o, "retry", &JsValue::from_str(retry));
    set(
        o,
        "retryAfterSeconds",
        &retry_after
            .map(|s| JsValue::from_f64(s as f64))
            .unwrap_or(JsValue::NULL),
    );
    err.into()
}

fn from_core_json(v: &Value) -> JsResult {
    json_parse(&v.to_string()).map_err(|_| {
        crate::throw(Error::new(
            Code::Internal,
            "The SDK produced JSON it cannot parse; please report it.",
        ))
    })
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
    let pairs = if headers.is_undefined() || headers.is_null() {
        Vec::new()
    } else {
        arg_headers(&headers, "headers")?
    };
    let body = if body.is_undefined() || body.is_null() {
        Vec::new()
    } else {
        arg_bytes(&body, "body", " Pass the raw response body: `await response.text()` or `new Uint8Array(await response.arrayBuffer())`.")?
    };
    let hp = || pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    let mut r = match peeker_core::parse_response(&c.client, op, status, hp(), &body) {
        Ok(r) => r,
        Err(e) if e.code == Code::UnexpectedResponse => {
            // The core's message names the status and the request id.
            let rid = peeker_core::classify(status, hp(), &body).request_id;
            return Err(api_error(
                e.code,
                redact_api_key(&e.message, &c.key),
                status,
                None,
                None,
                None,
                JsValue::NULL,
                rid.as_deref(),
                "never",
                None,
            ));
        }
        Err(e) => return Err(throw_redacted(e, &c.key)),
    };
    if let Some(e) = r.error.take() {
        // An error answer holds no request (no Authorization header): redact it all.
        let e = e.without_api_key(&c.key);
        let details = match &e.details {
            Some(d) => from_core_json(d)?,
            None => JsValue::NULL,
        };
        return Err(api_error(
            Code::ApiError,
            e.api_error_message(),
            status,
            e.error_code.as_deref(),
            e.message.as_deref(),
            e.field.as_deref(),
            details,
            e.request_id.as_deref(),
            e.retry.as_str(),
            e.retry.after_seconds(),
        ));
    }
    let o: JsValue = Object::new().into();
    let meta = match r.meta() {
        Some(m) => from_core_json(m)?,
        None => JsValue::NULL,
    };
    set(&o, "meta", &meta);
    set(&o, "first", &opt_str(r.first()));
    let data = r.data.unwrap_or(Value::Null);
    set(&o, "data", &from_core_json(&data)?);
    set(&o, "page", &JsValue::from_bool(r.page.is_some()));
    set(&o, "requestId", &opt_str(r.request_id.as_deref()));
    let next = match &r.next {
        Some(n) => request_object(n, op.as_str()),
        None => JsValue::NULL,
    };
    set(&o, "next", &next);
    Ok(o)
}

/// Every operation name of the core's table.
#[wasm_bindgen]
pub fn operations() -> Array {
    peeker_core::OPERATIONS
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect()
}
