//! Small helpers: ids, times, opaque tokens, randomness (no extra crates).
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static RNG: AtomicU64 = AtomicU64::new(0);

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A pseudo-random u64 (not for secrets' strength, only for ids and jitter).
pub fn rand_u64() -> u64 {
    if RNG.load(Ordering::Relaxed) == 0 {
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            ^ (std::process::id() as u64) << 32;
        let _ = RNG.compare_exchange(0, seed | 1, Ordering::Relaxed, Ordering::Relaxed);
    }
    splitmix(RNG.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed))
}

/// A pseudo-random number in `[0, 1)`.
pub fn rand_f64() -> f64 {
    (rand_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Lower-case hex of `n` random bytes.
pub fn rand_hex(n: usize) -> String {
    let mut s = String::with_capacity(n * 2);
    while s.len() < n * 2 {
        s.push_str(&format!("{:016x}", rand_u64()));
    }
    s.truncate(n * 2);
    s
}

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A ULID (26 Crockford base-32 characters) for a time in milliseconds.
pub fn ulid(ms: u64) -> String {
    let rand: u128 = ((rand_u64() as u128) << 64 | rand_u64() as u128) & ((1u128 << 80) - 1);
    let v: u128 = ((ms as u128 & ((1u128 << 48) - 1)) << 80) | rand;
    (0..26)
        .map(|i| CROCKFORD[((v >> (125 - i * 5)) & 31) as usize] as char)
        .collect()
}

/// `prefix_` + ULID, e.g. `ord_01HZX0OR1A2B3C4D5E6F7G8H`.
pub fn new_id(prefix: &str, at_secs: f64) -> String {
    format!("{prefix}_{}", ulid((at_secs.max(0.0) * 1000.0) as u64))
}

/// Now, as Unix seconds.
pub fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// RFC 3339 UTC with whole seconds: `2026-05-08T12:00:00Z`.
pub fn rfc3339(secs: f64) -> String {
    let t = secs.floor() as i64;
    let (days, rem) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding.
pub fn b64url(data: &[u8]) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (*b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url without padding; `None` for anything else.
pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 4 == 1 || s.len() > 4096 {
        return None;
    }
    let mut out = Vec::new();
    for chunk in s.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = B64.iter().position(|b| b == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_ids() {
        assert_eq!(rfc3339(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_778_241_600.0), "2026-05-08T12:00:00Z");
        assert_eq!(rfc3339(951_782_400.0), "2000-02-29T00:00:00Z");
        let a = new_id("ord", 1_778_241_600.0);
        assert_eq!(a.len(), 30);
        assert!(a.starts_with("ord_01K"), "{a}");
        assert!(a[4..].bytes().all(|b| CROCKFORD.contains(&b)));
        assert_ne!(a, new_id("ord", 1_778_241_600.0));
        assert!(new_id("evt", 1.0) < new_id("evt", 2.0));
    }

    #[test]
    fn base64url_round_trips() {
        for s in ["", "a", "ab", "abc", "abcd", r#"{"cursor":"xyz"}"#] {
            assert_eq!(b64url_decode(&b64url(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(b64url(br#"{"cursor":"xyz"}"#), "eyJjdXJzb3IiOiJ4eXoifQ");
        assert!(b64url_decode("a").is_none());
        assert!(b64url_decode("a*b=").is_none());
    }
}
