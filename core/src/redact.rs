//! Keeping the API key out of text a binding shows: error messages, fields and
//! details built from caller input (a key pasted into a domain list comes back
//! lower-cased by the normalisation). One rule for every binding.
use crate::error::Error;
use serde_json::Value;

/// What a redacted API key reads.
pub const REDACTED_KEY: &str = "pk_<redacted>";

/// Shortest secret part of a key (after `pk_live_` / `pk_test_`) redacted on its own.
const MIN_SECRET_PART: usize = 6;

/// The forms of `key` to hide: as given, trimmed, and its secret part (when at
/// least six characters long).
fn forms(key: &str) -> Vec<&str> {
    let mut out = vec![key];
    let trimmed = key.trim();
    if trimmed != key && !trimmed.is_empty() {
        out.push(trimmed);
    }
    if let Some(rest) = trimmed
        .strip_prefix("pk_live_")
        .or_else(|| trimmed.strip_prefix("pk_test_"))
    {
        if rest.len() >= MIN_SECRET_PART {
            out.push(rest);
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Whether `text` holds a form of `key` (ASCII case ignored).
pub fn contains_api_key(text: &str, key: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    forms(key)
        .iter()
        .any(|k| lower.contains(&k.to_ascii_lowercase()))
}

/// `text` with every form of `key` replaced by [`REDACTED_KEY`], ignoring ASCII case.
pub fn redact_api_key(text: &str, key: &str) -> String {
    let mut out = text.to_string();
    for k in forms(key) {
        let k = k.to_ascii_lowercase();
        let mut from = 0;
        // ASCII lower-casing keeps byte offsets. Search on after each replacement
        // (the replacement itself may contain the secret).
        while let Some(at) = out.to_ascii_lowercase()[from..].find(&k).map(|i| i + from) {
            out.replace_range(at..at + k.len(), REDACTED_KEY);
            from = at + REDACTED_KEY.len();
        }
    }
    out
}

/// Redacts every string of a JSON value in place.
pub fn redact_api_key_in_value(v: &mut Value, key: &str) {
    match v {
        Value::String(s) if contains_api_key(s, key) => *s = redact_api_key(s, key),
        Value::Array(a) => a.iter_mut().for_each(|x| redact_api_key_in_value(x, key)),
        Value::Object(o) => o.values_mut().for_each(|x| redact_api_key_in_value(x, key)),
        _ => {}
    }
}

impl Error {
    /// This error with every form of `key` redacted from its message, suggestion
    /// and field.
    pub fn without_api_key(mut self, key: &str) -> Error {
        self.message = redact_api_key(&self.message, key);
        self.suggestion = self.suggestion.map(|s| redact_api_key(&s, key));
        self.field = self.field.map(|s| redact_api_key(&s, key));
        self
    }
}

impl crate::Classified {
    /// This classification with every form of `key` redacted from the API's
    /// code, message, field, request id and details (an error answer may echo
    /// the caller's input).
    pub fn without_api_key(mut self, key: &str) -> crate::Classified {
        let red = |s: Option<String>| s.map(|s| redact_api_key(&s, key));
        self.error_code = red(self.error_code);
        self.message = red(self.message);
        self.field = red(self.field);
        self.request_id = red(self.request_id);
        if let Some(d) = self.details.as_mut() {
            redact_api_key_in_value(d, key);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_every_form_ignoring_case() {
        let key = "pk_test_SECRETKEY123";
        let s = redact_api_key("a pk_test_secretkey123 b SECRETKEY123 c", key);
        assert_eq!(s, "a pk_<redacted> b pk_<redacted> c");
        assert!(!contains_api_key(&s, key));
        assert_eq!(
            redact_api_key("x pk_test_secretkey123", " pk_test_SECRETKEY123 "),
            "x pk_<redacted>"
        );
        assert_eq!(redact_api_key("nothing here", key), "nothing here");
        // A short secret part is only redacted with its prefix.
        assert_eq!(
            redact_api_key("pk_test_abc abc", "pk_test_abc"),
            "pk_<redacted> abc"
        );
        let mut v = serde_json::json!({"a": ["x secretkey123"], "b": 1});
        redact_api_key_in_value(&mut v, key);
        assert_eq!(v, serde_json::json!({"a": ["x pk_<redacted>"], "b": 1}));
        let e = Error::new(crate::Code::Subdomain, "mail.pk_test_secretkey123.com")
            .with_suggestion("pk_test_secretkey123.com");
        let e = e.without_api_key(key);
        assert!(!e.message.contains("ecret") && !e.suggestion.unwrap().contains("ecret"));
    }
}
