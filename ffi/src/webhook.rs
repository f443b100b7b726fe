//! Webhooks: verification, signing and the verified event's accessors.
use super::*;
use peeker_core::webhook::{self as core_webhook};

/// Default webhook timestamp tolerance, in seconds, either way (pass it as
/// `tolerance_secs` when you have no reason to choose another).
pub const PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS: u64 = 300;

/// Largest webhook body accepted by the verify functions by default, in bytes
/// (1 MiB); larger bodies get `PEEKER_STATUS_PAYLOAD_TOO_LARGE`. The `_ex`
/// variants and `peeker_webhook_verify_ignoring_timestamp` take another limit.
pub const PEEKER_WEBHOOK_MAX_BODY_BYTES: usize = 1048576;

/// A verified webhook event (opaque). Create with `peeker_webhook_verify`,
/// `peeker_webhook_verify_headers` (or their `_ex` variants, or
/// `peeker_webhook_verify_ignoring_timestamp`), free with `peeker_event_free`.
/// Feed it to a `PeekerTracker` with `peeker_tracker_apply`.
pub struct PeekerEvent {
    /// The texts handed out, and the core's `Event` (for `peeker_tracker_apply`)
    /// made on first use.
    pub(crate) event: webhook_lean::EventTexts,
}

impl From<peeker_core::RawEvent<'_>> for PeekerEvent {
    fn from(e: peeker_core::RawEvent<'_>) -> Self {
        PeekerEvent {
            event: webhook_lean::EventTexts::new(&e),
        }
    }
}

unsafe fn secrets_arg<'a>(secrets: *const PeekerStr, count: usize) -> Result<Vec<&'a str>, Error> {
    let items = unsafe { array_arg(secrets, count, "secrets")? };
    let mut v = Vec::with_capacity(items.len());
    for (i, s) in items.iter().enumerate() {
        v.push(unsafe { text_arg(s.ptr, s.len, Elem("secrets", i, ""))? });
    }
    Ok(v)
}

/// An optional header argument: NULL (with length 0) means "absent".
unsafe fn header_arg<'a>(ptr: *const u8, len: usize, name: &str) -> Result<Option<&'a str>, Error> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    unsafe { text_arg(ptr, len, name) }.map(Some)
}

/// When to check the timestamp: against `now` with a tolerance, or never (the
/// explicitly named replay function).
#[derive(Clone, Copy)]
pub(crate) enum TimeCheck {
    Within { now: i64, tolerance_secs: u64 },
    Ignore,
}

pub(crate) fn verify(
    secrets: &[&str],
    body: &[u8],
    headers: &core_webhook::Headers<'_>,
    time: TimeCheck,
    max_body_bytes: usize,
) -> Result<PeekerEvent, Error> {
    let mut v = core_webhook::Verifier::new(secrets)?;
    if max_body_bytes != 0 {
        v = v.with_max_body_bytes(max_body_bytes);
    }
    let ev = match time {
        TimeCheck::Within {
            now,
            tolerance_secs,
        } => v
            .with_tolerance(tolerance_secs)
            .verify_raw(body, headers, Some(now), None)?,
        TimeCheck::Ignore => v.verify_raw(body, headers, None, None)?,
    };
    Ok(PeekerEvent::from(ev))
}

/// Verifies one webhook delivery and parses its event.
///
/// - `secrets`/`secret_count`: the webhook secret(s) as `PeekerStr` (several
///   during rotation; one match is enough). None, or an empty one, is
///   `PEEKER_STATUS_INVALID_SECRET`. Secrets never appear in messages.
/// - `body`/`body_len`: the RAW request body bytes, exactly as received
///   (not re-serialised); at most `PEEKER_WEBHOOK_MAX_BODY_BYTES`.
/// - `signature`, `timestamp`, `event_id` (+ lengths): the values of the
///   `Peeker-Signature`, `Peeker-Timestamp` and `Peeker-Event-Id` headers;
///   NULL (with length 0) means the header is absent (`PEEKER_STATUS_MISSING_HEADER`
///   for the first two; the event id is only a fallback for bodies without `id`).
/// - `now`: the current Unix time in seconds; `tolerance_secs`: how far the
///   timestamp may be from `now` either way (`PEEKER_WEBHOOK_DEFAULT_TOLERANCE_SECS`).
///
/// On success `*out` receives a new `PeekerEvent*` (free with `peeker_event_free`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_webhook_verify(
    secrets: *const PeekerStr,
    secret_count: usize,
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
    timestamp: *const u8,
    timestamp_len: usize,
    event_id: *const u8,
    event_id_len: usize,
    now: i64,
    tolerance_secs: u64,
    out: *mut *mut PeekerEvent,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let secrets = unsafe { secrets_arg(secrets, secret_count)? };
        let body = unsafe { bytes_arg(body, body_len, "body")? };
        let headers = core_webhook::Headers {
            signature: unsafe { header_arg(signature, signature_len, "signature")? },
            timestamp: unsafe { header_arg(timestamp, timestamp_len, "timestamp")? },
            event_id: unsafe { header_arg(event_id, event_id_len, "event_id")? },
        };
        let ev = verify(
            &secrets,
            body,
            &headers,
            TimeCheck::Within {
                now,
                tolerance_secs,
            },
            0,
        )?;
        unsafe { write_out(out, Box::into_raw(Box::new(ev))) };
        Ok(())
    })
}

/// Like `peeker_webhook_verify`, with the request's headers given as an array of
/// name/value pairs (all of them, or just Peeker's): `Peeker-Signature`,
/// `Peeker-Timestamp` and `Peeker-Event-Id` are found case-insensitively, the
/// first occurrence wins. Header bytes that are not UTF-8 are decoded lossily.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_webhook_verify_headers(
    secrets: *const PeekerStr,
    secret_count: usize,
    headers: *const PeekerHeader,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    now: i64,
    tolerance_secs: u64,
    out: *mut *mut PeekerEvent,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let secrets = unsafe { secrets_arg(secrets, secret_count)? };
        let pairs = unsafe { headers_arg(headers, header_count)? };
        let body = unsafe { bytes_arg(body, body_len, "body")? };
        let h =
            core_webhook::Headers::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let ev = verify(
            &secrets,
            body,
            &h,
            TimeCheck::Within {
                now,
                tolerance_secs,
            },
            0,
        )?;
        unsafe { write_out(out, Box::into_raw(Box::new(ev))) };
        Ok(())
    })
}

/// `peeker_webhook_verify` with a body size limit: `max_body_bytes` is the
/// largest body accepted (`PEEKER_STATUS_PAYLOAD_TOO_LARGE` above it); 0 means
/// the default, `PEEKER_WEBHOOK_MAX_BODY_BYTES`. Everything else as in
/// `peeker_webhook_verify`.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_webhook_verify_ex(
    secrets: *const PeekerStr,
    secret_count: usize,
    body: *const u8,
    body_len: usize,
    signature: *const u8,
    signature_len: usize,
    timestamp: *const u8,
    timestamp_len: usize,
    event_id: *const u8,
    event_id_len: usize,
    now: i64,
    tolerance_secs: u64,
    max_body_bytes: usize,
    out: *mut *mut PeekerEvent,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let secrets = unsafe { secrets_arg(secrets, secret_count)? };
        let body = unsafe { bytes_arg(body, body_len, "body")? };
        let headers = core_webhook::Headers {
            signature: unsafe { header_arg(signature, signature_len, "signature")? },
            timestamp: unsafe { header_arg(timestamp, timestamp_len, "timestamp")? },
            event_id: unsafe { header_arg(event_id, event_id_len, "event_id")? },
        };
        let time = TimeCheck::Within {
            now,
            tolerance_secs,
        };
        let ev = verify(&secrets, body, &headers, time, max_body_bytes)?;
        unsafe { write_out(out, Box::into_raw(Box::new(ev))) };
        Ok(())
    })
}

/// `peeker_webhook_verify_headers` with a body size limit: `max_body_bytes` is
/// the largest body accepted; 0 means `PEEKER_WEBHOOK_MAX_BODY_BYTES`.
/// Everything else as in `peeker_webhook_verify_headers`.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_webhook_verify_headers_ex(
    secrets: *const PeekerStr,
    secret_count: usize,
    headers: *const PeekerHeader,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    now: i64,
    tolerance_secs: u64,
    max_body_bytes: usize,
    out: *mut *mut PeekerEvent,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let secrets = unsafe { secrets_arg(secrets, secret_count)? };
        let pairs = unsafe { headers_arg(headers, header_count)? };
        let body = unsafe { bytes_arg(body, body_len, "body")? };
        let h =
            core_webhook::Headers::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let time = TimeCheck::Within {
            now,
            tolerance_secs,
        };
        let ev = verify(&secrets, body, &h, time, max_body_bytes)?;
        unsafe { write_out(out, Box::into_raw(Box::new(ev))) };
        Ok(())
    })
}

/// Verifies a delivery's signature WITHOUT checking its timestamp against the
/// clock: only for re-processing stored deliveries on purpose and for tests.
/// Never use it for live traffic (a captured delivery could be replayed forever);
/// live handlers call `peeker_webhook_verify_headers`.
///
/// The timestamp header must still be present and well-formed: it is part of
/// the signed message. Arguments as in `peeker_webhook_verify_headers_ex`
/// (`max_body_bytes` 0 = `PEEKER_WEBHOOK_MAX_BODY_BYTES`), without `now` and
/// `tolerance_secs`. On success `*out` receives a new `PeekerEvent*` (free with
/// `peeker_event_free`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_webhook_verify_ignoring_timestamp(
    secrets: *const PeekerStr,
    secret_count: usize,
    headers: *const PeekerHeader,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    max_body_bytes: usize,
    out: *mut *mut PeekerEvent,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let secrets = unsafe { secrets_arg(secrets, secret_count)? };
        let pairs = unsafe { headers_arg(headers, header_count)? };
        let body = unsafe { bytes_arg(body, body_len, "body")? };
        let h =
            core_webhook::Headers::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let ev = verify(&secrets, body, &h, TimeCheck::Ignore, max_body_bytes)?;
        unsafe { write_out(out, Box::into_raw(Box::new(ev))) };
        Ok(())
    })
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
    boundary(|| {
        out_arg(out, "out")?;
        let body = unsafe { bytes_arg(body, body_len, "body")? };
        let secret = unsafe { text_arg(secret, secret_len, "secret")? };
        // The core's own check of secrets (non-empty), so signing and verifying agree.
        core_webhook::Verifier::new(&[secret])?;
        let sig = core_webhook::sign(body, secret, timestamp);
        unsafe { write_out(out, owned_string(&sig)) };
        Ok(())
    })
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
    guard(std::ptr::null(), || unsafe {
        give(handle(event).map(|e| &e.event.id), len_out)
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
    guard(std::ptr::null(), || unsafe {
        give(handle(event).map(|e| &e.event.event_type), len_out)
    })
}

/// The event's `created_at` (RFC 3339), or NULL when not sent. Borrowed like
/// `peeker_event_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_created_at(
    event: *const PeekerEvent,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(
            handle(event).and_then(|e| e.event.created_at.as_ref()),
            len_out,
        )
    })
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
    guard(std::ptr::null(), || unsafe {
        give(handle(event).map(|e| &e.event.data_json), len_out)
    })
}

/// The whole envelope as compact JSON (`id`, `type`, `created_at`, `data`), made
/// on the first call. Borrowed like `peeker_event_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_json(
    event: *const PeekerEvent,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(event).map(|e| e.event.json()), len_out)
    })
}

/// Frees a `PeekerEvent`. NULL is allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_free(event: *mut PeekerEvent) {
    if event.is_null() {
        return;
    }
    // SAFETY: the caller promises `event` came from a verify function.
    guard((), || drop(unsafe { Box::from_raw(event) }))
}
