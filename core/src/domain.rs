//! Root-domain normalisation and validation: UTS #46 (non-transitional, STD3,
//! hyphen, bidi and joiner checks, via the `idna` crate) and the whole Public
//! Suffix List (see [`crate::psl`]). Semantics and error codes are those of the
//! conformance kinds `root_domain`, `registrable_domain` and `domain_set`.
use crate::error::{Code, Error};
use crate::psl;
use idna::uts46::{AsciiDenyList, DnsLength, ErrorPolicy, Hyphens, ProcessingSuccess, Uts46};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

/// Longest input examined at all; anything longer is refused as `too_long`
/// without further work (a name is at most 253 octets; a URL around it rarely
/// exceeds a few hundred).
pub const MAX_INPUT_BYTES: usize = 2048;

/// Most entries a domain set examines; larger sets are refused before any work.
pub const MAX_SET_ENTRIES: usize = 10_000;

/// A validated root (registrable) domain in both forms.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RootDomain {
    /// Lower-case A-label (ASCII) form, e.g. `xn--bcher-kva.de`. This is what the API takes.
    pub ascii: String,
    /// Unicode form, e.g. `bücher.de`. This is what to show people.
    pub unicode: String,
}

/// Reusable output buffers for [`check_root_domain`]: keep one per thread (or per
/// batch) and validate any number of domains without allocating.
#[derive(Clone, Debug, Default)]
pub struct DomainBuf {
    ascii: String,
    unicode: String,
}

/// A validated root domain borrowed from a [`DomainBuf`]: the same two forms as
/// [`RootDomain`]. When the name has no A-label, both point at the same text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RootDomainRef<'a> {
    /// Lower-case A-label (ASCII) form.
    pub ascii: &'a str,
    /// Unicode form.
    pub unicode: &'a str,
}

impl RootDomainRef<'_> {
    /// Owned copy.
    pub fn to_owned(&self) -> RootDomain {
        RootDomain {
            ascii: self.ascii.to_string(),
            unicode: self.unicode.to_string(),
        }
    }
}

/// The fast form of [`normalize_root_domain`] for hot paths and bindings: the same
/// outcome (both forms, or the error's [`Code`]), written into reusable buffers and
/// without building an error message. Call [`normalize_root_domain`] on the same input
/// for the message and suggestion of a failure (it gives the same code).
///
/// ```
/// let mut buf = peeker_core::domain::DomainBuf::default();
/// let d = peeker_core::domain::check_root_domain(" Bücher.de. ", &mut buf).unwrap();
/// assert_eq!((d.ascii, d.unicode), ("xn--bcher-kva.de", "bücher.de"));
/// let e = peeker_core::domain::check_root_domain("www.acme.com", &mut buf).unwrap_err();
/// assert_eq!(e.as_str(), "subdomain");
/// ```
pub fn check_root_domain<'b>(
    input: &str,
    buf: &'b mut DomainBuf,
) -> Result<RootDomainRef<'b>, Code> {
    match check_plain_ascii(input, &mut buf.ascii) {
        Some(Ok(())) => Ok(RootDomainRef {
            ascii: &buf.ascii,
            unicode: &buf.ascii,
        }),
        Some(Err(code)) => Err(code),
        None => check_root_domain_general(input, buf),
    }
}

/// [`check_root_domain`] without its plain-ASCII fast path: every input through
/// the general path. Not part of the API: for differential tests and fuzzing, which
/// check that both paths agree.
#[doc(hidden)]
pub fn check_root_domain_general<'b>(
    input: &str,
    buf: &'b mut DomainBuf,
) -> Result<RootDomainRef<'b>, Code> {
    match check_general(input, buf) {
        Ok(differs) => Ok(RootDomainRef {
            ascii: &buf.ascii,
            unicode: if differs { &buf.unicode } else { &buf.ascii },
        }),
        Err(f) => Err(f.code()),
    }
}

// Byte classes for the plain-ASCII fast path.
const C_LDH: u8 = 1; // a-z 0-9 -
const C_UPPER: u8 = 2; // A-Z
const C_DOT: u8 = 4; // .
const C_SPACE: u8 = 8; // white space and control characters
const C_URL: u8 = 16; // / : @ ? # \
const C_OTHER: u8 = 32; // any other printable ASCII (STD3 disallows it)
const C_NON_ASCII: u8 = 64;
const C_HEXISH: u8 = 128; // 0-9 a-f A-F : . (an IP literal has only these)

const CLASS: [u8; 256] = {
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

/// The whole of [`normalize_root_domain`] for the common input: ASCII only, with
/// no A-label (`xn--`) or other hyphen-3-4 label and no brackets. Returns `None`
/// for anything else, which takes the general path; otherwise the same code the
/// general path gives (the property tests `fast_path_agrees_with_the_general_path`
/// and the conformance vectors check this), and on success the A-label form in
/// `out` (for such a name it is also the Unicode form).
fn check_plain_ascii(input: &str, out: &mut String) -> Option<Result<(), Code>> {
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

/// Normalises one user-typed domain and checks that it is a root domain that can be
/// imported or ordered: surrounding white space and one trailing dot removed, case
/// folded, UTS #46 applied, and the Public Suffix List consulted.
///
/// ```
/// let d = peeker_core::normalize_root_domain(" Bücher.de. ").unwrap();
/// assert_eq!(d.ascii, "xn--bcher-kva.de");
/// let e = peeker_core::normalize_root_domain("https://www.acme.co.uk/x").unwrap_err();
/// assert_eq!(e.code.as_str(), "not_a_domain");
/// assert_eq!(e.suggestion.as_deref(), Some("acme.co.uk"));
/// ```
pub fn normalize_root_domain(input: &str) -> Result<RootDomain, Error> {
    let mut ascii = String::new();
    match check_plain_ascii(input, &mut ascii) {
        Some(Ok(())) => Ok(RootDomain {
            unicode: ascii.clone(),
            ascii,
        }),
        // The general path gives the same code, with the message and suggestion.
        Some(Err(_)) | None => normalize_root_domain_general(input),
    }
}

/// Why an input is not a root domain: what the messages need, without building
/// them (the fast path only wants the code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fail {
    /// Longer than [`MAX_INPUT_BYTES`].
    InputTooLong,
    Empty,
    /// The trimmed input is an IP literal.
    Ip,
    Spaces,
    /// URL, e-mail address, path or host:port syntax.
    Url,
    EmptyLabel,
    /// UTS #46 refused a character or a label form.
    BadName,
    /// The A-label form is this long (over 253).
    NameTooLong(usize),
    /// A label of the A-label form is this long (over 63).
    LabelTooLong(usize),
    /// The A-label form is an IP address.
    AsciiIp,
    UnknownTld,
    PublicSuffix,
    /// A subdomain; the public suffix has this many labels.
    Subdomain(usize),
}

impl Fail {
    fn code(self) -> Code {
        match self {
            Fail::InputTooLong | Fail::NameTooLong(_) | Fail::LabelTooLong(_) => Code::TooLong,
            Fail::Empty => Code::Empty,
            Fail::Ip | Fail::AsciiIp => Code::IpAddress,
            Fail::Spaces | Fail::Url => Code::NotADomain,
            Fail::EmptyLabel | Fail::BadName => Code::InvalidIdna,
            Fail::UnknownTld => Code::UnknownTld,
            Fail::PublicSuffix => Code::PublicSuffix,
            Fail::Subdomain(_) => Code::Subdomain,
        }
    }
}

/// The checks before the name itself: size, white space, IP literal, URL syntax.
/// Returns the trimmed bare name.
fn bare_input(input: &str) -> Result<&str, Fail> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(Fail::InputTooLong);
    }
    let s = input.trim();
    if s.is_empty() {
        return Err(Fail::Empty);
    }
    if is_ip_literal(s) {
        return Err(Fail::Ip);
    }
    let (space_or_control, url) = scan_space_and_url(s);
    if space_or_control {
        return Err(Fail::Spaces);
    }
    if url {
        return Err(Fail::Url);
    }
    Ok(s)
}

/// Whether `s` has a white-space or control character (`char::is_whitespace`,
/// `char::is_control`), and whether it has URL syntax (`/ : @ ? # \\`), in one pass
/// over the bytes: a non-ASCII character is decoded only when its lead byte is one
/// that such a character can have (C2, E1, E2, E3). The test
/// `space_scan_agrees_with_char_methods` checks every character.
fn scan_space_and_url(s: &str) -> (bool, bool) {
    let b = s.as_bytes();
    let mut url = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            let class = CLASS[usize::from(c)];
            if class & C_SPACE != 0 {
                return (true, url);
            }
            url |= class & C_URL != 0;
        } else if matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
            // `s` is UTF-8, so the whole character is there.
            let ch = s[i..].chars().next().unwrap_or('a');
            if ch.is_whitespace() || ch.is_control() {
                return (true, url);
            }
        }
        i += 1;
    }
    (false, url)
}

/// [`check_root_domain`] for any input, into `buf`: `Ok(true)` when the Unicode
/// form (in `buf.unicode`) differs from the A-label form (in `buf.ascii`).
fn check_general(input: &str, buf: &mut DomainBuf) -> Result<bool, Fail> {
    let s = bare_input(input)?;
    bare_name_into(s, &mut buf.ascii, &mut buf.unicode)
}

/// [`normalize_root_domain`] for any input, with the full error.
fn normalize_root_domain_general(input: &str) -> Result<RootDomain, Error> {
    let mut buf = DomainBuf::default();
    let outcome = check_general(input, &mut buf);
    buf.into_result(outcome, input)
}

impl DomainBuf {
    /// The owned answer of a check that wrote into this buffer: both forms, or the
    /// error for `input` with its message.
    fn into_result(self, outcome: Result<bool, Fail>, input: &str) -> Result<RootDomain, Error> {
        match outcome {
            Ok(differs) => Ok(RootDomain {
                unicode: if differs {
                    self.unicode
                } else {
                    self.ascii.clone()
                },
                ascii: self.ascii,
            }),
            Err(f) => Err(explain(input, f, &self)),
        }
    }
}

/// The error for `input`, which failed with `f`; `buf` holds what the checks wrote.
fn explain(input: &str, f: Fail, buf: &DomainBuf) -> Error {
    let s = input.trim();
    let ascii = buf.ascii.as_str();
    let invalid = |why: &str| {
        Error::new(
            Code::InvalidIdna,
            format!("{} is not a valid domain name: {}.", shorten(s), why),
        )
    };
    let message = match f {
        Fail::InputTooLong => format!("That is {} characters long; a domain name has at most 253.", input.chars().count()),
        Fail::Empty => "Enter a domain, like acme.com.".to_string(),
        Fail::Ip => ip_message(s),
        Fail::AsciiIp => ip_message(ascii),
        Fail::Spaces => format!("\"{}\" contains spaces; enter a single domain, like acme.com.", shorten(s)),
        Fail::Url => return not_a_domain(s),
        Fail::EmptyLabel => return invalid("it has an empty label (two dots in a row, or a leading dot)"),
        Fail::BadName => {
            return invalid(
                "it contains a character or label form that domain names do not allow \
                 (such as _, a leading or trailing hyphen, or mixed scripts)",
            )
        }
        Fail::NameTooLong(len) => {
            format!("{} is {} characters long in DNS form; a domain name has at most 253.", shorten(s), len)
        }
        Fail::LabelTooLong(len) => format!(
            "A part of {} is {} characters long in DNS form; each part between dots has at most 63.",
            shorten(s),
            len
        ),
        Fail::UnknownTld => {
            let tld = ascii.rsplit('.').next().unwrap_or("");
            format!(".{} is not a top-level domain; check the spelling of {}.", tld, shorten(s))
        }
        Fail::PublicSuffix | Fail::Subdomain(_) => {
            // The Unicode form is in `buf.unicode` when it differs, else it is the A-label form.
            let unicode = if buf.unicode.is_empty() { ascii } else { buf.unicode.as_str() };
            if let Fail::Subdomain(suffix_labels) = f {
                let root = last_labels(unicode, suffix_labels + 1).to_string();
                return Error::new(Code::Subdomain, format!("{} is a subdomain; enter {}.", unicode, root))
                    .with_suggestion(root);
            }
            format!(
                "{} is a public suffix, not a domain someone can own; enter a name under it, like acme.{}.",
                unicode, unicode
            )
        }
    };
    Error::new(f.code(), message)
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 80 {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(77).collect();
        t.push_str("...");
        t
    }
}

fn is_ip_literal(s: &str) -> bool {
    let inner = s
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .unwrap_or(s);
    // Both parsers accept only hex digits, ':' and '.': skip them for anything else.
    if !inner
        .bytes()
        .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
    {
        return false;
    }
    let v4 = inner.strip_suffix('.').unwrap_or(inner);
    inner.parse::<Ipv6Addr>().is_ok() || v4.parse::<Ipv4Addr>().is_ok()
}

fn ip_message(s: &str) -> String {
    format!(
        "{} is an IP address; enter a domain name, like acme.com.",
        shorten(s)
    )
}

/// `s` looks like a URL, e-mail address, path or host:port. Finds the host inside
/// and, where it leads to a root domain, offers it as the suggestion.
fn not_a_domain(s: &str) -> Error {
    let (kind, host) = extract_host(s);
    let suggestion = host.filter(|h| !h.is_empty()).and_then(|h| {
        if h.contains(['/', ':', '@', '?', '#', '\\']) || is_ip_literal(h) {
            return None;
        }
        match root_of_bare_name(h) {
            Ok(d) => Some(d.unicode),
            Err(e) if e.code == Code::Subdomain => e.suggestion,
            Err(_) => None,
        }
    });
    let message = match &suggestion {
        Some(root) => format!("{} is {}, not a domain; enter {}.", shorten(s), kind, root),
        None => format!(
            "{} is {}, not a domain; enter just the domain, like acme.com.",
            shorten(s),
            kind
        ),
    };
    let mut e = Error::new(Code::NotADomain, message);
    e.suggestion = suggestion;
    e
}

fn extract_host(s: &str) -> (&'static str, Option<&str>) {
    let lower_starts = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    // Scheme-relative or absolute URL.
    let after_scheme = if let Some(i) = s.find("://") {
        let scheme = &s[..i];
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            Some(&s[i + 3..])
        } else {
            None
        }
    } else {
        s.strip_prefix("//")
    };
    if let Some(rest) = after_scheme {
        let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
        let host = authority.rsplit('@').next().unwrap_or("");
        return ("a URL", Some(strip_port(host)));
    }
    if lower_starts("mailto:") {
        let addr = s[7..].split(['?', '#']).next().unwrap_or("");
        return ("an e-mail address", addr.rsplit('@').next());
    }
    let head = s.split(['/', '?', '#', '\\']).next().unwrap_or("");
    if head.contains('@') {
        return ("an e-mail address", head.rsplit('@').next().map(strip_port));
    }
    if head.len() < s.len() {
        return ("a path", Some(strip_port(head)));
    }
    ("a host with a port", Some(strip_port(head)))
}

fn strip_port(h: &str) -> &str {
    if h.starts_with('[') {
        return h;
    }
    h.split(':').next().unwrap_or("")
}

/// Removes one trailing dot: ASCII `.` or one of the characters UTS #46 maps to it
/// (U+3002 ideographic, U+FF0E full-width, U+FF61 half-width ideographic full stop).
fn strip_trailing_dot(s: &str) -> &str {
    s.strip_suffix(['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'])
        .unwrap_or(s)
}

fn uts46() -> Uts46 {
    Uts46::new()
}

/// Normalises a bare name (no URL syntax) and classifies it by the PSL.
fn root_of_bare_name(s: &str) -> Result<RootDomain, Error> {
    let mut buf = DomainBuf::default();
    let outcome = bare_name_into(s, &mut buf.ascii, &mut buf.unicode);
    buf.into_result(outcome, s)
}

/// Normalises a bare name (no URL syntax) into `ascii` (and `unicode`, when the
/// Unicode form differs: then `Ok(true)`; otherwise `unicode` is left empty) and
/// classifies it by the PSL.
fn bare_name_into(s: &str, ascii: &mut String, unicode: &mut String) -> Result<bool, Fail> {
    ascii.clear();
    unicode.clear();
    let name = strip_trailing_dot(s);
    if name.is_empty() || name.starts_with('.') || name.as_bytes().windows(2).any(|w| w == b"..") {
        return Err(Fail::EmptyLabel);
    }
    let differs = uts46_into(name, ascii, unicode).ok_or(Fail::BadName)?;
    // UTS #46 maps some characters to dots (U+3002 and friends): re-check labels.
    let labels = Labels::of(ascii);
    if ascii.is_empty() || labels.any_empty {
        return Err(Fail::EmptyLabel);
    }
    if ascii.len() > 253 {
        return Err(Fail::NameTooLong(ascii.len()));
    }
    if let Some(len) = labels.first_over_63 {
        return Err(Fail::LabelTooLong(len));
    }
    if is_ip_literal(ascii) {
        return Err(Fail::AsciiIp);
    }
    let m = psl::match_suffix(ascii);
    if !m.known_tld {
        return Err(Fail::UnknownTld);
    }
    let n = labels.count;
    if n <= m.suffix_labels {
        return Err(Fail::PublicSuffix);
    }
    if n > m.suffix_labels + 1 {
        return Err(Fail::Subdomain(m.suffix_labels));
    }
    Ok(differs)
}

/// UTS #46 (STD3 rules, CheckHyphens, no DNS length check) of `name` into `ascii`,
/// and into `unicode` where the Unicode form is not the same text (then `Some(true)`;
/// `unicode` is left empty otherwise). `None` when UTS #46 finds an error. The same
/// as `to_ascii` followed by `to_unicode` of the result (the test
/// `forms_agree_with_to_ascii_then_to_unicode` checks it), in one pass.
fn uts46_into(name: &str, ascii: &mut String, unicode: &mut String) -> Option<bool> {
    // The common case, a plain LDH name, needs no Unicode processing at all.
    if is_plain_ldh(name) {
        ascii.push_str(name);
        ascii.make_ascii_lowercase();
        return Some(false);
    }
    // Otherwise one pass gives both forms: the Unicode form in `unicode`, the
    // ASCII form in `ascii` (or, when it is the same text, only in `unicode`).
    match uts46().process(
        name.as_bytes(),
        AsciiDenyList::STD3,
        Hyphens::Check,
        ErrorPolicy::FailFast,
        |_, _, _| true,
        unicode,
        Some(ascii),
    ) {
        // ASCII that needs no change at all.
        Ok(ProcessingSuccess::Passthrough) => {
            ascii.push_str(name);
            Some(false)
        }
        Ok(ProcessingSuccess::WroteToSink) if ascii.is_empty() => {
            ascii.push_str(unicode);
            unicode.clear();
            Some(false)
        }
        Ok(ProcessingSuccess::WroteToSink) => Some(true),
        Err(_) => None,
    }
}

/// UTS #46 of `name`: its ASCII form, and its Unicode form where that is not the
/// same text; `None` when UTS #46 finds an error (see [`uts46_into`]).
#[cfg(test)]
fn uts46_forms(name: &str) -> Option<(String, Option<String>)> {
    let (mut ascii, mut unicode) = (String::new(), String::new());
    let differs = uts46_into(name, &mut ascii, &mut unicode)?;
    Some((ascii, differs.then_some(unicode)))
}

/// Facts about the dot-separated labels of a name, found in one pass.
struct Labels {
    count: usize,
    any_empty: bool,
    /// Length of the first label longer than 63 bytes.
    first_over_63: Option<usize>,
}

impl Labels {
    fn of(name: &str) -> Labels {
        let mut l = Labels {
            count: 0,
            any_empty: false,
            first_over_63: None,
        };
        for label in name.as_bytes().split(|&b| b == b'.') {
            l.count += 1;
            l.any_empty |= label.is_empty();
            if label.len() > 63 && l.first_over_63.is_none() {
                l.first_over_63 = Some(label.len());
            }
        }
        l
    }
}

/// The UTS #46 result for the most common input, computed directly: `name` has
/// only ASCII letters, digits, hyphens and dots, no empty label, no label that
/// begins or ends with a hyphen or has hyphens in its third and fourth places
/// (which covers every `xn--` A-label). For such a name, UTS #46 processing
/// (STD3 rules, CheckHyphens, no Bidi domain name possible, nothing to
/// normalise) is exactly ASCII lower-casing, and the Unicode form is the same
/// text. Anything else returns `None` and takes the full UTS #46 path, so the
/// results never differ (the property test `plain_path_agrees_with_uts46`
/// checks this against the `idna` crate).
fn is_plain_ldh(name: &str) -> bool {
    let b = name.as_bytes();
    if b.is_empty() {
        return false;
    }
    for label in b.split(|&c| c == b'.') {
        let n = label.len();
        if n == 0
            || label[0] == b'-'
            || label[n - 1] == b'-'
            || (n >= 4 && label[2] == b'-' && label[3] == b'-')
            || !label
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        {
            return false;
        }
    }
    true
}

fn last_labels(name: &str, k: usize) -> &str {
    let mut idx = name.len();
    for _ in 0..k {
        match name[..idx].rfind('.') {
            Some(p) => idx = p,
            None => return name,
        }
    }
    &name[idx + 1..]
}

/// The registrable domain of a host name by the whole Public Suffix List with its
/// default `*` rule, in A-label form; `None` for a public suffix or invalid input.
///
/// ```
/// assert_eq!(peeker_core::registrable_domain("www.Example.COM").as_deref(), Some("example.com"));
/// assert_eq!(peeker_core::registrable_domain("b.example.unlistedtld").as_deref(), Some("example.unlistedtld"));
/// assert_eq!(peeker_core::registrable_domain("co.uk"), None);
/// ```
pub fn registrable_domain(input: &str) -> Option<String> {
    if input.len() > MAX_INPUT_BYTES {
        return None;
    }
    let s = input.trim();
    let name = strip_trailing_dot(s);
    if name.is_empty() || name.starts_with('.') || name.contains("..") {
        return None;
    }
    let ascii = uts46()
        .to_ascii(
            name.as_bytes(),
            AsciiDenyList::URL,
            Hyphens::Allow,
            DnsLength::Ignore,
        )
        .ok()?
        .into_owned();
    if ascii.is_empty() || ascii.split('.').any(str::is_empty) {
        return None;
    }
    let m = psl::match_suffix(&ascii);
    let n = ascii.split('.').count();
    if n <= m.suffix_labels {
        return None;
    }
    Some(last_labels(&ascii, m.suffix_labels + 1).to_string())
}

/// The public suffix of a host name (A-label form), by the whole list and the default rule.
pub fn public_suffix(input: &str) -> Option<String> {
    let s = input.trim();
    let name = strip_trailing_dot(s);
    if name.is_empty()
        || name.starts_with('.')
        || name.contains("..")
        || name.len() > MAX_INPUT_BYTES
    {
        return None;
    }
    let ascii = uts46()
        .to_ascii(
            name.as_bytes(),
            AsciiDenyList::URL,
            Hyphens::Allow,
            DnsLength::Ignore,
        )
        .ok()?
        .into_owned();
    if ascii.split('.').any(str::is_empty) {
        return None;
    }
    let m = psl::match_suffix(&ascii);
    Some(last_labels(&ascii, m.suffix_labels).to_string())
}

/// Documented per-request limits on the number of domains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchLimit {
    /// `POST /domains/availability`: 50.
    Availability,
    /// `POST /domains/import` (synchronous): 25.
    Import,
    /// `POST /domains/import/jobs` (asynchronous): 500.
    ImportJob,
    /// `POST /domains/forwarding`: 25.
    Forwarding,
}

impl BatchLimit {
    /// The maximum number of domains.
    pub const fn max(self) -> usize {
        match self {
            BatchLimit::Availability => 50,
            BatchLimit::Import => 25,
            BatchLimit::ImportJob => 500,
            BatchLimit::Forwarding => 25,
        }
    }
    /// The endpoint, for messages.
    pub const fn endpoint(self) -> &'static str {
        match self {
            BatchLimit::Availability => "POST /domains/availability",
            BatchLimit::Import => "POST /domains/import",
            BatchLimit::ImportJob => "POST /domains/import/jobs",
            BatchLimit::Forwarding => "POST /domains/forwarding",
        }
    }
    /// Every limit, in the order of their names in messages.
    pub const ALL: &'static [BatchLimit] = &[
        BatchLimit::Import,
        BatchLimit::ImportJob,
        BatchLimit::Availability,
        BatchLimit::Forwarding,
    ];

    /// The name: `import`, `import_job`, `availability`, `forwarding`.
    pub const fn name(self) -> &'static str {
        match self {
            BatchLimit::Availability => "availability",
            BatchLimit::Import => "import",
            BatchLimit::ImportJob => "import_job",
            BatchLimit::Forwarding => "forwarding",
        }
    }

    /// Parses a name; another is `invalid_argument` with field `limit` (the one
    /// message every binding gives).
    pub fn parse(name: &str) -> Result<Self, Error> {
        BatchLimit::from_name(name).ok_or_else(|| {
            let names: Vec<String> = BatchLimit::ALL
                .iter()
                .map(|l| format!("\"{}\"", l.name()))
                .collect();
            Error::new(
                Code::InvalidArgument,
                format!(
                    "limit must be one of {} (got \"{}\").",
                    names.join(", "),
                    crate::error::shorten(name)
                ),
            )
            .with_field("limit")
        })
    }

    /// Parses `availability`, `import`, `import_job`, `forwarding`.
    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "availability" => BatchLimit::Availability,
            "import" => BatchLimit::Import,
            "import_job" => BatchLimit::ImportJob,
            "forwarding" => BatchLimit::Forwarding,
            _ => return None,
        })
    }
}

/// The error of one entry of a domain set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedError {
    /// Position of the entry in the input.
    pub index: usize,
    /// What is wrong with it.
    pub error: Error,
}

/// A list of domains normalised as one import request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainSet {
    /// Valid entries, duplicates removed, sorted by A-label form.
    pub domains: Vec<RootDomain>,
    /// Invalid entries with their input index, in input order.
    pub errors: Vec<IndexedError>,
}

impl DomainSet {
    /// Refuses a set of `count` entries before any is read: `too_many_domains`
    /// above [`MAX_SET_ENTRIES`] (a binding checks this before copying its input).
    pub fn check_count(count: usize) -> Result<(), Error> {
        if count > MAX_SET_ENTRIES {
            return Err(Error::new(
                Code::TooManyDomains,
                format!("{count} domains given; at most {MAX_SET_ENTRIES} are examined at once."),
            ));
        }
        Ok(())
    }

    /// Normalises every entry through [`normalize_root_domain`].
    pub fn new<S: AsRef<str>>(inputs: &[S]) -> Result<DomainSet, Error> {
        DomainSet::check_count(inputs.len())?;
        let mut map = BTreeMap::new();
        let mut errors = Vec::new();
        for (index, raw) in inputs.iter().enumerate() {
            match normalize_root_domain(raw.as_ref()) {
                Ok(d) => {
                    map.entry(d.ascii.clone()).or_insert(d);
                }
                Err(mut error) => {
                    error.field = Some(format!("domains[{index}]"));
                    errors.push(IndexedError { index, error });
                }
            }
        }
        Ok(DomainSet {
            domains: map.into_values().collect(),
            errors,
        })
    }

    /// The A-label forms, sorted.
    pub fn ascii(&self) -> Vec<String> {
        self.domains.iter().map(|d| d.ascii.clone()).collect()
    }

    /// The import-set key (lowercase hex SHA-256 of the sorted A-labels joined with
    /// `\n`), or `None` while any entry is invalid.
    pub fn key(&self) -> Option<String> {
        if self.errors.is_empty() {
            Some(import_set_key(
                self.domains.iter().map(|d| d.ascii.as_str()),
            ))
        } else {
            None
        }
    }

    /// Checks that the set is usable for one request to the endpoint of `limit`:
    /// no invalid entry, at least one domain, and no more than the limit.
    pub fn check(&self, limit: BatchLimit) -> Result<(), Error> {
        if let Some(first) = self.errors.first() {
            let mut e = Error::new(
                Code::InvalidDomains,
                format!(
                    "{} of the domains {} invalid; the first, domains[{}]: {}",
                    self.errors.len(),
                    if self.errors.len() == 1 { "is" } else { "are" },
                    first.index,
                    first.error.message
                ),
            )
            .with_field(format!("domains[{}]", first.index));
            e.suggestion = first.error.suggestion.clone();
            return Err(e);
        }
        if self.domains.is_empty() {
            return Err(
                Error::new(Code::NoDomains, "Enter at least one domain.").with_field("domains")
            );
        }
        if self.domains.len() > limit.max() {
            return Err(Error::new(
                Code::TooManyDomains,
                format!(
                    "{} domains given; {} takes at most {} per request.{}",
                    self.domains.len(),
                    limit.endpoint(),
                    limit.max(),
                    if limit == BatchLimit::Import {
                        " Use POST /domains/import/jobs for up to 500."
                    } else {
                        ""
                    }
                ),
            )
            .with_field("domains"));
        }
        Ok(())
    }
}

/// The import-set key: lowercase hex SHA-256 of the domains (already normalised,
/// unique and sorted) joined with `\n`, no trailing newline.
pub fn import_set_key<'a>(sorted_ascii: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    for (i, d) in sorted_ascii.into_iter().enumerate() {
        if i > 0 {
            h.update(b"\n");
        }
        h.update(d.as_bytes());
    }
    crate::hex::encode(&h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> &'static str {
        normalize_root_domain(s).unwrap_err().code.as_str()
    }

    #[test]
    fn accepts_roots() {
        let d = normalize_root_domain("  Team-Acme.COM ").unwrap();
        assert_eq!(
            (d.ascii.as_str(), d.unicode.as_str()),
            ("team-acme.com", "team-acme.com")
        );
        let d = normalize_root_domain("Bücher.de.").unwrap();
        assert_eq!(
            (d.ascii.as_str(), d.unicode.as_str()),
            ("xn--bcher-kva.de", "bücher.de")
        );
        assert_eq!(
            normalize_root_domain("acme.github.io").unwrap().ascii,
            "acme.github.io"
        );
        assert_eq!(
            normalize_root_domain("example.uk.com").unwrap().ascii,
            "example.uk.com"
        );
    }

    #[test]
    fn classifies_errors() {
        assert_eq!(code("   "), "empty");
        assert_eq!(code("co.uk"), "public_suffix");
        assert_eq!(code("192.0.2.1"), "ip_address");
        assert_eq!(code("[2001:db8::1]"), "ip_address");
        assert_eq!(code("::1"), "ip_address");
        assert_eq!(code("acme.notarealtld"), "unknown_tld");
        assert_eq!(code("-acme.com"), "invalid_idna");
        assert_eq!(code("a..com"), "invalid_idna");
        assert_eq!(code("acme .com"), "not_a_domain");
        assert_eq!(code(&format!("{}.com", "a".repeat(64))), "too_long");
        assert_eq!(code(&format!("{}com", "abcdefghi.".repeat(26))), "too_long");
        let e = normalize_root_domain("mail.acme.co.uk").unwrap_err();
        assert_eq!(
            (e.code, e.suggestion.as_deref()),
            (Code::Subdomain, Some("acme.co.uk"))
        );
        assert_eq!(
            e.message,
            "mail.acme.co.uk is a subdomain; enter acme.co.uk."
        );
        for (input, sugg) in [
            ("https://www.acme.co.uk/x", Some("acme.co.uk")),
            ("alex@acme.com", Some("acme.com")),
            ("mailto:alex@acme.com", Some("acme.com")),
            ("acme.com/pricing", Some("acme.com")),
            ("acme.com:8080", Some("acme.com")),
            ("http://user:pw@Shop.Bücher.de:443/a?b#c", Some("bücher.de")),
            ("https://192.0.2.1/", None),
            ("https://co.uk/", None),
        ] {
            let e = normalize_root_domain(input).unwrap_err();
            assert_eq!(e.code, Code::NotADomain, "{input}");
            assert_eq!(e.suggestion.as_deref(), sugg, "{input}");
        }
    }

    #[test]
    fn multibyte_text_before_a_colon_does_not_panic() {
        // Found by the property test: a prefix check sliced inside a character.
        assert_eq!(code("ééé©:x"), "not_a_domain");
        assert_eq!(code("ü@ü"), "not_a_domain");
    }

    #[test]
    fn mapped_trailing_dots() {
        assert_eq!(
            normalize_root_domain("例子.中国。").unwrap().unicode,
            "例子.中国"
        );
        assert_eq!(
            normalize_root_domain("acme.com\u{FF0E}").unwrap().ascii,
            "acme.com"
        );
        assert_eq!(code("acme.com.。"), "invalid_idna");
    }

    #[test]
    fn huge_input_is_refused_quickly() {
        let big = "a".repeat(10 << 20);
        assert_eq!(code(&big), "too_long");
        assert_eq!(registrable_domain(&big), None);
    }

    #[test]
    fn registrable() {
        assert_eq!(
            registrable_domain("www.Example.COM").as_deref(),
            Some("example.com")
        );
        assert_eq!(registrable_domain("com"), None);
        assert_eq!(registrable_domain(".com"), None);
        assert_eq!(
            registrable_domain("a.b.example.co.uk").as_deref(),
            Some("example.co.uk")
        );
        assert_eq!(
            registrable_domain("www.食狮.公司.cn").as_deref(),
            Some("xn--85x722f.xn--55qx5d.cn")
        );
        assert_eq!(public_suffix("a.b.example.co.uk").as_deref(), Some("co.uk"));
    }

    fn plain_ldh_lowercase(name: &str) -> Option<String> {
        is_plain_ldh(name).then(|| name.to_ascii_lowercase())
    }

    /// Compares the fast path (where it answers) and `check_root_domain` with the
    /// general path on one input.
    fn assert_paths_agree(input: &str) {
        let general = {
            let mut b = DomainBuf::default();
            check_general(input, &mut b).map(|differs| {
                (
                    b.ascii.clone(),
                    if differs {
                        b.unicode.clone()
                    } else {
                        b.ascii.clone()
                    },
                )
            })
        };
        let mut out = String::new();
        if let Some(fast) = check_plain_ascii(input, &mut out) {
            match (&fast, &general) {
                (Ok(()), Ok((a, u))) => {
                    assert!(out == *a && out == *u, "{input:?}: {out} vs {a}/{u}")
                }
                (Err(c), Err(f)) => assert_eq!(*c, f.code(), "{input:?}"),
                _ => panic!("{input:?}: fast {fast:?}, general {general:?}"),
            }
        }
        let mut buf = DomainBuf::default();
        let checked = check_root_domain(input, &mut buf)
            .map(|r| (r.ascii.to_string(), r.unicode.to_string()));
        let normalized = normalize_root_domain(input);
        match (&checked, &normalized) {
            (Ok((a, u)), Ok(d)) => assert!(*a == d.ascii && *u == d.unicode, "{input:?}"),
            (Err(c), Err(e)) => assert_eq!(*c, e.code, "{input:?}"),
            _ => panic!("{input:?}: check {checked:?}, normalize {normalized:?}"),
        }
        match (&checked, &general) {
            (Ok(x), Ok(y)) => assert_eq!(x, y, "{input:?}"),
            (Err(c), Err(f)) => assert_eq!(*c, f.code(), "{input:?}"),
            _ => panic!("{input:?}: check {checked:?}, general {general:?}"),
        }
    }

    #[test]
    fn space_scan_agrees_with_char_methods() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let want = c.is_whitespace() || c.is_control();
            for s in [c.to_string(), format!("a{c}b"), format!("ü{c}")] {
                assert_eq!(scan_space_and_url(&s).0, want, "U+{:04X}", c as u32);
            }
            let url = matches!(c, '/' | ':' | '@' | '?' | '#' | '\\');
            assert_eq!(
                scan_space_and_url(&format!("é{c}")).1,
                url && !want,
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(scan_space_and_url("a/b c"), (true, true));
        assert_eq!(scan_space_and_url("a b/c"), (true, false));
    }

    #[test]
    fn fast_path_agrees_with_the_general_path_on_edge_cases() {
        for input in [
            "",
            " ",
            "\t\n",
            "\u{b}",
            "acme.com",
            " ACME.com. ",
            "acme.com..",
            ".acme.com",
            "acme..com",
            "a_b.com",
            "-acme.com",
            "acme-.com",
            "ab--cd.com",
            "xn--bcher-kva.de",
            "XN--BCHER-KVA.DE",
            "1.2.3.4",
            "1.2.3.4.",
            "[::1]",
            "::1",
            "cafe.be",
            "dead:beef::1",
            "acme.com:443",
            "a b.com",
            "acme.com/x",
            "a@b.com",
            "com",
            "co.uk",
            "www.acme.co.uk",
            "acme.notarealtld",
            "x.kawasaki.jp",
            "city.kawasaki.jp",
            "a.b.c.d.e.f.acme.com",
            "acme.com\u{7f}",
            "acme.com\0",
            "*.acme.com",
            "acme.c-m",
            "1.com",
            "123",
            "acme.123",
            "Ａcme.com",
            "acme.com。",
            "bücher.de",
            "www.bücher.de",
        ] {
            assert_paths_agree(input);
        }
        assert_paths_agree(&format!("{}.com", "a".repeat(63)));
        assert_paths_agree(&format!("{}.com", "a".repeat(64)));
        assert_paths_agree(&format!("{}com", "abcdefghi.".repeat(25)));
        assert_paths_agree(&format!("{}com", "abcdefghi.".repeat(26)));
        assert_paths_agree(&"a".repeat(MAX_INPUT_BYTES + 1));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, .. Default::default() })]
        /// The plain-ASCII fast path and `check_root_domain` give what the general path gives.
        #[test]
        fn fast_path_agrees_with_the_general_path(input in "[ \t]?([a-zA-Z0-9_*-]{0,7}(xn--|--|-|:|/|@| )?[a-zA-Z0-9-]{0,5}[.]{0,2}){1,4}(com|co[.]uk|jp|github[.]io|de|xyz|zz)?[.]?[ \n]?") {
            assert_paths_agree(&input);
        }

        /// Any string at all, ASCII or not.
        #[test]
        fn fast_path_agrees_on_any_string(input in "\\PC{0,30}") {
            assert_paths_agree(&input);
        }

        /// The shortcut for plain LDH names gives exactly what UTS #46 gives.
        #[test]
        fn plain_path_agrees_with_uts46(name in "([a-zA-Z0-9-]{0,6}(xn--|XN--|--|-)?[a-zA-Z0-9-]{0,6}[.]?){1,4}") {
            if let Some(a) = plain_ldh_lowercase(&name) {
                let full = uts46().to_ascii(name.as_bytes(), AsciiDenyList::STD3, Hyphens::Check, DnsLength::Ignore);
                proptest::prop_assert_eq!(full.map(|c| c.into_owned()).ok(), Some(a.clone()));
                let (u, r) = uts46().to_unicode(a.as_bytes(), AsciiDenyList::STD3, Hyphens::Check);
                proptest::prop_assert!(r.is_ok());
                proptest::prop_assert_eq!(u.into_owned(), a);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, .. Default::default() })]
        /// One UTS #46 pass for both forms gives what two calls give.
        #[test]
        fn forms_agree_with_to_ascii_then_to_unicode(name in "([a-zA-Z0-9äöüßÄÖÜéçñжяйЖ中文字ς٣ا۱א\u{200d}\u{0301}\u{3002}\u{ff21}-]{1,8}[.]?){1,3}") {
            let reference = uts46()
                .to_ascii(name.as_bytes(), AsciiDenyList::STD3, Hyphens::Check, DnsLength::Ignore)
                .ok()
                .map(|a| {
                    let u = uts46().to_unicode(a.as_bytes(), AsciiDenyList::STD3, Hyphens::Check).0.into_owned();
                    (a.into_owned(), u)
                });
            let ours = uts46_forms(&name).map(|(a, u)| {
                let u = u.unwrap_or_else(|| a.clone());
                (a, u)
            });
            proptest::prop_assert_eq!(ours, reference);
        }
    }

    #[test]
    fn forms_of_a_labels_and_mapped_text() {
        for name in [
            "xn--bcher-kva.de",
            "XN--BCHER-KVA.DE",
            "Bücher.de",
            "ＡＣＭＥ.com",
            "例子。中国",
            "acme.com",
            "ab--c.com",
            "a_b.com",
        ] {
            let reference = uts46()
                .to_ascii(
                    name.as_bytes(),
                    AsciiDenyList::STD3,
                    Hyphens::Check,
                    DnsLength::Ignore,
                )
                .ok()
                .map(|a| {
                    let u = uts46()
                        .to_unicode(a.as_bytes(), AsciiDenyList::STD3, Hyphens::Check)
                        .0
                        .into_owned();
                    (a.into_owned(), u)
                });
            let ours = uts46_forms(name).map(|(a, u)| (a.clone(), u.unwrap_or(a)));
            assert_eq!(ours, reference, "{name}");
        }
    }

    #[test]
    fn plain_path_refuses_what_it_cannot_decide() {
        for n in [
            "xn--bcher-kva.de",
            "XN--BCHER-KVA.de",
            "ab--c.com",
            "-a.com",
            "a-.com",
            "a..com",
            "a_b.com",
            "bücher.de",
            "",
        ] {
            assert_eq!(plain_ldh_lowercase(n), None, "{n}");
        }
        assert_eq!(
            plain_ldh_lowercase("Team-Acme.CO.uk").as_deref(),
            Some("team-acme.co.uk")
        );
    }

    /// The Public Suffix List's own test file, run against the compiled table.
    #[test]
    fn psl_official_tests() {
        let text = include_str!("../data/test_psl.txt");
        let mut n = 0;
        for line in text.lines() {
            let Some(args) = line.trim().strip_prefix("checkPublicSuffix(") else {
                continue;
            };
            let args = args.trim_end_matches(");");
            let (a, b) = args.split_once(", ").unwrap();
            let unq = |s: &str| {
                if s == "null" {
                    None
                } else {
                    Some(s.trim_matches('\'').to_string())
                }
            };
            let (input, want) = (unq(a), unq(b));
            let got = input.as_deref().and_then(registrable_domain);
            let want = want.map(|w| idna::domain_to_ascii(&w).unwrap());
            assert_eq!(got, want, "checkPublicSuffix({a}, {b})");
            n += 1;
        }
        assert!(n > 60, "only {n} cases parsed");
    }

    #[test]
    fn sets() {
        let s = DomainSet::new(&["Team-Acme.com", "acme-mail.com", "team-acme.com."]).unwrap();
        assert_eq!(s.ascii(), ["acme-mail.com", "team-acme.com"]);
        assert_eq!(
            s.key().unwrap(),
            "e422e2d1de62b8a771bc7b8a8ca8641a31af93fc7f112d0ca2a696a8b94e5c9c"
        );
        assert!(s.check(BatchLimit::Import).is_ok());
        let s = DomainSet::new(&["acme-mail.com", "mail.acme.com"]).unwrap();
        assert_eq!(s.errors[0].index, 1);
        assert_eq!(s.errors[0].error.code, Code::Subdomain);
        assert_eq!(s.key(), None);
        assert_eq!(
            s.check(BatchLimit::Import).unwrap_err().field.as_deref(),
            Some("domains[1]")
        );
        let many: Vec<String> = (0..26).map(|i| format!("acme{i}.com")).collect();
        let s = DomainSet::new(&many).unwrap();
        assert_eq!(
            s.check(BatchLimit::Import).unwrap_err().code,
            Code::TooManyDomains
        );
        assert!(s.check(BatchLimit::ImportJob).is_ok());
        let none: [&str; 0] = [];
        assert_eq!(
            DomainSet::new(&none)
                .unwrap()
                .check(BatchLimit::Import)
                .unwrap_err()
                .code,
            Code::NoDomains
        );
        let e = BatchLimit::parse("nope").unwrap_err();
        assert_eq!(
            e.message,
            "limit must be one of \"import\", \"import_job\", \"availability\", \"forwarding\" (got \"nope\")."
        );
        assert_eq!(e.field.as_deref(), Some("limit"));
        for l in BatchLimit::ALL {
            assert_eq!(BatchLimit::parse(l.name()), Ok(*l));
        }
        assert!(DomainSet::check_count(MAX_SET_ENTRIES).is_ok());
        assert_eq!(
            DomainSet::check_count(usize::MAX).unwrap_err().code,
            Code::TooManyDomains
        );
        let huge: Vec<&str> = vec!["a.com"; MAX_SET_ENTRIES + 1];
        assert_eq!(
            DomainSet::new(&huge).unwrap_err().code,
            Code::TooManyDomains
        );
    }
}
