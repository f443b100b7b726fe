//! Root domains in bulk and without handles: `peeker_check_root_domain` (one
//! domain, borrowed per-thread results, nothing to free) and the batch functions
//! `peeker_root_domains` / `peeker_root_domains_joined` (many domains in one call,
//! results in one `PeekerDomainBatch`).
//!
//! Both only translate: every answer is `peeker_core::check_root_domain`'s, the
//! allocation-free form of `normalize_root_domain` (same outcome, code only).
//! Messages and suggestions are never built here for a batch; for one item, call
//! `peeker_root_domain` (or `peeker_check_root_domain`) on its input and read the
//! last error.
use super::*;
use peeker_core::{check_root_domain, DomainBuf};

// ---------------------------------------------------------------------------
// Per-thread buffers
// ---------------------------------------------------------------------------

/// The per-thread buffers of the single-domain functions: the core's reusable
/// output, and the NUL-terminated copy `peeker_check_root_domain` lends to C.
#[derive(Default)]
struct CheckState {
    buf: DomainBuf,
    text: Vec<u8>,
}

thread_local! {
    static CHECK: RefCell<CheckState> = RefCell::new(CheckState::default());
}

/// Runs `f` with this thread's reusable `DomainBuf` (a fresh one if the
/// thread-local is gone or busy).
pub(crate) fn with_domain_buf<T>(f: impl FnOnce(&mut DomainBuf) -> T) -> T {
    let mut f = Some(f);
    let r = CHECK.try_with(|c| {
        c.try_borrow_mut()
            .ok()
            .map(|mut st| (f.take().expect("called once"))(&mut st.buf))
    });
    match (r, f) {
        (Ok(Some(v)), _) => v,
        (_, Some(f)) => f(&mut DomainBuf::default()),
        (_, None) => unreachable!("f ran but gave no value"),
    }
}

/// Whether the two forms are the same text (the core lends one buffer for both
/// when the name has no A-label: then no bytes are compared).
#[inline]
pub(crate) fn same_text(ascii: &str, unicode: &str) -> bool {
    std::ptr::eq(ascii, unicode) || ascii == unicode
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Whether the 8 bytes of `w` include `b` (the classic "has zero byte" test).
#[inline]
fn word_has(w: u64, b: u8) -> bool {
    let x = w ^ (LO * b as u64);
    x.wrapping_sub(LO) & !x & HI != 0
}

/// The first position of `b` in `hay`, 8 bytes at a time (items are short: this
/// beats a byte loop, and a call into a general `memchr`).
#[inline]
fn find_byte(hay: &[u8], b: u8) -> Option<usize> {
    let mut i = 0;
    while let Some(chunk) = hay.get(i..i + 8) {
        let w = u64::from_ne_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        if word_has(w, b) {
            break;
        }
        i += 8;
    }
    hay[i..].iter().position(|&c| c == b).map(|p| i + p)
}

/// How many times `b` occurs in `hay`, 8 bytes at a time (exact per byte).
fn count_byte(hay: &[u8], b: u8) -> usize {
    let pat = LO * b as u64;
    let chunks = hay.chunks_exact(8);
    let mut n = chunks.remainder().iter().filter(|&&c| c == b).count();
    for c in chunks {
        let x = u64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) ^ pat;
        // High bit of each byte set when that byte of x is non-zero.
        let nonzero = ((x & !HI).wrapping_add(!HI)) | x;
        n += (!nonzero & HI).count_ones() as usize;
    }
    n
}

#[inline]
fn has_nul(s: &str) -> bool {
    find_byte(s.as_bytes(), 0).is_some()
}

// ---------------------------------------------------------------------------
// One domain, no handle
// ---------------------------------------------------------------------------

/// A validated root domain lent by `peeker_check_root_domain`: both forms as
/// NUL-terminated UTF-8 with their lengths in bytes. The pointers belong to the
/// calling thread's buffer (see `peeker_check_root_domain` for how long they
/// live); never free them. `unicode` equals `ascii` (the same pointer) when the
/// name has no A-label.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct PeekerDomainView {
    /// The A-label (ASCII) form, e.g. `"xn--bcher-kva.de"`: what the API takes.
    pub ascii: *const c_char,
    /// Length of `ascii` in bytes.
    pub ascii_len: usize,
    /// The Unicode form, e.g. `"bücher.de"`: what to show people.
    pub unicode: *const c_char,
    /// Length of `unicode` in bytes.
    pub unicode_len: usize,
}

/// The same check as `peeker_root_domain` (same statuses, same last error), with
/// no handle: the fastest way to validate one domain through the C ABI.
///
/// On `PEEKER_STATUS_OK`, `*out` receives the two forms, borrowed from a buffer
/// of the calling thread: valid until the next `peeker_check_root_domain` call
/// on the same thread (or the thread's exit); copy them to keep them. Nothing to
/// free. On failure `*out` is untouched and the last error holds the code; its
/// message and suggestion are made when first asked for.
/// Thread safety: any thread, concurrently (each thread has its own buffer).
#[no_mangle]
pub unsafe extern "C" fn peeker_check_root_domain(
    input: *const u8,
    input_len: usize,
    out: *mut PeekerDomainView,
) -> PeekerStatus {
    domain_boundary(|| {
        out_arg(out, "out")?;
        let s = unsafe { text_arg(input, input_len, "input")? };
        let r = CHECK.try_with(|c| {
            let mut st = c.try_borrow_mut().ok()?;
            let CheckState { buf, text } = &mut *st;
            Some(check_root_domain(s, buf).map(|d| {
                let same = same_text(d.ascii, d.unicode);
                text.clear();
                text.extend_from_slice(d.ascii.as_bytes());
                text.push(0);
                if !same {
                    text.extend_from_slice(d.unicode.as_bytes());
                    text.push(0);
                }
                let p = text.as_ptr();
                let u = if same { 0 } else { d.ascii.len() + 1 };
                PeekerDomainView {
                    ascii: p as *const c_char,
                    ascii_len: d.ascii.len(),
                    // SAFETY: `u` is within `text` (0, or the start of the second form).
                    unicode: unsafe { p.add(u) } as *const c_char,
                    unicode_len: d.unicode.len(),
                }
            }))
        });
        match r {
            Ok(Some(Ok(view))) => {
                unsafe { write_out(out, view) };
                Ok(Ok(()))
            }
            Ok(Some(Err(code))) => Ok(Err((code, s))),
            // Called from a thread-local destructor at thread exit: no buffer to lend.
            _ => Err(Error::new(
                Code::Internal,
                "peeker_check_root_domain was called while this thread is exiting; use peeker_root_domain.",
            )),
        }
    })
}

// ---------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------

/// Most items one batch call takes (1,048,576). Split longer lists into several
/// calls; `count` above it is `PEEKER_STATUS_TOO_MANY_DOMAINS` (field `"count"`).
pub const PEEKER_DOMAIN_BATCH_MAX_ITEMS: usize = 1_048_576;

/// Where an item's forms are in the batch's text.
#[derive(Clone, Copy)]
struct Span {
    ascii: u32,
    ascii_len: u32,
    /// Equal to `ascii` when the Unicode form is the A-label form.
    unicode: u32,
    unicode_len: u32,
}

/// The results of one batch of domains (opaque), in input order: per item a
/// status (`PEEKER_STATUS_OK` or the code the core gave) and, for a valid item,
/// both forms. Create with `peeker_root_domains` or `peeker_root_domains_joined`,
/// free with `peeker_domain_batch_free`. Immutable: any number of threads may
/// read one batch at once.
pub struct PeekerDomainBatch {
    statuses: Vec<PeekerStatus>,
    spans: Vec<Span>,
    /// Per item `ascii NUL` (empty for an invalid item); then, once `finish`ed,
    /// `unicode NUL` for each item of `distinct`.
    text: Vec<u8>,
    /// While filling: the distinct Unicode forms, each followed by NUL.
    utext: Vec<u8>,
    /// The items whose Unicode form differs from their A-label form, ascending.
    distinct: Vec<u32>,
    valid: usize,
}

impl PeekerDomainBatch {
    fn with_capacity(count: usize, bytes: usize) -> Self {
        PeekerDomainBatch {
            statuses: Vec::with_capacity(count),
            spans: Vec::with_capacity(count),
            // Valid names are rarely longer than their input; a guess, not a limit.
            text: Vec::with_capacity(
                bytes
                    .saturating_mul(2)
                    .saturating_add(2 * count)
                    .clamp(1, 1 << 26),
            ),
            utext: Vec::new(),
            distinct: Vec::new(),
            valid: 0,
        }
    }

    /// Appends the distinct Unicode forms after the A-label forms and points
    /// their spans there.
    fn finish(mut self) -> Result<Self, Error> {
        let base = u32_of(self.text.len())?;
        u32_of(self.text.len() + self.utext.len())?;
        self.text.extend_from_slice(&self.utext);
        self.utext = Vec::new();
        for &i in &self.distinct {
            self.spans[i as usize].unicode += base;
        }
        Ok(self)
    }

    fn push(&mut self, input: &[u8], buf: &mut DomainBuf) -> Result<(), Error> {
        let start = self.text.len();
        // One item's panic (a core bug) marks that item, not the batch.
        let r = catch_unwind(AssertUnwindSafe(|| match utf8(input, "input") {
            Err(_) => Err(PeekerStatus::InvalidUtf8),
            Ok(s) => match check_root_domain(s, buf) {
                // The two forms are written NUL-terminated; the core never puts a
                // NUL in a name, and this keeps any such bug from cutting a form.
                Ok(d)
                    if !has_nul(d.ascii)
                        && (same_text(d.ascii, d.unicode) || !has_nul(d.unicode)) =>
                {
                    let same = same_text(d.ascii, d.unicode);
                    self.text.extend_from_slice(d.ascii.as_bytes());
                    self.text.push(0);
                    let u0 = self.utext.len();
                    if !same {
                        self.utext.extend_from_slice(d.unicode.as_bytes());
                        self.utext.push(0);
                    }
                    Ok((d.ascii.len(), d.unicode.len(), same, u0))
                }
                Ok(_) => Err(PeekerStatus::Internal),
                Err(code) => Err(status_of(code)),
            },
        }));
        let (status, a, u, same, u0) = match r {
            Ok(Ok((a, u, same, u0))) => (PeekerStatus::Ok, a, u, same, u0),
            Ok(Err(st)) => (st, 0, 0, true, 0),
            Err(_) => (PeekerStatus::Internal, 0, 0, true, 0),
        };
        let unicode = if status != PeekerStatus::Ok {
            self.text.truncate(start);
            self.text.push(0);
            start
        } else {
            self.valid += 1;
            if same {
                start
            } else {
                // An offset into `utext` until `finish` adds the A-label section's length.
                self.distinct.push(u32_of(self.statuses.len())?);
                u0
            }
        };
        self.spans.push(Span {
            ascii: u32_of(start)?,
            ascii_len: u32_of(a)?,
            unicode: u32_of(unicode)?,
            unicode_len: u32_of(u)?,
        });
        self.statuses.push(status);
        Ok(())
    }

    fn ascii(&self, i: usize) -> Option<(&[u8], usize)> {
        let sp = self.spans.get(i)?;
        let a = sp.ascii as usize;
        Some((&self.text[a..], sp.ascii_len as usize))
    }

    fn unicode(&self, i: usize) -> Option<(&[u8], usize)> {
        let sp = self.spans.get(i)?;
        Some((&self.text[sp.unicode as usize..], sp.unicode_len as usize))
    }
}

/// An offset or length of the batch's text (`invalid_argument` past 4 GiB).
fn u32_of(n: usize) -> Result<u32, Error> {
    u32::try_from(n)
        .map_err(|_| invalid_argument("inputs", "the results exceed 4 GiB; split the batch."))
}

fn check_count(count: usize) -> Result<(), Error> {
    if count > PEEKER_DOMAIN_BATCH_MAX_ITEMS {
        return Err(Error::new(
            Code::TooManyDomains,
            format!(
                "A batch takes at most {PEEKER_DOMAIN_BATCH_MAX_ITEMS} domains, not {count}; split the list."
            ),
        )
        .with_field("count"));
    }
    Ok(())
}

/// Validates `count` domains in one call, each exactly as `peeker_root_domain`
/// would (same status per item).
///
/// `inputs`: an array of `count` `PeekerStr` (`NULL, 0` is an empty batch). An
/// item is any bytes: invalid UTF-8 gives that item `PEEKER_STATUS_INVALID_UTF8`,
/// an invalid domain its code; neither fails the call. The call fails only for
/// its arguments: a NULL `out`, `inputs` NULL with `count > 0`, an item whose
/// pointer is NULL with a non-zero length (`PEEKER_STATUS_NULL_ARGUMENT`, field
/// `"inputs[i]"`), or `count` above `PEEKER_DOMAIN_BATCH_MAX_ITEMS`
/// (`PEEKER_STATUS_TOO_MANY_DOMAINS`). On success `*out` receives a new batch
/// (free with `peeker_domain_batch_free`); items longer than 2048 bytes are
/// refused by the core (`too_long`) without being examined.
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_root_domains(
    inputs: *const PeekerStr,
    count: usize,
    out: *mut *mut PeekerDomainBatch,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            check_count(count)?;
            let items = array_arg(inputs, count, "inputs")?;
            let mut slices = Vec::with_capacity(items.len());
            let mut bytes = 0usize;
            for (i, it) in items.iter().enumerate() {
                let b = bytes_arg(it.ptr, it.len, Elem("inputs", i, ""))?;
                bytes = bytes.saturating_add(b.len().min(peeker_core::domain::MAX_INPUT_BYTES));
                slices.push(b);
            }
            let mut batch = PeekerDomainBatch::with_capacity(count, bytes);
            let mut buf = DomainBuf::default();
            for b in slices {
                batch.push(b, &mut buf)?;
            }
            Ok(new_handle(batch.finish()?))
        })
    }
}

/// Validates `count` domains passed as one buffer: `data` holds the items
/// separated by the byte `separator` (items are any other bytes), e.g.
/// `"acme.com\nmail.acme.com\n\nbücher.de"` with `'\n'` and `count` 4 (the
/// third item is empty). Same results as `peeker_root_domains`.
///
/// `count` must be the number of items: `data` holds exactly `count - 1`
/// separators (and for `count` 0, `data_len` is 0; `count` 1 with `data_len` 0
/// is one empty item). Otherwise the call fails with
/// `PEEKER_STATUS_INVALID_ARGUMENT` (field `"count"`): an item contained the
/// separator, so the list cannot be split unambiguously; pass it with
/// `peeker_root_domains` instead. Items may hold any byte but the separator (a NUL
/// separator is fine for text). Other failures as for `peeker_root_domains`
/// (`data` NULL with `data_len > 0`: `PEEKER_STATUS_NULL_ARGUMENT`, field `"data"`).
/// Thread safety: any thread, concurrently.
#[no_mangle]
pub unsafe extern "C" fn peeker_root_domains_joined(
    data: *const u8,
    data_len: usize,
    separator: u8,
    count: usize,
    out: *mut *mut PeekerDomainBatch,
) -> PeekerStatus {
    unsafe {
        produce(out, || {
            check_count(count)?;
            let data = bytes_arg(data, data_len, "data")?;
            let seps = count_byte(data, separator);
            let items = if count == 0 && data.is_empty() {
                0
            } else {
                seps + 1
            };
            if items != count {
                return Err(invalid_argument(
                "count",
                &format!(
                    "data splits into {items} items at the separator byte {separator:#04x}, not {count}; \
                     an item contains the separator (use peeker_root_domains for such lists)."
                ),
            ));
            }
            let mut batch = PeekerDomainBatch::with_capacity(count, data.len());
            let mut buf = DomainBuf::default();
            let mut rest = data;
            for k in 0..count {
                // `count - 1` separators were counted above: each but the last item ends at one.
                let end = if k + 1 == count {
                    rest.len()
                } else {
                    find_byte(rest, separator).unwrap_or(rest.len())
                };
                batch.push(&rest[..end], &mut buf)?;
                rest = rest.get(end + 1..).unwrap_or(&[]);
            }
            Ok(new_handle(batch.finish()?))
        })
    }
}

/// Number of items in the batch (its `count`); 0 if `batch` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_batch_count(batch: *const PeekerDomainBatch) -> usize {
    unsafe { read(batch, 0, |b| b.statuses.len()) }
}

/// Number of valid items (status `PEEKER_STATUS_OK`); 0 if `batch` is NULL.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_batch_valid_count(batch: *const PeekerDomainBatch) -> usize {
    unsafe { read(batch, 0, |b| b.valid) }
}

/// The status of item `i` (0-based, input order): `PEEKER_STATUS_OK` for a
/// root domain, else the code `peeker_root_domain` gives for that input (e.g.
/// `PEEKER_STATUS_SUBDOMAIN`, `PEEKER_STATUS_INVALID_UTF8`);
/// `PEEKER_STATUS_INVALID_ARGUMENT` if `batch` is NULL or `i` is out of range.
/// `peeker_status_code()` gives the string code. For the message and suggestion
/// of an invalid item, call `peeker_root_domain` on its input.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_batch_status(
    batch: *const PeekerDomainBatch,
    i: usize,
) -> PeekerStatus {
    guard(PeekerStatus::Internal, || {
        unsafe { handle(batch) }
            .and_then(|b| b.statuses.get(i).copied())
            .unwrap_or(PeekerStatus::InvalidArgument)
    })
}

/// All statuses at once: an array of `peeker_domain_batch_count(batch)` values,
/// each a `PeekerStatus` as `uint32_t`, in input order. Borrowed, valid until
/// `peeker_domain_batch_free(batch)`. NULL if `batch` is NULL or empty.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_batch_statuses(
    batch: *const PeekerDomainBatch,
) -> *const u32 {
    guard(std::ptr::null(), || match unsafe { handle(batch) } {
        Some(b) if !b.statuses.is_empty() => b.statuses.as_ptr() as *const u32,
        _ => std::ptr::null(),
    })
}

/// The A-label form of item `i` (e.g. `"xn--bcher-kva.de"`), NUL-terminated;
/// `""` for an invalid item. Borrowed, valid until `peeker_domain_batch_free`;
/// `len_out` (may be NULL) receives its length. NULL if `batch` is NULL or `i`
/// is out of range.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_batch_ascii(
    batch: *const PeekerDomainBatch,
    i: usize,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { slice_of(batch, len_out, |b| b.ascii(i)) }
}

/// The Unicode form of item `i` (e.g. `"bücher.de"`); the same pointer as
/// `peeker_domain_batch_ascii` when it is the A-label form (most names); `""` for
/// an invalid item. Borrowed like `peeker_domain_batch_ascii`.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_batch_unicode(
    batch: *const PeekerDomainBatch,
    i: usize,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { slice_of(batch, len_out, |b| b.unicode(i)) }
}

/// Every item's forms in one buffer, for bindings that split it themselves: first,
/// for each item in input order, its A-label form and a NUL (the form is empty for
/// an invalid item; a valid item's never is); then, for each item listed by
/// `peeker_domain_batch_distinct_unicode` (the items whose Unicode form differs
/// from their A-label form, e.g. IDNs), in that order, its Unicode form and a NUL.
/// So the buffer holds exactly `count + distinct_count` NULs and no other NUL.
/// `len_out` (may be NULL) receives the total length in bytes. Borrowed, valid
/// until `peeker_domain_batch_free`. NULL if `batch` is NULL (an empty batch gives
/// a valid pointer and length 0).
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_batch_text(
    batch: *const PeekerDomainBatch,
    len_out: *mut usize,
) -> *const c_char {
    unsafe { slice_of(batch, len_out, |b| Some((&b.text[..], b.text.len()))) }
}

/// The items whose Unicode form differs from their A-label form (IDNs such as
/// `"bücher.de"`), as ascending 0-based indices; `count_out` (may be NULL)
/// receives how many. Borrowed, valid until `peeker_domain_batch_free`. NULL if
/// `batch` is NULL or no item has a distinct Unicode form (then `*count_out` is 0).
/// Every other valid item's Unicode form is its A-label form.
/// Thread safety: any thread; concurrent reads of one handle are fine.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_batch_distinct_unicode(
    batch: *const PeekerDomainBatch,
    count_out: *mut usize,
) -> *const u32 {
    guard(std::ptr::null(), || {
        let d = unsafe { handle(batch) }.map_or(&[][..], |b| &b.distinct[..]);
        unsafe { write_opt_out(count_out, d.len()) };
        if d.is_empty() {
            std::ptr::null()
        } else {
            d.as_ptr()
        }
    })
}

/// Frees a `PeekerDomainBatch` (and every string borrowed from it). NULL is
/// allowed and does nothing.
/// Thread safety: not concurrently with any other use of the same handle.
#[no_mangle]
pub unsafe extern "C" fn peeker_domain_batch_free(batch: *mut PeekerDomainBatch) {
    unsafe { free_handle(batch) }
}

#[cfg(test)]
mod tests;
