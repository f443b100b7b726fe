//! Webhooks: one `PeekerVerifier` (made once from a `PeekerVerifierOptions`,
//! keyed once per secret) verifies every delivery; signing; the verified event's
//! accessors. Header matching, parsing and every rule are the core's.
use super::*;
use peeker_core::webhook::{self as core_webhook, Event, RawEvent};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Default webhook timestamp tolerance, in seconds, either way (put it in
/// `PeekerVerifierOptions.tolerance_secs` when you have no reason to choose another).
pub const PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS: u64 = 300;

/// Largest webhook body accepted by default, in bytes (1 MiB); larger bodies get
/// `PEEKER_STATUS_PAYLOAD_TOO_LARGE`. `PeekerVerifierOptions.max_body_bytes` 0
/// means this limit.
pub const PEEKER_WEBHOOK_MAX_BODY_BYTES: usize = 1048576;

/// How a `PeekerVerifier` verifies (read by `peeker_verifier_new`, which copies
/// what it needs: the options and the strings they point to may be freed after).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PeekerVerifierOptions {
    /// The webhook secret(s), UTF-8 (several during rotation; one match is
    /// enough). None, or an empty one, is `PEEKER_STATUS_INVALID_SECRET`. Secrets
    /// never appear in messages.
    pub secrets: *const PeekerStr,
    /// Number of entries in `secrets`.
    pub secret_count: usize,
    /// How far `Peeker-Timestamp` may be from `now` either way, in seconds
    /// (`PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS`; 0 is exact).
    pub tolerance_secs: u64,
    /// The largest body accepted, in bytes; 0 means `PEEKER_WEBHOOK_MAX_BODY_BYTES`.
    pub max_body_bytes: usize,
}

/// A webhook verifier (opaque): the secrets keyed once, the tolerance and the
/// body limit. Create with `peeker_verifier_new`, use with
/// `peeker_verifier_verify` for every delivery, free with `peeker_verifier_free`.
pub struct PeekerVerifier {
    verifier: core_webhook::Verifier,
}

/// A verified webhook event (opaque). Create with `peeker_verifier_verify` (or
/// `peeker_verifier_verify_ignoring_timestamp`), free with `peeker_event_free`.
/// Feed it to a `PeekerTracker` with `peeker_tracker_apply`.
pub struct PeekerEvent {
    // The texts handed out, made once from the core's `RawEvent` (no
    // `serde_json::Value` unless a tracker asks). `data_json` is `data` in the
    // sender's member order, compact; `json` and the core `Event` (for
    // `peeker_tracker_apply`) are made when first asked for.
    id: Text,
    event_type: Text,
    created_at: Option<Text>,
    data_json: Text,
    secret_index: Option<usize>,
    json: OnceLock<Text>,
    parsed: OnceLock<Event>,
}

fn text_str(t: &Text) -> &str {
    // Made from `&str` below: always UTF-8.
    std::str::from_utf8(&t.0[..t.len()]).unwrap_or_default()
}

impl PeekerEvent {
    fn new(e: &RawEvent<'_>) -> PeekerEvent {
        PeekerEvent {
            id: Text::new(&e.id),
            event_type: Text::new(&e.event_type),
            created_at: e.created_at.as_deref().map(Text::new),
            data_json: match e.data_compact() {
                Cow::Borrowed(d) => Text::new(d),
                Cow::Owned(d) => Text::from_string(d),
            },
            secret_index: e.secret_index,
            json: OnceLock::new(),
            parsed: OnceLock::new(),
        }
    }

    fn raw(&self) -> RawEvent<'_> {
        RawEvent {
            id: Cow::Borrowed(text_str(&self.id)),
            event_type: Cow::Borrowed(text_str(&self.event_type)),
            created_at: self.created_at.as_ref().map(|c| Cow::Borrowed(text_str(c))),
            data: text_str(&self.data_json),
            envelope_body: None,
            secret_index: self.secret_index,
        }
    }

    /// The envelope as compact JSON.
    fn json(&self) -> &Text {
        self.json
            .get_or_init(|| Text::from_string(self.raw().to_json()))
    }
}

/// The core's `Event` (what `peeker_tracker_apply` feeds the tracker).
impl std::ops::Deref for PeekerEvent {
    type Target = Event;
    fn deref(&self) -> &Event {
        self.parsed.get_or_init(|| self.raw().to_event())
    }
}

/// Makes a verifier from `options` (copied: free them when you like).
///
/// On success `*out` receives a new `PeekerVerifier*` (free with
/// `peeker_verifier_free`); on failure `*out` is untouched:
/// `PEEKER_STATUS_INVALID_SECRET` (no secret, or an empty one),
/// `PEEKER_STATUS_NULL_ARGUMENT`, `PEEKER_STATUS_INVALID_UTF8`.
/// Make it once (at start-up, or when the secrets change) and reuse it: each
/// secret is keyed here, not per delivery.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_verifier_new(
    options: *const PeekerVerifierOptions,
    out: *mut *mut PeekerVerifier,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let o = handle_arg(options, "options")?;
            let secrets = texts_arg(o.secrets, o.secret_count, "options.secrets")?;
            let mut opts =
                core_webhook::VerifierOptions::new(&secrets).tolerance_secs(o.tolerance_secs);
            if o.max_body_bytes != 0 {
                opts = opts.max_body_bytes(o.max_body_bytes);
            }
            let verifier = core_webhook::Verifier::new(opts)?;
            Ok(new_handle(PeekerVerifier { verifier }))
        })
    }
}

/// Verifies one webhook delivery and parses its event.
///
/// - `verifier`: from `peeker_verifier_new`.
/// - `headers`/`header_count`: the request's headers (all of them, or just
///   Peeker's): `Peeker-Signature`, `Peeker-Timestamp` and `Peeker-Event-Id` are
///   found case-insensitively, the first occurrence wins. Header bytes that are
///   not UTF-8 are decoded lossily (an unrelated header never makes the call fail).
/// - `body`/`body_len`: the RAW request body bytes, exactly as received (not
///   re-serialised).
/// - `now`: the current Unix time in seconds.
///
/// On success `*out` receives a new `PeekerEvent*` (free with
/// `peeker_event_free`); on failure `*out` is untouched and the status tells why
/// (`PEEKER_STATUS_MISSING_HEADER`, `_MALFORMED_HEADER`, `_SIGNATURE_MISMATCH`,
/// `_TIMESTAMP_OUT_OF_TOLERANCE`, `_PAYLOAD_TOO_LARGE`, `_INVALID_PAYLOAD`, ...).
/// Thread safety: any thread, concurrently, also on one verifier.
#[no_mangle]
pub unsafe extern "C" fn peeker_verifier_verify(
    verifier: *const PeekerVerifier,
    headers: *const PeekerHeader,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    now: i64,
    out: *mut *mut PeekerEvent,
) -> PeekerStatus {
    boundary(|| unsafe {
        verify(
            verifier,
            headers,
            header_count,
            body,
            body_len,
            Some(now),
            out,
        )
    })
}

/// Verifies a delivery's signature WITHOUT checking its timestamp against the
/// clock: only for re-processing stored deliveries on purpose and for tests.
/// Never use it for live traffic (a captured delivery could be replayed forever);
/// live handlers call `peeker_verifier_verify`.
///
/// The timestamp header must still be present and well-formed: it is part of
/// the signed message. Arguments and results as in `peeker_verifier_verify`,
/// without `now` (the verifier's tolerance is not used).
/// Thread safety: any thread, concurrently, also on one verifier.
#[no_mangle]
pub unsafe extern "C" fn peeker_verifier_verify_ignoring_timestamp(
    verifier: *const PeekerVerifier,
    headers: *const PeekerHeader,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut PeekerEvent,
) -> PeekerStatus {
    boundary(|| unsafe { verify(verifier, headers, header_count, body, body_len, None, out) })
}

/// Frees a `PeekerVerifier`. NULL is allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same verifier.
#[no_mangle]
pub unsafe extern "C" fn peeker_verifier_free(verifier: *mut PeekerVerifier) {
    unsafe { free_handle(verifier) }
}

/// The one verification behind both entry points (`now: None`: no time check).
unsafe fn verify(
    verifier: *const PeekerVerifier,
    headers: *const PeekerHeader,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    now: Option<i64>,
    out: *mut *mut PeekerEvent,
) -> Result<(), Error> {
    let v = unsafe { handle_arg(verifier, "verifier")? };
    out_arg(out, "out")?;
    let pairs = unsafe { headers_arg(headers, header_count)? };
    let body = unsafe { bytes_arg(body, body_len, "body")? };
    let h = core_webhook::Headers::from_pairs(pairs.iter().map(|(n, v)| (&**n, &**v)));
    let event = v.verifier.verify_raw(body, &h, now)?;
    unsafe { write_out(out, new_handle(PeekerEvent::new(&event))) };
    Ok(())
}

/// Diagnoses a captured delivery, for setting up an endpoint (never for accepting
/// one: use `peeker_verifier_verify`): which signed message and which key encoding
/// of `secret` match a `v1` entry of its `Peeker-Signature`, and how old its
/// timestamp is at `now` (Unix seconds). Headers and body as in
/// `peeker_verifier_verify`.
///
/// On success `*out` receives JSON text (free with `peeker_string_free`):
/// `{"scheme": "timestamp.body" | "body" | "id.timestamp.body" | null, "key":
/// "utf8" | "base64" | null, "age_seconds": N | null, "verifies": BOOL, "causes":
/// [{"code", "message"}], "report": TEXT}` (`verifies`: the scheme this library
/// verifies matched; `report`: the findings as readable lines). A delivery that
/// matches nothing is reported, not refused; an empty secret is
/// `PEEKER_STATUS_INVALID_SECRET`. The secret never appears in the output.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_webhook_diagnose(
    secret: *const u8,
    secret_len: usize,
    headers: *const PeekerHeader,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    now: i64,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let secret = text_arg(secret, secret_len, "secret")?;
            let pairs = headers_arg(headers, header_count)?;
            let body = bytes_arg(body, body_len, "body")?;
            let h = core_webhook::Headers::from_pairs(pairs.iter().map(|(n, v)| (&**n, &**v)));
            let d = core_webhook::diagnose(secret, &h, body, now)?;
            Ok(owned_string(&d.to_json()))
        })
    }
}

/// Signs `body` as Peeker does (for tests of your own webhook handler):
/// `*out` receives the `Peeker-Signature` value `"v1=<hex>"` (free with
/// `peeker_string_free`); send `timestamp` as `Peeker-Timestamp`. An empty
/// secret is `PEEKER_STATUS_INVALID_SECRET`.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_webhook_sign(
    body: *const u8,
    body_len: usize,
    secret: *const u8,
    secret_len: usize,
    timestamp: i64,
    out: *mut *mut c_char,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let body = bytes_arg(body, body_len, "body")?;
            let secret = text_arg(secret, secret_len, "secret")?;
            // The core's own check of secrets (non-empty), so signing and verifying agree.
            core_webhook::Verifier::new(core_webhook::VerifierOptions::new(&[secret]))?;
            let sig = core_webhook::sign(body, secret, timestamp);
            Ok(owned_string(&sig))
        })
    }
}

/// The event id (`"evt_..."`; dedupe on it). Borrowed, NUL-terminated, valid
/// until `peeker_event_free(event)`; `len_out` (may be NULL) receives the length.
/// NULL if `event` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_id(
    event: *const PeekerEvent,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(event, len_out, |e| Some(&e.id)) }
}

/// Which configured secret matched: its 0-based index in
/// `PeekerVerifierOptions.secrets` (the lowest index among the secrets that match
/// any `v1` entry), e.g. to tell a sandbox delivery from a live one when both
/// secrets are configured. -1 if `event` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_secret_index(event: *const PeekerEvent) -> isize {
    guard(-1, || unsafe {
        handle(event)
            .and_then(|e| e.secret_index)
            .and_then(|i| isize::try_from(i).ok())
            .unwrap_or(-1)
    })
}

/// The event type as sent (e.g. `"order.completed"`; unknown types are kept).
/// Borrowed like `peeker_event_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_type(
    event: *const PeekerEvent,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(event, len_out, |e| Some(&e.event_type)) }
}

/// The event's `created_at` (RFC 3339), or NULL when not sent. Borrowed like
/// `peeker_event_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_created_at(
    event: *const PeekerEvent,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(event, len_out, |e| e.created_at.as_ref()) }
}

/// The event's `data` (the resource) as compact JSON text (`null` when absent),
/// members in the order the sender wrote them.
/// Borrowed like `peeker_event_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_data_json(
    event: *const PeekerEvent,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(event, len_out, |e| Some(&e.data_json)) }
}

/// The whole envelope as compact JSON (`id`, `type`, `created_at`, `data`), made
/// on the first call. Borrowed like `peeker_event_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_json(
    event: *const PeekerEvent,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(event, len_out, |e| Some(e.json())) }
}

/// Frees a `PeekerEvent`. NULL is allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_free(event: *mut PeekerEvent) {
    unsafe { free_handle(event) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{header, new_verifier, verify};

    fn text(p: *const c_char, len: usize) -> String {
        assert!(!p.is_null());
        let b = unsafe { std::slice::from_raw_parts(p as *const u8, len) };
        String::from_utf8(b.to_vec()).unwrap()
    }

    #[test]
    fn one_verifier_for_every_delivery() {
        let body = br#"{"id":"evt_1","type":"order.completed","created_at":"2026-05-08T12:14:33Z","data":{"z":1, "a":{"id":"ord_1"}}}"#;
        let sig = core_webhook::sign(body, "whsec_b", 1000);
        let headers = [
            header(b"content-type", b"application/json"),
            header(b" peeker-SIGNATURE", sig.as_bytes()),
            header(b"Peeker-Timestamp", b"1000"),
        ];
        // rotation: the second secret matches
        let (st, v) = new_verifier(&[b"whsec_a", b"whsec_b"], 300, 0);
        assert_eq!(st, PeekerStatus::Ok);
        for _ in 0..3 {
            let (st, e) = verify(v, &headers, body, 1100);
            assert_eq!(st, PeekerStatus::Ok);
            let mut n = 0;
            unsafe {
                assert_eq!(text(peeker_event_id(e, &mut n), n), "evt_1");
                assert_eq!(text(peeker_event_type(e, &mut n), n), "order.completed");
                assert_eq!(
                    text(peeker_event_created_at(e, &mut n), n),
                    "2026-05-08T12:14:33Z"
                );
                // data: compact, in the sender's order
                assert_eq!(
                    text(peeker_event_data_json(e, &mut n), n),
                    r#"{"z":1,"a":{"id":"ord_1"}}"#
                );
                assert_eq!(
                    text(peeker_event_json(e, &mut n), n),
                    r#"{"id":"evt_1","type":"order.completed","created_at":"2026-05-08T12:14:33Z","data":{"z":1,"a":{"id":"ord_1"}}}"#
                );
                // the core Event, for the tracker
                let ev: &Event = &*e;
                assert_eq!(ev.data["a"]["id"], "ord_1");
                peeker_event_free(e);
            }
        }
        // the core's answers, unchanged; `out` untouched on failure
        let (st, e) = verify(v, &headers, body, 1401);
        assert_eq!(
            (st, e.is_null()),
            (PeekerStatus::TimestampOutOfTolerance, true)
        );
        let (st, _) = verify(v, &headers[..1], body, 1100);
        assert_eq!(st, PeekerStatus::MissingHeader);
        let (st, _) = verify(v, &headers, b"{}", 1100);
        assert_eq!(st, PeekerStatus::SignatureMismatch);
        // a non-UTF-8 unrelated header is decoded lossily and ignored
        let mut odd = headers.to_vec();
        odd.insert(0, header(b"x-bin\xff", b"\xff\xfe"));
        let (st, e) = verify(v, &odd, body, 1000);
        assert_eq!(st, PeekerStatus::Ok);
        unsafe { peeker_event_free(e) };
        // NULL arguments
        let (st, _) = verify(std::ptr::null(), &headers, body, 1000);
        assert_eq!(st, PeekerStatus::NullArgument);
        let st = unsafe {
            peeker_verifier_verify(
                v,
                std::ptr::null(),
                2,
                body.as_ptr(),
                body.len(),
                1000,
                &mut std::ptr::null_mut(),
            )
        };
        assert_eq!(st, PeekerStatus::NullArgument);
        let st = unsafe {
            peeker_verifier_verify(
                v,
                headers.as_ptr(),
                3,
                body.as_ptr(),
                body.len(),
                1000,
                std::ptr::null_mut(),
            )
        };
        assert_eq!(st, PeekerStatus::NullArgument);
        unsafe { peeker_verifier_free(v) };
        unsafe { peeker_verifier_free(std::ptr::null_mut()) };

        let (st, v) = new_verifier(&[b"whsec_b"], 0, 0);
        assert_eq!(st, PeekerStatus::Ok);
        assert_eq!(
            verify(v, &headers, body, 1001).0,
            PeekerStatus::TimestampOutOfTolerance
        );
        let (st, e) = verify(v, &headers, body, 1000);
        assert_eq!(st, PeekerStatus::Ok);
        unsafe {
            peeker_event_free(e);
            peeker_verifier_free(v);
        }
    }

    #[test]
    fn bad_options() {
        let mut v: *mut PeekerVerifier = std::ptr::null_mut();
        assert_eq!(new_verifier(&[], 300, 0).0, PeekerStatus::InvalidSecret);
        assert_eq!(new_verifier(&[b""], 300, 0).0, PeekerStatus::InvalidSecret);
        assert_eq!(
            new_verifier(&[b"a", b"\xff"], 300, 0).0,
            PeekerStatus::InvalidUtf8
        );
        assert_eq!(
            unsafe { peeker_verifier_new(std::ptr::null(), &mut v) },
            PeekerStatus::NullArgument
        );
        let options = PeekerVerifierOptions {
            secrets: std::ptr::null(),
            secret_count: 2,
            tolerance_secs: 300,
            max_body_bytes: 0,
        };
        assert_eq!(
            unsafe { peeker_verifier_new(&options, &mut v) },
            PeekerStatus::NullArgument
        );
        assert!(v.is_null());
    }
}
