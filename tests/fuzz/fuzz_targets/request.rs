#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.is_empty() {
        return;
    }
    let ops = peeker_core::Operation::ALL;
    let op = ops[data[0] as usize % ops.len()];
    let Ok(params) = serde_json::from_slice::<serde_json::Value>(&data[1..]) else { return };
    let client = peeker_core::Client::new("pk_test_SECRETKEY").unwrap();
    match client.build_operation(op, &params) {
        Ok(r) => assert!(r.url.starts_with("https://api.peeker.ai/partner/v1")),
        // The key never leaks into a message, unless the caller typed that text
        // into the parameters themselves (messages may quote a bad domain).
        Err(e) => {
            if !String::from_utf8_lossy(&data[1..]).contains("SECRETKEY") {
                assert!(!e.message.contains("SECRETKEY"));
            }
        }
    }
});
