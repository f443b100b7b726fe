//! The low-overhead entry behind `checkRootDomain` (lib/fast.mjs): exports that take
//! and return only numbers, so that a call costs one plain wasm call and no
//! `JsValue` conversion. JavaScript writes the input into a buffer of this module's
//! linear memory ([`fast_input`]), calls [`fast_check`], and reads the outcome back:
//! the status is the return value, the offsets and lengths of the two forms are in
//! a small array at [`fast_out`]. Validation is [`peeker_core::check_root_domain`],
//! the allocation-free form of `normalize_root_domain` (same outcome, code only);
//! the error's message comes from `normalizeRootDomain` when JavaScript asks for it.
//!
//! Everything here runs on the single wasm thread and never calls JavaScript, so
//! the state below is never borrowed twice.
use peeker_core::{check_root_domain, Code, DomainBuf};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

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
    /// Set by JavaScript when it takes its views of this instance's memory
    /// ([`fast_attach`]); 0 in a fresh instance (after a reset, say), which
    /// [`fast_check`] reports so that JavaScript attaches again.
    epoch: u32,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State {
        input: Vec::new(),
        text: String::new(),
        buf: DomainBuf::default(),
        out: [0; 7],
        epoch: 0,
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

/// Whether `part` is the input without its surrounding white space and trailing
/// dot (what a valid input typed in the canonical form gives back), and if so
/// where it is in the input, in UTF-16 code units: `(start, length)`. Only an
/// optimisation: when it says no, JavaScript decodes the form from memory instead.
fn as_slice(text: &str, part: &str, wide: bool) -> Option<(u32, u32)> {
    let t = text.trim();
    let t = t.strip_suffix('.').unwrap_or(t);
    if t != part {
        return None;
    }
    let i = t.as_ptr() as usize - text.as_ptr() as usize;
    if wide {
        let start = text[..i].encode_utf16().count();
        Some((start as u32, part.encode_utf16().count() as u32))
    } else {
        Some((i as u32, part.len() as u32))
    }
}

/// Makes room for an input of `units` UTF-16 code units (or bytes) and returns
/// the address of the input buffer (2 bytes per unit). The buffer is kept between
/// calls; it moves only when it grows.
#[wasm_bindgen(js_name = __fastInput)]
pub fn fast_input(units: u32) -> u32 {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let want = units as usize;
        if s.input.len() < want {
            s.input.resize(want, 0);
        }
        s.input.as_mut_ptr() as u32
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

/// Records the `epoch` (non-zero) under which JavaScript took its views of this instance.
#[wasm_bindgen(js_name = __fastAttach)]
pub fn fast_attach(epoch: u32) {
    STATE.with(|s| s.borrow_mut().epoch = epoch)
}

/// Validates the input of `len` units in the input buffer: ASCII bytes when `wide`
/// is false, UTF-16 code units when it is true. Returns the status bits above (> 0)
/// for a root domain, minus the error code's number (the C ABI status), or 0 when
/// `epoch` is not the one of [`fast_attach`] (JavaScript wrote into another
/// instance's memory: it attaches again and retries).
#[wasm_bindgen(js_name = __fastCheck)]
pub fn fast_check(len: u32, wide: bool, epoch: u32) -> i32 {
    STATE.with(|s| {
        let s = &mut *s.borrow_mut();
        if s.epoch != epoch || epoch == 0 {
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
                if let Some((start, _)) = as_slice(input, d.ascii, wide) {
                    status |= ASCII_IS_SLICE;
                    a_start = start;
                }
                if d.unicode == d.ascii {
                    status |= UNICODE_IS_ASCII;
                } else if let Some((start, units)) = as_slice(input, d.unicode, wide) {
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
