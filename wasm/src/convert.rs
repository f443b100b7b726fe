//! Checked conversion of JavaScript arguments. Every failure is a typed error
//! with a binding code (`null_argument`, `invalid_argument`, `invalid_utf8`) and
//! the argument's name in `field`; nothing here can trap.
use crate::{throw, JsResult};
use js_sys::{Array, ArrayBuffer, JsString, Reflect, Uint8Array};
use peeker_core::{Code, Error};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Longest string argument accepted, in UTF-16 code units. The core refuses
/// anything of this size long before (domains: 2 KB; webhook bodies: 1 MiB by
/// default); the cap only keeps a huge string from exhausting the 32-bit
/// WebAssembly memory while it is copied in (UTF-8 takes at most 3 bytes per
/// UTF-16 unit).
pub const MAX_STRING_UNITS: u32 = 16 << 20;
/// Largest byte argument accepted.
pub const MAX_BYTES: u32 = 64 << 20;
/// Most entries of a list argument examined (the core's own limit is lower).
pub const MAX_LIST_ENTRIES: u32 = 1 << 20;

#[wasm_bindgen]
extern "C" {
    /// `Object.entries`, catching what getters and proxies throw.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    pub fn object_entries(o: &JsValue) -> Result<Array, JsValue>;
    /// `JSON.stringify`, catching what `toJSON` and getters throw (and BigInt).
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = stringify)]
    pub fn json_stringify(v: &JsValue) -> Result<JsValue, JsValue>;
    /// `JSON.parse` of text the core produced.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    pub fn json_parse(s: &str) -> Result<JsValue, JsValue>;
    /// The realm's `TextEncoder` (UTF-8; a lone surrogate becomes U+FFFD).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    /// `encodeInto`: `s` as UTF-8 into `dest` (room for 3 bytes a UTF-16 unit: all of it).
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, s: &JsString, dest: &Uint8Array) -> EncodeIntoResult;
    /// What `encodeInto` returns.
    type EncodeIntoResult;
    /// The bytes written.
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
    /// `Array.isArray`, catching a revoked proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub fn is_array(v: &JsValue) -> Result<bool, JsValue>;
}

/// A typed argument error.
pub fn bad_argument(code: Code, message: impl Into<String>, field: &str) -> JsValue {
    throw(Error::new(code, message).with_field(field))
}

/// The `invalid_argument` error of a value of the wrong type: `{name} must be
/// {what} (got {its type}).`
pub fn must_be(v: &JsValue, name: &str, what: &str) -> JsValue {
    let message = format!("{name} must be {what} (got {}).", type_name(v));
    bad_argument(Code::InvalidArgument, message, name)
}

/// `undefined` or `null`: an optional argument left out.
pub fn is_nullish(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

/// An object that is not an array (options, parameters, a body).
pub fn is_record(v: &JsValue) -> bool {
    v.is_object() && !is_array(v).unwrap_or(false)
}

pub use peeker_core::error::shorten;

/// `typeof`-style name of a value for messages (`null`, `array` and `Uint8Array` told apart).
pub fn type_name(v: &JsValue) -> String {
    if v.is_null() {
        return "null".into();
    }
    if is_array(v).unwrap_or(false) {
        return "an array".into();
    }
    let t = v.js_typeof().as_string().unwrap_or_default();
    match t.as_str() {
        "object" => "an object".into(),
        "number" | "boolean" | "bigint" | "symbol" | "function" | "string" => format!("a {t}"),
        _ => t,
    }
}

/// The `null_argument` error of a required argument that is `undefined` or `null`.
pub fn required(v: &JsValue, name: &str) -> JsResult<()> {
    if is_nullish(v) {
        return Err(bad_argument(
            Code::NullArgument,
            format!("{name} is required (got {}).", type_name(v)),
            name,
        ));
    }
    Ok(())
}

/// A JavaScript string argument as a Rust `String`. Refuses non-strings, huge
/// strings, and strings with lone surrogates (which have no UTF-8 form).
pub fn arg_str(v: &JsValue, name: &str) -> JsResult<String> {
    required(v, name)?;
    str_item(v, name)
}

/// [`arg_str`] of an entry of a list, where `null` is a wrong type too.
pub fn str_item(v: &JsValue, name: &str) -> JsResult<String> {
    match v.dyn_ref::<JsString>() {
        Some(js) => string_of(js, name),
        None => Err(must_be(v, name, "a string")),
    }
}

/// Converts a JS string known to be a string.
pub fn string_of(js: &JsString, name: &str) -> JsResult<String> {
    let units = js.length();
    if units > MAX_STRING_UNITS {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!("{name} is {units} characters long; this library takes strings of at most {MAX_STRING_UNITS}."),
            name,
        ));
    }
    // `as_string` replaces lone surrogates with U+FFFD; only then is the slow exact check needed.
    let s = String::from(js);
    if s.contains('\u{FFFD}') && !js.is_valid_utf16() {
        return Err(bad_argument(
            Code::InvalidUtf8,
            format!(
                "{name} contains a lone UTF-16 surrogate, which is not text and has no UTF-8 form."
            ),
            name,
        ));
    }
    Ok(s)
}

/// The UTF-8 bytes of a string argument, with the checks of [`string_of`]; encoded
/// by the engine's `TextEncoder` (a body is kilobytes: the glue's string transfer
/// copies it a character at a time).
fn string_bytes(js: &JsString, name: &str) -> JsResult<Vec<u8>> {
    thread_local! {
        static ENCODER: TextEncoder = TextEncoder::new();
    }
    let units = js.length();
    if units > MAX_STRING_UNITS {
        return string_of(js, name).map(String::into_bytes); // the error
    }
    // Encoded straight into this module's memory (no JavaScript copy of the bytes).
    let cap = units as usize * 3;
    let mut bytes: Vec<u8> = Vec::with_capacity(cap);
    // SAFETY: the view covers the vector's spare capacity, is written by
    // `encodeInto` only during the call (no Rust code runs meanwhile, so memory
    // cannot grow or move), and the length is set to what it wrote (at most `cap`).
    let written = unsafe {
        let view = Uint8Array::view_mut_raw(bytes.as_mut_ptr(), cap);
        let written = ENCODER.with(|e| e.encode_into(js, &view)).written() as usize;
        bytes.set_len(written.min(cap));
        written
    };
    debug_assert!(written <= cap);
    // U+FFFD (EF BF BD) may stand for a lone surrogate: only then the exact check.
    if has_replacement(&bytes) && !js.is_valid_utf16() {
        return string_of(js, name).map(String::into_bytes); // the error
    }
    Ok(bytes)
}

/// Whether UTF-8 `bytes` hold U+FFFD (EF BF BD): a scan for its first byte.
fn has_replacement(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    while let Some(at) = rest.iter().position(|&b| b == 0xEF) {
        if rest[at..].starts_with(&[0xEF, 0xBF, 0xBD]) {
            return true;
        }
        rest = &rest[at + 1..];
    }
    false
}

/// A list of strings: an array or any iterable of strings (a `Set`, say).
/// A wrong entry is an error naming it (`domains[3]`).
pub fn arg_string_list(v: &JsValue, name: &str) -> JsResult<Vec<String>> {
    required(v, name)?;
    let not_list = || must_be(v, name, "an array of strings");
    if v.is_string() || !(v.is_object() || v.is_function()) {
        return Err(not_list());
    }
    let Some(iter) = iterate(v, name)? else {
        return Err(not_list());
    };
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        if i as u32 >= MAX_LIST_ENTRIES {
            return Err(bad_argument(
                Code::TooManyDomains,
                format!("{name} has more than {MAX_LIST_ENTRIES} entries."),
                name,
            ));
        }
        let item = item.map_err(|e| from_js_exception(e, name))?;
        let field = format!("{name}[{i}]");
        if is_nullish(&item) {
            let message = format!(
                "{field} is {}; every entry must be a string.",
                type_name(&item)
            );
            return Err(bad_argument(Code::NullArgument, message, &field));
        }
        out.push(str_item(&item, &field)?);
    }
    Ok(out)
}

/// The iterator of `v`, or `None` when it is not iterable (what its
/// `Symbol.iterator` throws is caught).
fn iterate(v: &JsValue, name: &str) -> JsResult<Option<js_sys::IntoIter>> {
    js_sys::try_iter(v).map_err(|e| from_js_exception(e, name))
}

/// Bytes: a `Uint8Array` (a Node `Buffer` is one), any other `ArrayBufferView`,
/// an `ArrayBuffer`, or a string (taken as UTF-8). `what` shapes the message for
/// other values (objects most likely are parsed JSON).
pub fn arg_bytes(v: &JsValue, name: &str, object_hint: &str) -> JsResult<Vec<u8>> {
    // A `Uint8Array` (a `Buffer`: the usual body) is told first, in the fewest calls out.
    let u8 = v.dyn_ref::<Uint8Array>();
    if u8.is_none() {
        required(v, name)?;
        if let Some(js) = v.dyn_ref::<JsString>() {
            return string_bytes(js, name);
        }
    }
    // `instanceof` fails for bytes from another realm (a Jest sandbox, node:vm, an
    // iframe); `ArrayBuffer.isView` and the `Symbol.toStringTag` of buffers do not.
    let view: Option<Uint8Array> = if let Some(u) = u8 {
        Some(u.clone())
    } else if let Some(buf) = v.dyn_ref::<ArrayBuffer>() {
        Some(Uint8Array::new(buf))
    } else if ArrayBuffer::is_view(v) {
        let get = |k: &str| Reflect::get(v, &JsValue::from_str(k)).ok();
        match (get("buffer"), get("byteOffset"), get("byteLength")) {
            (Some(b), Some(o), Some(l)) => u8_view(&[b, o, l]),
            _ => None,
        }
    } else if is_buffer_object(v) {
        u8_view(std::slice::from_ref(v))
    } else {
        None
    };
    let Some(u) = view else {
        let hint = if v.is_object() { object_hint } else { "" };
        return Err(bad_argument(
            Code::InvalidArgument,
            format!(
                "{name} must be a string, Buffer, Uint8Array or ArrayBuffer (got {}).{hint}",
                type_name(v)
            ),
            name,
        ));
    };
    if u.length() > MAX_BYTES {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!(
                "{name} is {} bytes; this library takes at most {MAX_BYTES}.",
                u.length()
            ),
            name,
        ));
    }
    Ok(u.to_vec())
}

/// [`arg_bytes`], or none for `undefined` and `null`.
pub fn opt_bytes(v: &JsValue, name: &str, object_hint: &str) -> JsResult<Vec<u8>> {
    if is_nullish(v) {
        return Ok(Vec::new());
    }
    arg_bytes(v, name, object_hint)
}

/// `new Uint8Array(...args)` with the realm's constructor; `None` if it throws.
fn u8_view(args: &[JsValue]) -> Option<Uint8Array> {
    let ctor = Reflect::get(&js_sys::global(), &JsValue::from_str("Uint8Array")).ok()?;
    let ctor: &js_sys::Function = ctor.dyn_ref()?;
    let args: Array = args.iter().collect();
    Reflect::construct(ctor, &args)
        .ok()?
        .dyn_into::<Uint8Array>()
        .ok()
}

/// An `ArrayBuffer` or `SharedArrayBuffer` of any realm.
fn is_buffer_object(v: &JsValue) -> bool {
    if !v.is_object() {
        return false;
    }
    let tag = Reflect::get_symbol(
        v.unchecked_ref::<js_sys::Object>(),
        &js_sys::Symbol::to_string_tag(),
    )
    .ok();
    matches!(
        tag.and_then(|t| t.as_string()).as_deref(),
        Some("ArrayBuffer" | "SharedArrayBuffer")
    )
}

/// Name/value pairs of HTTP headers: a Fetch `Headers` (or `Map`, anything with
/// `entries()`), an array of `[name, value]` pairs, or a plain object such as
/// Node's `IncomingHttpHeaders` whose values are strings, arrays of strings
/// (joined with ", " as HTTP does) or numbers. `undefined` values are skipped.
pub fn arg_headers(v: &JsValue, name: &str) -> JsResult<Vec<(String, String)>> {
    required(v, name)?;
    let not_headers = || {
        let what = "a Headers object, an object of header names to values, or an array of [name, value] pairs";
        must_be(v, name, what)
    };
    if !v.is_object() {
        return Err(not_headers());
    }
    let mut out = Vec::new();
    // Headers, Map and arrays of pairs: iterate `[name, value]` entries.
    let entries_fn = Reflect::get(v, &"entries".into()).map_err(|e| from_js_exception(e, name))?;
    let entries: Option<JsValue> = if is_array(v).unwrap_or(false) {
        Some(v.clone())
    } else if let Some(f) = entries_fn.dyn_ref::<js_sys::Function>() {
        Some(f.call0(v).map_err(|e| from_js_exception(e, name))?)
    } else {
        None
    };
    let Some(entries) = entries else {
        for pair in object_entries(v)
            .map_err(|e| from_js_exception(e, name))?
            .iter()
        {
            let pair: &Array = pair.unchecked_ref();
            // A name with a lone surrogate is refused, as in a pair (never mangled).
            push_header(&mut out, arg_str(&pair.get(0), name)?, &pair.get(1), name)?;
        }
        return Ok(out);
    };
    let Some(iter) = iterate(&entries, name)? else {
        return Err(not_headers());
    };
    for (i, pair) in iter.enumerate() {
        if i as u32 >= MAX_LIST_ENTRIES {
            return Err(not_headers());
        }
        let pair = pair.map_err(|e| from_js_exception(e, name))?;
        let field = format!("{name}[{i}]");
        if !is_array(&pair).unwrap_or(false) || pair.unchecked_ref::<Array>().length() != 2 {
            return Err(must_be(&pair, &field, "a [name, value] pair"));
        }
        let pair: &Array = pair.unchecked_ref();
        push_header(&mut out, arg_str(&pair.get(0), &field)?, &pair.get(1), name)?;
    }
    Ok(out)
}

/// [`arg_headers`] or none for `undefined` and `null`.
pub fn opt_headers(v: &JsValue, name: &str) -> JsResult<Vec<(String, String)>> {
    if is_nullish(v) {
        return Ok(Vec::new());
    }
    arg_headers(v, name)
}

/// Header pairs as the core takes them.
pub fn str_pairs(pairs: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))
}

/// Header pairs: borrowed from the one string lib/verifier.mjs made of them, or
/// read by [`arg_headers`].
#[cfg(feature = "http")]
pub enum HeaderList<'f> {
    Flat(Vec<(&'f str, &'f str)>),
    Read(Vec<(String, String)>),
}

/// [`arg_headers`] of `v`, given also `flat`: what lib/verifier.mjs's `flatHeaders`
/// made of `v` in JavaScript for its commonest forms (a plain object or a Fetch
/// `Headers` whose names and values are all strings): `<units>:<name><units>:<value>`
/// for each pair in order, `<units>` the string's length in UTF-16 code units, in
/// decimal. One string crosses into this module instead of a dozen calls per
/// header. `flat` is only ever a shortcut to the result `arg_headers` gives for
/// `v`: when it is absent, or anything about it is not exactly that (malformed, a
/// U+FFFD, which may stand for a lone surrogate, too long), `v` goes through
/// `arg_headers`, which holds every rule and message.
#[cfg(feature = "http")]
pub fn arg_headers_flat<'f>(
    v: &JsValue,
    flat: Option<&'f str>,
    name: &str,
) -> JsResult<HeaderList<'f>> {
    match flat.and_then(decode_flat) {
        Some(pairs) => Ok(HeaderList::Flat(pairs)),
        None => arg_headers(v, name).map(HeaderList::Read),
    }
}

#[cfg(feature = "http")]
fn decode_flat(flat: &str) -> Option<Vec<(&str, &str)>> {
    // Bytes bound UTF-16 units: no string in it is longer than `string_of` takes.
    // The encoder turns a lone surrogate into U+FFFD: such text goes the long way.
    if flat.len() > MAX_STRING_UNITS as usize || flat.contains('\u{FFFD}') {
        return None;
    }
    let mut rest = flat;
    let mut out = Vec::with_capacity(4);
    while !rest.is_empty() {
        if out.len() >= MAX_LIST_ENTRIES as usize {
            return None;
        }
        let name = take_counted(&mut rest)?;
        let value = take_counted(&mut rest)?;
        out.push((name, value));
    }
    Some(out)
}

/// The string `<units>:<text>` at the start of `rest`, and `rest` past it.
#[cfg(feature = "http")]
fn take_counted<'f>(rest: &mut &'f str) -> Option<&'f str> {
    let colon = rest.find(':')?;
    let digits = &rest[..colon];
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let units: usize = digits.parse().ok()?;
    let text = &rest[colon + 1..];
    let (mut seen, mut end) = (0, 0);
    let mut chars = text.chars();
    while seen < units {
        let c = chars.next()?;
        seen += c.len_utf16();
        end += c.len_utf8();
    }
    if seen != units {
        return None;
    }
    let (item, after) = text.split_at(end);
    *rest = after;
    Some(item)
}

/// Adds the header `hname` of [`arg_headers`]'s `name` unless `v` is `undefined` or `null`.
fn push_header(
    out: &mut Vec<(String, String)>,
    hname: String,
    v: &JsValue,
    name: &str,
) -> JsResult<()> {
    if is_nullish(v) {
        return Ok(());
    }
    let field = format!("{name}[\"{}\"]", shorten(&hname));
    let value = if let Some(js) = v.dyn_ref::<JsString>() {
        string_of(js, &field)?
    } else if let Some(n) = v
        .as_f64()
        .filter(|n| n.is_finite() && n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15)
    {
        format!("{}", n as i64)
    } else if is_array(v).unwrap_or(false) {
        let arr: &Array = v.unchecked_ref();
        let parts: Vec<String> = arr
            .iter()
            .enumerate()
            .map(|(i, item)| str_item(&item, &format!("{field}[{i}]")))
            .collect::<JsResult<_>>()?;
        parts.join(", ")
    } else {
        return Err(must_be(v, &field, "a string or an array of strings"));
    };
    out.push((hname, value));
    Ok(())
}

/// A finite number argument within `[min, max]`, integral when `integer`.
pub fn arg_number(v: &JsValue, name: &str, min: f64, max: f64, integer: bool) -> JsResult<f64> {
    required(v, name)?;
    let Some(n) = v.as_f64() else {
        return Err(must_be(v, name, "a number"));
    };
    number_in(n, name, min, max, integer)
}

/// The range rule of [`arg_number`], for a number already read.
pub fn number_in(n: f64, name: &str, min: f64, max: f64, integer: bool) -> JsResult<f64> {
    if !n.is_finite() || n < min || n > max || (integer && n.fract() != 0.0) {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!(
                "{name} must be {} between {min} and {max} (got {n}).",
                if integer { "an integer" } else { "a number" }
            ),
            name,
        ));
    }
    Ok(n)
}

/// A JavaScript exception thrown by user code while reading an argument (a getter,
/// a proxy trap, `toJSON`), as a typed error that keeps the original as `cause`.
pub fn from_js_exception(e: JsValue, name: &str) -> JsValue {
    let detail = e
        .dyn_ref::<js_sys::Error>()
        .map(|x| String::from(x.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "an exception".into());
    let err = bad_argument(
        Code::InvalidArgument,
        format!("Reading {name} threw: {}", shorten(&detail)),
        name,
    );
    crate::set(&err, "cause", &e);
    err
}

/// An optional property of an options object (`undefined` when absent).
pub fn option(opts: &JsValue, key: &str, name: &str) -> JsResult<JsValue> {
    option_at(opts, || JsValue::from_str(key), name)
}

/// [`option`] with the key as a JavaScript string made by `key` only when it is
/// read (a caller on a hot path passes one it keeps: making it is a call out).
pub fn option_at(opts: &JsValue, key: impl FnOnce() -> JsValue, name: &str) -> JsResult<JsValue> {
    if opts.is_undefined() || opts.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !is_record(opts) {
        return Err(must_be(opts, name, "an object"));
    }
    Reflect::get(opts, &key()).map_err(|e| from_js_exception(e, name))
}

/// The number `options.{key}` (checked as [`arg_number`]), or `None` when it is `undefined`.
pub fn opt_number(
    options: &JsValue,
    key: &str,
    min: f64,
    max: f64,
    integer: bool,
) -> JsResult<Option<f64>> {
    let v = option(options, key, "options")?;
    if v.is_undefined() {
        return Ok(None);
    }
    arg_number(&v, &format!("options.{key}"), min, max, integer).map(Some)
}

/// The JSON text of an object argument: `JSON.stringify(v)` (what `toJSON` or a
/// getter throws is caught), `invalid_json` when it has none.
pub fn stringify(v: &JsValue, name: &str) -> JsResult<String> {
    let text = json_stringify(v).map_err(|e| from_js_exception(e, name))?;
    match text.dyn_ref::<JsString>() {
        Some(js) => string_of(js, name),
        None => {
            let message = format!("{name} has no JSON form.");
            Err(bad_argument(Code::InvalidJson, message, name))
        }
    }
}
