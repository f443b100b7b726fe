//! The retry decision: whether the SDK sends a request again after one attempt,
//! and after how long. One function, [`decide`], implements the rule of
//! `tests/vectors/FORMAT.md` (kind `retry`) row by row; every transport (the Rust
//! `ureq` transport, Python's and Node's `send`, the C examples) calls it through
//! its binding. The core has no clock and no randomness: the caller passes the
//! attempt number and a jitter in `[0, 1)`, and sleeps.
//!
//! | outcome | retry |
//! |---|---|
//! | 2xx; 4xx other than 429 | no |
//! | 429 with `details.reason` `cloudflare_account_capacity` | no: use `create_import_job` |
//! | other 429 (not carried out) | yes, any operation, after `retry_after_seconds` (5 when absent) × 1000 + jitter × 1000 ms |
//! | 5xx, or [`NetworkError::Timeout`] | only when the request is `retry_safe`, after [`backoff_delay_ms`] |
//! | [`NetworkError::Connect`] (nothing was sent) | yes, any operation, after [`backoff_delay_ms`] |
//! | any, when `attempt >= max_attempts` | no |
use crate::api::Operation;
use crate::response::{backoff_delay_ms, Classified, Retry};

/// Default number of attempts per request, the first included.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
/// Default longest single wait a transport sleeps before a retry, in seconds (a
/// 429 asking for longer ends the send). Every binding's send loop starts from it.
pub const DEFAULT_MAX_WAIT_SECS: u64 = 60;
/// Default timeout of one attempt, in milliseconds: an attempt that takes longer
/// is a [`NetworkError::Timeout`].
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;

/// Why no response came back from one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NetworkError {
    /// The connection failed before the request was sent (refused, the name does
    /// not resolve, the connect timed out): nothing reached the server.
    Connect,
    /// No answer in time, or the connection broke after the request left: the
    /// request may have been carried out.
    Timeout,
}

impl NetworkError {
    /// Every kind.
    pub const ALL: &'static [NetworkError] = &[NetworkError::Connect, NetworkError::Timeout];

    /// `connect` or `timeout`.
    pub const fn as_str(self) -> &'static str {
        match self {
            NetworkError::Connect => "connect",
            NetworkError::Timeout => "timeout",
        }
    }
    /// A caller's network-error argument named `field`: [`NetworkError::parse`],
    /// or an `invalid_argument` error with that field that quotes it. Every binding
    /// checks it here.
    pub fn from_arg(s: &str, field: &str) -> Result<NetworkError, crate::Error> {
        NetworkError::parse(s).ok_or_else(|| {
            let names: Vec<&str> = NetworkError::ALL.iter().map(|k| k.as_str()).collect();
            crate::error::not_one_of(field, &names, s)
        })
    }

    /// Parses `connect` or `timeout`.
    pub fn parse(s: &str) -> Option<NetworkError> {
        match s {
            "connect" => Some(NetworkError::Connect),
            "timeout" => Some(NetworkError::Timeout),
            _ => None,
        }
    }
}

/// How one attempt ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome<'a> {
    /// A response came back ([`crate::classify`]).
    Response(&'a Classified),
    /// No response came back.
    Network(NetworkError),
}

/// The caller's limits: the most attempts in all, and the longest single wait
/// worth sleeping (a 429 asking for longer is handed back; a backoff is capped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included ([`DEFAULT_MAX_ATTEMPTS`]).
    pub max_attempts: u32,
    /// Longest wait in milliseconds; `u64::MAX` (the default) for no limit.
    pub max_wait_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            max_wait_ms: u64::MAX,
        }
    }
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Do not send again: hand the response (or the network error) to the caller.
    Stop,
    /// Send again after this many milliseconds.
    RetryAfterMs(u64),
}

impl Decision {
    /// The wait before the next attempt, `None` for [`Decision::Stop`].
    pub const fn delay_ms(self) -> Option<u64> {
        match self {
            Decision::Stop => None,
            Decision::RetryAfterMs(ms) => Some(ms),
        }
    }
}

/// The retry decision for attempt number `attempt` (1-based) of a request that
/// is `retry_safe` or not ([`crate::Request::retry_safe`],
/// [`Operation::retry_safe`]), which ended with `outcome`. `jitter` is the
/// caller's uniform draw in `[0, 1)` (clamped; NaN counts as 0). See the module
/// documentation for the rule.
pub fn decide(
    retry_safe: bool,
    attempt: u32,
    outcome: Outcome<'_>,
    jitter: f64,
    policy: RetryPolicy,
) -> Decision {
    if attempt >= policy.max_attempts {
        return Decision::Stop;
    }
    let j = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let backoff = || Decision::RetryAfterMs(backoff_delay_ms(attempt, j).min(policy.max_wait_ms));
    match outcome {
        Outcome::Network(NetworkError::Connect) => backoff(),
        Outcome::Network(NetworkError::Timeout) if retry_safe => backoff(),
        Outcome::Network(NetworkError::Timeout) => Decision::Stop,
        Outcome::Response(c) => match c.retry {
            Retry::Never => Decision::Stop,
            Retry::After { .. } if c.is_capacity() => Decision::Stop,
            Retry::After { seconds } => {
                let wait = seconds.saturating_mul(1000);
                if wait > policy.max_wait_ms {
                    Decision::Stop
                } else {
                    Decision::RetryAfterMs(wait.saturating_add((j * 1000.0) as u64))
                }
            }
            Retry::Backoff if retry_safe => backoff(),
            Retry::Backoff => Decision::Stop,
        },
    }
}

/// [`decide`] for an operation: its [`Operation::retry_safe`].
pub fn decide_for(
    operation: Operation,
    attempt: u32,
    outcome: Outcome<'_>,
    jitter: f64,
    policy: RetryPolicy,
) -> Decision {
    decide(operation.retry_safe(), attempt, outcome, jitter, policy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify;

    #[test]
    fn network_error_arguments() {
        for e in NetworkError::ALL {
            assert_eq!(NetworkError::from_arg(e.as_str(), "f").unwrap(), *e);
        }
        let e = NetworkError::from_arg("dns", "network_error").unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (crate::Code::InvalidArgument, Some("network_error"))
        );
        assert_eq!(
            e.message,
            r#"network_error must be "connect" or "timeout" (got "dns")."#
        );
    }

    fn d(safe: bool, attempt: u32, status: u16, body: &str, j: f64) -> Option<u64> {
        let c = classify(status, [], body.as_bytes());
        decide(
            safe,
            attempt,
            Outcome::Response(&c),
            j,
            RetryPolicy::default(),
        )
        .delay_ms()
    }

    #[test]
    fn rows() {
        let rl = r#"{"error":{"code":"rate_limited","details":{"retry_after_seconds":2}}}"#;
        assert_eq!(d(false, 1, 429, rl, 0.5), Some(2500));
        assert_eq!(d(false, 1, 429, "", 0.0), Some(5000));
        assert_eq!(d(true, 4, 429, rl, 0.5), None);
        let cap = r#"{"error":{"code":"rate_limited","details":{"reason":"cloudflare_account_capacity"}}}"#;
        assert_eq!(d(true, 1, 429, cap, 0.0), None);
        assert_eq!(d(true, 2, 503, "<html>", 1.0), Some(1000));
        assert_eq!(d(false, 2, 503, "<html>", 1.0), None);
        assert_eq!(d(true, 1, 404, "", 0.0), None);
        assert_eq!(d(true, 1, 200, "{}", 0.0), None);
        let net = |safe, e| decide(safe, 1, Outcome::Network(e), 0.0, RetryPolicy::default());
        assert_eq!(
            net(false, NetworkError::Connect),
            Decision::RetryAfterMs(250)
        );
        assert_eq!(net(false, NetworkError::Timeout), Decision::Stop);
        assert_eq!(
            net(true, NetworkError::Timeout),
            Decision::RetryAfterMs(250)
        );
        let capped = RetryPolicy {
            max_wait_ms: 1000,
            ..RetryPolicy::default()
        };
        let c = classify(429, [], rl.as_bytes());
        assert_eq!(
            decide(true, 1, Outcome::Response(&c), 0.0, capped),
            Decision::Stop
        );
        assert_eq!(
            decide(
                true,
                3,
                Outcome::Network(NetworkError::Connect),
                1.0,
                capped
            ),
            Decision::RetryAfterMs(1000)
        );
    }

    #[test]
    fn retry_safe_operations() {
        let safe: Vec<&str> = Operation::ALL
            .iter()
            .filter(|o| o.retry_safe())
            .map(|o| o.as_str())
            .collect();
        for w in [
            "check_availability",
            "import_domains",
            "create_import_job",
            "update_forwarding",
            "create_order",
            "me",
            "next_page",
        ] {
            assert!(safe.contains(&w), "{w}");
        }
        for w in [
            "create_swap",
            "swap_user_names",
            "create_bundle",
            "update_bundle",
            "delete_bundle",
            "cancel_order",
        ] {
            assert!(!safe.contains(&w), "{w}");
        }
    }
}
