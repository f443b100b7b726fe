//! [`RawEvent`]: the envelope read without building a tree for `data`.
use super::raw;
use super::{Event, EventType};
use crate::error::{Code, Error};
use std::borrow::Cow;

/// A webhook event envelope read without building a tree for `data`: the strings
/// borrowed from the body when they have no escapes, and `data` as its JSON text,
/// exactly as sent (key order and all). For bindings whose host parses JSON itself
/// (`JSON.parse`, Python's `json.loads`): `data` is parsed once, there.
///
/// It accepts and refuses exactly the bodies [`Event::parse`] does (the same
/// envelope rules; `data` checked as strictly as a `serde_json::Value` parse checks
/// it: paired surrogate escapes, numbers within `f64`, the nesting limit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawEvent<'a> {
    /// `evt_…` (from `Peeker-Event-Id` when the body has no `id`).
    pub id: Cow<'a, str>,
    /// The type as sent.
    pub event_type: Cow<'a, str>,
    /// `created_at`, if it is a string.
    pub created_at: Option<Cow<'a, str>>,
    /// `data` as JSON text, a slice of the body (`null` when absent).
    pub data: &'a str,
    /// The body itself, as text (checked UTF-8), when it is exactly the envelope: the
    /// keys `id`, `type`, `created_at`, `data` in this order, each once, `id` and
    /// `type` strings, `created_at` a string or null. Then the body, parsed, is the
    /// same object as [`to_json`](Self::to_json) parsed (hosts may parse the body
    /// they hold, or this text, instead of a copy). `None` otherwise.
    pub envelope_body: Option<&'a str>,
    /// Which configured secret matched, as [`Event::secret_index`]. `None` when
    /// parsed without verification.
    pub secret_index: Option<usize>,
}

impl<'a> RawEvent<'a> {
    /// Parses an envelope without verifying it. Only for bodies already verified.
    pub fn parse(body: &'a [u8]) -> Result<RawEvent<'a>, Error> {
        Self::parse_with_header_id(body, None)
    }

    pub(super) fn parse_with_header_id(
        body: &'a [u8],
        header_id: Option<&'a str>,
    ) -> Result<RawEvent<'a>, Error> {
        let text = std::str::from_utf8(body).map_err(|e| {
            envelope_error(&format!(
                "not JSON (invalid UTF-8 at byte {})",
                e.valid_up_to()
            ))
        })?;
        // The usual delivery takes one pass of a plain scanner (`raw::fast_envelope`);
        // anything it is not sure of (escapes, exponents, unusual shapes, errors) takes
        // the serde reader, which also words the errors.
        let (env, checked) = match raw::fast_envelope(text) {
            Some(env) => (env, true),
            None => (
                serde_json::from_str(text)
                    .map_err(|e| envelope_error(&format!("not JSON ({e})")))?,
                false,
            ),
        };
        let raw::Envelope::Object {
            id,
            event_type,
            created_at,
            data,
            canonical_keys,
        } = env
        else {
            return Err(envelope_error("not a JSON object"));
        };
        let data = match data {
            Some(d) => {
                // The full check only when the text holds what a `Value` parse could
                // refuse past the syntax (`\u` escapes, exponents, long integers,
                // deep nesting): a delivery usually has none.
                if !checked && raw::needs_validation(d) {
                    raw::validate(d).map_err(|e| envelope_error(&format!("not JSON ({e})")))?;
                }
                d
            }
            None => "null",
        };
        let event_type = match event_type {
            Some(raw::Field::Str(s)) if !s.is_empty() => s,
            _ => return Err(envelope_error("no \"type\" string")),
        };
        let id = match id {
            Some(raw::Field::Str(s)) if !s.is_empty() => s,
            None | Some(raw::Field::Null) => match header_id {
                Some(h) if !h.trim().is_empty() => Cow::Borrowed(h.trim()),
                _ => return Err(envelope_error("no \"id\" and no Peeker-Event-Id header")),
            },
            _ => return Err(envelope_error("\"id\" is not a string")),
        };
        let created_null = matches!(created_at, Some(raw::Field::Null));
        let created_at = match created_at {
            Some(raw::Field::Str(s)) => Some(s),
            _ => None,
        };
        // `id` came from the body when `canonical_keys` (all four keys present), and
        // `created_at` maps to itself only when a string or null.
        let envelope_body =
            (canonical_keys && (created_at.is_some() || created_null)).then_some(text);
        Ok(RawEvent {
            id,
            event_type,
            created_at,
            data,
            envelope_body,
            secret_index: None,
        })
    }

    /// The parsed type.
    pub fn kind(&self) -> EventType {
        EventType::parse(&self.event_type)
    }

    /// The owned [`Event`] (parses `data` into a `serde_json::Value`).
    pub fn to_event(&self) -> Event {
        Event {
            id: self.id.clone().into_owned(),
            event_type: self.event_type.clone().into_owned(),
            created_at: self.created_at.as_ref().map(|c| c.clone().into_owned()),
            // Checked by `parse` as strictly as this parse: it cannot fail.
            data: serde_json::from_str(self.data).unwrap_or(serde_json::Value::Null),
            secret_index: self.secret_index,
        }
    }

    /// `data` as compact JSON text in the sender's key order: white space between
    /// tokens removed (none to remove in the usual delivery: then it is borrowed).
    pub fn data_compact(&self) -> Cow<'a, str> {
        raw::compact(self.data)
    }

    /// The envelope as compact JSON, `{"id","type","created_at","data"}` (as
    /// [`Event::to_json`], with `data` in the sender's key order).
    pub fn to_json(&self) -> String {
        let data = self.data_compact();
        let mut out = String::with_capacity(data.len() + 96);
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        out.push_str("{\"id\":");
        out.push_str(&q(&self.id));
        out.push_str(",\"type\":");
        out.push_str(&q(&self.event_type));
        out.push_str(",\"created_at\":");
        match &self.created_at {
            Some(c) => out.push_str(&q(c)),
            None => out.push_str("null"),
        }
        out.push_str(",\"data\":");
        out.push_str(&data);
        out.push('}');
        out
    }
}

fn envelope_error(why: &str) -> Error {
    Error::new(
        Code::InvalidPayload,
        format!("The signature is valid but the body is not a Peeker event envelope: {why}."),
    )
}
