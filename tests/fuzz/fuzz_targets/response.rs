#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let status = u16::from_le_bytes([data[0], data[1]]) % 700;
    let ops = peeker_core::Operation::ALL;
    let op = ops[data[2] as usize % ops.len()];
    let body = &data[3..];
    let c = peeker_core::classify(status, [("Peeker-Request-Id", "req_1")], body);
    assert_eq!(c.ok, (200..300).contains(&status));
    let client = peeker_core::Client::new("pk_test_fuzz").unwrap();
    let _ = peeker_core::parse_response(&client, op, status, [], body);
});
