//! The envelope reader behind [`RawEvent`]: serde visitors that keep the last of
//! duplicate keys (as a `serde_json::Value` map does), validate every value they
//! do not keep as strictly as a `Value` parse would, and take `data` as raw text.
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

use super::scan::{has_json_ws, skip_plain, string_end, ws};

/// serde_json's nesting limit counts the envelope's own object: `data`, read
/// on its own, may nest one level less than the limit (128) allows.
const MAX_DATA_DEPTH: usize = 126;

#[derive(Debug, PartialEq)]
pub(super) enum Envelope<'a> {
    Object {
        id: Option<Field<'a>>,
        event_type: Option<Field<'a>>,
        created_at: Option<Field<'a>>,
        data: Option<&'a str>,
        /// Exactly the keys id, type, created_at, data, in this order.
        canonical_keys: bool,
    },
    NotObject,
}

#[derive(Debug, PartialEq)]
pub(super) enum Field<'a> {
    Str(Cow<'a, str>),
    Null,
    Other,
}

impl<'de: 'a, 'a> de::Deserialize<'de> for Envelope<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Envelope<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Self::Value, M::Error> {
                let (mut id, mut event_type, mut created_at, mut data) = (None, None, None, None);
                let mut n = 0u8;
                let mut canonical_keys = true;
                while let Some(key) = m.next_key_seed(EnvelopeKey)? {
                    canonical_keys &= key == n;
                    n = n.saturating_add(1);
                    match key {
                        0 => id = Some(m.next_value::<Field<'a>>()?),
                        1 => event_type = Some(m.next_value::<Field<'a>>()?),
                        2 => created_at = Some(m.next_value::<Field<'a>>()?),
                        3 => data = Some(m.next_value::<&'a RawValue>()?.get()),
                        _ => m.next_value_seed(Validate(1))?,
                    }
                }
                Ok(Envelope::Object {
                    id,
                    event_type,
                    created_at,
                    data,
                    canonical_keys: canonical_keys && n == 4,
                })
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut s: S) -> Result<Self::Value, S::Error> {
                while s.next_element_seed(Validate(1))?.is_some() {}
                Ok(Envelope::NotObject)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Envelope::NotObject)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Envelope::NotObject)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Envelope::NotObject)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Envelope::NotObject)
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Envelope::NotObject)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Envelope::NotObject)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> de::Deserialize<'de> for Field<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Field<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Field::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Field::Str(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Field::Str(Cow::Owned(v)))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Field::Null)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Field::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Field::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Field::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Field::Other)
            }
            fn visit_seq<S: SeqAccess<'de>>(self, s: S) -> Result<Self::Value, S::Error> {
                Validate(1).visit_seq(s).map(|()| Field::Other)
            }
            fn visit_map<M: MapAccess<'de>>(self, m: M) -> Result<Self::Value, M::Error> {
                Validate(1).visit_map(m).map(|()| Field::Other)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// Reads a value and keeps nothing, checking it as a `Value` parse does (strings
/// decoded, so lone surrogate escapes fail; numbers converted, so `1e400` fails).
/// The field is the nesting depth of the enclosing container.
#[derive(Clone, Copy)]
struct Validate(usize);

impl<'de> DeserializeSeed<'de> for Validate {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Validate {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut s: S) -> Result<(), S::Error> {
        let inner = self.deeper()?;
        while s.next_element_seed(inner)?.is_some() {}
        Ok(())
    }
    fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<(), M::Error> {
        let inner = self.deeper()?;
        while m.next_key_seed(Key)?.is_some() {
            m.next_value_seed(inner)?;
        }
        Ok(())
    }
}

impl Validate {
    fn deeper<E: de::Error>(self) -> Result<Validate, E> {
        if self.0 > MAX_DATA_DEPTH {
            return Err(E::custom("recursion limit exceeded"));
        }
        Ok(Validate(self.0 + 1))
    }
}

/// An envelope key, decoded: 0 `id`, 1 `type`, 2 `created_at`, 3 `data`, 4 other.
struct EnvelopeKey;
impl<'de> DeserializeSeed<'de> for EnvelopeKey {
    type Value = u8;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u8, D::Error> {
        d.deserialize_str(self)
    }
}
impl<'de> Visitor<'de> for EnvelopeKey {
    type Value = u8;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, v: &str) -> Result<u8, E> {
        Ok(match v {
            "id" => 0,
            "type" => 1,
            "created_at" => 2,
            "data" => 3,
            _ => 4,
        })
    }
}

/// A map key, decoded (so that escapes in keys are checked too).
struct Key;
impl<'de> DeserializeSeed<'de> for Key {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(Validate(0))
    }
}

/// Checks `data`'s text (already known to be JSON syntax) as a `Value` parse would.
pub(super) fn validate(data: &str) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(data);
    de::DeserializeSeed::deserialize(Validate(1), &mut de)?;
    de.end()
}

/// The envelope of a body with nothing unusual, in one pass, or `None` (then the
/// serde reader decides). Sound, not complete: `Some` only when the serde reader
/// would give the same envelope and `data` needs no further check (no escapes but
/// `\" \\ \/ \b \f \n \r \t`, no exponents, integer parts under 300 digits,
/// nesting under 100, known keys each once and with plain strings or null).
pub(super) fn fast_envelope(text: &str) -> Option<Envelope<'_>> {
    let b = text.as_bytes();
    let mut i = ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = ws(b, i + 1);
    let (mut id, mut event_type, mut created_at, mut data) = (None, None, None, None);
    let (mut n, mut canonical_keys) = (0u8, true);
    if b.get(i) == Some(&b'}') {
        i += 1;
    } else {
        loop {
            let (ks, ke) = plain_string(b, i)?;
            let key = match &text[ks..ke] {
                "id" => 0u8,
                "type" => 1,
                "created_at" => 2,
                "data" => 3,
                _ => 4,
            };
            canonical_keys &= key == n;
            n = n.saturating_add(1);
            i = ws(b, ke + 1);
            if b.get(i) != Some(&b':') {
                return None;
            }
            i = ws(b, i + 1);
            let start = i;
            let end = value(b, i, 2)?;
            let field = || match b[start] {
                b'"' => plain_string(b, start).map(|(s, e)| Field::Str(Cow::Borrowed(&text[s..e]))),
                b'n' => Some(Field::Null),
                _ => None,
            };
            match key {
                0 if id.is_none() => id = Some(field()?),
                1 if event_type.is_none() => event_type = Some(field()?),
                2 if created_at.is_none() => created_at = Some(field()?),
                3 if data.is_none() => data = Some(&text[start..end]),
                4 => {}
                _ => return None, // a repeated key: the serde reader keeps the last
            }
            i = ws(b, end);
            match b.get(i) {
                Some(b',') => i = ws(b, i + 1),
                Some(b'}') => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    if ws(b, i) != b.len() {
        return None;
    }
    Some(Envelope::Object {
        id,
        event_type,
        created_at,
        data,
        canonical_keys: canonical_keys && n == 4,
    })
}

/// A string at `i` with no escapes at all: (first byte inside, closing quote).
fn plain_string(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let end = string_end(b, i + 1)?;
    // A key or field with an escape: the serde reader decodes it.
    b[i + 1..end]
        .iter()
        .all(|&c| c != b'\\')
        .then_some((i + 1, end))
}

/// The end of the JSON value at `i` (nesting `depth` for a container there), or
/// `None` when it is not one the fast path vouches for. One loop with the open
/// containers as a bit stack (no recursion: this runs over every delivery).
fn value(b: &[u8], mut i: usize, depth: usize) -> Option<usize> {
    // Bit k of `objects`: whether the k-th innermost open container is an object.
    let (mut objects, mut open) = (0u128, 0usize);
    loop {
        // A value starts at the first byte that is not white space.
        let (j, c) = next(b, i)?;
        i = j;
        match c {
            b'"' => i = string_end(b, i + 1)? + 1,
            b'{' | b'[' => {
                if depth + open >= 100 {
                    return None;
                }
                let object = c == b'{';
                let (j, d) = next(b, i + 1)?;
                if d == if object { b'}' } else { b']' } {
                    i = j + 1;
                } else {
                    objects = objects << 1 | u128::from(object);
                    open += 1;
                    i = if object { member_value(b, j)? } else { j };
                    continue;
                }
            }
            b't' => i = b[i..].starts_with(b"true").then_some(i + 4)?,
            b'f' => i = b[i..].starts_with(b"false").then_some(i + 5)?,
            b'n' => i = b[i..].starts_with(b"null").then_some(i + 4)?,
            b'-' | b'0'..=b'9' => i = number(b, i)?,
            _ => return None,
        }
        // After a value: close containers until one continues.
        loop {
            if open == 0 {
                return Some(i);
            }
            let (j, c) = next(b, i)?;
            i = j + 1;
            let object = objects & 1 != 0;
            match c {
                b',' => {
                    if object {
                        i = member_value(b, i)?;
                    }
                    break;
                }
                b'}' if object => {}
                b']' if !object => {}
                _ => return None,
            }
            objects >>= 1;
            open -= 1;
        }
    }
}

/// The first byte at or after `i` that is not JSON white space, and where it is.
#[inline(always)]
fn next(b: &[u8], i: usize) -> Option<(usize, u8)> {
    let c = *b.get(i)?;
    if c > b' ' {
        return Some((i, c));
    }
    let j = ws(b, i);
    Some((j, *b.get(j)?))
}

/// Past `"key" :` at `i` (white space allowed around both): where the member's
/// value (or the white space before it) starts.
#[inline(always)]
fn member_value(b: &[u8], i: usize) -> Option<usize> {
    let (i, c) = next(b, i)?;
    if c != b'"' {
        return None;
    }
    let (j, c) = next(b, string_end(b, i + 1)? + 1)?;
    (c == b':').then_some(j + 1)
}

/// The end of the number at `i`, or `None` when the fast path does not vouch for it.
#[inline(always)]
fn number(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + usize::from(b[i] == b'-');
    let start = j;
    match *b.get(j)? {
        b'0' => j += 1,
        b'1'..=b'9' => {
            while matches!(b.get(j), Some(b'0'..=b'9')) {
                j += 1;
            }
        }
        _ => return None,
    }
    if j - start >= 300 || matches!(b.get(j), Some(b'0'..=b'9')) {
        return None;
    }
    if b.get(j) == Some(&b'.') {
        j += 1;
        let f = j;
        while matches!(b.get(j), Some(b'0'..=b'9')) {
            j += 1;
        }
        if j == f {
            return None;
        }
    }
    // An exponent: the serde reader checks the range.
    (!matches!(b.get(j), Some(b'e' | b'E'))).then_some(j)
}

/// Whether `data` (syntactically valid JSON) may hold something a `Value` parse
/// refuses beyond the syntax: a `\u` escape (a lone surrogate), an exponent or
/// an integer part of 300 digits or more (a number beyond `f64`), or nesting
/// near the limit. `false` means [`validate`] would pass.
pub(super) fn needs_validation(data: &str) -> bool {
    let b = data.as_bytes();
    let (mut i, mut depth, mut digits) = (0usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                loop {
                    i = skip_plain(b, i);
                    match b.get(i) {
                        Some(b'"') => break,
                        Some(b'\\') => {
                            if b.get(i + 1) == Some(&b'u') {
                                return true;
                            }
                            i += 2;
                        }
                        _ => return true,
                    }
                }
                digits = 0;
            }
            b'0'..=b'9' => {
                digits += 1;
                if digits >= 300 {
                    return true;
                }
            }
            // Outside strings, `e` after a digit is an exponent (`true`/`false`
            // have theirs after a letter).
            b'e' | b'E' if digits > 0 => return true,
            b'[' | b'{' => {
                depth += 1;
                if depth >= 100 {
                    return true;
                }
                digits = 0;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                digits = 0;
            }
            _ => digits = 0,
        }
        i += 1;
    }
    false
}

/// JSON text without the white space between tokens.
pub(super) fn compact(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let is_ws = |c: u8| matches!(c, b' ' | b'\n' | b'\r' | b'\t');
    // Fast check: no white space byte at all (strings may hold none unescaped
    // but spaces; a space inside a string is kept below).
    if !has_json_ws(b) {
        return Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(b.len());
    let (mut in_str, mut esc, mut changed) = (false, false, false);
    for &c in b {
        if in_str {
            out.push(c);
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
            }
        } else if is_ws(c) {
            changed = true;
        } else {
            if c == b'"' {
                in_str = true;
            }
            out.push(c);
        }
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    // Only ASCII white space outside strings was removed: still UTF-8.
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}
