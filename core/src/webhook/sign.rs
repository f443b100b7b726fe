//! THE SCHEME: HMAC-SHA256(secret, timestamp + "." + body), as `v1=<hex>`.
use super::SIGNATURE_VERSION;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

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

/// The parts of the signed message, in order.
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

/// A secret keyed for a host SHA-256 (RFC 2104's construction, the same MAC as
/// [`keyed`]): `inner`, the key block XOR 0x36 (the key zero-padded to a block,
/// hashed first when longer than one), which the host hashes in front of the
/// message; `outer`, the SHA-256 state that has absorbed the key block XOR 0x5c,
/// which finishes the MAC here.
#[derive(Clone)]
pub(super) struct HostKey {
    inner: [u8; 64],
    outer: Sha256,
}

/// [`HostKey`] of `secret` (made once per secret, like [`keyed`]).
pub(super) fn host_key(secret: &[u8]) -> HostKey {
    let mut block = [0u8; 64];
    if secret.len() > block.len() {
        block[..32].copy_from_slice(&Sha256::digest(secret));
    } else {
        block[..secret.len()].copy_from_slice(secret);
    }
    let inner = block.map(|b| b ^ 0x36);
    let outer = Sha256::new_with_prefix(block.map(|b| b ^ 0x5c));
    HostKey { inner, outer }
}

/// The inner block of `key` followed by THE SCHEME's message, `timestamp + "." +
/// body`, in one buffer: what a host SHA-256 hashes (the first 64 bytes are
/// replaced by [`host_signed_mac`] for each key).
pub(super) fn host_message(key: &HostKey, timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(64 + timestamp.len() + 1 + body.len());
    m.extend_from_slice(&key.inner);
    for part in signed_parts(timestamp, body) {
        m.extend_from_slice(part);
    }
    m
}

/// [`signed_mac`] of `key` with a host's SHA-256 of the inner hash: `message` as
/// made by [`host_message`] (its first block is set to `key`'s inner block here).
pub(super) fn host_signed_mac(
    host: &dyn super::HostSha256,
    key: &HostKey,
    message: &mut [u8],
) -> Result<[u8; 32], crate::Error> {
    message[..64].copy_from_slice(&key.inner);
    let inner = host.sha256(message)?;
    Ok(key.outer.clone().chain_update(inner).finalize().into())
}

/// Returns the `Peeker-Signature` value, `v1=<hex>`; send `timestamp` as
/// `Peeker-Timestamp`.
pub fn sign(body: &[u8], secret: &str, timestamp: i64) -> String {
    let mac = signed_mac(secret.as_bytes(), &timestamp.to_string(), body);
    format!("{}={}", SIGNATURE_VERSION, crate::hex::encode(&mac))
}
