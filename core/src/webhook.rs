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
use std::borrow::Cow;
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

/// A host's HMAC-SHA256 for [`Verifier::verify_signature_with_mac`] and
/// [`Verifier::verify_raw`]: `(secret index, parts) -> HMAC-SHA256(secret, parts
/// concatenated)`. The secret itself never crosses: the host keys by index.
pub type HostMac<'m> = &'m mut dyn FnMut(usize, &[&[u8]]) -> Result<[u8; 32], Error>;

/// The names of the headers [`Headers::from_pairs`] reads, in the order signature,
/// timestamp, event id (bindings that pick the values themselves match these names
/// as `from_pairs` does: trimmed, case-insensitively, first occurrence wins).
pub const HEADER_NAMES: [&str; 3] = [SIGNATURE_HEADER, TIMESTAMP_HEADER, EVENT_ID_HEADER];

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
        self.verify_signature_by(body, headers, now, None)
    }

    /// [`verify_signature`](Self::verify_signature) with the HMAC-SHA256 computed by
    /// the caller: `mac(i, parts)` must return HMAC-SHA256 keyed with the UTF-8 bytes of
    /// secret `i` (in the order given to [`Verifier::new`]) over the concatenation of
    /// `parts`. Everything else (size limit, header parsing, which bytes are MACed, the
    /// constant-time comparison, the timestamp window) stays here. For hosts with a
    /// faster native HMAC (Node's `node:crypto`); an `Err` from `mac` is returned as is.
    pub fn verify_signature_with_mac(
        &self,
        body: &[u8],
        headers: &Headers<'_>,
        now: i64,
        mac: HostMac<'_>,
    ) -> Result<(), Error> {
        self.verify_signature_by(body, headers, now, Some(mac))
    }

    /// [`verify`](Self::verify) without building a tree for `data`: the envelope
    /// borrowed from `body`, `data` as its JSON text (see [`RawEvent`]). `mac` as in
    /// [`verify_signature_with_mac`](Self::verify_signature_with_mac), or `None` for
    /// this crate's HMAC. `now: None` skips the timestamp check (replays only, like
    /// [`verify_ignoring_timestamp`](Self::verify_ignoring_timestamp)).
    pub fn verify_raw<'a>(
        &self,
        body: &'a [u8],
        headers: &Headers<'a>,
        now: Option<i64>,
        mac: Option<HostMac<'_>>,
    ) -> Result<RawEvent<'a>, Error> {
        match now {
            Some(now) => self.verify_signature_by(body, headers, now, mac)?,
            None => {
                self.check_signature(body, headers, mac)?;
            }
        }
        RawEvent::parse_with_header_id(body, headers.event_id)
    }

    fn verify_signature_by(
        &self,
        body: &[u8],
        headers: &Headers<'_>,
        now: i64,
        mac: Option<HostMac<'_>>,
    ) -> Result<(), Error> {
        let ts = self.check_signature(body, headers, mac)?;
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
        self.check_signature(body, headers, None)?;
        Event::parse_with_header_id(body, headers.event_id)
    }

    fn check_signature(
        &self,
        body: &[u8],
        headers: &Headers<'_>,
        mut mac: Option<HostMac<'_>>,
    ) -> Result<i64, Error> {
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
        // The decoded v1 values: the first few on the stack (a delivery has one or
        // two), any further ones in `more`.
        let mut first: [Option<[u8; 32]>; 4] = [None; 4];
        let mut more: Vec<Option<[u8; 32]>> = Vec::new();
        // Split on the ASCII separators byte-wise (as `str::split` on those characters).
        let separator = |b: &u8| matches!(b, b',' | b' ' | b'\t');
        for entry in sig.as_bytes().split(separator).filter(|e| !e.is_empty()) {
            let Some(eq) = entry.iter().position(|&b| b == b'=') else {
                continue;
            };
            let (version, value) = (&entry[..eq], &entry[eq + 1..]);
            entries += 1;
            if version != SIGNATURE_VERSION.as_bytes() {
                continue; // unknown versions are ignored
            }
            // Anything but exactly 64 hex digits can never match.
            let decoded = crate::hex::decode_exact::<32>(value);
            match first.get_mut(v1) {
                Some(slot) => *slot = decoded,
                None => more.push(decoded),
            }
            v1 += 1;
        }
        if entries == 0 {
            return Err(Error::new(
                Code::MalformedHeader,
                "Peeker-Signature is not of the form v1=<hex>[,v1=<hex>...].",
            ));
        }
        let mut matched = false;
        for (i, secret) in self.secrets.iter().enumerate() {
            let expected = match mac.as_mut() {
                // THE SCHEME again, computed by the host: the parts in order.
                Some(host) => host(i, &[ts_trim.as_bytes(), b".", body])?,
                None => signed_mac_keyed(secret.0.clone(), ts_trim, body),
            };
            for c in first.iter().chain(&more).flatten() {
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

/// A webhook event envelope read without building a tree for `data`: the strings
/// borrowed from the body when they have no escapes, and `data` as its JSON text,
/// exactly as sent (key order and all). For bindings whose host parses JSON itself
/// (`JSON.parse`, Python's `json.loads`): `data` is parsed once, there.
///
/// It accepts and refuses exactly the bodies [`Event::parse`] does (the same
/// envelope rules; `data` checked as strictly as a `serde_json::Value` parse checks
/// it: paired surrogate escapes, numbers within `f64`, the nesting limit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEvent<'a> {
    /// `evt_…` (from `Peeker-Event-Id` when the body has no `id`).
    pub id: Cow<'a, str>,
    /// The type as sent.
    pub event_type: Cow<'a, str>,
    /// `created_at`, if it is a string.
    pub created_at: Option<Cow<'a, str>>,
    /// `data` as JSON text, a slice of the body (`null` when absent).
    pub data: &'a str,
    /// The body is exactly the envelope: the keys `id`, `type`, `created_at`, `data`
    /// in this order, each once, `id` and `type` strings, `created_at` a string or
    /// null. Then the body itself, parsed, is the same object as [`to_json`](Self::to_json)
    /// parsed (hosts may parse the body they hold instead of a copy).
    pub body_is_envelope: bool,
}

impl<'a> RawEvent<'a> {
    /// Parses an envelope without verifying it. Only for bodies already verified.
    pub fn parse(body: &'a [u8]) -> Result<RawEvent<'a>, Error> {
        Self::parse_with_header_id(body, None)
    }

    fn parse_with_header_id(
        body: &'a [u8],
        header_id: Option<&'a str>,
    ) -> Result<RawEvent<'a>, Error> {
        let text = std::str::from_utf8(body).map_err(|e| {
            envelope_error(&format!(
                "not JSON (invalid UTF-8 at byte {})",
                e.valid_up_to()
            ))
        })?;
        // The usual delivery takes one pass of a plain scanner (`raw::fast_envelope`);
        // anything it is not sure of (escapes, exponents, unusual shapes, errors) takes
        // the serde reader, which also words the errors.
        let (env, checked) = match raw::fast_envelope(text) {
            Some(env) => (env, true),
            None => (
                serde_json::from_str(text)
                    .map_err(|e| envelope_error(&format!("not JSON ({e})")))?,
                false,
            ),
        };
        let raw::Envelope::Object {
            id,
            event_type,
            created_at,
            data,
            canonical_keys,
        } = env
        else {
            return Err(envelope_error("not a JSON object"));
        };
        let data = match data {
            Some(d) => {
                // The full check only when the text holds what a `Value` parse could
                // refuse past the syntax (`\u` escapes, exponents, long integers,
                // deep nesting): a delivery usually has none.
                if !checked && raw::needs_validation(d) {
                    raw::validate(d).map_err(|e| envelope_error(&format!("not JSON ({e})")))?;
                }
                d
            }
            None => "null",
        };
        let event_type = match event_type {
            Some(raw::Field::Str(s)) if !s.is_empty() => s,
            _ => return Err(envelope_error("no \"type\" string")),
        };
        let id = match id {
            Some(raw::Field::Str(s)) if !s.is_empty() => s,
            None | Some(raw::Field::Null) => match header_id {
                Some(h) if !h.trim().is_empty() => Cow::Borrowed(h.trim()),
                _ => return Err(envelope_error("no \"id\" and no Peeker-Event-Id header")),
            },
            _ => return Err(envelope_error("\"id\" is not a string")),
        };
        let created_null = matches!(created_at, Some(raw::Field::Null));
        let created_at = match created_at {
            Some(raw::Field::Str(s)) => Some(s),
            _ => None,
        };
        // `id` came from the body when `canonical_keys` (all four keys present), and
        // `created_at` maps to itself only when a string or null.
        let body_is_envelope = canonical_keys && (created_at.is_some() || created_null);
        Ok(RawEvent {
            id,
            event_type,
            created_at,
            data,
            body_is_envelope,
        })
    }

    /// The parsed type.
    pub fn kind(&self) -> EventType {
        EventType::parse(&self.event_type)
    }

    /// The owned [`Event`] (parses `data` into a `serde_json::Value`).
    pub fn to_event(&self) -> Event {
        Event {
            id: self.id.clone().into_owned(),
            event_type: self.event_type.clone().into_owned(),
            created_at: self.created_at.as_ref().map(|c| c.clone().into_owned()),
            // Checked by `parse` as strictly as this parse: it cannot fail.
            data: serde_json::from_str(self.data).unwrap_or(serde_json::Value::Null),
        }
    }

    /// `data` as compact JSON text in the sender's key order: white space between
    /// tokens removed (none to remove in the usual delivery: then it is borrowed).
    pub fn data_compact(&self) -> Cow<'a, str> {
        raw::compact(self.data)
    }

    /// The envelope as compact JSON, `{"id","type","created_at","data"}` (as
    /// [`Event::to_json`], with `data` in the sender's key order).
    pub fn to_json(&self) -> String {
        let data = self.data_compact();
        let mut out = String::with_capacity(data.len() + 96);
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        out.push_str("{\"id\":");
        out.push_str(&q(&self.id));
        out.push_str(",\"type\":");
        out.push_str(&q(&self.event_type));
        out.push_str(",\"created_at\":");
        match &self.created_at {
            Some(c) => out.push_str(&q(c)),
            None => out.push_str("null"),
        }
        out.push_str(",\"data\":");
        out.push_str(&data);
        out.push('}');
        out
    }
}

fn envelope_error(why: &str) -> Error {
    Error::new(
        Code::InvalidPayload,
        format!("The signature is valid but the body is not a Peeker event envelope: {why}."),
    )
}

/// The envelope reader behind [`RawEvent`]: serde visitors that keep the last of
/// duplicate keys (as a `serde_json::Value` map does), validate every value they
/// do not keep as strictly as a `Value` parse would, and take `data` as raw text.
mod raw {
    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::value::RawValue;
    use std::borrow::Cow;
    use std::fmt;

    /// serde_json's nesting limit counts the envelope's own object: `data`, read
    /// on its own, may nest one level less than the limit (128) allows.
    const MAX_DATA_DEPTH: usize = 126;

    #[derive(Debug, PartialEq)]
    pub(super) enum Envelope<'a> {
        Object {
            id: Option<Field<'a>>,
            event_type: Option<Field<'a>>,
            created_at: Option<Field<'a>>,
            data: Option<&'a str>,
            /// Exactly the keys id, type, created_at, data, in this order.
            canonical_keys: bool,
        },
        NotObject,
    }

    #[derive(Debug, PartialEq)]
    pub(super) enum Field<'a> {
        Str(Cow<'a, str>),
        Null,
        Other,
    }

    impl<'de: 'a, 'a> de::Deserialize<'de> for Envelope<'a> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<'a>(std::marker::PhantomData<&'a ()>);
            impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
                type Value = Envelope<'a>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON value")
                }
                fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Self::Value, M::Error> {
                    let (mut id, mut event_type, mut created_at, mut data) =
                        (None, None, None, None);
                    let mut n = 0u8;
                    let mut canonical_keys = true;
                    while let Some(key) = m.next_key_seed(EnvelopeKey)? {
                        canonical_keys &= key == n;
                        n = n.saturating_add(1);
                        match key {
                            0 => id = Some(m.next_value::<Field<'a>>()?),
                            1 => event_type = Some(m.next_value::<Field<'a>>()?),
                            2 => created_at = Some(m.next_value::<Field<'a>>()?),
                            3 => data = Some(m.next_value::<&'a RawValue>()?.get()),
                            _ => m.next_value_seed(Validate(1))?,
                        }
                    }
                    Ok(Envelope::Object {
                        id,
                        event_type,
                        created_at,
                        data,
                        canonical_keys: canonical_keys && n == 4,
                    })
                }
                fn visit_seq<S: SeqAccess<'de>>(self, mut s: S) -> Result<Self::Value, S::Error> {
                    while s.next_element_seed(Validate(1))?.is_some() {}
                    Ok(Envelope::NotObject)
                }
                fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                    Ok(Envelope::NotObject)
                }
                fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                    Ok(Envelope::NotObject)
                }
                fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                    Ok(Envelope::NotObject)
                }
                fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                    Ok(Envelope::NotObject)
                }
                fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                    Ok(Envelope::NotObject)
                }
                fn visit_unit<E>(self) -> Result<Self::Value, E> {
                    Ok(Envelope::NotObject)
                }
            }
            d.deserialize_any(V(std::marker::PhantomData))
        }
    }

    impl<'de: 'a, 'a> de::Deserialize<'de> for Field<'a> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<'a>(std::marker::PhantomData<&'a ()>);
            impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
                type Value = Field<'a>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON value")
                }
                fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                    Ok(Field::Str(Cow::Borrowed(v)))
                }
                fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                    Ok(Field::Str(Cow::Owned(v.to_string())))
                }
                fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                    Ok(Field::Str(Cow::Owned(v)))
                }
                fn visit_unit<E>(self) -> Result<Self::Value, E> {
                    Ok(Field::Null)
                }
                fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                    Ok(Field::Other)
                }
                fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                    Ok(Field::Other)
                }
                fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                    Ok(Field::Other)
                }
                fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                    Ok(Field::Other)
                }
                fn visit_seq<S: SeqAccess<'de>>(self, s: S) -> Result<Self::Value, S::Error> {
                    Validate(1).visit_seq(s).map(|()| Field::Other)
                }
                fn visit_map<M: MapAccess<'de>>(self, m: M) -> Result<Self::Value, M::Error> {
                    Validate(1).visit_map(m).map(|()| Field::Other)
                }
            }
            d.deserialize_any(V(std::marker::PhantomData))
        }
    }

    /// Reads a value and keeps nothing, checking it as a `Value` parse does (strings
    /// decoded, so lone surrogate escapes fail; numbers converted, so `1e400` fails).
    /// The field is the nesting depth of the enclosing container.
    #[derive(Clone, Copy)]
    struct Validate(usize);

    impl<'de> DeserializeSeed<'de> for Validate {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Validate {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<S: SeqAccess<'de>>(self, mut s: S) -> Result<(), S::Error> {
            let inner = self.deeper()?;
            while s.next_element_seed(inner)?.is_some() {}
            Ok(())
        }
        fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<(), M::Error> {
            let inner = self.deeper()?;
            while m.next_key_seed(Key)?.is_some() {
                m.next_value_seed(inner)?;
            }
            Ok(())
        }
    }

    impl Validate {
        fn deeper<E: de::Error>(self) -> Result<Validate, E> {
            if self.0 > MAX_DATA_DEPTH {
                return Err(E::custom("recursion limit exceeded"));
            }
            Ok(Validate(self.0 + 1))
        }
    }

    /// An envelope key, decoded: 0 `id`, 1 `type`, 2 `created_at`, 3 `data`, 4 other.
    struct EnvelopeKey;
    impl<'de> DeserializeSeed<'de> for EnvelopeKey {
        type Value = u8;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u8, D::Error> {
            d.deserialize_str(self)
        }
    }
    impl<'de> Visitor<'de> for EnvelopeKey {
        type Value = u8;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a key")
        }
        fn visit_str<E>(self, v: &str) -> Result<u8, E> {
            Ok(match v {
                "id" => 0,
                "type" => 1,
                "created_at" => 2,
                "data" => 3,
                _ => 4,
            })
        }
    }

    /// A map key, decoded (so that escapes in keys are checked too).
    struct Key;
    impl<'de> DeserializeSeed<'de> for Key {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_str(Validate(0))
        }
    }

    /// Checks `data`'s text (already known to be JSON syntax) as a `Value` parse would.
    pub(super) fn validate(data: &str) -> Result<(), serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(data);
        de::DeserializeSeed::deserialize(Validate(1), &mut de)?;
        de.end()
    }

    /// The envelope of a body with nothing unusual, in one pass, or `None` (then the
    /// serde reader decides). Sound, not complete: `Some` only when the serde reader
    /// would give the same envelope and `data` needs no further check (no escapes but
    /// `\" \\ \/ \b \f \n \r \t`, no exponents, integer parts under 300 digits,
    /// nesting under 100, known keys each once and with plain strings or null).
    pub(super) fn fast_envelope(text: &str) -> Option<Envelope<'_>> {
        let b = text.as_bytes();
        let mut i = ws(b, 0);
        if b.get(i) != Some(&b'{') {
            return None;
        }
        i = ws(b, i + 1);
        let (mut id, mut event_type, mut created_at, mut data) = (None, None, None, None);
        let (mut n, mut canonical_keys) = (0u8, true);
        if b.get(i) == Some(&b'}') {
            i += 1;
        } else {
            loop {
                let (ks, ke) = plain_string(b, i)?;
                let key = match &text[ks..ke] {
                    "id" => 0u8,
                    "type" => 1,
                    "created_at" => 2,
                    "data" => 3,
                    _ => 4,
                };
                canonical_keys &= key == n;
                n = n.saturating_add(1);
                i = ws(b, ke + 1);
                if b.get(i) != Some(&b':') {
                    return None;
                }
                i = ws(b, i + 1);
                let start = i;
                let end = value(b, i, 2)?;
                let field = || match b[start] {
                    b'"' => {
                        plain_string(b, start).map(|(s, e)| Field::Str(Cow::Borrowed(&text[s..e])))
                    }
                    b'n' => Some(Field::Null),
                    _ => None,
                };
                match key {
                    0 if id.is_none() => id = Some(field()?),
                    1 if event_type.is_none() => event_type = Some(field()?),
                    2 if created_at.is_none() => created_at = Some(field()?),
                    3 if data.is_none() => data = Some(&text[start..end]),
                    4 => {}
                    _ => return None, // a repeated key: the serde reader keeps the last
                }
                i = ws(b, end);
                match b.get(i) {
                    Some(b',') => i = ws(b, i + 1),
                    Some(b'}') => {
                        i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        if ws(b, i) != b.len() {
            return None;
        }
        Some(Envelope::Object {
            id,
            event_type,
            created_at,
            data,
            canonical_keys: canonical_keys && n == 4,
        })
    }

    /// The 8 bytes at `i` (`i + 8 <= b.len()`) as one little-endian word.
    #[inline(always)]
    fn load8(b: &[u8], i: usize) -> u64 {
        match b.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
            Some(w) => u64::from_le_bytes(w),
            None => 0,
        }
    }

    #[inline(always)]
    fn ws(b: &[u8], mut i: usize) -> usize {
        // `c <= b' '` first: one comparison settles the usual byte (not white space).
        while matches!(b.get(i), Some(&c) if c <= b' ' && matches!(c, b' ' | b'\n' | b'\r' | b'\t'))
        {
            i += 1;
        }
        i
    }

    /// A string at `i` with no escapes at all: (first byte inside, closing quote).
    fn plain_string(b: &[u8], i: usize) -> Option<(usize, usize)> {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let end = string_end(b, i + 1)?;
        // A key or field with an escape: the serde reader decodes it.
        b[i + 1..end]
            .iter()
            .all(|&c| c != b'\\')
            .then_some((i + 1, end))
    }

    /// The closing quote of a string whose content starts at `i`: escapes other than
    /// `\u` are passed over; `\u`, a control byte or the end of the text give `None`.
    #[inline(always)]
    fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
        const LO: u64 = 0x0101_0101_0101_0101;
        const HI: u64 = 0x8080_8080_8080_8080;
        loop {
            // 8 bytes at a time: a quote, a backslash or a byte below 0x20 stops
            // (the lowest flagged byte is exact: borrows only run upwards).
            while i + 8 <= b.len() {
                let x = load8(b, i);
                let q = x ^ (LO * u64::from(b'"'));
                let s = x ^ (LO * u64::from(b'\\'));
                let m = ((q.wrapping_sub(LO) & !q)
                    | (s.wrapping_sub(LO) & !s)
                    | (x.wrapping_sub(LO * 0x20) & !x))
                    & HI;
                if m != 0 {
                    i += (m.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            match *b.get(i)? {
                b'"' => return Some(i),
                b'\\' => match *b.get(i + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                    _ => return None,
                },
                c if c < 0x20 => return None,
                _ => i += 1,
            }
        }
    }

    /// The end of the JSON value at `i` (nesting `depth` for a container there), or
    /// `None` when it is not one the fast path vouches for. One loop with the open
    /// containers as a bit stack (no recursion: this runs over every delivery).
    fn value(b: &[u8], mut i: usize, depth: usize) -> Option<usize> {
        // Bit k of `objects`: whether the k-th innermost open container is an object.
        let (mut objects, mut open) = (0u128, 0usize);
        loop {
            // A value starts at the first byte that is not white space.
            let (j, c) = next(b, i)?;
            i = j;
            match c {
                b'"' => i = string_end(b, i + 1)? + 1,
                b'{' | b'[' => {
                    if depth + open >= 100 {
                        return None;
                    }
                    let object = c == b'{';
                    let (j, d) = next(b, i + 1)?;
                    if d == if object { b'}' } else { b']' } {
                        i = j + 1;
                    } else {
                        objects = objects << 1 | u128::from(object);
                        open += 1;
                        i = if object { member_value(b, j)? } else { j };
                        continue;
                    }
                }
                b't' => i = b[i..].starts_with(b"true").then_some(i + 4)?,
                b'f' => i = b[i..].starts_with(b"false").then_some(i + 5)?,
                b'n' => i = b[i..].starts_with(b"null").then_some(i + 4)?,
                b'-' | b'0'..=b'9' => i = number(b, i)?,
                _ => return None,
            }
            // After a value: close containers until one continues.
            loop {
                if open == 0 {
                    return Some(i);
                }
                let (j, c) = next(b, i)?;
                i = j + 1;
                let object = objects & 1 != 0;
                match c {
                    b',' => {
                        if object {
                            i = member_value(b, i)?;
                        }
                        break;
                    }
                    b'}' if object => {}
                    b']' if !object => {}
                    _ => return None,
                }
                objects >>= 1;
                open -= 1;
            }
        }
    }

    /// The first byte at or after `i` that is not JSON white space, and where it is.
    #[inline(always)]
    fn next(b: &[u8], i: usize) -> Option<(usize, u8)> {
        let c = *b.get(i)?;
        if c > b' ' {
            return Some((i, c));
        }
        let j = ws(b, i);
        Some((j, *b.get(j)?))
    }

    /// Past `"key" :` at `i` (white space allowed around both): where the member's
    /// value (or the white space before it) starts.
    #[inline(always)]
    fn member_value(b: &[u8], i: usize) -> Option<usize> {
        let (i, c) = next(b, i)?;
        if c != b'"' {
            return None;
        }
        let (j, c) = next(b, string_end(b, i + 1)? + 1)?;
        (c == b':').then_some(j + 1)
    }

    /// The end of the number at `i`, or `None` when the fast path does not vouch for it.
    #[inline(always)]
    fn number(b: &[u8], i: usize) -> Option<usize> {
        let mut j = i + usize::from(b[i] == b'-');
        let start = j;
        match *b.get(j)? {
            b'0' => j += 1,
            b'1'..=b'9' => {
                while matches!(b.get(j), Some(b'0'..=b'9')) {
                    j += 1;
                }
            }
            _ => return None,
        }
        if j - start >= 300 || matches!(b.get(j), Some(b'0'..=b'9')) {
            return None;
        }
        if b.get(j) == Some(&b'.') {
            j += 1;
            let f = j;
            while matches!(b.get(j), Some(b'0'..=b'9')) {
                j += 1;
            }
            if j == f {
                return None;
            }
        }
        // An exponent: the serde reader checks the range.
        (!matches!(b.get(j), Some(b'e' | b'E'))).then_some(j)
    }

    /// Whether `data` (syntactically valid JSON) may hold something a `Value` parse
    /// refuses beyond the syntax: a `\u` escape (a lone surrogate), an exponent or
    /// an integer part of 300 digits or more (a number beyond `f64`), or nesting
    /// near the limit. `false` means [`validate`] would pass.
    pub(super) fn needs_validation(data: &str) -> bool {
        let b = data.as_bytes();
        let (mut i, mut depth, mut digits) = (0usize, 0usize, 0usize);
        while i < b.len() {
            match b[i] {
                b'"' => {
                    i += 1;
                    loop {
                        i = skip_plain(b, i);
                        match b.get(i) {
                            Some(b'"') => break,
                            Some(b'\\') => {
                                if b.get(i + 1) == Some(&b'u') {
                                    return true;
                                }
                                i += 2;
                            }
                            _ => return true,
                        }
                    }
                    digits = 0;
                }
                b'0'..=b'9' => {
                    digits += 1;
                    if digits >= 300 {
                        return true;
                    }
                }
                // Outside strings, `e` after a digit is an exponent (`true`/`false`
                // have theirs after a letter).
                b'e' | b'E' if digits > 0 => return true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth >= 100 {
                        return true;
                    }
                    digits = 0;
                }
                b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    digits = 0;
                }
                _ => digits = 0,
            }
            i += 1;
        }
        false
    }

    /// The index of the first `"` or `\\` at or after `i` (or `b.len()`), 8 bytes at a time.
    fn skip_plain(b: &[u8], mut i: usize) -> usize {
        const LO: u64 = 0x0101_0101_0101_0101;
        const HI: u64 = 0x8080_8080_8080_8080;
        let has =
            |x: u64, c: u8| (x ^ (LO * c as u64)).wrapping_sub(LO) & !(x ^ (LO * c as u64)) & HI;
        while i + 8 <= b.len() {
            let x = load8(b, i);
            let m = has(x, b'"') | has(x, b'\\');
            if m != 0 {
                // The lowest flagged byte is exact (borrows only run upwards).
                return i + (m.trailing_zeros() / 8) as usize;
            }
            i += 8;
        }
        while i < b.len() && b[i] != b'"' && b[i] != b'\\' {
            i += 1;
        }
        i
    }

    /// JSON text without the white space between tokens.
    pub(super) fn compact(text: &str) -> Cow<'_, str> {
        let b = text.as_bytes();
        let is_ws = |c: u8| matches!(c, b' ' | b'\n' | b'\r' | b'\t');
        // Fast check: no white space byte at all (strings may hold none unescaped
        // but spaces; a space inside a string is kept below).
        if !b.iter().any(|&c| is_ws(c)) {
            return Cow::Borrowed(text);
        }
        let mut out = Vec::with_capacity(b.len());
        let (mut in_str, mut esc, mut changed) = (false, false, false);
        for &c in b {
            if in_str {
                out.push(c);
                if esc {
                    esc = false;
                } else if c == b'\\' {
                    esc = true;
                } else if c == b'"' {
                    in_str = false;
                }
            } else if is_ws(c) {
                changed = true;
            } else {
                if c == b'"' {
                    in_str = true;
                }
                out.push(c);
            }
        }
        if !changed {
            return Cow::Borrowed(text);
        }
        // Only ASCII white space outside strings was removed: still UTF-8.
        Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
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

    /// `RawEvent::parse` answers as `Event::parse` does (the reference: a `Value` parse).
    fn same_as_event(body: &[u8]) {
        // The one-pass reader, when it answers, reads what the serde reader reads.
        if let Ok(text) = std::str::from_utf8(body) {
            if let Some(fast) = raw::fast_envelope(text) {
                let slow: raw::Envelope<'_> = serde_json::from_str(text).expect(text);
                assert_eq!(fast, slow, "{text}");
                if let raw::Envelope::Object { data: Some(d), .. } = &fast {
                    assert!(raw::validate(d).is_ok(), "{text}");
                }
            }
        }
        let old = Event::parse(body);
        let new = RawEvent::parse(body);
        match (&old, &new) {
            (Ok(o), Ok(n)) => {
                assert_eq!(o, &n.to_event(), "{}", String::from_utf8_lossy(body));
                let compact: serde_json::Value = serde_json::from_str(&n.data_compact()).unwrap();
                assert_eq!(compact, o.data);
                let env: serde_json::Value = serde_json::from_str(&n.to_json()).unwrap();
                let old_env: serde_json::Value = serde_json::from_str(&o.to_json()).unwrap();
                assert_eq!(env, old_env);
                if n.body_is_envelope {
                    let whole: serde_json::Value = serde_json::from_slice(body).unwrap();
                    assert_eq!(whole, env);
                    let keys: Vec<&String> = whole.as_object().unwrap().keys().collect();
                    assert_eq!(keys.len(), 4);
                }
            }
            (Err(o), Err(n)) => assert_eq!(
                (o.code, n.code),
                (Code::InvalidPayload, Code::InvalidPayload)
            ),
            _ => panic!(
                "{}: old {:?} new {:?}",
                String::from_utf8_lossy(body),
                old.as_ref().map(|_| ()),
                new.as_ref().map(|_| ())
            ),
        }
    }

    #[test]
    fn the_prescan_never_skips_a_needed_check() {
        let cases = [
            r#"{"a":"\ud800"}"#,
            r#"{"\ud800":1}"#,
            r#"["\\","\u0041"]"#,
            r#"[1e400]"#,
            r#"[1E400]"#,
            r#"[-1.5e+400]"#,
            r#"[true,false,null,"1e400"]"#,
            r#"["\\u"]"#,
            r#"[0.5,10,"a\"b"]"#,
        ];
        for d in cases {
            if !raw::needs_validation(d) {
                assert!(raw::validate(d).is_ok(), "{d}");
            }
        }
        assert!(raw::needs_validation(r#"{"a":"\ud800"}"#));
        assert!(raw::needs_validation("[1e400]"));
        assert!(!raw::needs_validation(
            r#"[true,false,null,"x1e400","\\u",{"E5":"x"},-0.5,12]"#
        ));
        assert!(
            raw::needs_validation("1e5")
                && raw::needs_validation(" -2E5")
                && !raw::needs_validation("12")
        );
        assert!(raw::needs_validation(r#"{"a" : -1.5e3}"#) && raw::needs_validation("[0,\n 1e3]"));
        let long = format!("[{}]", "9".repeat(400));
        assert!(raw::needs_validation(&long) && raw::validate(&long).is_err());
        let deep = format!("{}{}", "[".repeat(130), "]".repeat(130));
        assert!(raw::needs_validation(&deep));
    }

    proptest::proptest! {
        /// Texts of JSON-ish fragments: whenever one is JSON and the pre-scan says no
        /// check is needed, the check passes; and the envelope reader agrees with
        /// the `Value` parse on it.
        #[test]
        fn prescan_and_envelope_on_random_texts(t in r#"[\[\]{}:, "0-9eE.\-+\\udDcC8a-z]{0,48}"#) {
            if serde_json::from_str::<serde::de::IgnoredAny>(&t).is_ok() && !raw::needs_validation(&t) {
                proptest::prop_assert!(raw::validate(&t).is_ok(), "{}", t);
            }
            let body = format!(r#"{{"id":"e","type":"a.b","data":{t}}}"#);
            same_as_event(body.as_bytes());
            let body = format!(r#"{{"id":"e","type":"a.b","x":{t},"data":1}}"#);
            same_as_event(body.as_bytes());
        }
    }

    proptest::proptest! {
        /// The same, from JSON tokens (valid texts come up often).
        #[test]
        fn prescan_and_envelope_on_token_texts(toks in proptest::collection::vec(proptest::sample::select(vec![
            "[", "]", "{", "}", ",", ":", " ", "\"k\"", "\"a:1e9\"", "\"\\ud800\"", "\"\\ud83d\\udd11\"",
            "\"\\udc00\"", "\"\\\\u\"", "\"\\n\"", "1e400", "-1E-400", "-0", "12", "1.5e3", "9.99", "true", "null",
        ]), 0..24)) {
            let t: String = toks.concat();
            if serde_json::from_str::<serde::de::IgnoredAny>(&t).is_ok() && !raw::needs_validation(&t) {
                proptest::prop_assert!(raw::validate(&t).is_ok(), "{}", t);
            }
            let body = format!(r#"{{"id":"e","type":"a.b","data":{t}}}"#);
            same_as_event(body.as_bytes());
        }
    }

    #[test]
    fn raw_envelope_agrees_with_the_value_parse() {
        let cases: &[&[u8]] = &[
            BODY,
            b"",
            b"null",
            b"[1,2]",
            b"\"x\"",
            b"{}",
            br#"{"type":"a.b"}"#,
            br#"{"type":"a.b","id":null}"#,
            br#"{"type":"a.b","id":""}"#,
            br#"{"type":"","id":"e"}"#,
            br#"{"type":"a.b","id":7}"#,
            br#"{"type":7,"id":"e"}"#,
            br#"{"type":"a.b","id":"e","data":null}"#,
            br#"{"type":"a.b","id":"e","created_at":5}"#,
            br#"{"type":"a.b","id":"e","created_at":null,"data":[1,{"z":1,"a":2}]}"#,
            // duplicate keys: the last wins, in the envelope and in data
            br#"{"type":"x.y","type":"a.b","id":"e","id":"f","data":{"k":1,"k":2},"data":{"k":3,"k":4}}"#,
            br#"{"type":7,"type":"a.b","id":"e"}"#,
            br#"{"type":"a.b","type":7,"id":"e"}"#,
            // escapes: decoded strings, lone surrogates refused anywhere
            br#"{"type":"a\u002eb","id":"e\"1","created_at":"\ud83d\udd11","data":{"s":"\u00e9\n"}}"#,
            br#"{"type":"a.b","id":"e","data":{"s":"\ud800"}}"#,
            br#"{"type":"a.b","id":"e","data":{"s":"\udc00"}}"#,
            br#"{"type":"a.b","id":"e","data":{"\ud800":1}}"#,
            br#"{"type":"a.b","id":"e","extra":"\ud800"}"#,
            br#"{"type":"a.b","id":"e","\ud800":1}"#,
            br#"{"type":"a.b","id":"\ud800"}"#,
            br#"{"type":"a.b","id":"e","created_at":"\udfff"}"#,
            // numbers
            br#"{"type":"a.b","id":"e","data":{"n":1e400}}"#,
            br#"{"type":"a.b","id":"e","data":{"n":-1e400}}"#,
            br#"{"type":"a.b","id":"e","data":{"n":1e-400}}"#,
            br#"{"type":"a.b","id":"e","data":{"n":123456789012345678901234567890}}"#,
            br#"{"type":"a.b","id":"e","data":{"n":-0}}"#,
            br#"{"type":"a.b","id":"e","extra":1e999}"#,
            br#"{"type":"a.b","id":"e","data":{"n":01}}"#,
            // white space, unknown fields, trailing bytes
            b" {\n\"type\" : \"a.b\" ,\t\"id\":\"e\", \"data\" : { \"a b\" : [ 1 , \" x \" ] } } \n",
            br#"{"type":"a.b","id":"e","more":{"deep":[1,2,{"x":null}]},"data":{}}"#,
            br#"{"type":"a.b","id":"e"} x"#,
            br#"{"type":"a.b","id":"e","data":{"a":1,}}"#,
            b"{\"type\":\"a.b\",\"id\":\"e\",\"data\":\"\xff\"}",
            b"{\"type\":\"a.b\",\"id\":\"e\",\"x\":\"\xc3\"}",
            b"{\"type\":\"a.b\",\"id\":\"e\",\"data\":\"a\x01\"}",
            br#"{"id":"e","type":"a.b","created_at":"c","data":{"x":[1,2.5,-3e2,"\\u"]}}"#,
            br#"{"id":"e","type":"a.b","created_at":null,"data":{}}"#,
            br#"{"id":"e","type":"a.b","created_at":7,"data":{}}"#,
            br#"{"id":"e","type":"a.b","data":{},"created_at":"c"}"#,
            br#"{"id":"e","type":"a.b","created_at":"c","data":{},"data":{}}"#,
            br#"{"id":"e","type":"a.b","created_at":"c","data":{},"x":1}"#,
            br#"{"id":"e","type":"a.b","created_at":"c","data":[1e400]}"#,
            br#"{"id":"e","type":"a.b","created_at":"c","data":["\udc00"]}"#,
        ];
        for c in cases {
            same_as_event(c);
        }
        // The nesting limit, around its edge, in data and in an unknown field.
        for depth in 120..132 {
            for key in ["data", "other"] {
                let body = format!(
                    r#"{{"type":"a.b","id":"e","{key}":{}{}}}"#,
                    "[".repeat(depth),
                    "]".repeat(depth)
                );
                same_as_event(body.as_bytes());
                let body = format!(
                    r#"{{"type":"a.b","id":"e","{key}":{}1{}}}"#,
                    "{\"a\":".repeat(depth),
                    "}".repeat(depth)
                );
                same_as_event(body.as_bytes());
            }
        }
    }

    #[test]
    fn the_one_pass_reader_takes_usual_bodies_and_leaves_the_rest() {
        assert!(raw::fast_envelope(std::str::from_utf8(BODY).unwrap()).is_some());
        for t in [
            r#" { "id" : "e", "type":"t", "created_at":null, "data" : {"a":[1,-2.5,true,false,null,"x\"y\n"],"b":{}} , "x":[] } "#,
            r#"{}"#,
            r#"{"data":[]}"#,
        ] {
            assert!(raw::fast_envelope(t).is_some(), "{t}");
            same_as_event(t.as_bytes());
        }
        for t in [
            r#"{"id":"e\u0041","type":"t"}"#,
            r#"{"id":"e","id":"f","type":"t"}"#,
            r#"{"id":"e","type":"t","data":1e5}"#,
            r#"{"id":"e","type":"t","data":01}"#,
            r#"{"id":"e","type":"t","data":"\ud800"}"#,
            r#"{"id":7,"type":"t"}"#,
            r#"{"id":"e","type":"t","data":[1,]}"#,
            r#"{"id":"e","type":"t"} x"#,
            r#"[1]"#,
            "{\"id\":\"e\",\"type\":\"t\",\"data\":\"a\x01\"}",
            r#"{"k\n":1}"#,
        ] {
            assert!(raw::fast_envelope(t).is_none(), "{t}");
            same_as_event(t.as_bytes());
        }
        let deep = format!(r#"{{"data":{}{}}}"#, "[".repeat(99), "]".repeat(99));
        assert!(raw::fast_envelope(&deep).is_none());
        same_as_event(deep.as_bytes());
    }

    #[test]
    fn raw_event_keeps_the_sender_order_and_header_id() {
        let body = br#"{"type":"order.completed","data":{"z":1,"a":{"y":2,"b":3}}}"#;
        let e = RawEvent::parse_with_header_id(body, Some(" evt_h ")).unwrap();
        assert_eq!(
            (&*e.id, &*e.event_type, e.data),
            ("evt_h", "order.completed", r#"{"z":1,"a":{"y":2,"b":3}}"#)
        );
        assert_eq!(
            e.to_json(),
            r#"{"id":"evt_h","type":"order.completed","created_at":null,"data":{"z":1,"a":{"y":2,"b":3}}}"#
        );
        let spaced = RawEvent::parse(
            b"{\"id\":\"e\",\"type\":\"t\",\"data\": { \"a\" : \"x y\\\" z\" ,\n\"b\":[ 1 ] } }",
        )
        .unwrap();
        assert_eq!(spaced.data_compact(), r#"{"a":"x y\" z","b":[1]}"#);
        assert!(matches!(
            RawEvent::parse(BODY).unwrap().id,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn host_mac_gives_the_same_answers() {
        let v = Verifier::new(&["old", "s1"]).unwrap();
        let secrets = ["old", "s1"];
        let sig = sign(BODY, "s1", 1000);
        let calls = std::cell::RefCell::new(Vec::new());
        let mut good = |i: usize, parts: &[&[u8]]| -> Result<[u8; 32], Error> {
            calls.borrow_mut().push(i);
            let mut m = HmacSha256::new_from_slice(secrets[i].as_bytes()).unwrap();
            for p in parts {
                m.update(p);
            }
            Ok(m.finalize().into_bytes().into())
        };
        assert!(v
            .verify_signature_with_mac(BODY, &h(&sig, "1000"), 1000, &mut good)
            .is_ok());
        let e = v
            .verify_raw(BODY, &h(&sig, " 1000 "), Some(1000), Some(&mut good))
            .unwrap();
        assert_eq!(
            e.to_event(),
            v.verify(BODY, &h(&sig, " 1000 "), 1000).unwrap()
        );
        // every secret is tried (rotation, no early exit), by index
        assert_eq!(*calls.borrow(), [0, 1, 0, 1]);
        let code = |r: Result<(), Error>| r.unwrap_err().code;
        // tolerance, malformed headers and the size limit are the core's, host MAC or not
        assert_eq!(
            code(v.verify_signature_with_mac(BODY, &h(&sig, "1000"), 1301, &mut good)),
            Code::TimestampOutOfTolerance
        );
        assert!(v
            .verify_raw(BODY, &h(&sig, "1000"), None, Some(&mut good))
            .is_ok());
        assert_eq!(
            code(v.verify_signature_with_mac(BODY, &h(&sig, "10x"), 1000, &mut good)),
            Code::MalformedHeader
        );
        let small = Verifier::new(&["s1"]).unwrap().with_max_body_bytes(10);
        let mut never =
            |_: usize, _: &[&[u8]]| -> Result<[u8; 32], Error> { panic!("MAC asked for") };
        assert_eq!(
            code(small.verify_signature_with_mac(BODY, &h(&sig, "1000"), 1000, &mut never)),
            Code::PayloadTooLarge
        );
        // a provider giving wrong bytes: a mismatch, never a match
        let mut wrong = |_: usize, _: &[&[u8]]| -> Result<[u8; 32], Error> { Ok([0u8; 32]) };
        assert_eq!(
            code(v.verify_signature_with_mac(BODY, &h(&sig, "1000"), 1000, &mut wrong)),
            Code::SignatureMismatch
        );
        let zeros = format!("v1={}", "0".repeat(64));
        let mut zero = |_: usize, _: &[&[u8]]| -> Result<[u8; 32], Error> { Ok([0u8; 32]) };
        // (the core compares what the host computed with what was sent: all zeros
        // sent and computed matches; a host must compute the real MAC)
        assert!(v
            .verify_signature_with_mac(BODY, &h(&zeros, "1000"), 1000, &mut zero)
            .is_ok());
        // a failing provider: its error, as is
        let mut failing = |_: usize, _: &[&[u8]]| -> Result<[u8; 32], Error> {
            Err(Error::new(Code::Internal, "host HMAC failed"))
        };
        assert_eq!(
            code(v.verify_signature_with_mac(BODY, &h(&sig, "1000"), 1000, &mut failing)),
            Code::Internal
        );
        // the signature is checked before the body is parsed
        let mut good2 = |i: usize, parts: &[&[u8]]| -> Result<[u8; 32], Error> {
            let mut m = HmacSha256::new_from_slice(secrets[i].as_bytes()).unwrap();
            parts.iter().for_each(|p| m.update(p));
            Ok(m.finalize().into_bytes().into())
        };
        let bad = sign(b"[1]", "s1", 1000);
        assert_eq!(
            v.verify_raw(b"[1]", &h(&bad, "1000"), Some(1000), Some(&mut good2))
                .unwrap_err()
                .code,
            Code::InvalidPayload
        );
        assert_eq!(
            v.verify_raw(b"[1]", &h(&sig, "1000"), Some(1000), Some(&mut good2))
                .unwrap_err()
                .code,
            Code::SignatureMismatch
        );
    }

    #[test]
    fn unknown_types_are_kept() {
        let e = Event::parse(br#"{"id":"evt_1","type":"brand.new","data":{"x":1}}"#).unwrap();
        assert_eq!(e.kind(), EventType::Unknown("brand.new".into()));
        assert_eq!(e.kind().as_str(), "brand.new");
        assert_eq!(EventType::parse("swap.failed").as_str(), "swap.failed");
    }
}
