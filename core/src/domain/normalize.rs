//! The general path of root-domain validation: URLs and white space around the
//! name, IP literals, UTS #46 (via the `idna` crate), the Public Suffix List, and
//! the message and suggestion of every refusal.
use super::ascii::{CLASS, C_SPACE, C_URL};
use super::{DomainBuf, RootDomain, MAX_INPUT_BYTES};
use crate::error::{Code, Error};
use crate::psl;
use idna::uts46::{AsciiDenyList, ErrorPolicy, Hyphens, ProcessingSuccess, Uts46};
use std::net::{Ipv4Addr, Ipv6Addr};

/// Why an input is not a root domain: what the messages need, without building
/// them (the fast path only wants the code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fail {
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
    pub(super) fn code(self) -> Code {
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
pub(super) fn scan_space_and_url(s: &str) -> (bool, bool) {
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

/// [`check_root_domain`](super::check_root_domain) for any input, into `buf`:
/// `Ok(true)` when the Unicode form (in `buf.unicode`) differs from the A-label
/// form (in `buf.ascii`).
pub(super) fn check_general(input: &str, buf: &mut DomainBuf) -> Result<bool, Fail> {
    let s = bare_input(input)?;
    bare_name_into(s, &mut buf.ascii, &mut buf.unicode)
}

/// [`normalize_root_domain`](super::normalize_root_domain) for any input, with the
/// full error.
pub(super) fn normalize_root_domain_general(input: &str) -> Result<RootDomain, Error> {
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

pub(super) fn is_ip_literal(s: &str) -> bool {
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
pub(super) fn strip_trailing_dot(s: &str) -> &str {
    s.strip_suffix(['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'])
        .unwrap_or(s)
}

pub(super) fn uts46() -> Uts46 {
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
pub(super) fn uts46_forms(name: &str) -> Option<(String, Option<String>)> {
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
pub(super) fn is_plain_ldh(name: &str) -> bool {
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

pub(super) fn last_labels(name: &str, k: usize) -> &str {
    let mut idx = name.len();
    for _ in 0..k {
        match name[..idx].rfind('.') {
            Some(p) => idx = p,
            None => return name,
        }
    }
    &name[idx + 1..]
}
