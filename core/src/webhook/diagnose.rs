//! Webhook diagnostics: for setting up an endpoint, never for accepting a delivery.
//!
//! The public documentation does not show the signed string (see `mod.rs`), so
//! [`diagnose`] tries every plausible scheme ([`Scheme`]) with every plausible key
//! encoding of the secret ([`KeyEncoding`]) against every `v1=` entry of a captured
//! delivery, and says which matched and how old its timestamp is. The same
//! analysis names the likely cause when a [`Verifier`](super::Verifier) refuses a
//! delivery ([`likely_causes`]): it runs only on that failure path.
use super::scan::signature_entries;
use super::sign::{keyed, HmacSha256};
use super::{Headers, DEFAULT_TOLERANCE_SECS, SIGNATURE_VERSION};
use crate::error::{Code, Error};
use base64::Engine as _;
use hmac::Mac;
use std::fmt;
use subtle::ConstantTimeEq;

/// The signed messages tried, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `<Peeker-Timestamp>.<raw body>`: the scheme this library verifies.
    TimestampBody,
    /// The raw body alone.
    Body,
    /// `<Peeker-Event-Id>.<Peeker-Timestamp>.<raw body>`.
    IdTimestampBody,
}

impl Scheme {
    /// Every scheme, in the order tried.
    pub const ALL: [Scheme; 3] = [Scheme::TimestampBody, Scheme::Body, Scheme::IdTimestampBody];

    /// The name used in vectors and reports: `timestamp.body`, `body`, `id.timestamp.body`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::TimestampBody => "timestamp.body",
            Scheme::Body => "body",
            Scheme::IdTimestampBody => "id.timestamp.body",
        }
    }
}

/// How the secret became the HMAC key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyEncoding {
    /// The secret's UTF-8 bytes: the encoding this library verifies with.
    Utf8,
    /// For a `whsec_…` secret, the standard-base64 decoding of the part after the prefix.
    Base64,
}

impl KeyEncoding {
    /// Every encoding, in the order tried.
    pub const ALL: [KeyEncoding; 2] = [KeyEncoding::Utf8, KeyEncoding::Base64];

    /// The name used in vectors and reports: `utf8`, `base64`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyEncoding::Utf8 => "utf8",
            KeyEncoding::Base64 => "base64",
        }
    }
}

/// One likely reason a delivery does not verify, with a readable message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The signature matches another signed message or key encoding than the one
    /// this library verifies: Peeker signs differently from the SDK's assumption.
    OtherScheme {
        /// The signed message that matched.
        scheme: Scheme,
        /// How the secret became the key.
        key: KeyEncoding,
    },
    /// The secret matches once the white space around it is removed.
    SecretWhitespace,
    /// The body is not the raw bytes received (the reason says what it looks like).
    BodyNotRaw(&'static str),
    /// The delivery names its environment (`data.api_key.environment`): each
    /// environment signs with its own secret.
    Environment(String),
    /// The timestamp is further from now than the default tolerance: a replay, or a
    /// clock off by `age_seconds` (negative: the timestamp is in the future).
    ClockSkew(i64),
}

impl Cause {
    /// A stable name: `other_scheme`, `secret_whitespace`, `body_not_raw`,
    /// `environment`, `clock_skew`.
    pub fn code(&self) -> &'static str {
        match self {
            Cause::OtherScheme { .. } => "other_scheme",
            Cause::SecretWhitespace => "secret_whitespace",
            Cause::BodyNotRaw(_) => "body_not_raw",
            Cause::Environment(_) => "environment",
            Cause::ClockSkew(_) => "clock_skew",
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::OtherScheme { scheme, key } => write!(
                f,
                "the signature matches the message `{}` keyed with the secret's {} bytes, not the scheme \
                 this library verifies (`timestamp.body`, UTF-8 key): Peeker's signed string differs from \
                 the SDK's; please report it (the one place to change is webhook::sign::signed_mac)",
                scheme.as_str(),
                match key {
                    KeyEncoding::Utf8 => "UTF-8",
                    KeyEncoding::Base64 => "base64-decoded",
                }
            ),
            Cause::SecretWhitespace => f.write_str(
                "the secret matches once the white space around it is removed: trim the configured secret",
            ),
            Cause::BodyNotRaw(what) => write!(
                f,
                "the body {what}: the signature covers the exact bytes received, so pass the raw request \
                 bytes, not a parsed or re-serialised body"
            ),
            Cause::Environment(env) => {
                let (this, other) = if env == "test" {
                    ("a sandbox", "live")
                } else {
                    ("a live", "sandbox")
                };
                write!(
                    f,
                    "this is {this} delivery (data.api_key.environment is \"{env}\"): it is signed with that \
                     environment's webhook secret, configured separately from the {other} one; check that \
                     the secret configured is the {}one",
                    if env == "test" { "sandbox " } else { "live " }
                )
            }
            Cause::ClockSkew(age) => {
                let (n, dir) = if *age >= 0 {
                    (*age, "old: this server's clock is ahead of Peeker's by that much, or the delivery is a replay")
                } else {
                    (-*age, "in the future: this server's clock is behind Peeker's by that much")
                };
                write!(f, "Peeker-Timestamp is {n} s {dir} (check NTP)")
            }
        }
    }
}

/// What [`diagnose`] found about one captured delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    /// The signed message that matched, or `None` when none did.
    pub scheme: Option<Scheme>,
    /// How the secret became the key, `None` when nothing matched.
    pub key: Option<KeyEncoding>,
    /// `now - Peeker-Timestamp` in seconds (negative: in the future); `None` when
    /// the header is absent or not a number.
    pub age_seconds: Option<i64>,
    /// The likely causes of a failed verification (empty when it would verify).
    pub causes: Vec<Cause>,
}

impl Diagnosis {
    /// Whether this library's verifier accepts the signature (the scheme it
    /// verifies matched with the secret's UTF-8 key; the time is checked apart).
    pub fn verifies(&self) -> bool {
        self.scheme == Some(Scheme::TimestampBody) && self.key == Some(KeyEncoding::Utf8)
    }

    /// As JSON: `{"scheme", "key", "age_seconds", "verifies", "causes": [{"code",
    /// "message"}], "report"}` (`report`: the [`Display`](fmt::Display) text).
    pub fn to_json(&self) -> String {
        let causes: Vec<serde_json::Value> = self
            .causes
            .iter()
            .map(|c| serde_json::json!({"code": c.code(), "message": c.to_string()}))
            .collect();
        serde_json::json!({
            "scheme": self.scheme.map(Scheme::as_str),
            "key": self.key.map(KeyEncoding::as_str),
            "age_seconds": self.age_seconds,
            "verifies": self.verifies(),
            "causes": causes,
            "report": self.to_string(),
        })
        .to_string()
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.scheme, self.key) {
            (Some(s), Some(k)) => write!(
                f,
                "Signature: matches the message `{}` keyed with the secret as {}.",
                s.as_str(),
                k.as_str()
            )?,
            _ => {
                f.write_str("Signature: no v1 entry matches any scheme tried with this secret.")?
            }
        }
        if self.verifies() {
            f.write_str(" This is the scheme this library verifies.")?;
        }
        match self.age_seconds {
            Some(a) => write!(f, "\nTimestamp: {a} s old.")?,
            None => f.write_str("\nTimestamp: Peeker-Timestamp is absent or not a number.")?,
        }
        for c in &self.causes {
            write!(f, "\nLikely cause: {c}.")?;
        }
        Ok(())
    }
}

/// The keys a secret may have become, each keyed once: `(encoding, trimmed, key)`.
pub(super) fn candidate_keys(secret: &str) -> Vec<(KeyEncoding, bool, HmacSha256)> {
    let mut out = Vec::with_capacity(4);
    let trimmed = secret.trim();
    for (text, was_trimmed) in [(secret, false), (trimmed, true)] {
        if was_trimmed && trimmed == secret {
            break;
        }
        if text.is_empty() {
            continue;
        }
        out.push((KeyEncoding::Utf8, was_trimmed, keyed(text.as_bytes())));
        if let Some(b64) = text.strip_prefix("whsec_") {
            if let Ok(k) = base64::engine::general_purpose::STANDARD.decode(b64) {
                out.push((KeyEncoding::Base64, was_trimmed, keyed(&k)));
            }
        }
    }
    out
}

/// The `v1=` values of a `Peeker-Signature` that are 64 hex digits, decoded.
fn v1_values(signature: Option<&str>) -> Vec<[u8; 32]> {
    let Some(sig) = signature.filter(|s| s.len() <= 8192) else {
        return Vec::new();
    };
    signature_entries(sig.as_bytes())
        .filter_map(|e| {
            let eq = e.iter().position(|&b| b == b'=')?;
            (&e[..eq] == SIGNATURE_VERSION.as_bytes())
                .then(|| crate::hex::decode_exact::<32>(&e[eq + 1..]))
                .flatten()
        })
        .collect()
}

fn mac_of(
    key: &HmacSha256,
    scheme: Scheme,
    headers: &Headers<'_>,
    body: &[u8],
) -> Option<[u8; 32]> {
    let ts = headers.timestamp.map(str::trim);
    let mut mac = key.clone();
    match scheme {
        Scheme::TimestampBody => {
            mac.update(ts?.as_bytes());
            mac.update(b".");
        }
        Scheme::Body => {}
        Scheme::IdTimestampBody => {
            mac.update(headers.event_id?.trim().as_bytes());
            mac.update(b".");
            mac.update(ts?.as_bytes());
            mac.update(b".");
        }
    }
    mac.update(body);
    Some(mac.finalize().into_bytes().into())
}

/// The first `(scheme, encoding, trimmed)` whose MAC equals a `v1` value, trying
/// the untrimmed keys first, then the schemes in order. Constant-time compares.
fn first_match(
    keys: &[(KeyEncoding, bool, HmacSha256)],
    headers: &Headers<'_>,
    body: &[u8],
) -> Option<(Scheme, KeyEncoding, bool)> {
    let values = v1_values(headers.signature);
    if values.is_empty() {
        return None;
    }
    for (enc, trimmed, key) in keys {
        for scheme in Scheme::ALL {
            let Some(mac) = mac_of(key, scheme, headers, body) else {
                continue;
            };
            let mut hit = false;
            for v in &values {
                hit |= bool::from(mac.ct_eq(v));
            }
            if hit {
                return Some((scheme, *enc, *trimmed));
            }
        }
    }
    None
}

fn age_of(headers: &Headers<'_>, now: i64) -> Option<i64> {
    let ts = headers.timestamp?.trim();
    if ts.is_empty() || ts.len() > 15 || !ts.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    now.checked_sub(ts.parse::<i64>().ok()?)
}

/// What the body looks like when it is plainly not the raw bytes Peeker sent.
fn body_not_raw(body: &[u8]) -> Option<&'static str> {
    let text = std::str::from_utf8(body).ok()?;
    let t = text.trim();
    if t.starts_with("[object ") {
        return Some("is \"[object Object]\": a parsed object was turned into a string");
    }
    if text.starts_with('\u{feff}') {
        return Some("starts with a byte-order mark that Peeker does not send");
    }
    if !t.starts_with('{') {
        return None;
    }
    if t.contains("\n ") || t.contains("\n\t") {
        return Some("is pretty-printed JSON (indented lines), not the compact JSON Peeker sends");
    }
    if t != text {
        return Some("has white space around the JSON that was not received (it was re-serialised or trimmed)");
    }
    None
}

/// `data.api_key.environment`, when the body is JSON that has one.
fn environment_of(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    Some(
        v.get("data")?
            .get("api_key")?
            .get("environment")?
            .as_str()?
            .to_owned(),
    )
}

/// The likely causes of a signature that does not verify (`keys`: each configured
/// secret's candidate keys). The slow path of a refused delivery only.
pub(super) fn likely_causes(
    keys: &[(KeyEncoding, bool, HmacSha256)],
    headers: &Headers<'_>,
    body: &[u8],
) -> Vec<Cause> {
    let mut causes = Vec::new();
    match first_match(keys, headers, body) {
        Some((Scheme::TimestampBody, KeyEncoding::Utf8, true)) => {
            causes.push(Cause::SecretWhitespace)
        }
        Some((Scheme::TimestampBody, KeyEncoding::Utf8, false)) => {}
        Some((scheme, key, trimmed)) => {
            causes.push(Cause::OtherScheme { scheme, key });
            if trimmed {
                causes.push(Cause::SecretWhitespace);
            }
        }
        None => {
            if let Some(what) = body_not_raw(body) {
                causes.push(Cause::BodyNotRaw(what));
            }
            if let Some(env) = environment_of(body) {
                causes.push(Cause::Environment(env));
            }
        }
    }
    causes
}

/// Says which scheme and key encoding a captured delivery was signed with, and how
/// old its timestamp is at `now` (Unix seconds). `headers` as for
/// [`Verifier::verify`](super::Verifier::verify); `body` the raw bytes. An empty
/// secret is `invalid_secret`; anything else about the delivery is reported, not
/// refused.
pub fn diagnose(
    secret: &str,
    headers: &Headers<'_>,
    body: &[u8],
    now: i64,
) -> Result<Diagnosis, Error> {
    if secret.trim().is_empty() {
        return Err(Error::new(
            Code::InvalidSecret,
            "No webhook secret given (or only white space); pass the secret shown in the Partner portal (Webhooks).",
        ));
    }
    let keys = candidate_keys(secret);
    let found = first_match(&keys, headers, body).filter(|m| !m.2);
    let age_seconds = age_of(headers, now);
    let mut causes = likely_causes(&keys, headers, body);
    if let Some(age) = age_seconds {
        if age.unsigned_abs() > DEFAULT_TOLERANCE_SECS {
            causes.push(Cause::ClockSkew(age));
        }
    }
    Ok(Diagnosis {
        scheme: found.map(|m| m.0),
        key: found.map(|m| m.1),
        age_seconds,
        causes,
    })
}
