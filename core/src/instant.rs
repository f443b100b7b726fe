//! RFC 3339 date-times as instants, shared by the order tracker and the
//! per-resource states (`created_at` compares as an instant, never as text).

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
}

/// An RFC 3339 date-time (any fraction, `Z` or `±HH:MM`) as (Unix seconds,
/// nanoseconds), so that instants compare as instants, not as strings.
pub(crate) fn instant(t: &str) -> Option<(i64, u32)> {
    let b = t.trim().as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    let (h, mi, sec) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        for (i, c) in frac[..n].iter().enumerate().take(9) {
            nanos += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
            let (oh, om) = (digits(&[*oh1, *oh2])?, digits(&[*om1, *om2])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    // Days from the civil date (proleptic Gregorian), H. Hinnant's algorithm.
    let yy = if mo <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((days * 86_400 + h * 3600 + mi * 60 + sec - offset, nanos))
}

#[cfg(test)]
mod tests {
    use super::instant;

    #[test]
    fn instants_compare_as_instants() {
        assert_eq!(instant("2026-05-08T12:00:00Z"), Some((1_778_241_600, 0)));
        assert_eq!(
            instant("2026-05-08T14:00:00+02:00"),
            instant("2026-05-08T12:00:00Z")
        );
        assert_eq!(
            instant("2026-05-08T12:00:00.5Z"),
            Some((1_778_241_600, 500_000_000))
        );
        assert_eq!(instant("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert!(instant("2026-05-08T12:00:00.250Z") < instant("2026-05-08T12:00:00.3Z"));
        assert_eq!(instant("2026-05-08"), None);
        assert_eq!(instant("2026-13-08T12:00:00Z"), None);
    }
}
