//! Pollers through the C ABI (`peeker_core::Poller`): the core decides when to
//! poll an import or an order again and when to stop; the caller sends the poll
//! request, reads its clock and sleeps. Like the rest of the ABI this only translates.
use super::response::PeekerResponse;
use super::*;
use peeker_core::{PollDecision, PollKind, Poller};

/// The operation each poller kind polls, indexed like `PollKind` (static C strings).
static OPERATIONS: [[u8; 16]; 3] = [
    cbuf(PollKind::Import.operation().as_str()),
    cbuf(PollKind::ImportJob.operation().as_str()),
    cbuf(PollKind::Order.operation().as_str()),
];

/// What to do after one poll (`peeker_poller_next`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeekerPollDecision {
    /// Still `in_progress`: wait `*wait_ms_out` ms, then poll again.
    Wait = 0,
    /// The wait is over: read the status with `peeker_poller_status`
    /// (`completed`, `failed`, `action_required`, or any other status but
    /// `in_progress`, as sent).
    Done = 1,
    /// Still `in_progress` when the timeout or the most polls ran out.
    TimedOut = 2,
}

/// A poller (opaque) for one import, import job or order. Create with
/// `peeker_poller_new`, free with `peeker_poller_free`. Not for use by two
/// threads at once (`peeker_poller_next` changes it).
pub struct PeekerPoller {
    poller: Poller,
    status: Option<Text>,
    message: Option<Text>,
}

/// A new poller in `*out` (free with `peeker_poller_free`). `kind`: `"import"`
/// (`get_import`), `"import_job"` (`get_import_job`) or `"order"` (`get_order`);
/// another value is `PEEKER_STATUS_INVALID_ARGUMENT` (field `"kind"`).
/// `interval_ms`: the wait between polls, 0 for the documented 60 s;
/// `timeout_ms`: give up this long after the first answer, 0 for never;
/// `max_polls`: give up after this many polls, 0 for no limit.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_poller_new(
    kind: *const u8,
    kind_len: usize,
    interval_ms: u64,
    timeout_ms: u64,
    max_polls: u32,
    out: *mut *mut PeekerPoller,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let kind = PollKind::parse(text_arg(kind, kind_len, "kind")?)?;
            let mut poller = Poller::new(kind);
            if interval_ms != 0 {
                poller = poller.with_interval_ms(interval_ms)?;
            }
            if timeout_ms != 0 {
                poller = poller.with_timeout_ms(timeout_ms);
            }
            if max_polls != 0 {
                poller = poller.with_max_polls(max_polls);
            }
            Ok(new_handle(PeekerPoller {
                poller,
                status: None,
                message: None,
            }))
        })
    }
}

/// The operation whose request the poller polls (`"get_import"`,
/// `"get_import_job"`, `"get_order"`): build it with `peeker_client_build` and
/// `{"id": "..."}`. Static; NULL if `poller` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_poller_operation(poller: *const PeekerPoller) -> *const c_char {
    unsafe {
        read(poller, std::ptr::null(), |p| {
            OPERATIONS[p.poller.kind() as usize].as_ptr() as *const c_char
        })
    }
}

fn decided(p: &mut PeekerPoller, d: PollDecision, out: *mut PeekerPollDecision, wait: *mut u64) {
    p.status = p.poller.status().map(Text::new);
    let (kind, ms) = match d {
        PollDecision::Wait { ms } => (PeekerPollDecision::Wait, ms),
        PollDecision::Done { .. } => (PeekerPollDecision::Done, 0),
        PollDecision::TimedOut { .. } => (PeekerPollDecision::TimedOut, 0),
    };
    unsafe {
        write_opt_out(out, kind);
        write_opt_out(wait, ms);
    }
}

/// The decision after one poll whose parsed `response` (`peeker_client_parse`
/// of the poller's operation) came back at `now_ms` (your monotonic clock in
/// ms; only differences count): `*decision_out` (may be NULL) and, for
/// `PEEKER_POLL_DECISION_WAIT`, the wait in `*wait_ms_out` (may be NULL; 0
/// otherwise). An error response is `PEEKER_STATUS_API_ERROR` (the last error's
/// message is the response's), a response of another operation
/// `PEEKER_STATUS_INVALID_ARGUMENT`, a success without a string `data.status`
/// `PEEKER_STATUS_UNEXPECTED_RESPONSE`.
/// Thread safety: not concurrently with another call on the same poller.
#[no_mangle]
pub unsafe extern "C" fn peeker_poller_next(
    poller: *mut PeekerPoller,
    now_ms: u64,
    response: *const PeekerResponse,
    decision_out: *mut PeekerPollDecision,
    wait_ms_out: *mut u64,
) -> PeekerStatus {
    boundary(|| {
        let p = unsafe { handle_mut_arg(poller, "poller")? };
        let r = unsafe { handle_arg(response, "response")? };
        let d = p.poller.next_response(now_ms, &r.response)?;
        decided(p, d, decision_out, wait_ms_out);
        Ok(())
    })
}

/// `peeker_poller_next` for a poll whose `data.status` you read yourself
/// (`status`/`status_len`, UTF-8): the same decision. A NULL `status` says the
/// data had no string `status`: `PEEKER_STATUS_UNEXPECTED_RESPONSE`, with the
/// core's message.
/// Thread safety: not concurrently with another call on the same poller.
#[no_mangle]
pub unsafe extern "C" fn peeker_poller_next_status(
    poller: *mut PeekerPoller,
    now_ms: u64,
    status: *const u8,
    status_len: usize,
    decision_out: *mut PeekerPollDecision,
    wait_ms_out: *mut u64,
) -> PeekerStatus {
    boundary(|| {
        let p = unsafe { handle_mut_arg(poller, "poller")? };
        let s = match status.is_null() {
            true => None,
            false => Some(unsafe { text_arg(status, status_len, "status")? }),
        };
        let d = p.poller.next_status(now_ms, s)?;
        decided(p, d, decision_out, wait_ms_out);
        Ok(())
    })
}

/// The last status seen (as sent), or NULL before the first poll or if
/// `poller` is NULL. Borrowed: valid until the next `peeker_poller_next*` or
/// `peeker_poller_free`; `len_out` (may be NULL) receives the length.
/// Thread safety: any thread when no `peeker_poller_next*` runs on it.
#[no_mangle]
pub unsafe extern "C" fn peeker_poller_status(
    poller: *const PeekerPoller,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(poller, len_out, |p| p.status.as_ref()) }
}

/// The core's message for a poller that gave up (`PEEKER_POLL_DECISION_TIMED_OUT`)
/// on the resource `id`, e.g. `"order ord_1 is still in_progress after 3 polls;
/// gave up (poll again later, or wait for its webhook)"`. Borrowed: valid until
/// the next call of this function or `peeker_poller_free`; `len_out` (may be
/// NULL) receives the length. NULL if an argument is NULL or not UTF-8.
/// Thread safety: not concurrently with another call on the same poller.
#[no_mangle]
pub unsafe extern "C" fn peeker_poller_gave_up_message(
    poller: *mut PeekerPoller,
    id: *const u8,
    id_len: usize,
    len_out: *mut usize,
) -> *const c_char {
    guard(None, || unsafe {
        // SAFETY: the caller promises a live poller used by no other thread now.
        let p = poller.as_mut()?;
        let id = text_arg(id, id_len, "id").ok()?;
        let message = p
            .message
            .insert(Text::from_string(p.poller.gave_up_message(id)));
        Some(give(Some(message), len_out))
    })
    .unwrap_or(std::ptr::null())
}

/// Polls answered so far (0 if `poller` is NULL).
/// Thread safety: any thread when no `peeker_poller_next*` runs on it.
#[no_mangle]
pub unsafe extern "C" fn peeker_poller_polls(poller: *const PeekerPoller) -> u32 {
    unsafe { read(poller, 0, |p| p.poller.polls()) }
}

/// Frees a poller. NULL is allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same poller.
#[no_mangle]
pub unsafe extern "C" fn peeker_poller_free(poller: *mut PeekerPoller) {
    unsafe { free_handle(poller) }
}
