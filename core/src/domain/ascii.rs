//! The plain-ASCII fast path of root-domain validation: a byte-class table and
//! one pass over ASCII input without A-labels (the common case), with the Public
//! Suffix List; anything it cannot decide goes to the general path (`normalize`).
use super::normalize::is_ip_literal;
use super::MAX_INPUT_BYTES;
use crate::error::Code;
use crate::psl;

// Byte classes for the plain-ASCII fast path.
const C_LDH: u8 = 1; // a-z 0-9 -
const C_UPPER: u8 = 2; // A-Z
const C_DOT: u8 = 4; // .
pub(super) const C_SPACE: u8 = 8; // white space and control characters
pub(super) const C_URL: u8 = 16; // / : @ ? # \
const C_OTHER: u8 = 32; // any other printable ASCII (STD3 disallows it)
const C_NON_ASCII: u8 = 64;
const C_HEXISH: u8 = 128; // 0-9 a-f A-F : . (an IP literal has only these)

pub(super) const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            C_NON_ASCII
        } else if c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-' {
            C_LDH
        } else if c.is_ascii_uppercase() {
            C_UPPER
        } else if c == b'.' {
            C_DOT
        } else if c <= 0x20 || c == 0x7f {
            C_SPACE
        } else if matches!(c, b'/' | b':' | b'@' | b'?' | b'#' | b'\\') {
            C_URL
        } else {
            C_OTHER
        };
        if c.is_ascii_hexdigit() || c == b':' || c == b'.' {
            t[b] |= C_HEXISH;
        }
        b += 1;
    }
    t
};

/// The whole of [`normalize_root_domain`](super::normalize_root_domain) for the
/// common input: ASCII only, with no A-label (`xn--`) or other hyphen-3-4 label and no brackets. Returns `None`
/// for anything else, which takes the general path; otherwise the same code the
/// general path gives (the property tests `fast_path_agrees_with_the_general_path`
/// and the conformance vectors check this), and on success the A-label form in
/// `out` (for such a name it is also the Unicode form).
pub(super) fn check_plain_ascii(input: &str, out: &mut String) -> Option<Result<(), Code>> {
    let bytes = input.as_bytes();
    if bytes.len() > MAX_INPUT_BYTES {
        return Some(Err(Code::TooLong));
    }
    // `str::trim` for ASCII: space, \t, \n, VT, FF, \r.
    let is_ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let first = bytes.iter().position(|b| !is_ws(b));
    let Some(first) = first else {
        // All white space (or empty); non-ASCII white space never gets here.
        return if bytes.is_ascii() {
            Some(Err(Code::Empty))
        } else {
            None
        };
    };
    let last = bytes.iter().rposition(|b| !is_ws(b)).unwrap_or(first);
    let text = &input[first..=last];
    let s = text.as_bytes();
    let (mut any, mut all) = (0u8, 0xffu8);
    for &b in s {
        let c = CLASS[usize::from(b)];
        any |= c;
        all &= c;
    }
    if any & C_NON_ASCII != 0 || s[0] == b'[' {
        return None;
    }
    if all & C_HEXISH != 0 {
        // Only hex digits, ':' and '.': maybe an IP address.
        if is_ip_literal(text) {
            return Some(Err(Code::IpAddress));
        }
    }
    if any & (C_SPACE | C_URL) != 0 {
        return Some(Err(Code::NotADomain));
    }
    // A bare name: one trailing dot goes; every label must be non-empty LDH, not
    // beginning or ending with a hyphen (UTS #46 CheckHyphens, STD3 rules).
    let name = text.strip_suffix('.').unwrap_or(text);
    if any & C_OTHER != 0 {
        return Some(Err(Code::InvalidIdna));
    }
    let mut labels = 0usize;
    let mut longest = 0usize;
    for label in name.as_bytes().split(|&b| b == b'.') {
        let n = label.len();
        if n == 0 || label[0] == b'-' || label[n - 1] == b'-' {
            return Some(Err(Code::InvalidIdna));
        }
        if n >= 4 && label[2] == b'-' && label[3] == b'-' {
            // An A-label (or a label UTS #46 refuses for its hyphens): the general path.
            return None;
        }
        labels += 1;
        longest = longest.max(n);
    }
    if name.len() > 253 || longest > 63 {
        return Some(Err(Code::TooLong));
    }
    out.clear();
    out.reserve(name.len() + 1);
    out.push_str(name);
    if any & C_UPPER != 0 {
        out.make_ascii_lowercase();
    }
    let m = psl::match_suffix(out);
    if !m.known_tld {
        return Some(Err(Code::UnknownTld));
    }
    if labels <= m.suffix_labels {
        return Some(Err(Code::PublicSuffix));
    }
    if labels > m.suffix_labels + 1 {
        return Some(Err(Code::Subdomain));
    }
    Some(Ok(()))
}
