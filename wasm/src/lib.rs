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
use js_sys::{Array, JsString, Reflect};
use peeker_core::{BatchLimit, Code, DomainSet, Error, RootDomain};
use wasm_bindgen::prelude::*;

/// A Rust value as JavaScript sees it, for [`object!`]: `None` is `null`.
pub(crate) trait ToJs {
    fn to_js(self) -> JsValue;
}

macro_rules! to_js {
    ($($t:ty => $f:expr),* $(,)?) => {$(
        impl ToJs for $t {
            fn to_js(self) -> JsValue {
                ($f)(self)
            }
        }
    )*};
}
to_js!(
    JsValue => |v| v,
    &str => JsValue::from_str,
    &String => |s: &String| JsValue::from_str(s),
    bool => JsValue::from_bool,
    Array => JsValue::from,
    u16 => |n| JsValue::from_f64(f64::from(n)),
    u32 => |n| JsValue::from_f64(f64::from(n)),
    u64 => |n| JsValue::from_f64(n as f64),
    usize => |n| JsValue::from_f64(n as f64),
);
impl<T: ToJs> ToJs for Option<T> {
    fn to_js(self) -> JsValue {
        self.map_or(JsValue::NULL, ToJs::to_js)
    }
}

/// A plain object with these members, in this order (values: [`ToJs`]); `@on
/// target;` sets them on `target` instead.
macro_rules! object {
    (@on $target:expr; $($key:literal: $value:expr),* $(,)?) => {{
        let o: JsValue = $target;
        $($crate::set(&o, $key, &$crate::ToJs::to_js($value));)*
        o
    }};
    ($($key:literal: $value:expr),* $(,)?) => {
        object!(@on js_sys::Object::new().into(); $($key: $value),*)
    };
}

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
pub(crate) fn throw(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name("PeekerError");
    object!(@on err.into();
        "code": e.code.as_str(),
        "suggestion": e.suggestion.as_deref(),
        "field": e.field.as_deref(),
    )
}

pub(crate) fn set(obj: &JsValue, key: &str, value: &JsValue) {
    // Setting an own data property on an ordinary object we created cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn root_domain_object(d: &RootDomain) -> JsValue {
    object!("ascii": &d.ascii, "unicode": &d.unicode)
}

fn domain_set_object(set: &DomainSet) -> JsValue {
    let errors = set.errors.iter().map(|ie| {
        let e = &ie.error;
        object!(
            "index": ie.index,
            "code": e.code.as_str(),
            "message": &e.message,
            "suggestion": e.suggestion.as_deref(),
            "field": e.field.as_deref(),
        )
    });
    object!(
        "domains": set.domains.iter().map(root_domain_object).collect::<Array>(),
        "ascii": set.domains.iter().map(|d| JsValue::from_str(&d.ascii)).collect::<Array>(),
        "key": set.key().as_ref(),
        "errors": errors.collect::<Array>(),
    )
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
        wasm_bindgen::throw_val(throw(e));
    }));
}

/// `normalizeRootDomain(input)`: the root domain `{ascii, unicode}`, or throws.
#[wasm_bindgen(js_name = normalizeRootDomain)]
pub fn normalize_root_domain(input: JsValue) -> JsResult {
    let s = arg_str(&input, "input")?;
    let d = peeker_core::normalize_root_domain(&s).map_err(throw)?;
    Ok(root_domain_object(&d))
}

/// `registrableDomain(input)`: the registrable domain (A-label form) or `null`.
#[wasm_bindgen(js_name = registrableDomain)]
pub fn registrable_domain(input: JsValue) -> JsResult {
    let s = arg_str(&input, "input")?;
    Ok(peeker_core::registrable_domain(&s).as_ref().to_js())
}

/// `publicSuffix(input)`: the public suffix (A-label form) or `null`.
#[wasm_bindgen(js_name = publicSuffix)]
pub fn public_suffix(input: JsValue) -> JsResult {
    let s = arg_str(&input, "input")?;
    Ok(peeker_core::public_suffix(&s).as_ref().to_js())
}

/// `domainSet(inputs)`: `{domains, ascii, key, errors}`; entry errors are reported, not thrown.
#[wasm_bindgen(js_name = domainSet)]
pub fn domain_set(inputs: JsValue) -> JsResult {
    let list = arg_string_list(&inputs, "domains")?;
    Ok(domain_set_object(&DomainSet::new(&list).map_err(throw)?))
}

/// `checkDomainSet(inputs, limit)`: like `domainSet`, but throws unless the set is
/// usable for one request to the endpoint of `limit`.
#[wasm_bindgen(js_name = checkDomainSet)]
pub fn check_domain_set(inputs: JsValue, limit: JsValue) -> JsResult {
    let limit_name = arg_str(&limit, "limit")?;
    let limit = BatchLimit::parse(&limit_name).map_err(throw)?;
    let list = arg_string_list(&inputs, "domains")?;
    let set = DomainSet::new(&list).map_err(throw)?;
    set.check(limit).map_err(throw)?;
    Ok(domain_set_object(&set))
}

/// `batchLimit(name)`: the most domains one request to that endpoint takes.
#[wasm_bindgen(js_name = batchLimit)]
pub fn batch_limit(name: JsValue) -> JsResult {
    let l = BatchLimit::parse(&arg_str(&name, "limit")?).map_err(throw)?;
    Ok(l.max().to_js())
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
    let c = code.as_string().as_deref().and_then(Code::from_str_code);
    c.map(|c| c.number()).to_js()
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
