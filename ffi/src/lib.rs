//! # libpeeker: the C ABI of peeker-core
//!
//! Every exported function is a thin translation layer: C arguments in
//! (pointer + length, checked for NULL and UTF-8), one call into `peeker_core`,
//! results out as opaque handles or `char*` strings, errors out as a
//! [`PeekerStatus`] plus a per-thread "last error". No rule of the API is
//! implemented here.
//!
//! The conventions are documented once, at the top of the generated header
//! `ffi/include/peeker.h` (written from `ffi/cbindgen.toml`), and per function in
//! the doc comments below (cbindgen copies them into the header).
//!
//! Panics: every exported function runs inside [`std::panic::catch_unwind`]; a
//! panic becomes `PEEKER_STATUS_INTERNAL` (or a NULL / zero result for accessors)
//! and never unwinds into C.
#![allow(clippy::missing_safety_doc)]
#![deny(unsafe_op_in_unsafe_fn)]

use peeker_core::{BatchLimit, Code, DomainSet, Error};
use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

// ---------------------------------------------------------------------------
// Status codes
// ---------------------------------------------------------------------------

/// The result of every libpeeker function that can fail.
///
/// `PEEKER_STATUS_OK` (alias `PEEKER_OK`) is 0; every other value is the stable
/// number of one peeker error code (`peeker_status_code()` gives its string
/// form, e.g. `"subdomain"`). Numbers never change once released; new codes may be
/// added, so treat unknown values as errors.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeekerStatus {
    /// Success.
    Ok = 0,
    /// `empty`: nothing but white space.
    Empty = 4710,
    /// `not_a_domain`: a URL, e-mail address, path or port; see the suggestion.
    NotADomain = 4711,
    /// `invalid_idna`: fails UTS #46 processing.
    InvalidIdna = 4712,
    /// `too_long`: a label over 63 octets or a name over 253 octets.
    TooLong = 4713,
    /// `ip_address`: an IPv4 or IPv6 literal.
    IpAddress = 4714,
    /// `public_suffix`: the name is itself a public suffix.
    PublicSuffix = 4715,
    /// `unknown_tld`: no rule of the Public Suffix List names the top-level domain.
    UnknownTld = 4716,
    /// `subdomain`: a name below a root domain; the suggestion is the root.
    Subdomain = 4717,
    /// `too_many_domains`: more domains than the endpoint accepts.
    TooManyDomains = 4720,
    /// `no_domains`: an empty list where at least one domain is required.
    NoDomains = 4721,
    /// `invalid_domains`: entries of a domain set are invalid.
    InvalidDomains = 4722,
    /// `missing_header`: `Peeker-Signature` or `Peeker-Timestamp` absent.
    MissingHeader = 4730,
    /// `malformed_header`: a webhook header not of its documented form.
    MalformedHeader = 4731,
    /// `timestamp_out_of_tolerance`: the timestamp is too far from now.
    TimestampOutOfTolerance = 4732,
    /// `signature_mismatch`: no `v1` signature entry matches.
    SignatureMismatch = 4733,
    /// `invalid_payload`: signature valid, body not a JSON event envelope.
    InvalidPayload = 4734,
    /// `payload_too_large`: the body is larger than the limit.
    PayloadTooLarge = 4735,
    /// `invalid_secret`: no webhook secret, or an empty one.
    InvalidSecret = 4736,
    /// `invalid_request`: a request field fails the API's rules.
    InvalidRequest = 4740,
    /// `invalid_api_key`: the API key is missing or malformed.
    InvalidApiKey = 4741,
    /// `invalid_base_url`: the base URL is not an http(s) URL.
    InvalidBaseUrl = 4742,
    /// `unsupported_number`: a float or an integer beyond 2^53.
    UnsupportedNumber = 4743,
    /// `invalid_json`: not valid JSON, or not of the expected shape.
    InvalidJson = 4744,
    /// `api_error`: the API answered with an error.
    ApiError = 4750,
    /// `unexpected_response`: a 2xx response of an unexpected shape.
    UnexpectedResponse = 4751,
    /// `null_argument`: a required pointer argument was NULL.
    NullArgument = 4790,
    /// `invalid_utf8`: text that is not valid UTF-8.
    InvalidUtf8 = 4791,
    /// `invalid_argument`: an argument out of its documented range.
    InvalidArgument = 4792,
    /// `not_initialized`: the WebAssembly module used before `init()` (browser
    /// builds only; the C ABI never returns it).
    NotInitialized = 4793,
    /// `internal`: an internal error (a caught panic); please report it.
    Internal = 4799,
}

/// Every status, `Ok` first. Kept complete by the tests (`statuses_match_core_codes`).
const STATUSES: &[PeekerStatus] = {
    use PeekerStatus::*;
    &[
        Ok,
        Empty,
        NotADomain,
        InvalidIdna,
        TooLong,
        IpAddress,
        PublicSuffix,
        UnknownTld,
        Subdomain,
        TooManyDomains,
        NoDomains,
        InvalidDomains,
        MissingHeader,
        MalformedHeader,
        TimestampOutOfTolerance,
        SignatureMismatch,
        InvalidPayload,
        PayloadTooLarge,
        InvalidSecret,
        InvalidRequest,
        InvalidApiKey,
        InvalidBaseUrl,
        UnsupportedNumber,
        InvalidJson,
        ApiError,
        UnexpectedResponse,
        NullArgument,
        InvalidUtf8,
        InvalidArgument,
        NotInitialized,
        Internal,
    ]
};

/// The C status of a core code (by number; `Internal` if a core code were ever
/// missing here, which the tests forbid).
#[inline]
fn status_of(code: Code) -> PeekerStatus {
    let n = code.number();
    match n
        .checked_sub(STATUS_BASE)
        .and_then(|i| STATUS_BY_NUMBER.get(i as usize))
    {
        Some(&s) if s as u32 == n => s,
        _ => PeekerStatus::Internal,
    }
}

/// Lowest error status number; `STATUS_BY_NUMBER[n - STATUS_BASE]` is status `n`.
const STATUS_BASE: u32 = 4700;

/// Every error status at its number's slot (slots without a status hold
/// `Internal`, which `status_of` tells apart by its number): a lookup instead of
/// a search on the hot validation paths.
static STATUS_BY_NUMBER: [PeekerStatus; 100] = {
    let mut t = [PeekerStatus::Internal; 100];
    let mut i = 1; // STATUSES[0] is Ok
    while i < STATUSES.len() {
        t[(STATUSES[i] as u32 - STATUS_BASE) as usize] = STATUSES[i];
        i += 1;
    }
    t
};

/// A NUL-terminated copy of `s` in an array of exactly `N` bytes, built at
/// compile time (static strings handed to C need no allocation, so nothing is
/// left "still reachable" at exit). Compilation fails if `s` does not fit or
/// holds a NUL.
const fn cbuf<const N: usize>(s: &str) -> [u8; N] {
    let b = s.as_bytes();
    assert!(b.len() < N, "static C string does not fit");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < b.len() {
        assert!(b[i] != 0, "static C string holds a NUL");
        out[i] = b[i];
        i += 1;
    }
    out
}

/// Room for the longest code string plus its NUL.
const CODE_WIDTH: usize = 48;

/// `(number, NUL-terminated code string)` for OK and every core code.
static CODE_STRINGS: [(u32, [u8; CODE_WIDTH]); Code::ALL.len() + 1] = {
    let mut t = [(0u32, [0u8; CODE_WIDTH]); Code::ALL.len() + 1];
    t[0] = (0, cbuf("ok"));
    let mut i = 0;
    while i < Code::ALL.len() {
        t[i + 1] = (Code::ALL[i].number(), cbuf(Code::ALL[i].as_str()));
        i += 1;
    }
    t
};

fn code_cstr(number: u32) -> *const c_char {
    CODE_STRINGS
        .iter()
        .find(|(n, _)| *n == number)
        .map_or(std::ptr::null(), |(_, s)| s.as_ptr() as *const c_char)
}

static VERSION_C: [u8; peeker_core::VERSION.len() + 1] = cbuf(peeker_core::VERSION);
static PSL_VERSION_C: [u8; peeker_core::psl::version().len() + 1] =
    cbuf(peeker_core::psl::version());
static PSL_COMMIT_C: [u8; peeker_core::psl::commit().len() + 1] = cbuf(peeker_core::psl::commit());

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
// Input structs
// ---------------------------------------------------------------------------

/// A borrowed UTF-8 string: pointer + length in bytes, no NUL terminator needed.
/// `{NULL, 0}` is the empty string; `{NULL, n > 0}` is `PEEKER_STATUS_NULL_ARGUMENT`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PeekerStr {
    /// First byte (may be NULL when `len` is 0).
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
}

/// One HTTP header as two borrowed strings (pointer + length each, as `PeekerStr`).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PeekerHeader {
    /// Header name (matched case-insensitively).
    pub name: *const u8,
    /// Length of `name` in bytes.
    pub name_len: usize,
    /// Header value.
    pub value: *const u8,
    /// Length of `value` in bytes.
    pub value_len: usize,
}

// ---------------------------------------------------------------------------
// Per-thread last error
// ---------------------------------------------------------------------------

/// The last error of a thread. The error is moved in as it is; its C strings are
/// made on first request only (most callers read the status and nothing else, and
/// the hot validation path should not allocate for text nobody reads). A domain
/// refused by `peeker_root_domain` / `peeker_check_root_domain` is kept as its code
/// and a copy of the input only: the core's error (message, suggestion) is made
/// from the input on first request, by the core's `normalize_root_domain`.
///
/// One value per thread, reset rather than replaced, so the input buffer's
/// memory is reused from one refused domain to the next.
struct LastError {
    /// `Ok` when there is no last error.
    status: PeekerStatus,
    error: std::cell::OnceCell<Error>,
    /// `Some(code)`: a refused domain whose `Error` is made from `input` when asked.
    domain: Option<Code>,
    input: String,
    message: std::cell::OnceCell<CString>,
    suggestion: std::cell::OnceCell<Option<CString>>,
    field: std::cell::OnceCell<Option<CString>>,
}

/// Inputs kept for a lazily described domain error are at most this long; a
/// longer one (the core refuses it as `too_long` at once) is described at once, so
/// the kept buffer never grows past this.
const KEPT_INPUT_BYTES: usize = peeker_core::domain::MAX_INPUT_BYTES;

impl LastError {
    const fn none() -> LastError {
        LastError {
            status: PeekerStatus::Ok,
            error: std::cell::OnceCell::new(),
            domain: None,
            input: String::new(),
            message: std::cell::OnceCell::new(),
            suggestion: std::cell::OnceCell::new(),
            field: std::cell::OnceCell::new(),
        }
    }

    /// Forgets the error (keeps the input buffer's memory).
    fn reset(&mut self) {
        if self.status == PeekerStatus::Ok {
            return;
        }
        self.status = PeekerStatus::Ok;
        self.error.take();
        self.domain = None;
        self.message.take();
        self.suggestion.take();
        self.field.take();
    }

    /// The core's error: as it was set, or made now from a refused domain's input.
    fn error(&self) -> &Error {
        self.error.get_or_init(|| match self.domain {
            Some(code) => domain_error(code, &self.input),
            None => internal_error(),
        })
    }
}

/// The full error of a domain the core refused with `code` (`check_root_domain`
/// gives the code only; `normalize_root_domain` gives the same code with its
/// message and suggestion).
fn domain_error(code: Code, input: &str) -> Error {
    match peeker_core::normalize_root_domain(input) {
        Err(e) if e.code == code => e,
        // Not reached: the two core functions agree (tested); keep the code anyway.
        _ => Error::new(code, format!("The domain was refused ({}).", code.as_str())),
    }
}

thread_local! {
    static LAST_ERROR: RefCell<LastError> = const { RefCell::new(LastError::none()) };
}

/// A C string from arbitrary text; interior NULs (possible in messages that quote
/// the input) become U+FFFD so the text is never silently cut.
fn lossy_cstring(s: &str) -> CString {
    match CString::new(s) {
        Ok(c) => c,
        Err(_) => CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default(),
    }
}

fn with_last_error_mut(f: impl FnOnce(&mut LastError)) {
    let _ = LAST_ERROR.try_with(|l| {
        if let Ok(mut slot) = l.try_borrow_mut() {
            f(&mut slot)
        }
    });
}

fn set_last_error(e: Error) -> PeekerStatus {
    let status = status_of(e.code);
    with_last_error_mut(|le| {
        le.reset();
        le.status = status;
        let _ = le.error.set(e);
    });
    status
}

/// Records a domain the core refused with `code`, without building its message:
/// only the input is copied (into the buffer of earlier such errors);
/// `peeker_last_error_message()` and `_suggestion()` make the rest.
fn set_domain_error(code: Code, input: &str) -> PeekerStatus {
    if input.len() > KEPT_INPUT_BYTES {
        return set_last_error(domain_error(code, input));
    }
    let status = status_of(code);
    with_last_error_mut(|le| {
        le.reset();
        le.status = status;
        le.domain = Some(code);
        le.input.clear();
        le.input.push_str(input);
    });
    status
}

fn clear_last_error() {
    with_last_error_mut(LastError::reset);
}

fn with_last_error<T>(default: T, f: impl FnOnce(&LastError) -> T) -> T {
    LAST_ERROR
        .try_with(|l| match l.try_borrow() {
            Ok(slot) if slot.status != PeekerStatus::Ok => Some(f(&slot)),
            _ => None,
        })
        .ok()
        .flatten()
        .unwrap_or(default)
}

fn internal_error() -> Error {
    Error::new(
        Code::Internal,
        "libpeeker hit an internal error (a Rust panic was caught at the C boundary); please report it.",
    )
}

/// The panic boundary of every status-returning function: runs `f`, records its
/// error (or clears the last error on success) and never lets a panic out.
fn boundary(f: impl FnOnce() -> Result<(), Error>) -> PeekerStatus {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => {
            clear_last_error();
            PeekerStatus::Ok
        }
        Ok(Err(e)) => set_last_error(e),
        Err(_) => set_last_error(internal_error()),
    }
}

/// The panic boundary of accessors and free functions: a panic gives `default`.
fn guard<T>(default: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(default)
}

// ---------------------------------------------------------------------------
// Argument translation
// ---------------------------------------------------------------------------

fn null_argument(name: &str) -> Error {
    Error::new(Code::NullArgument, format!("{name} is NULL.")).with_field(name)
}

fn invalid_argument(name: &str, why: &str) -> Error {
    Error::new(Code::InvalidArgument, format!("{name}: {why}")).with_field(name)
}

/// The name of an element of an array argument (`inputs[3]`, `headers[0].name`),
/// formatted only when an error needs it.
#[derive(Clone, Copy)]
struct Elem(&'static str, usize, &'static str);

impl std::fmt::Display for Elem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]{}", self.0, self.1, self.2)
    }
}

/// Borrowed bytes from pointer + length. `(NULL, 0)` is empty.
#[inline]
unsafe fn bytes_arg<'a, N: std::fmt::Display + Copy>(
    ptr: *const u8,
    len: usize,
    name: N,
) -> Result<&'a [u8], Error> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(null_with_length(name, len))
        };
    }
    if len > isize::MAX as usize {
        return Err(invalid_argument(
            &name.to_string(),
            "the length is larger than any object can be.",
        ));
    }
    // SAFETY: the caller promises `ptr` points to `len` readable bytes (documented).
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

#[cold]
#[inline(never)]
fn null_with_length<N: std::fmt::Display + Copy>(name: N, len: usize) -> Error {
    Error::new(
        Code::NullArgument,
        format!("{name} is NULL but its length is {len}."),
    )
    .with_field(name.to_string())
}

/// Borrowed UTF-8 text from pointer + length. `(NULL, 0)` is empty.
#[inline]
unsafe fn text_arg<'a, N: std::fmt::Display + Copy>(
    ptr: *const u8,
    len: usize,
    name: N,
) -> Result<&'a str, Error> {
    let b = unsafe { bytes_arg(ptr, len, name)? };
    utf8(b, name)
}

/// Whether every byte is ASCII, 8 bytes at a time (short texts, such as a
/// domain, are the common case here: a few instructions instead of a byte loop).
#[inline]
fn all_ascii(b: &[u8]) -> bool {
    let chunks = b.chunks_exact(8);
    let mut tail = 0u8;
    for &c in chunks.remainder() {
        tail |= c;
    }
    let mut acc = 0u64;
    for c in chunks {
        acc |= u64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
    }
    acc & 0x8080_8080_8080_8080 == 0 && tail < 0x80
}

#[inline]
fn utf8<N: std::fmt::Display + Copy>(b: &[u8], name: N) -> Result<&str, Error> {
    if all_ascii(b) {
        // SAFETY: ASCII is UTF-8 (cheaper than the full validation for the short
        // texts most calls get).
        return Ok(unsafe { std::str::from_utf8_unchecked(b) });
    }
    std::str::from_utf8(b).map_err(|e| not_utf8(name, e.valid_up_to()))
}

#[cold]
#[inline(never)]
fn not_utf8<N: std::fmt::Display + Copy>(name: N, offset: usize) -> Error {
    Error::new(
        Code::InvalidUtf8,
        format!("{name} is not valid UTF-8 (invalid byte at offset {offset})."),
    )
    .with_field(name.to_string())
}

/// A borrowed array of `count` items. `(NULL, 0)` is empty.
unsafe fn array_arg<'a, T>(ptr: *const T, count: usize, name: &str) -> Result<&'a [T], Error> {
    if ptr.is_null() {
        return if count == 0 {
            Ok(&[])
        } else {
            Err(Error::new(
                Code::NullArgument,
                format!("{name} is NULL but its count is {count}."),
            )
            .with_field(name))
        };
    }
    if count > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
        return Err(invalid_argument(
            name,
            "the count is larger than any array can be.",
        ));
    }
    // SAFETY: the caller promises `ptr` points to `count` initialised items (documented).
    Ok(unsafe { std::slice::from_raw_parts(ptr, count) })
}

/// Header pairs; names and values that are not UTF-8 are decoded lossily (HTTP
/// does not promise UTF-8 in unrelated headers, and such a header must not make
/// the whole call fail; a Peeker header decoded lossily simply fails its own check).
pub(crate) unsafe fn headers_arg(
    headers: *const PeekerHeader,
    count: usize,
) -> Result<Vec<(String, String)>, Error> {
    let items = unsafe { array_arg(headers, count, "headers")? };
    let mut v = Vec::with_capacity(items.len());
    for (i, h) in items.iter().enumerate() {
        let name = unsafe { bytes_arg(h.name, h.name_len, Elem("headers", i, ".name"))? };
        let value = unsafe { bytes_arg(h.value, h.value_len, Elem("headers", i, ".value"))? };
        v.push((
            String::from_utf8_lossy(name).into_owned(),
            String::from_utf8_lossy(value).into_owned(),
        ));
    }
    Ok(v)
}

/// Checks an out-parameter before any work is done.
fn out_arg<T>(p: *mut T, name: &str) -> Result<(), Error> {
    if p.is_null() {
        Err(null_argument(name))
    } else {
        Ok(())
    }
}

/// Writes an out-parameter (already checked non-NULL).
unsafe fn write_out<T>(p: *mut T, v: T) {
    // SAFETY: checked non-NULL by `out_arg`; the caller promises it is writable.
    unsafe { p.write(v) }
}

/// An owned `char*` for C, freed by `peeker_string_free`.
fn owned_string(s: &str) -> *mut c_char {
    lossy_cstring(s).into_raw()
}

/// Text owned by a handle: the bytes plus a NUL terminator, so C gets both a
/// NUL-terminated pointer and an exact length (the text may hold NUL bytes, e.g.
/// a JSON string field with `\u0000`).
struct Text(Box<[u8]>);

impl Text {
    /// Takes the string's buffer (no copy when it has room for the NUL).
    #[allow(dead_code)]
    fn from_string(s: String) -> Text {
        let mut v = s.into_bytes();
        // Exactly one more byte: usually grows in place, and the boxed slice then
        // needs no shrinking copy.
        v.reserve_exact(1);
        v.push(0);
        Text(v.into_boxed_slice())
    }
    fn new(s: &str) -> Text {
        let mut v = Vec::with_capacity(s.len() + 1);
        v.extend_from_slice(s.as_bytes());
        v.push(0);
        Text(v.into_boxed_slice())
    }
    fn from_bytes(b: &[u8]) -> Text {
        let mut v = Vec::with_capacity(b.len() + 1);
        v.extend_from_slice(b);
        v.push(0);
        Text(v.into_boxed_slice())
    }
    fn len(&self) -> usize {
        self.0.len() - 1
    }
}

/// Hands out a borrowed `Text`: NULL when absent; `len_out` (if non-NULL) gets the
/// length only when the result is not NULL.
unsafe fn give(t: Option<&Text>, len_out: *mut usize) -> *const c_char {
    match t {
        Some(t) => {
            if !len_out.is_null() {
                // SAFETY: non-NULL; the caller promises it is writable.
                unsafe { len_out.write(t.len()) };
            }
            t.0.as_ptr() as *const c_char
        }
        None => std::ptr::null(),
    }
}

/// A shared reference to a handle, or None for NULL.
unsafe fn handle<'a, T>(p: *const T) -> Option<&'a T> {
    // SAFETY: the caller promises a non-NULL pointer came from libpeeker and is not freed.
    unsafe { p.as_ref() }
}

// ---------------------------------------------------------------------------
// Library information, statuses, last error, strings
// ---------------------------------------------------------------------------

/// This library's version, e.g. `"0.1.0"`. Static; never NULL; never free it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_version() -> *const c_char {
    VERSION_C.as_ptr() as *const c_char
}

/// Version of the compiled-in Public Suffix List (its `VERSION` line, e.g.
/// `"2026-10-22_08-36-41_UTC"`). Static; never NULL; never free it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_psl_version() -> *const c_char {
    PSL_VERSION_C.as_ptr() as *const c_char
}

/// Commit of the Public Suffix List repository the compiled-in copy was taken
/// from. Static; never NULL; never free it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_psl_commit() -> *const c_char {
    PSL_COMMIT_C.as_ptr() as *const c_char
}

/// The stable string code of a status: `"ok"` for `PEEKER_STATUS_OK`,
/// `"subdomain"` for `PEEKER_STATUS_SUBDOMAIN`, and so on; NULL for a number that
/// is no status. Static; never free it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_status_code(status: u32) -> *const c_char {
    guard(std::ptr::null(), || code_cstr(status))
}

/// The area of a status number: codes are grouped by area, so a number this
/// header does not name (from a newer library) still has its area.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeekerErrorArea {
    /// `PEEKER_STATUS_INTERNAL`, `PEEKER_STATUS_OK`, or a number outside every area.
    Other = 0,
    /// Root domains and domain sets (4710..4729).
    Domain = 1,
    /// Webhook verification (4730..4739).
    Webhook = 2,
    /// Requests and configuration (4740..4749).
    Request = 3,
    /// API responses (4750..4759).
    Response = 4,
    /// Arguments the library cannot take at all (4790..4798).
    Argument = 5,
}

/// The area of status number `status` (the core's grouping of codes), known or
/// not: bindings pick their error class from it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_status_area(status: u32) -> PeekerErrorArea {
    guard(
        PeekerErrorArea::Other,
        || match peeker_core::Area::of_number(status) {
            peeker_core::Area::Domain => PeekerErrorArea::Domain,
            peeker_core::Area::Webhook => PeekerErrorArea::Webhook,
            peeker_core::Area::Request => PeekerErrorArea::Request,
            peeker_core::Area::Response => PeekerErrorArea::Response,
            peeker_core::Area::Argument => PeekerErrorArea::Argument,
            _ => PeekerErrorArea::Other,
        },
    )
}

/// The status of the last failed call on this thread, or `PEEKER_STATUS_OK` when
/// the last status-returning call on this thread succeeded (or none was made).
/// Thread safety: per thread; reads only this thread's state.
#[no_mangle]
pub extern "C" fn peeker_last_error_status() -> PeekerStatus {
    guard(PeekerStatus::Internal, || {
        with_last_error(PeekerStatus::Ok, |e| e.status)
    })
}

/// The stable string code of the last error on this thread (e.g. `"subdomain"`),
/// or NULL when the last status-returning call on this thread succeeded.
/// Borrowed: valid until the next status-returning libpeeker call on this thread
/// (or `peeker_last_error_clear`); do not free it.
/// Thread safety: per thread; each thread has its own last error.
#[no_mangle]
pub extern "C" fn peeker_last_error_code() -> *const c_char {
    guard(std::ptr::null(), || {
        with_last_error(std::ptr::null(), |e| code_cstr(e.status as u32))
    })
}

/// The readable message of the last error on this thread (never contains a
/// secret), or NULL when there is none. Borrowed, like `peeker_last_error_code`.
/// Thread safety: per thread.
#[no_mangle]
pub extern "C" fn peeker_last_error_message() -> *const c_char {
    guard(std::ptr::null(), || {
        with_last_error(std::ptr::null(), |e| {
            e.message
                .get_or_init(|| lossy_cstring(&e.error().message))
                .as_ptr()
        })
    })
}

/// The suggestion of the last error on this thread (e.g. the root domain
/// `"acme.co.uk"` for the input `"mail.acme.co.uk"`), or NULL when there is none.
/// Borrowed, like `peeker_last_error_code`.
/// Thread safety: per thread.
#[no_mangle]
pub extern "C" fn peeker_last_error_suggestion() -> *const c_char {
    guard(std::ptr::null(), || {
        with_last_error(std::ptr::null(), |e| {
            e.suggestion
                .get_or_init(|| e.error().suggestion.as_deref().map(lossy_cstring))
                .as_ref()
                .map_or(std::ptr::null(), |s| s.as_ptr())
        })
    })
}

/// The field or argument the last error on this thread is about (`"domains[1]"`,
/// or a parameter name such as `"input"` for NULL / UTF-8 errors), or NULL when
/// there is none. Borrowed, like `peeker_last_error_code`.
/// Thread safety: per thread.
#[no_mangle]
pub extern "C" fn peeker_last_error_field() -> *const c_char {
    guard(std::ptr::null(), || {
        with_last_error(std::ptr::null(), |e| {
            e.field
                .get_or_init(|| e.error().field.as_deref().map(lossy_cstring))
                .as_ref()
                .map_or(std::ptr::null(), |s| s.as_ptr())
        })
    })
}

/// Forgets this thread's last error (and frees its memory). Pointers returned by
/// the `peeker_last_error_*` functions become invalid.
/// Thread safety: per thread.
#[no_mangle]
pub extern "C" fn peeker_last_error_clear() {
    guard((), || {
        with_last_error_mut(|le| {
            le.reset();
            le.input = String::new();
        })
    })
}

/// Frees a `char*` returned by libpeeker (e.g. by `peeker_registrable_domain`).
/// NULL is allowed and does nothing. Never pass it to `free()`, and never pass
/// `free()`'s strings here.
/// Thread safety: any thread, but each string is freed once, by one thread.
#[no_mangle]
pub unsafe extern "C" fn peeker_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    guard((), || {
        // SAFETY: the caller promises `s` came from libpeeker's `owned_string`.
        drop(unsafe { CString::from_raw(s) })
    })
}

// ---------------------------------------------------------------------------
// Root domains
// ---------------------------------------------------------------------------

/// A validated root domain (opaque). Create with `peeker_root_domain`, free with
/// `peeker_domain_free`.
pub struct PeekerDomain {
    /// `ascii NUL`, or `ascii NUL unicode NUL` when the forms differ: one buffer.
    text: Box<[u8]>,
    ascii_len: usize,
    /// Start of the Unicode form in `text`; 0 when it is the A-label form.
    unicode_start: usize,
}

impl PeekerDomain {
    fn new(d: peeker_core::RootDomainRef<'_>) -> PeekerDomain {
        let same = batch::same_text(d.ascii, d.unicode);
        let len = d.ascii.len() + 1 + if same { 0 } else { d.unicode.len() + 1 };
        let mut v = Vec::with_capacity(len);
        v.extend_from_slice(d.ascii.as_bytes());
        v.push(0);
        if !same {
            v.extend_from_slice(d.unicode.as_bytes());
            v.push(0);
        }
        PeekerDomain {
            text: v.into_boxed_slice(),
            ascii_len: d.ascii.len(),
            unicode_start: if same { 0 } else { d.ascii.len() + 1 },
        }
    }

    fn unicode_len(&self) -> usize {
        if self.unicode_start == 0 {
            self.ascii_len
        } else {
            self.text.len() - 1 - self.unicode_start
        }
    }
}

/// The panic boundary of the domain functions: like `boundary`, and a domain the
/// core refused (`Err((code, input))`) becomes a last error whose message is made
/// only when asked (`set_domain_error`).
fn domain_boundary<'a>(
    f: impl FnOnce() -> Result<Result<(), (Code, &'a str)>, Error>,
) -> PeekerStatus {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(Ok(()))) => {
            clear_last_error();
            PeekerStatus::Ok
        }
        Ok(Ok(Err((code, input)))) => set_domain_error(code, input),
        Ok(Err(e)) => set_last_error(e),
        Err(_) => set_last_error(internal_error()),
    }
}

/// Normalises one user-typed domain and checks that it is a root (registrable)
/// domain that can be imported or ordered.
///
/// `input`/`input_len`: UTF-8 text (`NULL, 0` is the empty string, which gives
/// `PEEKER_STATUS_EMPTY`). On success `*out` receives a new `PeekerDomain*`
/// (free it with `peeker_domain_free`). On failure `*out` is untouched and the
/// status tells why, e.g. `PEEKER_STATUS_SUBDOMAIN` with the root domain in
/// `peeker_last_error_suggestion()` (the message and suggestion are made when
/// first asked for). `peeker_check_root_domain` gives the same answers without a
/// handle to free.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_root_domain(
    input: *const u8,
    input_len: usize,
    out: *mut *mut PeekerDomain,
) -> PeekerStatus {
    domain_boundary(|| {
        out_arg(out, "out")?;
        let s = unsafe { text_arg(input, input_len, "input")? };
        match batch::with_domain_buf(|buf| {
            peeker_core::check_root_domain(s, buf).map(PeekerDomain::new)
        }) {
            Ok(d) => {
                unsafe { write_out(out, Box::into_raw(Box::new(d))) };
                Ok(Ok(()))
            }
            Err(code) => Ok(Err((code, s))),
        }
    })
}

/// The A-label (ASCII) form of a domain, e.g. `"xn--bcher-kva.de"`: what the API
/// takes. Borrowed, NUL-terminated, valid until `peeker_domain_free(domain)`.
/// `len_out` (may be NULL) receives the length in bytes. NULL if `domain` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_ascii(
    domain: *const PeekerDomain,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || match unsafe { handle(domain) } {
        Some(d) => {
            if !len_out.is_null() {
                // SAFETY: non-NULL; the caller promises it is writable.
                unsafe { len_out.write(d.ascii_len) };
            }
            d.text.as_ptr() as *const c_char
        }
        None => std::ptr::null(),
    })
}

/// The Unicode form of a domain, e.g. `"bücher.de"`: what to show people.
/// Borrowed like `peeker_domain_ascii` (the same pointer when both forms are
/// equal).
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_unicode(
    domain: *const PeekerDomain,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || match unsafe { handle(domain) } {
        Some(d) => {
            if !len_out.is_null() {
                // SAFETY: non-NULL; the caller promises it is writable.
                unsafe { len_out.write(d.unicode_len()) };
            }
            d.text[d.unicode_start..].as_ptr() as *const c_char
        }
        None => std::ptr::null(),
    })
}

/// Frees a `PeekerDomain`. NULL is allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_free(domain: *mut PeekerDomain) {
    if domain.is_null() {
        return;
    }
    // SAFETY: the caller promises `domain` came from `peeker_root_domain`.
    guard((), || drop(unsafe { Box::from_raw(domain) }))
}

/// The registrable domain of a host name by the whole Public Suffix List and its
/// default `*` rule, in A-label form (`"www.Example.COM"` -> `"example.com"`).
///
/// On `PEEKER_STATUS_OK`, `*out` is a new string (free with `peeker_string_free`)
/// or NULL when the name has none (a public suffix such as `"co.uk"`, or a name
/// that is not a valid host name). Errors only for NULL / non-UTF-8 arguments.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_registrable_domain(
    input: *const u8,
    input_len: usize,
    out: *mut *mut c_char,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let s = unsafe { text_arg(input, input_len, "input")? };
        let r = peeker_core::registrable_domain(s);
        unsafe { write_out(out, r.as_deref().map_or(std::ptr::null_mut(), owned_string)) };
        Ok(())
    })
}

/// The public suffix of a host name in A-label form (`"a.example.co.uk"` ->
/// `"co.uk"`). On `PEEKER_STATUS_OK`, `*out` is a new string (free with
/// `peeker_string_free`) or NULL when the input is not a valid host name.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_public_suffix(
    input: *const u8,
    input_len: usize,
    out: *mut *mut c_char,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let s = unsafe { text_arg(input, input_len, "input")? };
        let r = peeker_core::public_suffix(s);
        unsafe { write_out(out, r.as_deref().map_or(std::ptr::null_mut(), owned_string)) };
        Ok(())
    })
}

mod batch;
pub use batch::*;

// ---------------------------------------------------------------------------
// Domain sets
// ---------------------------------------------------------------------------

struct SetError {
    index: usize,
    status: PeekerStatus,
    code: *const c_char,
    message: Text,
    suggestion: Option<Text>,
    field: Option<Text>,
}

/// A list of domains normalised as one import request (opaque): valid entries
/// (duplicates removed, sorted by A-label form) and per-entry errors. Create with
/// `peeker_domain_set`, free with `peeker_domain_set_free`.
pub struct PeekerDomainSet {
    set: DomainSet,
    ascii: Vec<Text>,
    unicode: Vec<Text>,
    errors: Vec<SetError>,
    key: Option<Text>,
}

/// Normalises `count` domains as one import request.
///
/// `inputs`: an array of `count` `PeekerStr` (`NULL, 0` is the empty set). Every
/// entry must be valid UTF-8 (else `PEEKER_STATUS_INVALID_UTF8`, field
/// `"inputs[i]"`). Invalid domains do not fail the call: they are reported per
/// entry (`peeker_domain_set_error_*`). More than 10000 entries gives
/// `PEEKER_STATUS_TOO_MANY_DOMAINS`. On success `*out` receives a new set (free
/// with `peeker_domain_set_free`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set(
    inputs: *const PeekerStr,
    count: usize,
    out: *mut *mut PeekerDomainSet,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        if inputs.is_null() && count > 0 {
            return Err(Error::new(
                Code::NullArgument,
                format!("inputs is NULL but its count is {count}."),
            )
            .with_field("inputs"));
        }
        // Too many to examine: the core refuses the count before any entry is read.
        DomainSet::check_count(count)?;
        let items = unsafe { array_arg(inputs, count, "inputs")? };
        let mut strs = Vec::with_capacity(items.len());
        for (i, it) in items.iter().enumerate() {
            strs.push(unsafe { text_arg(it.ptr, it.len, Elem("inputs", i, ""))? });
        }
        let set = DomainSet::new(&strs)?;
        let h = Box::new(PeekerDomainSet::from(set));
        unsafe { write_out(out, Box::into_raw(h)) };
        Ok(())
    })
}

impl From<DomainSet> for PeekerDomainSet {
    fn from(set: DomainSet) -> Self {
        let ascii = set.domains.iter().map(|d| Text::new(&d.ascii)).collect();
        let unicode = set.domains.iter().map(|d| Text::new(&d.unicode)).collect();
        let errors = set
            .errors
            .iter()
            .map(|ie| SetError {
                index: ie.index,
                status: status_of(ie.error.code),
                code: code_cstr(ie.error.code.number()),
                message: Text::new(&ie.error.message),
                suggestion: ie.error.suggestion.as_deref().map(Text::new),
                field: ie.error.field.as_deref().map(Text::new),
            })
            .collect();
        let key = set.key().as_deref().map(Text::new);
        PeekerDomainSet {
            set,
            ascii,
            unicode,
            errors,
            key,
        }
    }
}

/// Number of valid, unique domains in the set (0 if `set` is NULL).
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_count(set: *const PeekerDomainSet) -> usize {
    guard(0, || unsafe { handle(set) }.map_or(0, |s| s.ascii.len()))
}

/// The A-label form of valid domain `i` (0-based, sorted). Borrowed,
/// NUL-terminated, valid until `peeker_domain_set_free(set)`; `len_out` (may be
/// NULL) receives its length. NULL if `set` is NULL or `i` is out of range.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_ascii(
    set: *const PeekerDomainSet,
    i: usize,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(set).and_then(|s| s.ascii.get(i)), len_out)
    })
}

/// The Unicode form of valid domain `i`; borrowed like `peeker_domain_set_ascii`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_unicode(
    set: *const PeekerDomainSet,
    i: usize,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(set).and_then(|s| s.unicode.get(i)), len_out)
    })
}

/// Number of invalid entries (0 if `set` is NULL). Errors are in input order.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_error_count(set: *const PeekerDomainSet) -> usize {
    guard(0, || unsafe { handle(set) }.map_or(0, |s| s.errors.len()))
}

/// The input index of error `i` (which entry of `inputs` it is about), or
/// `SIZE_MAX` if `set` is NULL or `i` is out of range.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_error_index(
    set: *const PeekerDomainSet,
    i: usize,
) -> usize {
    guard(usize::MAX, || {
        unsafe { handle(set) }
            .and_then(|s| s.errors.get(i))
            .map_or(usize::MAX, |e| e.index)
    })
}

/// The stable string code of error `i` (e.g. `"subdomain"`). Static (valid for
/// the life of the process). NULL if `set` is NULL or `i` is out of range.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_error_code(
    set: *const PeekerDomainSet,
    i: usize,
) -> *const c_char {
    guard(std::ptr::null(), || {
        unsafe { handle(set) }
            .and_then(|s| s.errors.get(i))
            .map_or(std::ptr::null(), |e| e.code)
    })
}

/// The status of error `i` (e.g. `PEEKER_STATUS_SUBDOMAIN`);
/// `PEEKER_STATUS_INVALID_ARGUMENT` if `set` is NULL or `i` is out of range.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_error_status(
    set: *const PeekerDomainSet,
    i: usize,
) -> PeekerStatus {
    guard(PeekerStatus::Internal, || {
        unsafe { handle(set) }
            .and_then(|s| s.errors.get(i))
            .map_or(PeekerStatus::InvalidArgument, |e| e.status)
    })
}

/// The message of error `i`. Borrowed like `peeker_domain_set_ascii`; NULL if
/// `set` is NULL or `i` is out of range.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_error_message(
    set: *const PeekerDomainSet,
    i: usize,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(
            handle(set)
                .and_then(|s| s.errors.get(i))
                .map(|e| &e.message),
            len_out,
        )
    })
}

/// The suggestion of error `i` (e.g. the root domain of a subdomain), or NULL
/// when it has none. Borrowed like `peeker_domain_set_ascii`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_error_suggestion(
    set: *const PeekerDomainSet,
    i: usize,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(
            handle(set)
                .and_then(|s| s.errors.get(i))
                .and_then(|e| e.suggestion.as_ref()),
            len_out,
        )
    })
}

/// The request field of error `i` (`"domains[3]"`), or NULL. Borrowed like
/// `peeker_domain_set_ascii`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_error_field(
    set: *const PeekerDomainSet,
    i: usize,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(
            handle(set)
                .and_then(|s| s.errors.get(i))
                .and_then(|e| e.field.as_ref()),
            len_out,
        )
    })
}

/// The import-set key (lower-case hex SHA-256 of the sorted A-labels joined with
/// `\n`), or NULL while any entry is invalid (or `set` is NULL). Borrowed like
/// `peeker_domain_set_ascii`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_key(
    set: *const PeekerDomainSet,
    len_out: *mut usize,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(set).and_then(|s| s.key.as_ref()), len_out)
    })
}

/// Checks that the set can be sent in one request to an endpoint: no invalid
/// entry (`PEEKER_STATUS_INVALID_DOMAINS`, field and suggestion of the first),
/// at least one domain (`PEEKER_STATUS_NO_DOMAINS`), and no more than the
/// endpoint's limit (`PEEKER_STATUS_TOO_MANY_DOMAINS`).
///
/// `limit_name`: UTF-8 `"import"` (25), `"import_job"` (500), `"availability"`
/// (50) or `"forwarding"` (25); anything else is `PEEKER_STATUS_INVALID_ARGUMENT`.
/// Thread safety: any thread; concurrent checks of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_check(
    set: *const PeekerDomainSet,
    limit_name: *const u8,
    limit_name_len: usize,
) -> PeekerStatus {
    boundary(|| {
        let s = unsafe { handle(set) }.ok_or_else(|| null_argument("set"))?;
        let name = unsafe { text_arg(limit_name, limit_name_len, "limit_name")? };
        let limit = BatchLimit::parse(name).map_err(|e| e.with_field("limit_name"))?;
        s.set.check(limit)
    })
}

/// Frees a `PeekerDomainSet`. NULL is allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_free(set: *mut PeekerDomainSet) {
    if set.is_null() {
        return;
    }
    // SAFETY: the caller promises `set` came from `peeker_domain_set`.
    guard((), || drop(unsafe { Box::from_raw(set) }))
}

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

/// The order dedupe key: lower-case hex HMAC-SHA256, keyed with the API key, of
/// the RFC 8785 canonical form of the order body. Two bodies that are the same
/// order (key order, white space) give the same key.
///
/// `api_key` (UTF-8; empty is `PEEKER_STATUS_INVALID_API_KEY`; never appears in
/// messages), `body_json`: the order body as JSON text (`PEEKER_STATUS_INVALID_JSON`,
/// or `PEEKER_STATUS_UNSUPPORTED_NUMBER` for floats / integers beyond 2^53). On
/// success `*out` receives the 64-character key (free with `peeker_string_free`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_order_dedupe_key(
    api_key: *const u8,
    api_key_len: usize,
    body_json: *const u8,
    body_json_len: usize,
    out: *mut *mut c_char,
) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let key = unsafe { text_arg(api_key, api_key_len, "api_key")? };
        let body = unsafe { bytes_arg(body_json, body_json_len, "body_json")? };
        let k = peeker_core::order_dedupe_key(key, body)?;
        unsafe { write_out(out, owned_string(&k)) };
        Ok(())
    })
}

mod api;
pub use api::*;
mod response;
pub use response::*;
mod tracker;
pub use tracker::*;
mod webhook;
pub use webhook::*;

#[cfg(test)]
mod tests;
