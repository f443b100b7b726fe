//! [`VerifierOptions`] and [`Verifier`]: the size limit, the headers' forms, the
//! signature (constant-time) and the timestamp window. Every binding verifies
//! through one `Verifier`, made once and used for every delivery.
use super::diagnose::{candidate_keys, likely_causes, Cause};
use super::scan::signature_entries;
use super::sign::{
    host_key, host_message, host_signed_mac, keyed, signed_mac_keyed, HmacSha256, HostKey,
};
use super::{
    Event, Headers, RawEvent, DEFAULT_MAX_BODY_BYTES, DEFAULT_TOLERANCE_SECS, SIGNATURE_HEADER,
    SIGNATURE_VERSION, TIMESTAMP_HEADER,
};
use crate::error::{Code, Error};
use std::fmt;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// A host's SHA-256, for hosts with a faster native one (Node's `node:crypto`):
/// `sha256(data)` returns the SHA-256 digest of `data`. The [`Verifier`] uses it
/// for the inner hash of each secret's HMAC-SHA256 (the long one, over the
/// body) and finishes the MAC itself; `data` is that secret's key block (the
/// secret XOR 0x36) followed by the signed message, lent only for the call.
/// Everything else (the size limit, header parsing, which bytes are MACed, the
/// HMAC construction, the constant-time comparison, the timestamp window) stays
/// in the [`Verifier`]. An `Err` is returned to the caller as is.
pub trait HostSha256: Send + Sync {
    /// SHA-256(`data`).
    fn sha256(&self, data: &[u8]) -> Result<[u8; 32], Error>;
}

impl<F> HostSha256 for F
where
    F: Fn(&[u8]) -> Result<[u8; 32], Error> + Send + Sync,
{
    fn sha256(&self, data: &[u8]) -> Result<[u8; 32], Error> {
        self(data)
    }
}

/// Everything a [`Verifier`] is made from, as one value.
#[derive(Clone)]
pub struct VerifierOptions {
    /// The secrets accepted (several during a rotation; one match is enough). At
    /// least one; none empty.
    pub secrets: Vec<String>,
    /// How far `Peeker-Timestamp` may be from now, either way, in seconds.
    pub tolerance_secs: u64,
    /// The largest body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The host's SHA-256 for the HMAC's inner hash, or `None` for this crate's.
    pub host_sha256: Option<Arc<dyn HostSha256>>,
}

impl VerifierOptions {
    /// Options for `secrets`, with the default tolerance (300 s), body limit
    /// (1 MiB) and this crate's HMAC-SHA256.
    pub fn new<S: AsRef<str>>(secrets: &[S]) -> VerifierOptions {
        VerifierOptions {
            secrets: secrets.iter().map(|s| s.as_ref().to_string()).collect(),
            tolerance_secs: DEFAULT_TOLERANCE_SECS,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            host_sha256: None,
        }
    }

    /// Sets [`tolerance_secs`](Self::tolerance_secs).
    pub fn tolerance_secs(mut self, secs: u64) -> Self {
        self.tolerance_secs = secs;
        self
    }

    /// Sets [`max_body_bytes`](Self::max_body_bytes).
    pub fn max_body_bytes(mut self, n: usize) -> Self {
        self.max_body_bytes = n;
        self
    }

    /// Sets [`host_sha256`](Self::host_sha256).
    pub fn host_sha256(mut self, sha256: Arc<dyn HostSha256>) -> Self {
        self.host_sha256 = Some(sha256);
        self
    }
}

impl Default for VerifierOptions {
    /// No secret (a `Verifier` refuses it: `invalid_secret`), the default limits.
    fn default() -> Self {
        VerifierOptions::new::<&str>(&[])
    }
}

impl fmt::Debug for VerifierOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifierOptions")
            .field(
                "secrets",
                &format_args!("<{} redacted>", self.secrets.len()),
            )
            .field("tolerance_secs", &self.tolerance_secs)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("host_sha256", &self.host_sha256.is_some())
            .finish()
    }
}

/// Verifies deliveries against one or more secrets (several during rotation),
/// keyed once per secret: make it once and reuse it for every delivery (it is
/// `Send + Sync`; share it between threads freely).
#[derive(Clone)]
pub struct Verifier {
    keys: Keys,
    tolerance_secs: u64,
    max_body_bytes: usize,
    secret_has_space: bool,
    /// The secrets as given, read only to name the likely cause of a refused
    /// delivery (never shown, never in Debug).
    secrets: Arc<[String]>,
}

/// Each secret keyed once, in order: for this crate's HMAC-SHA256, or for a host's
/// SHA-256 (the inner hash; the MAC is finished here).
#[derive(Clone)]
enum Keys {
    Own(Vec<HmacSha256>),
    Host(Arc<dyn HostSha256>, Vec<HostKey>),
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field(
                "secrets",
                &format_args!("<{} redacted>", self.secrets.len()),
            )
            .field("tolerance_secs", &self.tolerance_secs)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("host_sha256", &matches!(self.keys, Keys::Host(..)))
            .finish()
    }
}

impl Verifier {
    /// A verifier of `options` (at least one secret; none empty: else `invalid_secret`).
    pub fn new(options: VerifierOptions) -> Result<Verifier, Error> {
        let VerifierOptions {
            secrets,
            tolerance_secs,
            max_body_bytes,
            host_sha256,
        } = options;
        if secrets.is_empty() {
            return Err(Error::new(
                Code::InvalidSecret,
                "No webhook secret given; pass the secret shown in the Partner portal (Webhooks).",
            ));
        }
        let mut space = false;
        for (i, s) in secrets.iter().enumerate() {
            if s.is_empty() {
                return Err(Error::new(
                    Code::InvalidSecret,
                    format!("Webhook secret #{} is empty.", i + 1),
                ));
            }
            space |= s.trim() != s;
        }
        let keys = match host_sha256 {
            None => Keys::Own(secrets.iter().map(|s| keyed(s.as_bytes())).collect()),
            Some(h) => Keys::Host(h, secrets.iter().map(|s| host_key(s.as_bytes())).collect()),
        };
        Ok(Verifier {
            keys,
            tolerance_secs,
            max_body_bytes,
            secret_has_space: space,
            secrets: secrets.into(),
        })
    }

    /// The tolerance, in seconds.
    pub fn tolerance_secs(&self) -> u64 {
        self.tolerance_secs
    }

    /// The largest body accepted, in bytes.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// Verifies the signature over the raw `body` bytes, checks the timestamp against
    /// `now` (Unix seconds), then parses the event envelope. The event's
    /// [`secret_index`](Event::secret_index) says which secret matched: the lowest
    /// index among the configured secrets that match any `v1` entry of the header
    /// (the order of the entries does not matter).
    pub fn verify(&self, body: &[u8], headers: &Headers<'_>, now: i64) -> Result<Event, Error> {
        let secret_index = self.verify_signature(body, headers, now)?;
        let mut event = Event::parse_with_header_id(body, headers.event_id)?;
        event.secret_index = Some(secret_index);
        Ok(event)
    }

    /// Everything [`verify`](Self::verify) checks (size, headers, signature, then the
    /// timestamp against `now`) without parsing the body: for handlers that
    /// deserialise the verified bytes into their own types. Returns the index of
    /// the secret that matched (as [`Event::secret_index`]).
    pub fn verify_signature(
        &self,
        body: &[u8],
        headers: &Headers<'_>,
        now: i64,
    ) -> Result<usize, Error> {
        let (ts, index) = self.check_signature(body, headers)?;
        self.check_time(ts, now)?;
        Ok(index)
    }

    /// Like [`verify`](Self::verify) but without the time check: for replaying stored
    /// deliveries and for tests. Never use it for live traffic.
    pub fn verify_ignoring_timestamp(
        &self,
        body: &[u8],
        headers: &Headers<'_>,
    ) -> Result<Event, Error> {
        let (_, secret_index) = self.check_signature(body, headers)?;
        let mut event = Event::parse_with_header_id(body, headers.event_id)?;
        event.secret_index = Some(secret_index);
        Ok(event)
    }

    /// [`verify`](Self::verify) without building a tree for `data`: the envelope
    /// borrowed from `body`, `data` as its JSON text (see [`RawEvent`]). `now: None`
    /// skips the timestamp check (replays only, like
    /// [`verify_ignoring_timestamp`](Self::verify_ignoring_timestamp)).
    pub fn verify_raw<'a>(
        &self,
        body: &'a [u8],
        headers: &Headers<'a>,
        now: Option<i64>,
    ) -> Result<RawEvent<'a>, Error> {
        let (ts, secret_index) = self.check_signature(body, headers)?;
        if let Some(now) = now {
            self.check_time(ts, now)?;
        }
        let mut event = RawEvent::parse_with_header_id(body, headers.event_id)?;
        event.secret_index = Some(secret_index);
        Ok(event)
    }

    fn check_time(&self, ts: i64, now: i64) -> Result<(), Error> {
        let skew = now as i128 - ts as i128;
        if skew.unsigned_abs() > self.tolerance_secs as u128 {
            let cause = Cause::ClockSkew(skew.clamp(i64::MIN as i128, i64::MAX as i128) as i64);
            return Err(Error::new(
                Code::TimestampOutOfTolerance,
                format!(
                    "{cause}; the tolerance is {} s. To re-process a stored delivery on purpose, use the \
                     verify-ignoring-timestamp function.",
                    self.tolerance_secs
                ),
            ));
        }
        Ok(())
    }

    /// The size limit, the headers' forms and the signature; on success the timestamp
    /// and the matched secret's index: the lowest index among the configured secrets
    /// that match any `v1` entry.
    fn check_signature(&self, body: &[u8], headers: &Headers<'_>) -> Result<(i64, usize), Error> {
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
        for entry in signature_entries(sig.as_bytes()) {
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
        let mut matched: Option<usize> = None;
        // With a host SHA-256: one buffer, the key block then the signed message, for
        // every secret (its first block rewritten for each).
        let mut message = match &self.keys {
            Keys::Host(_, keys) => host_message(&keys[0], ts_trim, body),
            Keys::Own(_) => Vec::new(),
        };
        // Every secret is tried (no early exit: the time taken does not tell which
        // matched); the lowest matching index is kept.
        for i in 0..self.secrets.len() {
            let expected = match &self.keys {
                Keys::Own(keys) => signed_mac_keyed(keys[i].clone(), ts_trim, body),
                Keys::Host(host, keys) => host_signed_mac(host.as_ref(), &keys[i], &mut message)?,
            };
            let mut hit = false;
            for c in first.iter().chain(&more).flatten() {
                hit |= bool::from(expected.ct_eq(c));
            }
            if hit && matched.is_none() {
                matched = Some(i);
            }
        }
        match matched {
            Some(i) => Ok((ts, i)),
            None => Err(self.mismatch(v1 == 0, headers, body)),
        }
    }

    /// The refusal of a signature, naming the likely cause when one is found (the
    /// slow path: only refused deliveries get here).
    fn mismatch(&self, no_v1: bool, headers: &Headers<'_>, body: &[u8]) -> Error {
        let n = self.secrets.len();
        let keys: Vec<_> = self
            .secrets
            .iter()
            .flat_map(|s| candidate_keys(s))
            .collect();
        let causes = likely_causes(&keys, headers, body);
        let mut msg = if !no_v1 && !causes.is_empty() {
            let mut m = format!(
                "No v1 signature matches this body with the {n} configured secret{}. Likely cause: ",
                if n == 1 { "" } else { "s" }
            );
            for (i, c) in causes.iter().enumerate() {
                if i > 0 {
                    m.push_str("; also, ");
                }
                m.push_str(&c.to_string());
            }
            m.push('.');
            m
        } else if no_v1 {
            String::from("Peeker-Signature has no v1 entry; this library verifies v1 signatures.")
        } else {
            format!(
                "No v1 signature matches this body with the {n} configured secret{}. Likely causes: the body \
                 was parsed and re-serialised by middleware (pass the raw request bytes), the wrong secret \
                 (a sandbox secret for live deliveries or the reverse; each environment has its own), or \
                 white space or a newline pasted into the secret.",
                if n == 1 { "" } else { "s" }
            )
        };
        if self.secret_has_space {
            msg.push_str(" Note: a configured secret begins or ends with white space.");
        }
        Error::new(Code::SignatureMismatch, msg)
    }
}

fn missing(name: &str) -> Error {
    Error::new(
        Code::MissingHeader,
        format!("The {name} header is missing; make sure your framework or proxy passes Peeker's headers through."),
    )
}
