//! The translation of C arguments and results every function family shares:
//! borrowed strings, arrays and headers in (checked for NULL and UTF-8); owned
//! and borrowed text, out-parameters and handles out.
use super::*;

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
// Argument translation
// ---------------------------------------------------------------------------

pub(crate) fn null_argument(name: &str) -> Error {
    Error::new(Code::NullArgument, format!("{name} is NULL.")).with_field(name)
}

pub(crate) fn invalid_argument(name: &str, why: &str) -> Error {
    Error::new(Code::InvalidArgument, format!("{name}: {why}")).with_field(name)
}

/// The name of an element of an array argument (`inputs[3]`, `headers[0].name`),
/// formatted only when an error needs it.
#[derive(Clone, Copy)]
pub(crate) struct Elem(
    pub(crate) &'static str,
    pub(crate) usize,
    pub(crate) &'static str,
);

impl std::fmt::Display for Elem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]{}", self.0, self.1, self.2)
    }
}

/// Borrowed bytes from pointer + length. `(NULL, 0)` is empty.
#[inline]
pub(crate) unsafe fn bytes_arg<'a, N: std::fmt::Display + Copy>(
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
pub(crate) unsafe fn text_arg<'a, N: std::fmt::Display + Copy>(
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
pub(crate) fn all_ascii(b: &[u8]) -> bool {
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
pub(crate) fn utf8<N: std::fmt::Display + Copy>(b: &[u8], name: N) -> Result<&str, Error> {
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
pub(crate) unsafe fn array_arg<'a, T>(
    ptr: *const T,
    count: usize,
    name: &str,
) -> Result<&'a [T], Error> {
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

/// One header, name and value, as text.
pub(crate) type HeaderPair<'a> = (std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>);

/// An array of `count` `PeekerStr`, each UTF-8 text (`name[i]` names a bad entry).
pub(crate) unsafe fn texts_arg<'a>(
    items: *const PeekerStr,
    count: usize,
    name: &'static str,
) -> Result<Vec<&'a str>, Error> {
    let items = unsafe { array_arg(items, count, name)? };
    let mut v = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        v.push(unsafe { text_arg(it.ptr, it.len, Elem(name, i, ""))? });
    }
    Ok(v)
}

/// Header pairs; text that is UTF-8 (the usual request) is borrowed in place,
/// anything else decoded lossily (HTTP does not promise UTF-8 in unrelated
/// headers, and such a header must not make the whole call fail; a Peeker header
/// decoded lossily simply fails its own check).
pub(crate) unsafe fn headers_arg<'a>(
    headers: *const PeekerHeader,
    count: usize,
) -> Result<Vec<HeaderPair<'a>>, Error> {
    let items = unsafe { array_arg(headers, count, "headers")? };
    let mut v = Vec::with_capacity(items.len());
    for (i, h) in items.iter().enumerate() {
        let name = unsafe { bytes_arg(h.name, h.name_len, Elem("headers", i, ".name"))? };
        let value = unsafe { bytes_arg(h.value, h.value_len, Elem("headers", i, ".value"))? };
        v.push((
            String::from_utf8_lossy(name),
            String::from_utf8_lossy(value),
        ));
    }
    Ok(v)
}

/// Checks an out-parameter before any work is done.
pub(crate) fn out_arg<T>(p: *mut T, name: &str) -> Result<(), Error> {
    if p.is_null() {
        Err(null_argument(name))
    } else {
        Ok(())
    }
}

/// Writes an out-parameter (already checked non-NULL).
pub(crate) unsafe fn write_out<T>(p: *mut T, v: T) {
    // SAFETY: checked non-NULL by `out_arg`; the caller promises it is writable.
    unsafe { p.write(v) }
}

/// Writes an optional out-parameter: nothing when it is NULL.
#[inline]
pub(crate) unsafe fn write_opt_out<T>(p: *mut T, v: T) {
    if !p.is_null() {
        // SAFETY: non-NULL; the caller promises it is writable.
        unsafe { p.write(v) }
    }
}

/// An owned `char*` for C, freed by `peeker_string_free`.
pub(crate) fn owned_string(s: &str) -> *mut c_char {
    lossy_cstring(s).into_raw()
}

/// Text owned by a handle: the bytes plus a NUL terminator, so C gets both a
/// NUL-terminated pointer and an exact length (the text may hold NUL bytes, e.g.
/// a JSON string field with `\u0000`).
pub(crate) struct Text(pub(crate) Box<[u8]>);

impl Text {
    /// Takes the string's buffer (no copy when it has room for the NUL).
    pub(crate) fn from_string(s: String) -> Text {
        let mut v = s.into_bytes();
        // Exactly one more byte: usually grows in place, and the boxed slice then
        // needs no shrinking copy.
        v.reserve_exact(1);
        v.push(0);
        Text(v.into_boxed_slice())
    }
    pub(crate) fn new(s: &str) -> Text {
        Text::from_bytes(s.as_bytes())
    }
    pub(crate) fn from_bytes(b: &[u8]) -> Text {
        let mut v = Vec::with_capacity(b.len() + 1);
        v.extend_from_slice(b);
        v.push(0);
        Text(v.into_boxed_slice())
    }
    pub(crate) fn len(&self) -> usize {
        self.0.len() - 1
    }
}

/// Hands out a borrowed `Text`: NULL when absent; `len_out` (if non-NULL) gets the
/// length only when the result is not NULL.
#[inline]
pub(crate) unsafe fn give(t: Option<&Text>, len_out: *mut usize) -> *const c_char {
    unsafe { give_slice(t.map(|t| (&t.0[..], t.len())), len_out) }
}

/// Hands out borrowed NUL-terminated bytes and their length (without the NUL), as `give`.
#[inline]
pub(crate) unsafe fn give_slice(s: Option<(&[u8], usize)>, len_out: *mut usize) -> *const c_char {
    match s {
        Some((bytes, len)) => {
            unsafe { write_opt_out(len_out, len) };
            bytes.as_ptr() as *const c_char
        }
        None => std::ptr::null(),
    }
}

/// A shared reference to a handle, or None for NULL.
pub(crate) unsafe fn handle<'a, T>(p: *const T) -> Option<&'a T> {
    // SAFETY: the caller promises a non-NULL pointer came from libpeeker and is not freed.
    unsafe { p.as_ref() }
}

/// A required handle argument (NULL is `null_argument(name)`).
pub(crate) unsafe fn handle_arg<'a, T>(p: *const T, name: &str) -> Result<&'a T, Error> {
    unsafe { handle(p) }.ok_or_else(|| null_argument(name))
}

/// A required handle argument the call changes (NULL is `null_argument(name)`).
pub(crate) unsafe fn handle_mut_arg<'a, T>(p: *mut T, name: &str) -> Result<&'a mut T, Error> {
    // SAFETY: the caller promises a live handle used by no other thread now.
    unsafe { p.as_mut() }.ok_or_else(|| null_argument(name))
}

/// The accessor of a value of a handle: `f`'s answer, or `default` for a NULL
/// handle (or a panic).
#[inline]
pub(crate) unsafe fn read<T, R: Copy>(h: *const T, default: R, f: impl FnOnce(&T) -> R) -> R {
    guard(default, || unsafe { handle(h) }.map_or(default, f))
}

/// The accessor of a borrowed text of a handle (`give`): NULL for a NULL handle
/// or an absent text.
#[inline]
pub(crate) unsafe fn text_of<T>(
    h: *const T,
    len_out: *mut usize,
    f: impl FnOnce(&T) -> Option<&Text>,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give(handle(h).and_then(f), len_out)
    })
}

/// The accessor of borrowed NUL-terminated bytes of a handle (`give_slice`).
#[inline]
pub(crate) unsafe fn slice_of<T>(
    h: *const T,
    len_out: *mut usize,
    f: impl FnOnce(&T) -> Option<(&[u8], usize)>,
) -> *const c_char {
    guard(std::ptr::null(), || unsafe {
        give_slice(handle(h).and_then(f), len_out)
    })
}

/// A new handle for C (freed by its `peeker_*_free`, i.e. `free_handle`).
pub(crate) fn new_handle<T>(v: T) -> *mut T {
    Box::into_raw(Box::new(v))
}

/// The body of every `peeker_*_free`: NULL does nothing.
pub(crate) unsafe fn free_handle<T>(p: *mut T) {
    if p.is_null() {
        return;
    }
    // SAFETY: the caller promises `p` came from `new_handle` and is freed once.
    guard((), || drop(unsafe { Box::from_raw(p) }))
}

/// The panic boundary of a function with one out-parameter: checks `out` first,
/// then writes `f`'s value to it on success (`boundary`).
#[inline]
pub(crate) unsafe fn produce<T>(out: *mut T, f: impl FnOnce() -> Result<T, Error>) -> PeekerStatus {
    boundary(|| {
        out_arg(out, "out")?;
        let v = f()?;
        unsafe { write_out(out, v) };
        Ok(())
    })
}

/// An owned `char*` for C, or NULL for None.
pub(crate) fn owned_opt(s: Option<&str>) -> *mut c_char {
    s.map_or(std::ptr::null_mut(), owned_string)
}

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------

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
