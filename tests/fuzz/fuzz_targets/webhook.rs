//! Header parsing plus verification on arbitrary headers and bodies: never panics,
//! and never accepts a delivery the secret did not sign.
#![no_main]
use libfuzzer_sys::fuzz_target;
use peeker_core::webhook::{sign, Headers, Verifier, VerifierOptions};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |b| *b == 0);
    let sig = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let ts = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let secret = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let body = parts.next().unwrap_or_default();
    let Ok(v) = Verifier::new(VerifierOptions::new(&[if secret.is_empty() { "s".to_string() } else { secret.clone() }])) else { return };
    let h = Headers { signature: Some(&sig), timestamp: Some(&ts), event_id: None };
    if v.verify_ignoring_timestamp(body, &h).is_ok() || v.verify(body, &h, 0).is_ok() {
        // Accepted: the header must really carry the signature of this body.
        let t: i64 = ts.trim().parse().expect("accepted timestamps parse");
        let key = if secret.is_empty() { "s" } else { &secret };
        let expect = sign(body, key, t);
        assert!(sig.to_ascii_lowercase().contains(&expect[3..]), "accepted a forged signature");
    }
    // A correct signature always verifies (when the body is an envelope).
    let good = sign(body, "k", 1000);
    let v = Verifier::new(VerifierOptions::new(&["k"])).unwrap();
    let h = Headers { signature: Some(&good), timestamp: Some("1000"), event_id: Some("evt_x") };
    if let Err(e) = v.verify(body, &h, 1000) {
        assert_eq!(e.code.as_str(), "invalid_payload");
    }
});
