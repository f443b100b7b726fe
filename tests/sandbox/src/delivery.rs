//! How webhooks are signed and retried. The spec documents HMAC-SHA256, the
//! `v1=<hex>` header and a `Peeker-Timestamp`, but not the signed string, nor
//! whether a retry is signed with a new timestamp: both are `serve` flags here
//! so receivers can be tried against each reading. The default scheme signs
//! through the core (`peeker_core::webhook::sign`); the others are computed here,
//! in the test tool, so the core carries no second verification path.
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// What the signature covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SignatureScheme {
    /// `"<timestamp>.<body>"` (Stripe-like; the core's scheme). The default.
    #[default]
    TimestampBody,
    /// The raw body only.
    Body,
    /// `"<event id>.<timestamp>.<body>"` (Standard Webhooks-like).
    IdTimestampBody,
}

impl SignatureScheme {
    /// Every scheme.
    pub const ALL: [SignatureScheme; 3] = [
        SignatureScheme::TimestampBody,
        SignatureScheme::Body,
        SignatureScheme::IdTimestampBody,
    ];

    /// The flag value: `timestamp.body`, `body`, `id.timestamp.body`.
    pub const fn name(self) -> &'static str {
        match self {
            SignatureScheme::TimestampBody => "timestamp.body",
            SignatureScheme::Body => "body",
            SignatureScheme::IdTimestampBody => "id.timestamp.body",
        }
    }

    /// Parses a flag value.
    pub fn from_name(s: &str) -> Option<SignatureScheme> {
        SignatureScheme::ALL.into_iter().find(|x| x.name() == s)
    }

    /// The `Peeker-Signature` value, `v1=<lowercase hex HMAC-SHA256>`.
    pub fn sign(self, secret: &str, event_id: &str, timestamp: i64, body: &[u8]) -> String {
        let mac = |parts: &[&[u8]]| {
            let mut m =
                Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
            for p in parts {
                m.update(p);
            }
            let tag = m.finalize().into_bytes();
            let hex: String = tag.iter().map(|b| format!("{b:02x}")).collect();
            format!("v1={hex}")
        };
        match self {
            SignatureScheme::TimestampBody => peeker_core::webhook::sign(body, secret, timestamp),
            SignatureScheme::Body => mac(&[body]),
            SignatureScheme::IdTimestampBody => {
                let ts = timestamp.to_string();
                mac(&[event_id.as_bytes(), b".", ts.as_bytes(), b".", body])
            }
        }
    }
}

/// Which `Peeker-Timestamp` a retry carries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RetryTimestamp {
    /// The first attempt's timestamp (and so the same signature): a receiver's
    /// replay window then rejects late retries.
    First,
    /// A new timestamp per attempt, signed again (as Stripe and Standard
    /// Webhooks do). The default.
    #[default]
    Fresh,
}

impl RetryTimestamp {
    /// The flag value: `first` or `fresh`.
    pub const fn name(self) -> &'static str {
        match self {
            RetryTimestamp::First => "first",
            RetryTimestamp::Fresh => "fresh",
        }
    }

    /// Parses a flag value.
    pub fn from_name(s: &str) -> Option<RetryTimestamp> {
        [RetryTimestamp::First, RetryTimestamp::Fresh]
            .into_iter()
            .find(|x| x.name() == s)
    }
}

/// Attempts per event (documented: up to 5, over 24 hours).
pub const WEBHOOK_ATTEMPTS: u32 = 5;

/// Simulated seconds before retry `n + 1` after failed attempt `n` (1-based):
/// 9 min × 5^(n−1), i.e. 9 min, 45 min, 3 h 45 min, 18 h 45 min. The five
/// attempts span 23 h 24 min ("5 attempts over 24 hours, exponential backoff";
/// the exact schedule is the sandbox's).
pub fn webhook_backoff_secs(failed_attempt: u32) -> f64 {
    540.0 * 5f64.powi(failed_attempt.saturating_sub(1) as i32)
}
