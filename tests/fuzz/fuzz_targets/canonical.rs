//! The RFC 8785 canonicaliser and the dedupe key on arbitrary JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else {
        assert!(peeker_core::order_dedupe_key("pk_test_k", data).is_err());
        return;
    };
    if let Ok(c) = peeker_core::keys::canonical_json(&v) {
        let reparsed: serde_json::Value = serde_json::from_str(&c).expect("canonical JSON parses");
        assert_eq!(peeker_core::keys::canonical_json(&reparsed).unwrap(), c, "canonical form is a fixed point");
    }
    if let Ok(k) = peeker_core::order_dedupe_key("pk_test_k", data) {
        assert_eq!(k.len(), 64);
    }
});
