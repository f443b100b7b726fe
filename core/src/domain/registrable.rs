//! Registrable domains and public suffixes of host names, by the whole Public
//! Suffix List and its default `*` rule.
use super::normalize::{last_labels, strip_trailing_dot, uts46};
use super::MAX_INPUT_BYTES;
use crate::psl;
use idna::uts46::{AsciiDenyList, DnsLength, Hyphens};

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
