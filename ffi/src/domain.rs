//! Root domains, registrable domains and public suffixes, and domain sets (the
//! core's `domain`; many domains at once are in `batch`).
use super::*;

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
    unicode_len: usize,
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
            unicode_len: d.unicode.len(),
        }
    }
}

/// The panic boundary of the domain functions: like `boundary`, and a domain the
/// core refused (`Err((code, input))`) becomes a last error whose message is made
/// only when asked (`set_domain_error`).
pub(crate) fn domain_boundary<'a>(
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
    unsafe { slice_of(domain, len_out, |d| Some((&d.text[..], d.ascii_len))) }
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
    unsafe {
        slice_of(domain, len_out, |d| {
            Some((&d.text[d.unicode_start..], d.unicode_len))
        })
    }
}

/// Frees a `PeekerDomain`. NULL is allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_free(domain: *mut PeekerDomain) {
    unsafe { free_handle(domain) }
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
    unsafe {
        produce(out, || {
            let s = text_arg(input, input_len, "input")?;
            Ok(owned_opt(peeker_core::registrable_domain(s).as_deref()))
        })
    }
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
    unsafe {
        produce(out, || {
            let s = text_arg(input, input_len, "input")?;
            Ok(owned_opt(peeker_core::public_suffix(s).as_deref()))
        })
    }
}

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
    unsafe {
        produce(out, || {
            // Too many to examine: the core refuses the count before any entry is
            // read (a NULL `inputs` with a count is `array_arg`'s error first).
            if !inputs.is_null() {
                DomainSet::check_count(count)?;
            }
            let set = DomainSet::new(&texts_arg(inputs, count, "inputs")?)?;
            Ok(new_handle(PeekerDomainSet::from(set)))
        })
    }
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
    unsafe { read(set, 0, |s| s.ascii.len()) }
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
    unsafe { text_of(set, len_out, |s| s.ascii.get(i)) }
}

/// The Unicode form of valid domain `i`; borrowed like `peeker_domain_set_ascii`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_unicode(
    set: *const PeekerDomainSet,
    i: usize,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { text_of(set, len_out, |s| s.unicode.get(i)) }
}

/// Number of invalid entries (0 if `set` is NULL). Errors are in input order.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_error_count(set: *const PeekerDomainSet) -> usize {
    unsafe { read(set, 0, |s| s.errors.len()) }
}

/// The input index of error `i` (which entry of `inputs` it is about), or
/// `SIZE_MAX` if `set` is NULL or `i` is out of range.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_error_index(
    set: *const PeekerDomainSet,
    i: usize,
) -> usize {
    unsafe {
        read(set, usize::MAX, |s| {
            s.errors.get(i).map_or(usize::MAX, |e| e.index)
        })
    }
}

/// The stable string code of error `i` (e.g. `"subdomain"`). Static (valid for
/// the life of the process). NULL if `set` is NULL or `i` is out of range.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_error_code(
    set: *const PeekerDomainSet,
    i: usize,
) -> *const c_char {
    unsafe {
        read(set, std::ptr::null(), |s| {
            s.errors.get(i).map_or(std::ptr::null(), |e| e.code)
        })
    }
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
    unsafe { text_of(set, len_out, |s| s.errors.get(i).map(|e| &e.message)) }
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
    unsafe { text_of(set, len_out, |s| s.errors.get(i)?.suggestion.as_ref()) }
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
    unsafe { text_of(set, len_out, |s| s.errors.get(i)?.field.as_ref()) }
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
    unsafe { text_of(set, len_out, |s| s.key.as_ref()) }
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
        let s = unsafe { handle_arg(set, "set")? };
        let name = unsafe { text_arg(limit_name, limit_name_len, "limit_name")? };
        let limit = BatchLimit::parse(name).map_err(|e| e.with_field("limit_name"))?;
        s.set.check(limit)
    })
}

/// Frees a `PeekerDomainSet`. NULL is allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_set_free(set: *mut PeekerDomainSet) {
    unsafe { free_handle(set) }
}
