//! Parsed API responses through the C ABI: `peeker_client_parse` hands the
//! core's [`ApiResponse`] to C as an opaque handle (the data as sent, the
//! classified error, retry advice, the next page's request), plus the retry
//! decisions of the core.
use super::api::{operation_arg, PeekerRequest};
use super::*;
use peeker_core::retry::{decide, NetworkError, Outcome, RetryPolicy, DEFAULT_MAX_ATTEMPTS};
use peeker_core::ApiResponse;

/// The retry names of the core (`Retry::as_str`), indexed by `PeekerRetry`.
static RETRY_NAMES: [[u8; 16]; 3] = [
    cbuf(peeker_core::Retry::Never.as_str()),
    cbuf(peeker_core::Retry::After { seconds: 0 }.as_str()),
    cbuf(peeker_core::Retry::Backoff.as_str()),
];

/// How a caller should react to a classified API response (see
/// `peeker_response_retry`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeekerRetry {
    /// Do not retry the same request (success, or a 4xx: fix the request first).
    Never = 0,
    /// Retry after `peeker_response_retry_after_seconds()` seconds (429).
    After = 1,
    /// Retry with exponential backoff (5xx, or a transport failure): wait
    /// `peeker_backoff_delay_ms(attempt, jitter)`.
    Backoff = 2,
}

impl From<peeker_core::Retry> for PeekerRetry {
    fn from(r: peeker_core::Retry) -> Self {
        match r {
            peeker_core::Retry::Never => PeekerRetry::Never,
            peeker_core::Retry::After { .. } => PeekerRetry::After,
            peeker_core::Retry::Backoff => PeekerRetry::Backoff,
        }
    }
}

// ---------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------

/// A parsed API response (opaque): success with the data as the server sent it
/// (and the next page's request for lists), or the API's error with retry
/// advice. Create with `peeker_client_parse` (one operation's response) or
/// `peeker_response_classify` (status, error and retry advice only), free with
/// `peeker_response_free`. Immutable.
pub struct PeekerResponse {
    request_id: Option<Text>,
    data_json: Option<Text>,
    next: Option<Box<PeekerRequest>>,
    meta_json: Option<Text>,
    first: Option<Text>,
    error_code: Option<Text>,
    message: Option<Text>,
    field: Option<Text>,
    details_json: Option<Text>,
    summary: Option<Text>,
    json: Text,
    /// The core's parsed response: status, error and retry advice.
    pub(crate) response: ApiResponse,
}

impl PeekerResponse {
    fn ok(&self) -> bool {
        self.response.ok()
    }
    fn retry(&self) -> PeekerRetry {
        PeekerRetry::from(self.response.retry())
    }
    fn retry_after(&self) -> Option<u64> {
        self.response.retry().after_seconds()
    }
}

impl From<ApiResponse> for PeekerResponse {
    fn from(mut r: ApiResponse) -> Self {
        let e = r.error.as_ref();
        let text = |s: Option<&String>| s.map(|s| Text::new(s));
        PeekerResponse {
            request_id: text(r.request_id.as_ref()),
            data_json: r.data.as_ref().map(|d| Text::from_string(d.to_string())),
            meta_json: r.meta().map(|m| Text::from_string(m.to_string())),
            first: r.first().map(Text::new),
            error_code: text(e.and_then(|e| e.error_code.as_ref())),
            message: text(e.and_then(|e| e.message.as_ref())),
            field: text(e.and_then(|e| e.field.as_ref())),
            details_json: e
                .and_then(|e| e.details.as_ref())
                .map(|d| Text::new(&d.to_string())),
            summary: e.map(|e| Text::from_string(e.api_error_message())),
            json: Text::from_string(r.to_json()),
            next: r.next.take().map(|n| Box::new(PeekerRequest::from(n))),
            response: r,
        }
    }
}

/// Classifies one raw HTTP response without an operation: success or error, the
/// API's error code / message / field, the `Peeker-Request-Id`, and what to do
/// next (never retry, retry after N seconds, or back off). The same handle as
/// `peeker_client_parse` gives, with no data (`peeker_response_data_json` is
/// NULL); use it when you parse the data yourself.
///
/// `status`: the HTTP status; `headers`/`header_count`: the response headers
/// (`NULL, 0` for none; bytes that are not UTF-8 are decoded lossily);
/// `body`/`body_len`: the raw body (any bytes; HTML or truncated bodies still
/// classify). A non-2xx response is not a failure of this call: it returns
/// `PEEKER_STATUS_OK` with `*out` describing the error. `*out` receives a new
/// `PeekerResponse*` (free with `peeker_response_free`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_classify(
    status: u16,
    headers: *const PeekerHeader,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut PeekerResponse,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let pairs = headers_arg(headers, header_count)?;
            let body = bytes_arg(body, body_len, "body")?;
            let c = peeker_core::classify(status, pairs.iter().map(|(n, v)| (&**n, &**v)), body);
            Ok(new_handle(PeekerResponse::from(ApiResponse::classified(c))))
        })
    }
}

/// Parses the raw HTTP response of `operation` (the request built with
/// `peeker_client_build`; for the request of `peeker_response_next`, pass the
/// operation of the list, or `"next_page"`, which keeps the rows as sent).
///
/// `status`: the HTTP status; `headers`/`header_count`: the response headers
/// (`NULL, 0` for none; not-UTF-8 bytes decoded lossily); `body`/`body_len`: the
/// raw body (any bytes).
///
/// An API error (4xx/5xx, including HTML from a proxy or an empty body) is not a
/// failure of this call: it returns `PEEKER_STATUS_OK` with a result whose
/// `peeker_response_ok()` is false, carrying the API's code, message, field,
/// request id and retry advice. This call fails with
/// `PEEKER_STATUS_UNEXPECTED_RESPONSE` when a 2xx body is not the documented
/// shape of the operation, and `PEEKER_STATUS_INVALID_ARGUMENT` (field
/// `"operation"`) for an unknown operation. On success `*out` receives a new
/// `PeekerResponse*` (free with `peeker_response_free`).
/// Thread safety: any thread, concurrently (also on one client).
#[no_mangle]
pub unsafe extern "C" fn peeker_client_parse(
    client: *const PeekerClient,
    operation: *const u8,
    operation_len: usize,
    status: u16,
    headers: *const PeekerHeader,
    header_count: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut PeekerResponse,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let c = handle_arg(client, "client")?;
            let op = operation_arg(operation, operation_len)?;
            let pairs = headers_arg(headers, header_count)?;
            let body = bytes_arg(body, body_len, "body")?;
            let v = peeker_core::parse_response(
                &c.client,
                op,
                status,
                pairs.iter().map(|(n, v)| (&**n, &**v)),
                body,
            )?;
            Ok(new_handle(PeekerResponse::from(v)))
        })
    }
}

/// Whether the API answered with success (2xx). false if `response` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_ok(response: *const PeekerResponse) -> bool {
    unsafe { read(response, false, |r| r.ok()) }
}

/// The HTTP status (0 if `response` is NULL).
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_status(response: *const PeekerResponse) -> u16 {
    unsafe { read(response, 0, |r| r.response.status) }
}

/// The `Peeker-Request-Id` (log it; support finds calls by it), or NULL.
/// Borrowed, NUL-terminated, valid until `peeker_response_free(response)`; `len_out`
/// (may be NULL) receives the length.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_request_id(
    response: *const PeekerResponse,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(response, len_out, |r| r.request_id.as_ref()) }
}

/// On success, the operation's data as compact JSON, checked against the
/// operation's typed model by the core: every documented field (null or its
/// default where the API sent none), plus the fields and enum values this
/// version does not know, as sent: an object for single resources, an array of
/// rows for lists.
/// NULL for an error result. Borrowed like `peeker_response_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_data_json(
    response: *const PeekerResponse,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(response, len_out, |r| r.data_json.as_ref()) }
}

/// The request for the next page of a list (built from `links.next`; never by
/// hand), or NULL on the last page, for operations that are not lists, for
/// errors, and if `response` is NULL.
///
/// BORROWED: owned by `response`, valid until `peeker_response_free(response)`; do not
/// free it. Read it with the `peeker_request_*` accessors, send it, then parse
/// its response with `peeker_client_parse` (same list operation) before freeing
/// `response`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_next(
    response: *const PeekerResponse,
) -> *const PeekerRequest {
    unsafe {
        read(response, std::ptr::null(), |r| {
            r.next
                .as_deref()
                .map_or(std::ptr::null(), |n| n as *const PeekerRequest)
        })
    }
}

/// A list page's `meta` (`path`, `per_page`, `returned`, and fields this
/// version does not know) as compact JSON, as sent; NULL when the response is
/// not a page, the page has no `meta`, or `response` is NULL. Borrowed like
/// `peeker_response_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_meta_json(
    response: *const PeekerResponse,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(response, len_out, |r| r.meta_json.as_ref()) }
}

/// A list page's `links.first` URL (the list's first page), as sent; NULL when
/// the response is not a page, the page has none, or `response` is NULL.
/// Borrowed like `peeker_response_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_first(
    response: *const PeekerResponse,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(response, len_out, |r| r.first.as_ref()) }
}

/// The API's error code (e.g. `"rate_limited"`, `"invalid_request"`; codes this
/// version does not know are kept as sent), or NULL for a success or an error
/// body that is not the API's envelope (HTML from a proxy, empty, truncated).
/// Borrowed like `peeker_response_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_error_code(
    response: *const PeekerResponse,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(response, len_out, |r| r.error_code.as_ref()) }
}

/// The API's error message (for people; never branch on it), or NULL.
/// Borrowed like `peeker_response_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_error_message(
    response: *const PeekerResponse,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(response, len_out, |r| r.message.as_ref()) }
}

/// The request field the API's error is about (e.g. `"domains[1]"`), or NULL.
/// Borrowed like `peeker_response_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_error_field(
    response: *const PeekerResponse,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(response, len_out, |r| r.field.as_ref()) }
}

/// For an error result, the one message of the API error every binding shows
/// (the core's wording, also Node's and Python's `ApiError` message): status,
/// API code and message, field, request id and retry advice, e.g.
/// `"HTTP 429 rate_limited: slow down (request id req_1); retry after 12 s"`.
/// NULL for a success. Borrowed like `peeker_response_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_error_summary(
    response: *const PeekerResponse,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(response, len_out, |r| r.summary.as_ref()) }
}

/// The API error's `details` object as compact JSON, or NULL. Borrowed like
/// `peeker_response_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_error_details_json(
    response: *const PeekerResponse,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(response, len_out, |r| r.details_json.as_ref()) }
}

/// The retry advice: `PEEKER_RETRY_NEVER` (success, or 4xx: fix the request),
/// `PEEKER_RETRY_AFTER` (429: wait `peeker_response_retry_after_seconds`) or
/// `PEEKER_RETRY_BACKOFF` (5xx: wait `peeker_backoff_delay_ms(attempt, jitter)`).
/// `PEEKER_RETRY_NEVER` if `response` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_retry(response: *const PeekerResponse) -> PeekerRetry {
    unsafe { read(response, PeekerRetry::Never, |r| r.retry()) }
}

/// The retry advice as its stable string: `"never"`, `"after"` or `"backoff"`.
/// Static; NULL if `response` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_retry_name(
    response: *const PeekerResponse,
) -> *const c_char {
    unsafe {
        read(response, std::ptr::null(), |r| {
            RETRY_NAMES[r.retry() as usize].as_ptr() as *const c_char
        })
    }
}

/// When the advice is `PEEKER_RETRY_AFTER`: writes the seconds to wait (the
/// API's `details.retry_after_seconds`, or the documented default) to
/// `*seconds_out` and returns true. Otherwise (or if an argument is NULL)
/// returns false and leaves `*seconds_out` untouched.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_retry_after_seconds(
    response: *const PeekerResponse,
    seconds_out: *mut u64,
) -> bool {
    guard(false, || {
        match (
            unsafe { handle(response) }.and_then(|r| r.retry_after()),
            seconds_out.is_null(),
        ) {
            (Some(s), false) => {
                unsafe { write_out(seconds_out, s) };
                true
            }
            _ => false,
        }
    })
}

/// The whole result as compact JSON: `{"ok": true, "status", "request_id",
/// "data", "next"}` (`next` only for lists: the next page's request, with its
/// Authorization value redacted, or null; a page adds `"links"` and `"meta"`) or `{"ok": false, "status",
/// "error_code", "message", "field", "details", "retry", "retry_after_seconds",
/// "request_id"}`. Safe to log. Borrowed like `peeker_response_request_id`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_json(
    response: *const PeekerResponse,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(response, len_out, |r| Some(&r.json)) }
}

/// Frees a `PeekerResponse` and its borrowed next-page request. NULL is allowed
/// and does nothing.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_response_free(response: *mut PeekerResponse) {
    unsafe { free_handle(response) }
}

/// The suggested wait, in milliseconds, before retry number `attempt` (1-based)
/// of a request whose advice is `PEEKER_RETRY_BACKOFF`: exponential from 0.5 s,
/// capped at 30 s, with "equal jitter". `jitter` in [0, 1] is yours (e.g.
/// `rand() / (double)RAND_MAX`): the library has no randomness. Values outside
/// [0, 1] are clamped; NaN counts as 0.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_backoff_delay_ms(attempt: u32, jitter: f64) -> u64 {
    guard(0, || {
        peeker_core::response::backoff_delay_ms(attempt, jitter)
    })
}

/// How one attempt ended when no response came back, for `peeker_retry_decide`.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeekerNetworkError {
    /// A response came back: pass it as `response`.
    None = 0,
    /// The connection failed before the request was sent (refused, the name does
    /// not resolve, the connect timed out): nothing reached the server.
    Connect = 1,
    /// No answer in time, or the connection broke after the request left: the
    /// request may have been carried out.
    Timeout = 2,
}

/// The `PeekerNetworkError` named `name` (`len` bytes: `"connect"` or
/// `"timeout"`), written to `*out`; another name is `PEEKER_STATUS_INVALID_ARGUMENT`
/// with the core's message, field `"network_error"`.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_network_error_parse(
    name: *const u8,
    len: usize,
    out: *mut PeekerNetworkError,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            let name = text_arg(name, len, "network_error")?;
            Ok(match NetworkError::from_arg(name, "network_error")? {
                NetworkError::Connect => PeekerNetworkError::Connect,
                NetworkError::Timeout => PeekerNetworkError::Timeout,
            })
        })
    }
}

/// The retry decision, the one rule every binding's transport follows (the
/// core's `peeker_core::retry::decide`): after attempt number `attempt`
/// (1-based) of a request that is `retry_safe` (`peeker_request_retry_safe`),
/// returns true and writes the wait in milliseconds to `*delay_ms_out` (may be
/// NULL) when the request should be sent again, false to stop.
///
/// The outcome is `response` (from `peeker_client_parse` or
/// `peeker_response_classify`) when `network_error` is `PEEKER_NETWORK_ERROR_NONE`,
/// else the network error (`response` is then ignored); `network_error` is a
/// `PeekerNetworkError` value (another value gives false). The rule: 2xx and 4xx
/// other than 429: stop; a 429 for `cloudflare_account_capacity`: stop (use
/// `create_import_job`); another 429: retry, any request, after
/// `retry_after_seconds` (5 when absent) × 1000 + `jitter` × 1000 ms, unless that
/// is longer than `max_wait_ms`; a 5xx or `PEEKER_NETWORK_ERROR_TIMEOUT`: retry
/// only when `retry_safe`, after `peeker_backoff_delay_ms(attempt, jitter)`
/// (capped at `max_wait_ms`); `PEEKER_NETWORK_ERROR_CONNECT`: retry any request
/// after the backoff; and stop whenever `attempt >= max_attempts`.
/// `max_attempts` 0 means the default (4); `max_wait_ms` `UINT64_MAX` means no
/// limit. `jitter` in [0, 1) is yours (values outside are clamped, NaN is 0).
/// A NULL `response` with `PEEKER_NETWORK_ERROR_NONE` gives false.
/// Thread safety: any thread; `response` is only read.
#[no_mangle]
pub unsafe extern "C" fn peeker_retry_decide(
    retry_safe: bool,
    attempt: u32,
    max_attempts: u32,
    response: *const PeekerResponse,
    network_error: u32,
    jitter: f64,
    max_wait_ms: u64,
    delay_ms_out: *mut u64,
) -> bool {
    guard(false, || {
        let max_attempts =
            std::num::NonZeroU32::new(max_attempts).map_or(DEFAULT_MAX_ATTEMPTS, |n| n.get());
        let policy = RetryPolicy {
            max_attempts,
            max_wait_ms,
        };
        let network = |e| decide(retry_safe, attempt, Outcome::Network(e), jitter, policy);
        let decision = match network_error {
            n if n == PeekerNetworkError::Connect as u32 => network(NetworkError::Connect),
            n if n == PeekerNetworkError::Timeout as u32 => network(NetworkError::Timeout),
            n if n == PeekerNetworkError::None as u32 => match unsafe { handle(response) } {
                Some(r) => r
                    .response
                    .retry_decision(retry_safe, attempt, jitter, policy),
                None => return false,
            },
            _ => return false,
        };
        let Some(ms) = decision.delay_ms() else {
            return false;
        };
        unsafe { write_opt_out(delay_ms_out, ms) };
        true
    })
}
