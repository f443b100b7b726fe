//! JavaScript values to `serde_json::Value`, for request bodies, filters and
//! tracker events. Stricter than `JSON.stringify`, which silently turns `NaN`
//! into `null` and drops functions: a value JSON cannot carry is a typed error
//! whose `field` is its path in the API's own style (`personas[0].first_name`).
//! `undefined` object members are skipped (an optional field left out), as
//! `JSON.stringify` does; `toJSON()` is honoured (a `Date` becomes its ISO text).
//! Every call into user code (getters, proxies, `toJSON`) is caught.
use crate::convert::{
    bad_argument, from_js_exception, is_array, object_entries, string_of, type_name,
    MAX_LIST_ENTRIES,
};
use crate::JsResult;
use js_sys::{Array, JsString, Reflect};
use peeker_core::Code;
use serde_json::{Map, Number, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Deepest nesting accepted (API bodies are 3 levels deep; a cycle ends here).
pub const MAX_DEPTH: u32 = 64;

fn member(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `root` names the whole value in messages when `path` is empty (e.g. `body`).
pub fn to_json(v: &JsValue, root: &str) -> JsResult<Value> {
    walk(v, "", root, 0)
}

/// Like [`to_json`], with member paths under `path` (`event.data.id`).
pub fn to_json_under(v: &JsValue, path: &str) -> JsResult<Value> {
    walk(v, path, path, 0)
}

fn walk(v: &JsValue, path: &str, root: &str, depth: u32) -> JsResult<Value> {
    let name = if path.is_empty() { root } else { path };
    if depth > MAX_DEPTH {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!("{name} is nested deeper than {MAX_DEPTH} levels (a cycle?)."),
            name,
        ));
    }
    if v.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(js) = v.dyn_ref::<JsString>() {
        return Ok(Value::String(string_of(js, name)?));
    }
    if let Some(n) = v.as_f64() {
        return number(n, name);
    }
    if v.is_bigint() {
        return Err(bad_argument(
            Code::UnsupportedNumber,
            format!("{name} is a BigInt; send a number (integers up to 2^53) instead."),
            name,
        ));
    }
    if v.is_undefined() || v.is_function() || v.is_symbol() {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!("{name} is {}, which has no JSON form.", type_name(v)),
            name,
        ));
    }
    // Objects from here on.
    if is_array(v).map_err(|e| from_js_exception(e, name))? {
        let arr: &Array = v.unchecked_ref();
        let len = arr.length();
        if len > MAX_LIST_ENTRIES {
            return Err(bad_argument(
                Code::InvalidArgument,
                format!("{name} has {len} entries; too many."),
                name,
            ));
        }
        let mut out = Vec::with_capacity(len.min(1024) as usize);
        for i in 0..len {
            let p = format!("{name}[{i}]");
            let item = Reflect::get_u32(arr, i).map_err(|e| from_js_exception(e, &p))?;
            if item.is_undefined() {
                return Err(bad_argument(
                    Code::NullArgument,
                    format!("{p} is undefined."),
                    &p,
                ));
            }
            out.push(walk(&item, &p, root, depth + 1)?);
        }
        return Ok(Value::Array(out));
    }
    let to_json =
        Reflect::get(v, &JsValue::from_str("toJSON")).map_err(|e| from_js_exception(e, name))?;
    if let Some(f) = to_json.dyn_ref::<js_sys::Function>() {
        let key = path
            .rsplit(['.', '['])
            .next()
            .unwrap_or("")
            .trim_end_matches(']');
        let r = f
            .call1(v, &JsValue::from_str(key))
            .map_err(|e| from_js_exception(e, name))?;
        return walk(&r, path, root, depth + 1);
    }
    if v.is_instance_of::<js_sys::Map>()
        || v.is_instance_of::<js_sys::Set>()
        || js_sys::ArrayBuffer::is_view(v)
        || v.is_instance_of::<js_sys::ArrayBuffer>()
    {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!("{name} must be a plain object, an array or a primitive (got a Map, Set or binary buffer)."),
            name,
        ));
    }
    let entries = object_entries(v).map_err(|e| from_js_exception(e, name))?;
    if entries.length() > MAX_LIST_ENTRIES {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!("{name} has too many members."),
            name,
        ));
    }
    let mut out = Map::new();
    for pair in entries.iter() {
        let pair: &Array = pair.unchecked_ref();
        let key = pair.get(0);
        let key = match key.dyn_ref::<JsString>() {
            Some(k) => string_of(k, name)?,
            None => continue,
        };
        let value = pair.get(1);
        if value.is_undefined() {
            continue; // an optional member left out
        }
        let p = member(path, &key);
        out.insert(key, walk(&value, &p, root, depth + 1)?);
    }
    Ok(Value::Object(out))
}

fn number(n: f64, name: &str) -> JsResult<Value> {
    if !n.is_finite() {
        return Err(bad_argument(
            Code::InvalidArgument,
            format!("{name} is {n}, which JSON cannot carry."),
            name,
        ));
    }
    // The integers every JSON implementation carries exactly (the core's limit).
    if n.fract() == 0.0 && n.abs() <= peeker_core::keys::MAX_SAFE_INTEGER as f64 {
        return Ok(Value::Number(Number::from(n as i64)));
    }
    // Fractions and integers beyond 2^53 stay floats: the core refuses them where
    // the API wants integers (`unsupported_number` in order bodies).
    Ok(Number::from_f64(n)
        .map(Value::Number)
        .unwrap_or(Value::Null))
}
