//! The byte scanners the envelope reader runs over every delivery (`raw`): white
//! space, string ends, and the next quote or backslash. One place for them, so
//! that a faster scan is written once.

/// The 8 bytes at `i` (`i + 8 <= b.len()`) as one little-endian word.
#[inline(always)]
fn load8(b: &[u8], i: usize) -> u64 {
    match b.get(i..i + 8).and_then(|c| <[u8; 8]>::try_from(c).ok()) {
        Some(w) => u64::from_le_bytes(w),
        None => 0,
    }
}

/// The first index at or after `i` that is not JSON white space (or `b.len()`).
#[inline(always)]
pub(super) fn ws(b: &[u8], mut i: usize) -> usize {
    // `c <= b' '` first: one comparison settles the usual byte (not white space).
    while matches!(b.get(i), Some(&c) if c <= b' ' && matches!(c, b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    i
}

/// The closing quote of a string whose content starts at `i`: escapes other than
/// `\u` are passed over; `\u`, a control byte or the end of the text give `None`.
#[inline(always)]
pub(super) fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    loop {
        // 8 bytes at a time: a quote, a backslash or a byte below 0x20 stops
        // (the lowest flagged byte is exact: borrows only run upwards). memchr has
        // no search for "any byte below 0x20", hence the word-at-a-time test here.
        while i + 8 <= b.len() {
            let x = load8(b, i);
            let q = x ^ (LO * u64::from(b'"'));
            let s = x ^ (LO * u64::from(b'\\'));
            let m = ((q.wrapping_sub(LO) & !q)
                | (s.wrapping_sub(LO) & !s)
                | (x.wrapping_sub(LO * 0x20) & !x))
                & HI;
            if m != 0 {
                i += (m.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        match *b.get(i)? {
            b'"' => return Some(i),
            b'\\' => match *b.get(i + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                _ => return None,
            },
            c if c < 0x20 => return None,
            _ => i += 1,
        }
    }
}

/// The index of the first `"` or `\\` at or after `i` (or `b.len()`).
#[inline(always)]
pub(super) fn skip_plain(b: &[u8], i: usize) -> usize {
    match b.get(i..) {
        Some(rest) => memchr::memchr2(b'"', b'\\', rest).map_or(b.len(), |j| i + j),
        None => b.len(),
    }
}

/// Whether `b` holds a JSON white space byte (space, tab, CR, LF) anywhere.
#[inline]
pub(super) fn has_json_ws(b: &[u8]) -> bool {
    memchr::memchr3(b' ', b'\n', b'\r', b).is_some() || memchr::memchr(b'\t', b).is_some()
}

/// The entries of a `Peeker-Signature` value: split on `,`, space and tab, empty
/// ones dropped (as `str::split` on those characters, byte-wise).
pub(super) fn signature_entries(sig: &[u8]) -> impl Iterator<Item = &[u8]> {
    sig.split(|b| matches!(b, b',' | b' ' | b'\t'))
        .filter(|e| !e.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanners() {
        assert_eq!(skip_plain(br#"abc"d"#, 0), 3);
        assert_eq!(skip_plain(br#"abc\d"#, 1), 3);
        assert_eq!(skip_plain(b"abcdefghijklmnop", 2), 16);
        assert_eq!(skip_plain(b"ab", 5), 2);
        assert_eq!(ws(b"  \t\n\rx", 0), 5);
        assert_eq!(string_end(br#"abcdefghij\"klm"x"#, 0), Some(15));
        assert_eq!(string_end(br#"ab\u0041""#, 0), None);
        assert_eq!(string_end(b"abcdefghij\x01\"", 0), None);
        assert!(has_json_ws(b"a\tb") && has_json_ws(b"a b") && !has_json_ws(b"ab"));
        let e: Vec<&[u8]> = signature_entries(b" v1=a,,v0=b\tx ").collect();
        assert_eq!(e, [&b"v1=a"[..], b"v0=b", b"x"]);
    }
}
