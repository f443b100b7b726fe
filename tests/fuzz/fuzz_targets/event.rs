#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The envelope without a tree for `data` (what the bindings use) answers as the
    // `Value` parse does: the same accept/refuse, the same event.
    match (peeker_core::Event::parse(data), peeker_core::RawEvent::parse(data)) {
        (Ok(e), Ok(r)) => {
            assert_eq!(r.to_event(), e);
            let from_raw_json = peeker_core::Event::parse(r.to_json().as_bytes()).expect("raw envelope JSON");
            assert_eq!(from_raw_json, e);
        }
        (Err(a), Err(b)) => assert_eq!(a.code, b.code),
        (a, b) => panic!("Event::parse {:?} but RawEvent::parse {:?}", a.map(|_| ()), b.map(|_| ())),
    }
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
