//! Webhooks: one `Verifier` class (made once, keyed once per secret) for every
//! delivery, `verifyWebhook` / `verifyWebhookIgnoringTimestamp` as one-call
//! forms of it, and `signWebhook`. Header matching, parsing and every rule are
//! the core's; this file only converts JavaScript values.
use crate::convert::{
    arg_bytes, arg_headers, arg_headers_flat, arg_number, arg_str, bad_argument, from_js_exception,
    is_array, is_nullish, must_be, number_in, opt_number, option, option_at, str_item, str_pairs,
    string_of, HeaderList, MAX_LIST_ENTRIES,
};
use crate::http::{from_core_json, internal_json, MAX_SAFE};
use crate::{throw, JsResult};
use js_sys::JsString;
use peeker_core::webhook::{self, Headers, HostSha256, VerifierOptions};
use peeker_core::{Code, Error};
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a JS string as it is (no copy through this module).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse_text(text: &JsString) -> Result<JsValue, JsValue>;
}

const RAW_BODY_HINT: &str = " It looks like an already parsed body: pass the raw request body instead (the exact \
                             bytes received, e.g. express.raw({ type: 'application/json' }), `await request.text()` \
                             or `Buffer.from(await request.arrayBuffer())`), because the signature covers those bytes.";

/// The secret argument: a string, or an array of strings (rotation). Absent
/// means no secret: the core's `invalid_secret`.
fn arg_secrets(v: &JsValue) -> JsResult<Vec<String>> {
    if is_nullish(v) {
        return Ok(Vec::new());
    }
    if let Some(js) = v.dyn_ref::<JsString>() {
        return Ok(vec![string_of(js, "secret")?]);
    }
    if !is_array(v).unwrap_or(false) {
        return Err(must_be(v, "secret", "a string or an array of strings"));
    }
    let arr: &js_sys::Array = v.unchecked_ref();
    if arr.length() > MAX_LIST_ENTRIES {
        let message = "Too many webhook secrets.";
        return Err(bad_argument(Code::InvalidSecret, message, "secret"));
    }
    (0..arr.length())
        .map(|i| {
            let item =
                js_sys::Reflect::get_u32(arr, i).map_err(|e| from_js_exception(e, "secret"))?;
            str_item(&item, &format!("secret[{i}]"))
        })
        .collect()
}

/// A host's SHA-256 (`options.sha256`), for the core's `HostSha256`.
struct JsSha256(js_sys::Function);

// SAFETY: this module is built for wasm32 without the `atomics` feature (refused
// below): one thread, so the JavaScript function never leaves it.
unsafe impl Send for JsSha256 {}
unsafe impl Sync for JsSha256 {}
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
compile_error!("peeker-wasm's JsSha256 assumes a single-threaded module");

impl HostSha256 for JsSha256 {
    fn sha256(&self, data: &[u8]) -> Result<[u8; 32], Error> {
        host_sha256(&self.0, data)
    }
}

/// Verifies webhook deliveries: `new Verifier(secret, {tolerance, maxBodyBytes,
/// sha256})`, then `verify(body, headers, {now})` for every delivery.
///
/// `sha256` (optional): a host SHA-256 `(data) => Uint8Array(32)` (Node passes
/// node:crypto's), the inner hash of the core's HMAC-SHA256 (`data`: a view of
/// this module's memory, for the call only). The core decides what is hashed,
/// finishes the MAC and compares; the host only computes.
#[wasm_bindgen]
pub struct Verifier {
    verifier: webhook::Verifier,
}

#[wasm_bindgen]
impl Verifier {
    /// `new Verifier(secret, options?)`: throws what verifying would (e.g.
    /// `invalid_secret`), at once.
    #[wasm_bindgen(constructor)]
    pub fn new(secret: JsValue, options: JsValue) -> JsResult<Verifier> {
        let secrets = arg_secrets(&secret)?;
        let mut o = VerifierOptions::new(&secrets);
        if let Some(t) = opt_number(&options, "tolerance", 0.0, MAX_SAFE, true)? {
            o = o.tolerance_secs(t as u64);
        }
        if let Some(max) = opt_number(&options, "maxBodyBytes", 1.0, MAX_SAFE, true)? {
            o = o.max_body_bytes(max as usize);
        }
        let sha = option(&options, "sha256", "options")?;
        if !sha.is_undefined() {
            let Some(f) = sha.dyn_ref::<js_sys::Function>() else {
                return Err(must_be(&sha, "options.sha256", "a function"));
            };
            o = o.host_sha256(Arc::new(JsSha256(f.clone())));
        }
        let verifier = webhook::Verifier::new(o).map_err(throw)?;
        Ok(Verifier { verifier })
    }

    /// `verify(body, headers, {now}?)`: the event `{id, type, created_at, data}`,
    /// or throws. `now`: Unix seconds (default: the clock).
    ///
    /// From lib/verifier.mjs: `flat`, the headers as one string (see
    /// [`arg_headers_flat`]); `now`, `options.now` when `options` is a plain object
    /// and that is a number (read once there), else undefined (read here).
    pub fn verify(
        &self,
        body: JsValue,
        headers: JsValue,
        options: JsValue,
        flat: Option<String>,
        now: Option<f64>,
    ) -> JsResult {
        // In the order of `verifyWebhook`: the body, the headers, then the time.
        let bytes = arg_bytes(&body, "body", RAW_BODY_HINT)?;
        let pairs = arg_headers_flat(&headers, flat.as_deref(), "headers")?;
        let now = match now {
            Some(n) => number_in(n, "options.now", -MAX_SAFE, MAX_SAFE, false)?.floor() as i64,
            None => read_now(&options)?,
        };
        self.finish(&body, &bytes, &pairs, Some(now))
    }

    /// `verifyIgnoringTimestamp(body, headers)`: for replaying stored deliveries;
    /// never for live traffic.
    #[wasm_bindgen(js_name = verifyIgnoringTimestamp)]
    pub fn verify_ignoring_timestamp(
        &self,
        body: JsValue,
        headers: JsValue,
        flat: Option<String>,
    ) -> JsResult {
        let bytes = arg_bytes(&body, "body", RAW_BODY_HINT)?;
        let pairs = arg_headers_flat(&headers, flat.as_deref(), "headers")?;
        self.finish(&body, &bytes, &pairs, None)
    }
}

impl Verifier {
    /// The verification once the arguments are converted (`body` from `body_js`).
    fn finish(
        &self,
        body_js: &JsValue,
        body: &[u8],
        pairs: &HeaderList<'_>,
        now: Option<i64>,
    ) -> JsResult {
        let h = match pairs {
            HeaderList::Flat(p) => Headers::from_pairs(p.iter().copied()),
            HeaderList::Read(p) => Headers::from_pairs(str_pairs(p)),
        };
        let event = self.verifier.verify_raw(body, &h, now).map_err(throw)?;
        let out = match (event.envelope_body, body_js.dyn_ref::<JsString>()) {
            // The body is exactly `{id, type, created_at, data}`: parse the text the
            // caller gave when it is one, with no copy (else the verified bytes, as
            // text, UTF-8 checked once, by the core).
            (Some(_), Some(text)) => json_parse_text(text).map_err(|_| internal_json())?,
            (Some(text), None) => from_core_json(text)?,
            // `{id, type, created_at, data}`, in that order; `data` as sent (the
            // sender's key order), parsed once by JSON.parse.
            (None, _) => from_core_json(&event.to_json())?,
        };
        set_secret_index(&out, event.secret_index)?;
        Ok(out)
    }
}

/// `event.secretIndex`: which configured secret matched (0-based), a
/// non-enumerable property (the event's JSON and its keys stay the envelope's).
fn set_secret_index(event: &JsValue, index: Option<usize>) -> JsResult<()> {
    thread_local! {
        // Made once (per instance): set on every delivery.
        static KEY: JsValue = JsValue::from_str("secretIndex");
        // The descriptors `{value: i}`, made once per index (a delivery reuses one:
        // defineProperty reads it, nothing keeps it).
        static DESCRIPTORS: std::cell::RefCell<Vec<js_sys::Object>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Some(obj) = event.dyn_ref::<js_sys::Object>() else {
        return Ok(());
    };
    // -1 (no index: not verified) is slot 0, index i is slot i + 1.
    let slot = index.map_or(0, |i| i + 1);
    let desc = DESCRIPTORS.with(|d| -> JsResult<js_sys::Object> {
        let mut d = d.borrow_mut();
        while d.len() <= slot {
            let desc = js_sys::Object::new();
            let n = JsValue::from_f64(d.len() as f64 - 1.0);
            js_sys::Reflect::set(&desc, &JsValue::from_str("value"), &n)
                .map_err(|e| from_js_exception(e, "event"))?;
            d.push(desc);
        }
        Ok(d[slot].clone())
    })?;
    KEY.with(|k| js_sys::Object::define_property(obj, k, &desc));
    Ok(())
}

/// `options.now` (Unix seconds), or the clock.
fn read_now(options: &JsValue) -> JsResult<i64> {
    thread_local! {
        // Made once (per instance): read for every delivery.
        static NOW: JsValue = JsValue::from_str("now");
    }
    let now = option_at(options, || NOW.with(JsValue::clone), "options")?;
    let now = if now.is_undefined() {
        (js_sys::Date::now() / 1000.0).floor()
    } else {
        arg_number(&now, "options.now", -MAX_SAFE, MAX_SAFE, false)?.floor()
    };
    Ok(now as i64)
}

/// The options of the one-call forms: `tolerance` only where the time is checked.
fn one_call_options(options: &JsValue, with_time: bool) -> JsResult<JsValue> {
    let o: JsValue = js_sys::Object::new().into();
    let keys: &[&str] = if with_time {
        &["tolerance", "maxBodyBytes"]
    } else {
        &["maxBodyBytes"]
    };
    for &key in keys {
        let v = option(options, key, "options")?;
        if !v.is_undefined() {
            // Checked: a setter that a polluted Object.prototype has for the key
            // may throw, and the option must not then be dropped in silence.
            js_sys::Reflect::set(&o, &JsValue::from_str(key), &v)
                .map_err(|e| crate::convert::from_js_exception(e, "options"))?;
        }
    }
    Ok(o)
}

/// `verifyWebhook(body, headers, secret, {now, tolerance, maxBodyBytes})`: the one-call
/// form of `new Verifier(secret, options).verify(body, headers, options)`.
#[wasm_bindgen(js_name = verifyWebhook)]
pub fn verify_webhook(
    body: JsValue,
    headers: JsValue,
    secret: JsValue,
    options: JsValue,
) -> JsResult {
    one_call(body, headers, secret, options, true)
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
    one_call(body, headers, secret, options, false)
}

/// The one-call forms, the time checked when `with_time`.
fn one_call(
    body: JsValue,
    headers: JsValue,
    secret: JsValue,
    options: JsValue,
    with_time: bool,
) -> JsResult {
    // The body first: a parsed body is the usual mistake, reported as such.
    let bytes = arg_bytes(&body, "body", RAW_BODY_HINT)?;
    let pairs = HeaderList::Read(arg_headers(&headers, "headers")?);
    let v = Verifier::new(secret, one_call_options(&options, with_time)?)?;
    let now = if with_time {
        Some(read_now(&options)?)
    } else {
        None
    };
    v.finish(&body, &bytes, &pairs, now)
}

/// Asks the host for SHA-256 of `data`, lent as a view of this module's memory
/// (nothing here allocates while the host reads it).
fn host_sha256(f: &js_sys::Function, data: &[u8]) -> Result<[u8; 32], Error> {
    let failed = |why: &str| {
        Error::new(
            Code::Internal,
            format!("The host SHA-256 (node:crypto) failed: {why}; please report it."),
        )
    };
    // SAFETY: the view is used by the host function only during this call, and no
    // Rust code runs (so linear memory cannot grow or move) until it returns.
    let out = unsafe { f.call1(&JsValue::NULL, &js_sys::Uint8Array::view(data)) }.map_err(|e| {
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
    let mut digest = [0u8; 32];
    bytes.copy_to(&mut digest);
    Ok(digest)
}

/// `diagnoseWebhook(body, headers, secret, {now})`: which signed message and key
/// encoding a captured delivery matches, and its age: `{scheme, key, age_seconds,
/// verifies, causes: [{code, message}], report}` (the core's findings as they are).
/// For setting up an endpoint, never for accepting a delivery.
#[wasm_bindgen(js_name = diagnoseWebhook)]
pub fn diagnose_webhook(
    body: JsValue,
    headers: JsValue,
    secret: JsValue,
    options: JsValue,
) -> JsResult {
    let bytes = arg_bytes(&body, "body", RAW_BODY_HINT)?;
    let pairs = arg_headers(&headers, "headers")?;
    let secret = arg_str(&secret, "secret")?;
    let now = read_now(&options)?;
    let h = Headers::from_pairs(str_pairs(&pairs));
    let d = webhook::diagnose(&secret, &h, &bytes, now).map_err(throw)?;
    from_core_json(&d.to_json())
}

/// `signWebhook(body, secret, timestamp)`: the `Peeker-Signature` value `v1=<hex>`.
#[wasm_bindgen(js_name = signWebhook)]
pub fn sign_webhook(body: JsValue, secret: JsValue, timestamp: JsValue) -> JsResult {
    let body = arg_bytes(&body, "body", "")?;
    let secret = arg_str(&secret, "secret")?;
    let ts = arg_number(&timestamp, "timestamp", -MAX_SAFE, MAX_SAFE, true)?;
    Ok(JsValue::from_str(&webhook::sign(&body, &secret, ts as i64)))
}
