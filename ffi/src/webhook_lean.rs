//! Webhooks with little marshalling: the event's texts made once from the core's
//! `RawEvent` (no `serde_json::Value` unless a tracker asks), secrets and headers
//! passed as one buffer each, and every field of an event read in one call.
use crate::webhook::{verify, TimeCheck};
use crate::{
    boundary, bytes_arg, handle, invalid_argument, out_arg, utf8, write_out, PeekerEvent,
    PeekerStatus, PeekerStr, Text,
};
use peeker_core::{webhook, Event, RawEvent};
use std::borrow::Cow;
use std::sync::OnceLock;

/// What a `PeekerEvent` hands out. `data_json` is `data` in the sender's member
/// order, compact; `json` and the core `Event` are made when first asked for.
pub(crate) struct EventTexts {
    pub(crate) id: Text,
    pub(crate) event_type: Text,
    pub(crate) created_at: Option<Text>,
    pub(crate) data_json: Text,
    json: OnceLock<Text>,
    parsed: OnceLock<Event>,
}

fn text_str(t: &Text) -> &str {
    // Made from `&str` below: always UTF-8.
    std::str::from_utf8(&t.0[..t.len()]).unwrap_or_default()
}

impl EventTexts {
    pub(crate) fn new(e: &RawEvent<'_>) -> EventTexts {
        EventTexts {
            id: Text::new(&e.id),
            event_type: Text::new(&e.event_type),
            created_at: e.created_at.as_deref().map(Text::new),
            data_json: match e.data_compact() {
                Cow::Borrowed(d) => Text::new(d),
                Cow::Owned(d) => Text::from_string(d),
            },
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
            body_is_envelope: false,
        }
    }

    /// The envelope as compact JSON.
    pub(crate) fn json(&self) -> &Text {
        self.json
            .get_or_init(|| Text::from_string(self.raw().to_json()))
    }
}

/// The core's `Event` (what `peeker_tracker_apply` feeds the tracker).
impl std::ops::Deref for EventTexts {
    type Target = Event;
    fn deref(&self) -> &Event {
        self.parsed.get_or_init(|| self.raw().to_event())
    }
}

/// Splits a buffer of NUL-terminated items (`"a\0b\0"`); an unterminated last item
/// is an error naming `name`.
fn nul_items<'a>(buf: &'a [u8], name: &str) -> Result<Vec<&'a [u8]>, peeker_core::Error> {
    if buf.is_empty() {
        return Ok(Vec::new());
    }
    if buf.last() != Some(&0) {
        return Err(invalid_argument(
            name,
            "the last item is not followed by a NUL byte.",
        ));
    }
    Ok(buf[..buf.len() - 1].split(|&b| b == 0).collect())
}

/// Verifies one webhook delivery, as `peeker_webhook_verify_headers_ex`, with
/// secrets and headers each in one buffer (one crossing, no arrays to build):
///
/// - `secrets`/`secrets_len`: every secret's UTF-8 bytes followed by a NUL byte
///   (`"whsec_old\0whsec_new\0"`); a secret cannot hold a NUL here (use
///   `peeker_webhook_verify_headers_ex` for that). Empty buffer = no secret
///   (`PEEKER_STATUS_INVALID_SECRET`).
/// - `headers`/`headers_len`: the request's headers as name, NUL, value, NUL, ...
///   (`"Peeker-Signature\0v1=...\0Peeker-Timestamp\0...\0"`); names match
///   case-insensitively, the first occurrence wins; bytes that are not UTF-8 are
///   decoded lossily (as `peeker_webhook_verify_headers` does). An odd number of
///   items is `PEEKER_STATUS_INVALID_ARGUMENT`.
/// - `body`, `now`, `tolerance_secs`, `max_body_bytes` (0 = the default), `out`:
///   as in `peeker_webhook_verify_headers_ex`.
///
/// Read the event's fields with `peeker_event_fields` (one call) or the
/// `peeker_event_*` accessors.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_webhook_verify_packed(
    secrets: *const u8,
    secrets_len: usize,
    headers: *const u8,
    headers_len: usize,
    body: *const u8,
    body_len: usize,
    now: i64,
    tolerance_secs: u64,
    max_body_bytes: usize,
    out: *mut *mut PeekerEvent,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let sbuf = unsafe { bytes_arg(secrets, secrets_len, "secrets")? };
        let hbuf = unsafe { bytes_arg(headers, headers_len, "headers")? };
        let body = unsafe { bytes_arg(body, body_len, "body")? };
        let mut secret_list = Vec::new();
        for s in nul_items(sbuf, "secrets")? {
            secret_list.push(utf8(s, "secrets")?);
        }
        let items = nul_items(hbuf, "headers")?;
        if items.len() % 2 != 0 {
            return Err(invalid_argument(
                "headers",
                "the buffer holds a name without a value (name, NUL, value, NUL, ...).",
            ));
        }
        let pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = items
            .chunks_exact(2)
            .map(|p| (String::from_utf8_lossy(p[0]), String::from_utf8_lossy(p[1])))
            .collect();
        let h = webhook::Headers::from_pairs(pairs.iter().map(|(n, v)| (&**n, &**v)));
        let time = TimeCheck::Within {
            now,
            tolerance_secs,
        };
        let ev = verify(&secret_list, body, &h, time, max_body_bytes)?;
        unsafe { write_out(out, Box::into_raw(Box::new(ev))) };
        Ok(())
    })
}

/// Every field of `event` in one call: `fields_out[0]` the id, `[1]` the type,
/// `[2]` `created_at` (`ptr` NULL when not sent), `[3]` `data` as compact JSON (as
/// `peeker_event_data_json`), `[4]` the envelope JSON (as `peeker_event_json`).
/// Each is borrowed, NUL-terminated, valid until `peeker_event_free(event)`.
/// `fields_out` must have room for 5 `PeekerStr`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_event_fields(
    event: *const PeekerEvent,
    fields_out: *mut PeekerStr,
) -> PeekerStatus {
    boundary(|| {
        let e = unsafe { handle(event) }.ok_or_else(|| super::null_argument("event"))?;
        out_arg(fields_out, "fields_out")?;
        let t = &e.event;
        let put = |i: usize, x: Option<&Text>| {
            let v = match x {
                Some(x) => PeekerStr {
                    ptr: x.0.as_ptr(),
                    len: x.len(),
                },
                None => PeekerStr {
                    ptr: std::ptr::null(),
                    len: 0,
                },
            };
            // SAFETY: checked non-NULL; the caller promises room for 5.
            unsafe { fields_out.add(i).write(v) };
        };
        put(0, Some(&t.id));
        put(1, Some(&t.event_type));
        put(2, t.created_at.as_ref());
        put(3, Some(&t.data_json));
        put(4, Some(t.json()));
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{peeker_event_data_json, peeker_event_free, peeker_event_json};

    fn packed(
        secrets: &[u8],
        headers: &[u8],
        body: &[u8],
        now: i64,
    ) -> (PeekerStatus, *mut PeekerEvent) {
        let mut e: *mut PeekerEvent = std::ptr::null_mut();
        let st = unsafe {
            peeker_webhook_verify_packed(
                secrets.as_ptr(),
                secrets.len(),
                headers.as_ptr(),
                headers.len(),
                body.as_ptr(),
                body.len(),
                now,
                300,
                0,
                &mut e,
            )
        };
        (st, e)
    }

    fn s(p: &PeekerStr) -> Option<String> {
        (!p.ptr.is_null()).then(|| {
            String::from_utf8(unsafe { std::slice::from_raw_parts(p.ptr, p.len) }.to_vec()).unwrap()
        })
    }

    #[test]
    fn packed_verify_and_fields() {
        let body = br#"{"id":"evt_1","type":"order.completed","created_at":"2026-05-08T12:14:33Z","data":{"z":1, "a":{"id":"ord_1"}}}"#;
        let sig = webhook::sign(body, "whsec_b", 1000);
        let headers = format!(
            "content-type\0application/json\0 peeker-SIGNATURE\0{sig}\0Peeker-Timestamp\01000\0"
        );
        // rotation: the second secret matches
        let (st, e) = packed(b"whsec_a\0whsec_b\0", headers.as_bytes(), body, 1100);
        assert_eq!(st, PeekerStatus::Ok);
        let mut f = [
            PeekerStr {
                ptr: std::ptr::null(),
                len: 0,
            },
            PeekerStr {
                ptr: std::ptr::null(),
                len: 0,
            },
            PeekerStr {
                ptr: std::ptr::null(),
                len: 0,
            },
            PeekerStr {
                ptr: std::ptr::null(),
                len: 0,
            },
            PeekerStr {
                ptr: std::ptr::null(),
                len: 0,
            },
        ];
        assert_eq!(
            unsafe { peeker_event_fields(e, f.as_mut_ptr()) },
            PeekerStatus::Ok
        );
        assert_eq!(s(&f[0]).as_deref(), Some("evt_1"));
        assert_eq!(s(&f[1]).as_deref(), Some("order.completed"));
        assert_eq!(s(&f[2]).as_deref(), Some("2026-05-08T12:14:33Z"));
        // data: compact, in the sender's order
        assert_eq!(s(&f[3]).as_deref(), Some(r#"{"z":1,"a":{"id":"ord_1"}}"#));
        assert_eq!(
            s(&f[4]).as_deref(),
            Some(
                r#"{"id":"evt_1","type":"order.completed","created_at":"2026-05-08T12:14:33Z","data":{"z":1,"a":{"id":"ord_1"}}}"#
            )
        );
        // the accessors hand out the same texts
        assert_eq!(
            unsafe { peeker_event_data_json(e, std::ptr::null_mut()) } as *const u8,
            f[3].ptr
        );
        assert_eq!(
            unsafe { peeker_event_json(e, std::ptr::null_mut()) } as *const u8,
            f[4].ptr
        );
        // the core Event, for the tracker
        let ev: &Event = unsafe { &(*e).event };
        assert_eq!(ev.data["a"]["id"], "ord_1");
        unsafe { peeker_event_free(e) };

        // the core's answers, unchanged
        assert_eq!(
            packed(b"whsec_a\0", headers.as_bytes(), body, 1100).0,
            PeekerStatus::SignatureMismatch
        );
        assert_eq!(
            packed(b"whsec_b\0", headers.as_bytes(), body, 1301).0,
            PeekerStatus::TimestampOutOfTolerance
        );
        assert_eq!(
            packed(b"", headers.as_bytes(), body, 1100).0,
            PeekerStatus::InvalidSecret
        );
        assert_eq!(
            packed(b"\0", headers.as_bytes(), body, 1100).0,
            PeekerStatus::InvalidSecret
        );
        assert_eq!(
            packed(b"whsec_b\0", b"", body, 1100).0,
            PeekerStatus::MissingHeader
        );
        // malformed buffers
        assert_eq!(
            packed(b"whsec_b", headers.as_bytes(), body, 1100).0,
            PeekerStatus::InvalidArgument
        );
        assert_eq!(
            packed(b"whsec_b\0", b"Peeker-Signature\0", body, 1100).0,
            PeekerStatus::InvalidArgument
        );
        assert_eq!(
            packed(b"whsec_b\0", b"Peeker-Signature", body, 1100).0,
            PeekerStatus::InvalidArgument
        );
        assert_eq!(
            packed(b"\xff\0", headers.as_bytes(), body, 1100).0,
            PeekerStatus::InvalidUtf8
        );
        // a non-UTF-8 unrelated header is decoded lossily and ignored
        let h2 =
            format!("x-odd\0\u{1}\0Peeker-Signature\0{sig}\0Peeker-Timestamp\01000\0").into_bytes();
        let mut h3 = b"x-bin\0\xff\xfe\0".to_vec();
        h3.extend_from_slice(&h2);
        let (st, e) = packed(b"whsec_b\0", &h3, body, 1000);
        assert_eq!(st, PeekerStatus::Ok);
        unsafe { peeker_event_free(e) };
        assert_eq!(
            unsafe { peeker_event_fields(std::ptr::null(), f.as_mut_ptr()) },
            PeekerStatus::NullArgument
        );
    }
}
