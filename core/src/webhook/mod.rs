//! Webhook verification, signing and the event envelope.
//!
//! # The signature scheme (the one place it is defined)
//!
//! The signed message is the ASCII decimal `Peeker-Timestamp`, a `.`, then the raw
//! body bytes; the signature is HMAC-SHA256 keyed with the secret's UTF-8 bytes, as
//! lower-case hex, sent in `Peeker-Signature` as `v1=<hex>`. Several entries may be
//! given, separated by `,` or white space; one match with any configured secret is
//! enough. The public documentation does not show the signed string (see
//! `core/docs/peeker-api.md` §4.3); should Peeker's differ, `sign::signed_mac` is
//! the one function to change.
//!
//! Verify first, parse after: [`Verifier::verify`] checks the signature over the raw
//! bytes before it looks at the JSON.
//!
//! # Layout
//!
//! - [`headers`](Headers): the three headers, picked out of a request's headers;
//! - `verify`: [`VerifierOptions`] and [`Verifier`] (signature, timestamp, size);
//! - `sign`: the scheme itself ([`sign`], and the keyed MAC the verifier uses);
//! - `event`: [`Event`], [`EventType`] and the typed [`Payload`];
//! - `raw_event` and `raw`: [`RawEvent`], the envelope read without a tree for `data`;
//! - `diagnose`: [`diagnose`] (which scheme and key a captured delivery was signed
//!   with) and the likely causes a refused delivery's error names;
//! - `scan`: the byte scanners the envelope reader runs over every delivery.
mod diagnose;
#[cfg(test)]
mod diagnose_tests;
mod event;
mod headers;
mod raw;
mod raw_event;
mod scan;
mod sign;
#[cfg(test)]
mod tests;
mod verify;

pub use diagnose::{diagnose, Cause, Diagnosis, KeyEncoding, Scheme};
pub use event::{resource_in, Event, EventType, Payload, PayloadKind};
pub use headers::Headers;
pub use raw_event::RawEvent;
pub use sign::sign;
pub use verify::{HostSha256, Verifier, VerifierOptions};

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
