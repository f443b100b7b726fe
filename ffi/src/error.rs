//! Statuses (one per core error code, by number), the per-thread last error and
//! the panic boundary every exported function runs in.
use super::*;

// ---------------------------------------------------------------------------
// Status codes
// ---------------------------------------------------------------------------

/// The C status of a core code: `STATUSES` is generated in the order of
/// `Code::ALL`, the order of `Code`'s variants, and the number confirms the slot
/// (`Internal` if a core code were ever missing here, which the tests forbid).
#[inline]
pub(crate) fn status_of(code: Code) -> PeekerStatus {
    match STATUSES.get(code as usize + 1) {
        Some(&s) if s as u32 == code.number() => s,
        _ => PeekerStatus::Internal,
    }
}

/// A NUL-terminated copy of `s` in an array of exactly `N` bytes, built at
/// compile time (static strings handed to C need no allocation, so nothing is
/// left "still reachable" at exit). Compilation fails if `s` does not fit or
/// holds a NUL.
pub(crate) const fn cbuf<const N: usize>(s: &str) -> [u8; N] {
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

pub(crate) fn code_cstr(number: u32) -> *const c_char {
    CODE_STRINGS
        .iter()
        .find(|(n, _)| *n == number)
        .map_or(std::ptr::null(), |(_, s)| s.as_ptr() as *const c_char)
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
    message: std::cell::OnceCell<Option<CString>>,
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
pub(crate) fn lossy_cstring(s: &str) -> CString {
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

pub(crate) fn set_last_error(e: Error) -> PeekerStatus {
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
pub(crate) fn set_domain_error(code: Code, input: &str) -> PeekerStatus {
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

pub(crate) fn clear_last_error() {
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

/// A borrowed text of the last error (NULL when there is none, or it has no such
/// text), its C string made on first request from the core's error.
fn last_error_text(
    cell: impl FnOnce(&LastError) -> &std::cell::OnceCell<Option<CString>>,
    text: impl FnOnce(&Error) -> Option<&str>,
) -> *const c_char {
    guard(std::ptr::null(), || {
        with_last_error(std::ptr::null(), |e| {
            cell(e)
                .get_or_init(|| text(e.error()).map(lossy_cstring))
                .as_ref()
                .map_or(std::ptr::null(), |s| s.as_ptr())
        })
    })
}

pub(crate) fn internal_error() -> Error {
    Error::new(
        Code::Internal,
        "libpeeker hit an internal error (a Rust panic was caught at the C boundary); please report it.",
    )
}

/// The panic boundary of every status-returning function: runs `f`, records its
/// error (or clears the last error on success) and never lets a panic out.
pub(crate) fn boundary(f: impl FnOnce() -> Result<(), Error>) -> PeekerStatus {
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
pub(crate) fn guard<T>(default: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(default)
}

// ---------------------------------------------------------------------------
// Statuses and the last error
// ---------------------------------------------------------------------------

/// The stable string code of a status: `"ok"` for `PEEKER_STATUS_OK`,
/// `"subdomain"` for `PEEKER_STATUS_SUBDOMAIN`, and so on; NULL for a number that
/// is no status. Static; never free it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_status_code(status: u32) -> *const c_char {
    guard(std::ptr::null(), || code_cstr(status))
}

/// The area of status number `status` (the core's grouping of codes), known or
/// not: bindings pick their error class from it.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub extern "C" fn peeker_status_area(status: u32) -> PeekerErrorArea {
    guard(PeekerErrorArea::Other, || {
        peeker_core::Area::of_number(status).into()
    })
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
    last_error_text(|e| &e.message, |e| Some(&e.message))
}

/// The suggestion of the last error on this thread (e.g. the root domain
/// `"acme.co.uk"` for the input `"mail.acme.co.uk"`), or NULL when there is none.
/// Borrowed, like `peeker_last_error_code`.
/// Thread safety: per thread.
#[no_mangle]
pub extern "C" fn peeker_last_error_suggestion() -> *const c_char {
    last_error_text(|e| &e.suggestion, |e| e.suggestion.as_deref())
}

/// The field or argument the last error on this thread is about (`"domains[1]"`,
/// or a parameter name such as `"input"` for NULL / UTF-8 errors), or NULL when
/// there is none. Borrowed, like `peeker_last_error_code`.
/// Thread safety: per thread.
#[no_mangle]
pub extern "C" fn peeker_last_error_field() -> *const c_char {
    last_error_text(|e| &e.field, |e| e.field.as_deref())
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
