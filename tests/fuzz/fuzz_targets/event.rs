#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(e) = peeker_core::Event::parse(data) {
        let again = peeker_core::Event::parse(e.to_json().as_bytes()).expect("round trip");
        assert_eq!(again, e);
        let mut t = peeker_core::Tracker::new();
        assert!(t.apply(&e));
        assert!(!t.apply(&e));
        let back = peeker_core::Tracker::from_json(&t.to_json()).unwrap();
        assert_eq!(back, t);
    }
});
