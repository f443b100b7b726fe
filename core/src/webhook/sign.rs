//! THE SCHEME: HMAC-SHA256(secret, timestamp + "." + body), as `v1=<hex>`.
use super::SIGNATURE_VERSION;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub(super) type HmacSha256 = Hmac<Sha256>;

/// The HMAC state keyed with `secret` (keying hashes two blocks: a [`Verifier`]
/// does it once per secret, not once per delivery).
///
/// [`Verifier`]: super::Verifier
pub(super) fn keyed(secret: &[u8]) -> HmacSha256 {
    HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length")
}

/// THE SCHEME: HMAC-SHA256(secret, timestamp + "." + body).
fn signed_mac(secret: &[u8], timestamp: &str, body: &[u8]) -> [u8; 32] {
    signed_mac_keyed(keyed(secret), timestamp, body)
}

/// The parts of the signed message, in order (for a host HMAC: the same bytes).
pub(super) fn signed_parts<'a>(timestamp: &'a str, body: &'a [u8]) -> [&'a [u8]; 3] {
    [timestamp.as_bytes(), b".", body]
}

/// [`signed_mac`] from a MAC already keyed with the secret.
pub(super) fn signed_mac_keyed(mut mac: HmacSha256, timestamp: &str, body: &[u8]) -> [u8; 32] {
    for part in signed_parts(timestamp, body) {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Returns the `Peeker-Signature` value, `v1=<hex>`; send `timestamp` as
/// `Peeker-Timestamp`.
pub fn sign(body: &[u8], secret: &str, timestamp: i64) -> String {
    let mac = signed_mac(secret.as_bytes(), &timestamp.to_string(), body);
    format!("{}={}", SIGNATURE_VERSION, crate::hex::encode(&mac))
}
