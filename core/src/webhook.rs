//! Webhook verification, signing and the event envelope.
//!
//! # The signature scheme (the one place it is defined)
//!
//! The signed message is the ASCII decimal `Peeker-Timestamp`, a `.`, then the raw
//! body bytes; the signature is HMAC-SHA256 keyed with the secret's UTF-8 bytes, as
//! lower-case hex, sent in `Peeker-Signature` as `v1=<hex>`. Several entries may be
//! given, separated by `,` or white space; one match with any configured secret is
//! enough. The public documentation does not show the signed string (see
//! `core/docs/peeker-api.md` §4.3); should Peeker's differ, `signed_mac` is the
//! one function to change.
//!
//! Verify first, parse after: [`Verifier::verify`] checks the signature over the raw
//! bytes before it looks at the JSON.
use crate::error::{Code, Error};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use subtle::ConstantTimeEq;

/// Name of the signature header.
pub const SIGNATURE_HEADER: &str = "Peeker-Signature";
/// Name of the timestamp header.
pub const TIMESTAMP_HEADER: &str = "Peeker-Timestamp";
/// Name of the event id header.
pub const EVENT_ID_HEADER: &str = "Peeker-Event-Id";
/// Default tolerance between `Peeker-Timestamp` and now, either way, in seconds.
pub const DEFAULT_TOLERANCE_SECS: u64 = 300;
/// Default largest body accepted, in bytes (deliveries are a few kilobytes).
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;
/// The only signature version this library knows.
pub const SIGNATURE_VERSION: &str = "v1";

type HmacSha256 = Hmac<Sha256>;

/// THE SCHEME: HMAC-SHA256(secret, timestamp + "." + body).
fn signed_mac(secret: &[u8], timestamp: &str, body: &[u8]) -> [u8; 32] {
    let mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
    signed_mac_keyed(mac, timestamp, body)
}

/// [`signed_mac`] from a MAC already keyed with the secret (keying hashes two blocks:
/// a [`Verifier`] does it once per secret, not once per delivery).
fn signed_mac_keyed(mut mac: HmacSha256, timestamp: &str, body: &[u8]) -> [u8; 32] {
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// Signs `body` as Peeker does, for tests of your own handlers (and the sandbox).
/// Returns the `Peeker-Signature` value, `v1=<hex>`; send `timestamp` as
/// `Peeker-Timestamp`.
pub fn sign(body: &[u8], secret: &str, timestamp: i64) -> String {
    let mac = signed_mac(secret.as_bytes(), &timestamp.to_string(), body);
    format!("{}={}", SIGNATURE_VERSION, crate::hex::encode(&mac))
}

/// The three webhook headers, as found in a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Headers<'a> {
    /// `Peeker-Signature`.
    pub signature: Option<&'a str>,
    /// `Peeker-Timestamp`.
    pub timestamp: Option<&'a str>,
    /// `Peeker-Event-Id`.
    pub event_id: Option<&'a str>,
}

impl<'a> Headers<'a> {
    /// Picks the three headers out of name/value pairs; names match
    /// case-insensitively and the first occurrence wins.
    pub fn from_pairs<I>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut h = Headers::default();
        for (name, value) in pairs {
            let name = name.trim();
            let slot = if name.eq_ignore_ascii_case(SIGNATURE_HEADER) {
                &mut h.signature
            } else if name.eq_ignore_ascii_case(TIMESTAMP_HEADER) {
                &mut h.timestamp
            } else if name.eq_ignore_ascii_case(EVENT_ID_HEADER) {
                &mut h.event_id
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        h
    }
}

/// A webhook secret, as the HMAC state keyed with it; never printed.
#[derive(Clone)]
struct Secret(HmacSha256);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Verifies deliveries against one or more secrets (several during rotation).
#[derive(Clone, Debug)]
pub struct Verifier {
    secrets: Vec<Secret>,
    tolerance_secs: u64,
    max_body_bytes: usize,
    secret_has_space: bool,
}

impl Verifier {
    /// A verifier accepting any of `secrets` (at least one; none empty).
    pub fn new<S: AsRef<str>>(secrets: &[S]) -> Result<Verifier, Error> {
        if secrets.is_empty() {
            return Err(Error::new(
                Code::InvalidSecret,
                "No webhook secret given; pass the secret shown in the Partner portal (Webhooks).",
            ));
        }
        let mut out = Vec::with_capacity(secrets.len());
        let mut space = false;
        for (i, s) in secrets.iter().enumerate() {
            let s = s.as_ref();
            if s.is_empty() {
                return Err(Error::new(
                    Code::InvalidSecret,
                    format!("Webhook secret #{} is empty.", i + 1),
                ));
            }
            space |= s.trim() != s;
            out.push(Secret(
                HmacSha256::new_from_slice(s.as_bytes()).expect("HMAC takes keys of any length"),
            ));
        }
        Ok(Verifier {
            secrets: out,
            tolerance_secs: DEFAULT_TOLERANCE_SECS,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            secret_has_space: space,
        })
    }

    /// Sets the tolerance in seconds (symmetric; default 300).
    pub fn with_tolerance(mut self, secs: u64) -> Self {
        self.tolerance_secs = secs;
        self
    }

    /// Sets the largest body accepted (default 1 MiB).
    pub fn with_max_body_bytes(mut self, n: usize) -> Self {
        self.max_body_bytes = n;
        self
    }

    /// Verifies the signature over the raw `body` bytes, checks the timestamp against
    /// `now` (Unix seconds), then parses the event envelope.
    pub fn verify(&self, body: &[u8], headers: &Headers<'_>, now: i64) -> Result<Event, Error> {
        self.verify_signature(body, headers, now)?;
        Event::parse_with_header_id(body, headers.event_id)
    }

    /// Everything [`verify`](Self::verify) checks (size, headers, signature, then the
    /// timestamp against `now`) without parsing the body: for handlers that
    /// deserialise the verified bytes into their own types.
    pub fn verify_signature(
        &self,
        body: &[u8],
        headers: &Headers<'_>,
        now: i64,
    ) -> Result<(), Error> {
        let ts = self.check_signature(body, headers)?;
        let skew = now as i128 - ts as i128;
        if skew.unsigned_abs() > self.tolerance_secs as u128 {
            let (n, dir) = if skew > 0 {
                (skew, "old")
            } else {
                (-skew, "in the future")
            };
            return Err(Error::new(
                Code::TimestampOutOfTolerance,
                format!(
                    "Peeker-Timestamp is {n} s {dir}; the tolerance is {} s. Either this is a replayed delivery, \
                     or this server's clock is wrong (check NTP). To re-process a stored delivery on purpose, \
                     use the verify-ignoring-timestamp function.",
                    self.tolerance_secs
                ),
            ));
        }
        Ok(())
    }

    /// Like [`verify`](Self::verify) but without the time check: for replaying stored
    /// deliveries and for tests. Never use it for live traffic.
    pub fn verify_ignoring_timestamp(
        &self,
        body: &[u8],
        headers: &Headers<'_>,
    ) -> Result<Event, Error> {
        self.check_signature(body, headers)?;
        Event::parse_with_header_id(body, headers.event_id)
    }

    fn check_signature(&self, body: &[u8], headers: &Headers<'_>) -> Result<i64, Error> {
        if body.len() > self.max_body_bytes {
            return Err(Error::new(
                Code::PayloadTooLarge,
                format!(
                    "The body is {} bytes; the limit is {} bytes.",
                    body.len(),
                    self.max_body_bytes
                ),
            ));
        }
        let sig = headers.signature.ok_or_else(|| missing(SIGNATURE_HEADER))?;
        let ts_text = headers.timestamp.ok_or_else(|| missing(TIMESTAMP_HEADER))?;
        let ts_trim = ts_text.trim();
        if ts_trim.is_empty() || ts_trim.len() > 15 || !ts_trim.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(Error::new(
                Code::MalformedHeader,
                "Peeker-Timestamp is not a Unix time in decimal seconds.",
            ));
        }
        let ts: i64 = ts_trim
            .parse()
            .map_err(|_| Error::new(Code::MalformedHeader, "Peeker-Timestamp is out of range."))?;
        if sig.len() > 8192 {
            return Err(Error::new(
                Code::MalformedHeader,
                "Peeker-Signature is implausibly long.",
            ));
        }
        let mut entries = 0usize;
        let mut v1 = 0usize;
        let mut candidates: Vec<Option<[u8; 32]>> = Vec::new();
        for entry in sig.split([',', ' ', '\t']).filter(|e| !e.is_empty()) {
            let Some((version, value)) = entry.split_once('=') else {
                continue;
            };
            entries += 1;
            if version != SIGNATURE_VERSION {
                continue; // unknown versions are ignored
            }
            v1 += 1;
            // Anything but exactly 64 hex digits can never match.
            candidates.push(crate::hex::decode_exact::<32>(value.as_bytes()));
        }
        if entries == 0 {
            return Err(Error::new(
                Code::MalformedHeader,
                "Peeker-Signature is not of the form v1=<hex>[,v1=<hex>...].",
            ));
        }
        let mut matched = false;
        for secret in &self.secrets {
            let expected = signed_mac_keyed(secret.0.clone(), ts_trim, body);
            for c in candidates.iter().flatten() {
                matched |= bool::from(expected.ct_eq(c));
            }
        }
        if !matched {
            let mut msg = if v1 == 0 {
                String::from(
                    "Peeker-Signature has no v1 entry; this library verifies v1 signatures.",
                )
            } else {
                format!(
                    "No v1 signature matches this body with the {} configured secret{}. Likely causes: the body \
                     was parsed and re-serialised by middleware (pass the raw request bytes), the wrong secret \
                     (a sandbox secret for live deliveries or the reverse; each environment has its own), or \
                     white space or a newline pasted into the secret.",
                    self.secrets.len(),
                    if self.secrets.len() == 1 { "" } else { "s" }
                )
            };
            if self.secret_has_space {
                msg.push_str(" Note: a configured secret begins or ends with white space.");
            }
            return Err(Error::new(Code::SignatureMismatch, msg));
        }
        Ok(ts)
    }
}

fn missing(name: &str) -> Error {
    Error::new(
        Code::MissingHeader,
        format!("The {name} header is missing; make sure your framework or proxy passes Peeker's headers through."),
    )
}

/// The event types of the catalog; unknown types are kept as sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventType {
    /// `order.in_progress`
    OrderInProgress,
    /// `order.completed`
    OrderCompleted,
    /// `order.failed`
    OrderFailed,
    /// `order.action_required`
    OrderActionRequired,
    /// `order.cancel_scheduled`
    OrderCancelScheduled,
    /// `order.cancelled`
    OrderCancelled,
    /// `domain.connected`
    DomainConnected,
    /// `domain.action_required`
    DomainActionRequired,
    /// `domain.forwarding_updated`
    DomainForwardingUpdated,
    /// `domain.forwarding_failed`
    DomainForwardingFailed,
    /// `domain_import.completed`
    DomainImportCompleted,
    /// `domain_import.failed`
    DomainImportFailed,
    /// `domain_import.action_required`
    DomainImportActionRequired,
    /// `swap.created`
    SwapCreated,
    /// `swap.in_progress`
    SwapInProgress,
    /// `swap.completed`
    SwapCompleted,
    /// `swap.failed`
    SwapFailed,
    /// `swap.action_required`
    SwapActionRequired,
    /// A type this version does not know, kept as sent.
    Unknown(String),
}

const EVENT_TYPES: &[(&str, EventType)] = &[
    ("order.in_progress", EventType::OrderInProgress),
    ("order.completed", EventType::OrderCompleted),
    ("order.failed", EventType::OrderFailed),
    ("order.action_required", EventType::OrderActionRequired),
    ("order.cancel_scheduled", EventType::OrderCancelScheduled),
    ("order.cancelled", EventType::OrderCancelled),
    ("domain.connected", EventType::DomainConnected),
    ("domain.action_required", EventType::DomainActionRequired),
    (
        "domain.forwarding_updated",
        EventType::DomainForwardingUpdated,
    ),
    (
        "domain.forwarding_failed",
        EventType::DomainForwardingFailed,
    ),
    ("domain_import.completed", EventType::DomainImportCompleted),
    ("domain_import.failed", EventType::DomainImportFailed),
    (
        "domain_import.action_required",
        EventType::DomainImportActionRequired,
    ),
    ("swap.created", EventType::SwapCreated),
    ("swap.in_progress", EventType::SwapInProgress),
    ("swap.completed", EventType::SwapCompleted),
    ("swap.failed", EventType::SwapFailed),
    ("swap.action_required", EventType::SwapActionRequired),
];

impl EventType {
    /// Every known type string.
    pub fn known() -> impl Iterator<Item = &'static str> {
        EVENT_TYPES.iter().map(|(s, _)| *s)
    }
    /// Parses a type string; unknown strings become [`EventType::Unknown`].
    pub fn parse(s: &str) -> EventType {
        EVENT_TYPES
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| EventType::Unknown(s.to_string()))
    }
    /// The type string as sent.
    pub fn as_str(&self) -> &str {
        match self {
            EventType::Unknown(s) => s,
            t => EVENT_TYPES
                .iter()
                .find(|(_, k)| k == t)
                .map(|(s, _)| *s)
                .unwrap_or(""),
        }
    }
}

/// The resource an event carries, typed by its event type.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// `order.*`: the order (the full order on `order.completed`).
    Order(crate::models::Order),
    /// `domain.connected`, `domain.action_required`: the domain record.
    Domain(crate::models::Domain),
    /// `domain.forwarding_updated|failed`: the forwarding job.
    Forwarding(crate::models::ForwardingJob),
    /// `domain_import.*`: the import job, with its nameserver groups.
    Import(crate::models::ImportJob),
    /// `swap.*`: the swap.
    Swap(crate::models::Swap),
    /// A type this version does not know: `data` as sent.
    Unknown(serde_json::Value),
}

/// A webhook event envelope: `id`, `type`, `created_at` and `data` (the resource).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// `evt_…`, stable per logical event; dedupe on it.
    pub id: String,
    /// The type as sent, e.g. `order.completed`.
    pub event_type: String,
    /// When the event was created (RFC 3339), if sent.
    pub created_at: Option<String>,
    /// The resource (NEW generation: `data` is the resource itself).
    pub data: serde_json::Value,
}

impl Event {
    /// Parses an envelope without verifying it. Only for bodies already verified.
    pub fn parse(body: &[u8]) -> Result<Event, Error> {
        Self::parse_with_header_id(body, None)
    }

    fn parse_with_header_id(body: &[u8], header_id: Option<&str>) -> Result<Event, Error> {
        let invalid = |why: &str| {
            Error::new(
                Code::InvalidPayload,
                format!(
                    "The signature is valid but the body is not a Peeker event envelope: {why}."
                ),
            )
        };
        let v: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| invalid(&format!("not JSON ({e})")))?;
        let serde_json::Value::Object(mut obj) = v else {
            return Err(invalid("not a JSON object"));
        };
        let event_type = match obj.remove("type") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            _ => return Err(invalid("no \"type\" string")),
        };
        let id = match obj.remove("id") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s,
            None | Some(serde_json::Value::Null) => match header_id {
                Some(h) if !h.trim().is_empty() => h.trim().to_string(),
                _ => return Err(invalid("no \"id\" and no Peeker-Event-Id header")),
            },
            _ => return Err(invalid("\"id\" is not a string")),
        };
        let created_at = match obj.remove("created_at") {
            Some(serde_json::Value::String(s)) => Some(s),
            _ => None,
        };
        let data = obj.remove("data").unwrap_or(serde_json::Value::Null);
        Ok(Event {
            id,
            event_type,
            created_at,
            data,
        })
    }

    /// The parsed type.
    pub fn kind(&self) -> EventType {
        EventType::parse(&self.event_type)
    }

    /// The typed payload: `data` as the resource the event is about (NEW generation:
    /// `data` is the resource itself). An unknown event type gives
    /// [`Payload::Unknown`] with the raw `data`; a known type whose `data` is not the
    /// documented shape is an `invalid_payload` error (the raw `data` stays in
    /// [`Event::data`]).
    pub fn payload(&self) -> Result<Payload, Error> {
        use crate::models::{Domain, ForwardingJob, ImportJob, Order, Swap};
        fn typed<T: serde::de::DeserializeOwned>(e: &Event) -> Result<T, Error> {
            serde_json::from_value(e.data.clone()).map_err(|err| {
                Error::new(
                    Code::InvalidPayload,
                    format!(
                        "The data of this {} event is not the documented shape: {err}.",
                        e.event_type
                    ),
                )
            })
        }
        Ok(match self.kind() {
            EventType::OrderInProgress
            | EventType::OrderCompleted
            | EventType::OrderFailed
            | EventType::OrderActionRequired
            | EventType::OrderCancelScheduled
            | EventType::OrderCancelled => Payload::Order(typed::<Order>(self)?),
            EventType::DomainConnected | EventType::DomainActionRequired => {
                Payload::Domain(typed::<Domain>(self)?)
            }
            EventType::DomainForwardingUpdated | EventType::DomainForwardingFailed => {
                Payload::Forwarding(typed::<ForwardingJob>(self)?)
            }
            EventType::DomainImportCompleted
            | EventType::DomainImportFailed
            | EventType::DomainImportActionRequired => Payload::Import(typed::<ImportJob>(self)?),
            EventType::SwapCreated
            | EventType::SwapInProgress
            | EventType::SwapCompleted
            | EventType::SwapFailed
            | EventType::SwapActionRequired => Payload::Swap(typed::<Swap>(self)?),
            EventType::Unknown(_) => Payload::Unknown(self.data.clone()),
        })
    }

    /// The envelope as compact JSON (`id`, `type`, `created_at`, `data`).
    pub fn to_json(&self) -> String {
        serde_json::to_string(&serde_json::json!({
            "id": self.id,
            "type": self.event_type,
            "created_at": self.created_at,
            "data": self.data,
        }))
        // The serializer writing straight into a buffer: the same text as `Display`, faster.
        .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"id":"evt_01HZX0EV2A2B3C4D5E6F7G8H","type":"order.completed","created_at":"2026-05-08T12:14:33Z","data":{"id":"ord_01HZX0OR1A2B3C4D5E6F7G8H","status":"completed"}}"#;

    fn h<'a>(sig: &'a str, ts: &'a str) -> Headers<'a> {
        Headers {
            signature: Some(sig),
            timestamp: Some(ts),
            event_id: None,
        }
    }

    #[test]
    fn matches_the_published_example() {
        let sig = sign(BODY, "whsec_example_secret", 1778242473);
        assert_eq!(
            sig,
            "v1=f5d7662d380501ff096dc701e82bcc605334d557cbb1d58a191b5db39557f342"
        );
        let v = Verifier::new(&["whsec_example_secret"]).unwrap();
        let e = v.verify(BODY, &h(&sig, "1778242473"), 1778242483).unwrap();
        assert_eq!(e.id, "evt_01HZX0EV2A2B3C4D5E6F7G8H");
        assert_eq!(e.kind(), EventType::OrderCompleted);
    }

    #[test]
    fn errors() {
        let v = Verifier::new(&["s1"]).unwrap();
        let sig = sign(BODY, "s1", 1000);
        let code = |r: Result<Event, Error>| r.unwrap_err().code;
        assert_eq!(
            code(v.verify(
                BODY,
                &Headers {
                    signature: None,
                    ..h("", "1000")
                },
                1000
            )),
            Code::MissingHeader
        );
        assert_eq!(
            code(v.verify(BODY, &h(&sig, "10x"), 1000)),
            Code::MalformedHeader
        );
        assert_eq!(
            code(v.verify(BODY, &h("garbage", "1000"), 1000)),
            Code::MalformedHeader
        );
        assert_eq!(
            code(v.verify(BODY, &h("v1=", "1000"), 1000)),
            Code::SignatureMismatch
        );
        assert_eq!(
            code(v.verify(BODY, &h(&sig[..40], "1000"), 1000)),
            Code::SignatureMismatch
        );
        assert_eq!(
            code(v.verify(BODY, &h(&sig, "1000"), 1301)),
            Code::TimestampOutOfTolerance
        );
        assert_eq!(
            code(v.verify(BODY, &h(&sig, "1000"), 699)),
            Code::TimestampOutOfTolerance
        );
        assert!(v.verify(BODY, &h(&sig, "1000"), 1300).is_ok());
        assert!(v.verify(BODY, &h(&sig, "1000"), 700).is_ok());
        assert!(v.verify_ignoring_timestamp(BODY, &h(&sig, "1000")).is_ok());
        assert!(v
            .verify_signature(
                b"not json",
                &h(&sign(b"not json", "s1", 1000), "1000"),
                1000
            )
            .is_ok());
        assert_eq!(
            v.verify_signature(BODY, &h(&sig, "1000"), 1301)
                .unwrap_err()
                .code,
            Code::TimestampOutOfTolerance
        );
        assert_eq!(
            v.verify_signature(BODY, &h(&sig, "999"), 1000)
                .unwrap_err()
                .code,
            Code::SignatureMismatch
        );
        let multi = format!("v0=abc, {sig}");
        assert!(v.verify(BODY, &h(&multi, "1000"), 1000).is_ok());
        let upper = sig.to_uppercase().replacen("V1", "v1", 1);
        assert!(v.verify(BODY, &h(&upper, "1000"), 1000).is_ok());
        let bad = sign(b"[1]", "s1", 1000);
        assert_eq!(
            code(v.verify(b"[1]", &h(&bad, "1000"), 1000)),
            Code::InvalidPayload
        );
        let rot = Verifier::new(&["old", "s1"]).unwrap();
        assert!(rot.verify(BODY, &h(&sig, "1000"), 1000).is_ok());
        assert_eq!(
            Verifier::new::<&str>(&[]).unwrap_err().code,
            Code::InvalidSecret
        );
        assert_eq!(Verifier::new(&[""]).unwrap_err().code, Code::InvalidSecret);
        let small = Verifier::new(&["s1"]).unwrap().with_max_body_bytes(10);
        assert_eq!(
            code(small.verify(BODY, &h(&sig, "1000"), 1000)),
            Code::PayloadTooLarge
        );
    }

    #[test]
    fn secrets_never_printed() {
        let v = Verifier::new(&["whsec_TOPSECRET "]).unwrap();
        assert!(!format!("{v:?}").contains("TOPSECRET"));
        let err = v.verify(BODY, &h("v1=00", "1"), 1).unwrap_err();
        assert!(!err.message.contains("TOPSECRET"));
        assert!(err.message.contains("white space"));
    }

    #[test]
    fn headers_case_insensitive() {
        let pairs = [
            ("peeker-signature", "v1=aa"),
            ("PEEKER-TIMESTAMP", "12"),
            ("Peeker-Event-Id", "evt_1"),
        ];
        let hd = Headers::from_pairs(pairs);
        assert_eq!(
            (hd.signature, hd.timestamp, hd.event_id),
            (Some("v1=aa"), Some("12"), Some("evt_1"))
        );
    }

    #[test]
    fn typed_payloads_follow_the_seed_guide() {
        use crate::models::{ImportStatus, OrderStatus};
        let e = Event::parse(br#"{"id":"evt_01HZX0EV7A2B3C4D5E6F7G8H","type":"domain.connected","created_at":"2026-05-08T12:08:00Z","data":{"id":"dom_01HZX0D01A2B3C4D5E6F7G8H","domain":"acme-mail.com","category":"connected","status":"active","provider":"google","user_id":"usr_01HZX0C6Z3K4M5N6P7Q8R9S0","order_id":"ord_01HZX0OR1A2B3C4D5E6F7G8H","usable_for":["google","microsoft"],"forwarding_url":"https://acme.com","created_at":"2026-05-08T12:00:00Z"}}"#).unwrap();
        let Payload::Domain(d) = e.payload().unwrap() else {
            panic!("not a domain")
        };
        assert_eq!(
            (d.domain.as_str(), d.order_id.as_deref()),
            ("acme-mail.com", Some("ord_01HZX0OR1A2B3C4D5E6F7G8H"))
        );
        let Payload::Order(o) = Event::parse(BODY).unwrap().payload().unwrap() else {
            panic!("not an order")
        };
        assert_eq!(o.status, OrderStatus::Completed);
        let imp = Event::parse(br#"{"id":"evt_1","type":"domain_import.action_required","data":{"id":"imp_1","status":"action_required","submitted_count":2,"completed_count":0,"failed_count":0,"nameserver_groups":[{"nameserver_one":"helena.ns.cloudflare.com","nameserver_two":"idris.ns.cloudflare.com","domains":["acme-mail.com","team-acme.com"]}],"failed":[],"created_at":"2026-05-08T12:00:00Z"}}"#).unwrap();
        let Payload::Import(j) = imp.payload().unwrap() else {
            panic!("not an import")
        };
        assert_eq!(
            (j.status, j.nameserver_groups[0].nameserver_one.as_str()),
            (ImportStatus::ActionRequired, "helena.ns.cloudflare.com")
        );
        let swap = Event::parse(br#"{"id":"evt_2","type":"swap.created","data":{"id":"swp_1","type":"premium","domain_id":"dom_1","replacement_domain":"b.com","status":"created"}}"#).unwrap();
        assert!(matches!(swap.payload().unwrap(), Payload::Swap(_)));
        let fw = Event::parse(br#"{"id":"evt_3","type":"domain.forwarding_failed","data":{"id":"fwj_1","status":"failed","failed":[{"domain":"a.com","reason":"dns_lookup_failed"}]}}"#).unwrap();
        assert!(matches!(fw.payload().unwrap(), Payload::Forwarding(_)));
        let new = Event::parse(br#"{"id":"evt_4","type":"brand.new","data":{"x":1}}"#).unwrap();
        assert_eq!(
            new.payload().unwrap(),
            Payload::Unknown(serde_json::json!({"x": 1}))
        );
        let odd = Event::parse(br#"{"id":"evt_5","type":"order.completed","data":{"no_id":true}}"#)
            .unwrap();
        assert_eq!(odd.payload().unwrap_err().code, Code::InvalidPayload);
    }

    #[test]
    fn unknown_types_are_kept() {
        let e = Event::parse(br#"{"id":"evt_1","type":"brand.new","data":{"x":1}}"#).unwrap();
        assert_eq!(e.kind(), EventType::Unknown("brand.new".into()));
        assert_eq!(e.kind().as_str(), "brand.new");
        assert_eq!(EventType::parse("swap.failed").as_str(), "swap.failed");
    }
}
