//! # peeker-wasm
//!
//! The WebAssembly build of the Peeker Partner API SDK, as used by the npm package
//! `@peeker/sdk` (`bindings/node`): a thin wasm-bindgen layer over `peeker-core`.
//! It converts JavaScript values to Rust and back and turns every
//! [`peeker_core::Error`] into a JavaScript `Error` whose `name` is `PeekerError`,
//! with the stable `code`, the `suggestion` and the `field`. It holds no rule of
//! its own: validation, hashing and parsing all happen in the core.
//!
//! Robustness: every argument arrives as an untyped `JsValue` and is checked here
//! (wrong type, `undefined`, lone surrogates, absurd sizes), so that bad input
//! gives a typed error, never a trap. Calls that can run user code (getters,
//! proxies, `toJSON`, iterators) go through imports that catch JavaScript
//! exceptions. Should a panic happen anyway (a bug), a panic hook turns it into a
//! `PeekerError` with code `internal` and schedules a fresh instance for the next
//! call, so one bug cannot poison the module.
use js_sys::{Array, JsString, Object, Reflect};
use peeker_core::{BatchLimit, Code, DomainSet, Error, RootDomain};
use wasm_bindgen::prelude::*;

#[cfg(feature = "api")]
mod client;
mod fast;
// Without the `http` feature some argument conversions have no caller.
#[cfg_attr(not(feature = "http"), allow(dead_code))]
mod convert;
#[cfg(feature = "http")]
mod http;
#[cfg(feature = "api")]
mod json;
#[cfg(feature = "api")]
mod poll;
#[cfg(feature = "api")]
mod tracker;
#[cfg(feature = "http")]
mod webhook;

use convert::{arg_str, arg_string_list};

/// Result of every export: a value, or a thrown `PeekerError`.
type JsResult<T = JsValue> = Result<T, JsValue>;

/// The `Error` object thrown to JavaScript for a core error.
pub(crate) fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name("PeekerError");
    let obj: &JsValue = err.as_ref();
    set(obj, "code", &JsValue::from_str(e.code.as_str()));
    set(obj, "suggestion", &opt_str(e.suggestion.as_deref()));
    set(obj, "field", &opt_str(e.field.as_deref()));
    err.into()
}

pub(crate) fn throw(e: Error) -> JsValue {
    js_error(&e)
}

pub(crate) fn set(obj: &JsValue, key: &str, value: &JsValue) {
    // Setting an own data property on an ordinary object we created cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

pub(crate) fn opt_str(s: Option<&str>) -> JsValue {
    match s {
        Some(s) => JsValue::from_str(s),
        None => JsValue::NULL,
    }
}

fn root_domain_object(d: &RootDomain) -> JsValue {
    let o: JsValue = Object::new().into();
    set(&o, "ascii", &JsValue::from_str(&d.ascii));
    set(&o, "unicode", &JsValue::from_str(&d.unicode));
    o
}

/// A plain object for one entry error of a domain set: `{index, code, message, suggestion, field}`.
fn indexed_error_object(index: usize, e: &Error) -> JsValue {
    let o: JsValue = Object::new().into();
    set(&o, "index", &JsValue::from_f64(index as f64));
    set(&o, "code", &JsValue::from_str(e.code.as_str()));
    set(&o, "message", &JsValue::from_str(&e.message));
    set(&o, "suggestion", &opt_str(e.suggestion.as_deref()));
    set(&o, "field", &opt_str(e.field.as_deref()));
    o
}

fn domain_set_object(set_: &DomainSet) -> JsValue {
    let o: JsValue = Object::new().into();
    let domains: Array = set_.domains.iter().map(root_domain_object).collect();
    let ascii: Array = set_
        .domains
        .iter()
        .map(|d| JsValue::from_str(&d.ascii))
        .collect();
    let errors: Array = set_
        .errors
        .iter()
        .map(|ie| indexed_error_object(ie.index, &ie.error))
        .collect();
    set(&o, "domains", &domains);
    set(&o, "ascii", &ascii);
    set(&o, "key", &opt_str(set_.key().as_deref()));
    set(&o, "errors", &errors);
    o
}

/// Installs the panic hook (see the crate docs). Runs when the instance starts.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        // The instance is in an unknown state: get a fresh one for the next call.
        wasm_bindgen::handler::schedule_reinit();
        let at = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        // The payload is not included: it could quote input.
        let e = Error::new(
            Code::Internal,
            format!("Internal error in the Peeker SDK{at}; please report it. The module has been reset."),
        );
        wasm_bindgen::throw_val(js_error(&e));
    }));
}

/// `normalizeRootDomain(input)`: the root domain `{ascii, unicode}`, or throws.
#[wasm_bindgen(js_name = normalizeRootDomain)]
pub fn normalize_root_domain(input: JsValue) -> JsResult {
    let s = arg_str(&input, "input")?;
    match peeker_core::normalize_root_domain(&s) {
        Ok(d) => Ok(root_domain_object(&d)),
        Err(e) => Err(throw(e)),
    }
}

/// `registrableDomain(input)`: the registrable domain (A-label form) or `null`.
#[wasm_bindgen(js_name = registrableDomain)]
pub fn registrable_domain(input: JsValue) -> JsResult {
    let s = arg_str(&input, "input")?;
    Ok(opt_str(peeker_core::registrable_domain(&s).as_deref()))
}

/// `publicSuffix(input)`: the public suffix (A-label form) or `null`.
#[wasm_bindgen(js_name = publicSuffix)]
pub fn public_suffix(input: JsValue) -> JsResult {
    let s = arg_str(&input, "input")?;
    Ok(opt_str(peeker_core::public_suffix(&s).as_deref()))
}

/// `domainSet(inputs)`: `{domains, ascii, key, errors}`; entry errors are reported, not thrown.
#[wasm_bindgen(js_name = domainSet)]
pub fn domain_set(inputs: JsValue) -> JsResult {
    let list = arg_string_list(&inputs, "domains")?;
    let set_ = DomainSet::new(&list).map_err(throw)?;
    Ok(domain_set_object(&set_))
}

/// `checkDomainSet(inputs, limit)`: like `domainSet`, but throws unless the set is
/// usable for one request to the endpoint of `limit`.
#[wasm_bindgen(js_name = checkDomainSet)]
pub fn check_domain_set(inputs: JsValue, limit: JsValue) -> JsResult {
    let limit_name = arg_str(&limit, "limit")?;
    let limit = BatchLimit::parse(&limit_name).map_err(throw)?;
    let list = arg_string_list(&inputs, "domains")?;
    let set_ = DomainSet::new(&list).map_err(throw)?;
    set_.check(limit).map_err(throw)?;
    Ok(domain_set_object(&set_))
}

/// `batchLimit(name)`: the most domains one request to that endpoint takes.
#[wasm_bindgen(js_name = batchLimit)]
pub fn batch_limit(name: JsValue) -> JsResult {
    let n = arg_str(&name, "limit")?;
    let l = BatchLimit::parse(&n).map_err(throw)?;
    Ok(JsValue::from_f64(l.max() as f64))
}

/// The SDK version.
#[wasm_bindgen]
pub fn version() -> String {
    peeker_core::VERSION.to_string()
}

/// The version of the compiled Public Suffix List.
#[wasm_bindgen(js_name = pslVersion)]
pub fn psl_version() -> String {
    peeker_core::psl::version().to_string()
}

/// The commit of the compiled Public Suffix List.
#[wasm_bindgen(js_name = pslCommit)]
pub fn psl_commit() -> String {
    peeker_core::psl::commit().to_string()
}

/// Every stable error code string, in numeric order.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Array {
    Code::ALL
        .iter()
        .map(|c| JsValue::from_str(c.as_str()))
        .collect()
}

/// The stable number of an error code string (the C status), or `null`.
#[wasm_bindgen(js_name = errorCodeNumber)]
pub fn error_code_number(code: JsValue) -> JsValue {
    match code.as_string().as_deref().and_then(Code::from_str_code) {
        Some(c) => JsValue::from_f64(c.number() as f64),
        None => JsValue::NULL,
    }
}

/// Test hook: panics, to check that a panic becomes a `PeekerError` with code
/// `internal` and that the instance recovers. Not part of the public API.
#[doc(hidden)]
#[wasm_bindgen(js_name = __testPanic)]
pub fn test_panic(really: JsValue) {
    if really.as_bool() == Some(true) {
        let v: Vec<u8> = Vec::new();
        // An out-of-bounds index: a real panic from real code.
        let i = JsString::from("x").length() as usize + 1;
        std::hint::black_box(v[i]);
    }
}
