//! The order dedupe key: lower-case hex HMAC-SHA256, keyed with the API key's UTF-8
//! bytes, over the RFC 8785 (JSON Canonicalization Scheme) form of the exact order
//! body the SDK sends. Keying with the API key keeps the key from revealing the
//! Smartlead password inside the body to anyone who does not hold the key.
use crate::error::{Code, Error};
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

/// Largest integer carried exactly by every JSON implementation (2^53).
pub const MAX_SAFE_INTEGER: u64 = 1 << 53;

/// The dedupe key of an order body given as JSON text.
pub fn order_dedupe_key(api_key: &str, body_json: &[u8]) -> Result<String, Error> {
    if api_key.is_empty() {
        return Err(Error::new(Code::InvalidApiKey, "The API key is empty."));
    }
    let v: Value = serde_json::from_slice(body_json).map_err(|e| {
        Error::new(
            Code::InvalidJson,
            format!("The order body is not valid JSON: {e}."),
        )
    })?;
    order_dedupe_key_value(api_key, &v)
}

/// The dedupe key of an order body given as a JSON value.
pub fn order_dedupe_key_value(api_key: &str, body: &Value) -> Result<String, Error> {
    if api_key.is_empty() {
        return Err(Error::new(Code::InvalidApiKey, "The API key is empty."));
    }
    check_numbers(body, &mut String::new())?;
    let canonical = canonical_json(body)?;
    let mut mac =
        Hmac::<Sha256>::new_from_slice(api_key.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(canonical.as_bytes());
    Ok(crate::hex::encode(&mac.finalize().into_bytes()))
}

/// RFC 8785 canonical form of a JSON value.
pub fn canonical_json(v: &Value) -> Result<String, Error> {
    serde_json_canonicalizer::to_string(v).map_err(|e| {
        Error::new(
            Code::InvalidJson,
            format!("The value cannot be canonicalised: {e}."),
        )
    })
}

/// Refuses floats and integers beyond ±2^53 anywhere in `v`, naming the field.
pub fn check_numbers(v: &Value, path: &mut String) -> Result<(), Error> {
    match v {
        Value::Number(n) => {
            let ok = n
                .as_u64()
                .map(|u| u <= MAX_SAFE_INTEGER)
                .or_else(|| n.as_i64().map(|i| i.unsigned_abs() <= MAX_SAFE_INTEGER));
            if ok != Some(true) {
                let field = if path.is_empty() {
                    "(body)".to_string()
                } else {
                    path.clone()
                };
                return Err(Error::new(
                    Code::UnsupportedNumber,
                    format!("{field} is {n}: only integers up to 2^53 are allowed in order bodies (no fractions)."),
                )
                .with_field(field));
            }
            Ok(())
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_numbers(x, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        Value::Object(o) => {
            for (k, x) in o {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                check_numbers(x, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = r#"{"user":"alex@acme.com","bundle_id":"bun_01HZX0BU","sequencer":{"provider":"smartlead","client_id":366903,"login_email":"ops@acme.com","login_password":"their-smartlead-password"},"forwarding_url":"https://acme.com","domains":["acme-mail.com","team-acme.com"],"personas":[{"first_name":"Alex","last_name":"Rivera","profile_picture_url":"https://cdn.acme.com/alex.jpg"}]}"#;

    #[test]
    fn seed_vector() {
        let k = order_dedupe_key("pk_test_example", SEED.as_bytes()).unwrap();
        assert_eq!(
            k,
            "dd30578785fb1b125022da91e09fa6c7cf998bbc0461b7239ee323043050d3f9"
        );
        let spaced = SEED.replace(',', " ,\n ");
        assert_eq!(
            order_dedupe_key("pk_test_example", spaced.as_bytes()).unwrap(),
            k
        );
        assert_ne!(
            order_dedupe_key("pk_test_other", SEED.as_bytes()).unwrap(),
            k
        );
    }

    #[test]
    fn rfc8785_reference_cases() {
        // RFC 8785 §3.2.3: keys sorted by UTF-16 code units.
        let v: Value = serde_json::from_str(r#"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#).unwrap();
        let c = canonical_json(&v).unwrap();
        let want = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}";
        assert_eq!(c, want);
        // Numbers (RFC 8785 §3.2.2.3 / ECMAScript): integers print without exponent.
        let v: Value = serde_json::from_str(r#"[0, -0, 9007199254740992, 1e2]"#).unwrap();
        assert_eq!(canonical_json(&v).unwrap(), "[0,0,9007199254740992,100]");
        // Escapes: only the mandatory ones, lower-case \u00XX for controls.
        let v: Value =
            serde_json::from_str(r#"{"s":"\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"\/"}"#)
                .unwrap();
        assert_eq!(
            canonical_json(&v).unwrap(),
            r#"{"s":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    #[test]
    fn refuses_unsafe_numbers() {
        let e = order_dedupe_key("k", br#"{"sequencer":{"client_id":1.5}}"#).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (Code::UnsupportedNumber, Some("sequencer.client_id"))
        );
        let e = order_dedupe_key("k", br#"{"personas":[{"n":9007199254740993}]}"#).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("personas[0].n"));
        assert!(order_dedupe_key("k", br#"{"n":9007199254740992}"#).is_ok());
        assert_eq!(
            order_dedupe_key("k", b"{").unwrap_err().code,
            Code::InvalidJson
        );
        assert_eq!(
            order_dedupe_key("", b"{}").unwrap_err().code,
            Code::InvalidApiKey
        );
    }
}
