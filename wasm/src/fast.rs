//! The low-overhead entry behind `checkRootDomain` (lib/fast.mjs): exports that take
//! and return only numbers, so that a call costs one plain wasm call and no
//! `JsValue` conversion. JavaScript writes the input into a buffer of this module's
//! linear memory ([`fast_attach`]), calls [`fast_check`], and reads the outcome back:
//! the status is the return value, the offsets and lengths of the two forms are in
//! a small array at [`fast_out`]. Validation is [`peeker_core::check_root_domain`],
//! the allocation-free form of `normalize_root_domain` (same outcome, code only);
//! the error's message comes from `normalizeRootDomain` when JavaScript asks for it.
//!
//! One JavaScript layer (lib/fast.mjs) uses these exports per instance. It passes
//! the input buffer's address with each check: a fresh instance (after a reset)
//! has no buffer, says so, and the layer attaches again. Everything here runs on
//! the single wasm thread and never calls JavaScript, so the state below is never
//! borrowed twice.
use peeker_core::{check_root_domain, Code, DomainBuf};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// The largest input buffer, in UTF-16 code units (lib/fast.mjs sends longer
/// inputs to normalizeRootDomain).
const MAX_UNITS: usize = 1 << 16;

struct State {
    /// The input: bytes (ASCII) or UTF-16 code units, written by JavaScript.
    input: Vec<u16>,
    /// The input converted from UTF-16.
    text: String,
    buf: DomainBuf,
    /// `[ascii_ptr, ascii_len, unicode_ptr, unicode_len, ascii_start, unicode_start,
    /// unicode_units]`: where the two forms are (UTF-8 bytes in linear memory) and,
    /// when a form is a slice of the input, where it starts there (in UTF-16 code
    /// units) and, for the Unicode form, its length in code units.
    out: [u32; 7],
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State {
        input: Vec::new(),
        text: String::new(),
        buf: DomainBuf::default(),
        out: [0; 7],
    });
}

/// Status bit: the outcome is a root domain (`out` holds its two forms).
const OK: i32 = 1;
/// Status bit: the ASCII form equals `input[out[4] .. out[4] + out[1]]`.
const ASCII_IS_SLICE: i32 = 2;
/// Status bit: the Unicode form equals the ASCII form.
const UNICODE_IS_ASCII: i32 = 4;
/// Status bit: the Unicode form equals `input[out[5] .. out[5] + out[6]]` (UTF-16 units).
const UNICODE_IS_SLICE: i32 = 8;
/// Status bit: the input is ASCII and the ASCII form is `input[out[4] .. out[4] +
/// out[1]]` with its upper-case letters made lower case (JavaScript's `toLowerCase`
/// of an ASCII string does exactly that): `ACME.NL`, `Shop.Example.com`.
const ASCII_IS_LOWER_SLICE: i32 = 16;

/// Whether `part` is the input without its surrounding white space and trailing
/// dot (what a valid input typed in the canonical form gives back), and if so
/// where it is in the input, in UTF-16 code units: `(start, length)`. Only an
/// optimisation: when it says no, JavaScript decodes the form from memory instead.
/// For input that is not ASCII (`wide`; ASCII input goes to [`ascii_slice`]).
fn as_slice(text: &str, part: &str) -> Option<(u32, u32)> {
    let t = text.trim();
    let t = t.strip_suffix('.').unwrap_or(t);
    if t != part {
        return None;
    }
    let i = t.as_ptr() as usize - text.as_ptr() as usize;
    let start = text[..i].encode_utf16().count();
    Some((start as u32, part.encode_utf16().count() as u32))
}

/// For ASCII input: where the input without its surrounding white space (what
/// `str::trim` removes) and one trailing dot holds `part` (as `as_slice`), and with
/// which status bit: [`ASCII_IS_SLICE`] when byte for byte, [`ASCII_IS_LOWER_SLICE`]
/// when in another letter case. One pass, no `memcmp` call (a byte loop in wasm).
fn ascii_slice(text: &[u8], part: &[u8]) -> Option<(i32, u32)> {
    let ws = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let mut start = 0;
    while start < text.len() && ws(text[start]) {
        start += 1;
    }
    let mut end = text.len();
    while end > start && ws(text[end - 1]) {
        end -= 1;
    }
    if end > start && text[end - 1] == b'.' {
        end -= 1;
    }
    let t = &text[start..end];
    if t.len() != part.len() {
        return None;
    }
    let mut bit = ASCII_IS_SLICE;
    for (&a, &b) in t.iter().zip(part) {
        if a != b {
            if a.to_ascii_lowercase() != b {
                return None;
            }
            bit = ASCII_IS_LOWER_SLICE;
        }
    }
    Some((bit, start as u32))
}

/// Makes room for an input of `units` UTF-16 code units (or bytes) and returns the
/// address of the input buffer (2 bytes per unit), which stays where it is until
/// the next attach.
#[wasm_bindgen(js_name = __fastAttach)]
pub fn fast_attach(units: u32) -> u32 {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let want = (units as usize).min(MAX_UNITS);
        if s.input.len() < want {
            s.input = vec![0; want];
        }
        s.input.as_ptr() as u32
    })
}

/// The address of the `out` array (seven `u32`), fixed for the life of the instance.
#[wasm_bindgen(js_name = __fastOut)]
pub fn fast_out() -> u32 {
    STATE.with(|s| s.borrow().out.as_ptr() as u32)
}

/// The linear memory, for JavaScript's views of the buffers.
#[wasm_bindgen(js_name = __fastMemory)]
pub fn fast_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Validates the input of `len` units in the input buffer at `at` (what
/// [`fast_attach`] returned): ASCII bytes when `wide` is false, UTF-16 code units
/// when it is true. Returns the status bits above (> 0) for a root domain, minus
/// the error code's number (the C ABI status), or 0 when `at` is not this
/// instance's buffer (a fresh instance: JavaScript attaches again and retries).
#[wasm_bindgen(js_name = __fastCheck)]
pub fn fast_check(at: u32, len: u32, wide: bool) -> i32 {
    STATE.with(|s| {
        let s = &mut *s.borrow_mut();
        if s.input.is_empty() || at != s.input.as_ptr() as u32 {
            return 0;
        }
        let len = len as usize;
        if len > s.input.len() {
            return -(Code::InvalidArgument.number() as i32);
        }
        let input: &str = if wide {
            s.text.clear();
            for c in char::decode_utf16(s.input[..len].iter().copied()) {
                match c {
                    Ok(c) => s.text.push(c),
                    Err(_) => return -(Code::InvalidUtf8.number() as i32),
                }
            }
            &s.text
        } else {
            // `len` bytes at the start of the buffer (JavaScript writes them as bytes).
            let bytes = unsafe { std::slice::from_raw_parts(s.input.as_ptr() as *const u8, len) };
            match std::str::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => return -(Code::InvalidUtf8.number() as i32),
            }
        };
        match check_root_domain(input, &mut s.buf) {
            Ok(d) => {
                let mut status = OK;
                let (mut a_start, mut u_start, mut u_units) = (0, 0, 0);
                if wide {
                    // The ASCII form of a name with non-ASCII characters is never
                    // part of it, unless the rest is white space and a trailing dot.
                    if let Some((start, _)) = as_slice(input, d.ascii) {
                        status |= ASCII_IS_SLICE;
                        a_start = start;
                    }
                } else if let Some((bit, start)) = ascii_slice(input.as_bytes(), d.ascii.as_bytes())
                {
                    status |= bit;
                    a_start = start;
                }
                // The core gives the same slice twice when the two forms are one text.
                if std::ptr::eq(d.unicode, d.ascii) || d.unicode == d.ascii {
                    status |= UNICODE_IS_ASCII;
                } else if let Some((start, units)) = as_slice(input, d.unicode) {
                    status |= UNICODE_IS_SLICE;
                    (u_start, u_units) = (start, units);
                }
                s.out = [
                    d.ascii.as_ptr() as u32,
                    d.ascii.len() as u32,
                    d.unicode.as_ptr() as u32,
                    d.unicode.len() as u32,
                    a_start,
                    u_start,
                    u_units,
                ];
                status
            }
            Err(code) => -(code.number() as i32),
        }
    })
}
