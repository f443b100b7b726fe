#![no_main]
use libfuzzer_sys::fuzz_target;
use peeker_core::{BatchLimit, DomainSet};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let inputs: Vec<&str> = text.split('\n').collect();
    if let Ok(set) = DomainSet::new(&inputs) {
        let ascii = set.ascii();
        assert!(ascii.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        assert_eq!(set.domains.len() + set.errors.len() <= inputs.len(), true);
        assert_eq!(set.key().is_some(), set.errors.is_empty());
        let _ = set.check(BatchLimit::Import);
    }
});
