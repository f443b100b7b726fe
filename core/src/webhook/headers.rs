//! The three webhook headers, picked out of a request's headers (the one place
//! header names are matched).
use super::{EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER};

/// The three webhook headers, as found in a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Headers<'a> {
    /// `Peeker-Signature`.
    pub signature: Option<&'a str>,
    /// `Peeker-Timestamp`.
    pub timestamp: Option<&'a str>,
    /// `Peeker-Event-Id`.
    pub event_id: Option<&'a str>,
}

impl<'a> Headers<'a> {
    /// Picks the three headers out of name/value pairs; names match
    /// case-insensitively and the first occurrence wins.
    pub fn from_pairs<I>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut h = Headers::default();
        for (name, value) in pairs {
            let name = name.trim();
            let slot = if name.eq_ignore_ascii_case(SIGNATURE_HEADER) {
                &mut h.signature
            } else if name.eq_ignore_ascii_case(TIMESTAMP_HEADER) {
                &mut h.timestamp
            } else if name.eq_ignore_ascii_case(EVENT_ID_HEADER) {
                &mut h.event_id
            } else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        h
    }
}
