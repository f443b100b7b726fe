//! The batch entry points and `peeker_check_root_domain` fed arbitrary bytes: the
//! input split into items at '\n' (any bytes inside, NULs and invalid UTF-8
//! included) and passed both ways, a separator byte taken from the input, a
//! count that may be wrong. Every call must return a status, every item must
//! agree with `peeker_root_domain`, and everything must free cleanly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use peeker::*;
use std::ptr;

fuzz_target!(|data: &[u8]| {
    unsafe {
        let items: Vec<&[u8]> = data.split(|b| *b == b'\n').collect();
        let strs: Vec<PeekerStr> = items.iter().map(|c| PeekerStr { ptr: c.as_ptr(), len: c.len() }).collect();
        let mut b = ptr::null_mut();
        assert_eq!(peeker_root_domains(strs.as_ptr(), strs.len(), &mut b), PeekerStatus::Ok);
        assert_eq!(peeker_domain_batch_count(b), items.len());
        for (i, it) in items.iter().enumerate() {
            let mut d = ptr::null_mut();
            let st = peeker_root_domain(it.as_ptr(), it.len(), &mut d);
            assert_eq!(peeker_domain_batch_status(b, i), st);
            let mut v = PeekerDomainView { ascii: ptr::null(), ascii_len: 0, unicode: ptr::null(), unicode_len: 0 };
            assert_eq!(peeker_check_root_domain(it.as_ptr(), it.len(), &mut v), st);
            if st == PeekerStatus::Ok {
                let (mut a, mut u) = (0, 0);
                let bp = peeker_domain_batch_ascii(b, i, &mut a);
                let up = peeker_domain_batch_unicode(b, i, &mut u);
                let da = std::slice::from_raw_parts(peeker_domain_ascii(d, ptr::null_mut()) as *const u8, a);
                assert_eq!(std::slice::from_raw_parts(bp as *const u8, a), da);
                assert_eq!(std::slice::from_raw_parts(v.ascii as *const u8, v.ascii_len), da);
                let mut du = 0;
                let dup = peeker_domain_unicode(d, &mut du);
                assert_eq!(u, du);
                assert_eq!(std::slice::from_raw_parts(up as *const u8, u), std::slice::from_raw_parts(dup as *const u8, du));
            } else {
                let _ = peeker_last_error_message();
            }
            peeker_domain_free(d);
        }
        let mut tl = 0;
        let t = peeker_domain_batch_text(b, &mut tl);
        let mut dn = 0;
        let _ = peeker_domain_batch_distinct_unicode(b, &mut dn);
        assert_eq!(std::slice::from_raw_parts(t as *const u8, tl).iter().filter(|&&c| c == 0).count(), items.len() + dn);
        peeker_domain_batch_free(b);
        // The joined form with the first byte as separator and a count that may be wrong.
        if let Some((&sep, rest)) = data.split_first() {
            let count = rest.iter().filter(|&&c| c == sep).count() + 1;
            for c in [count, count.wrapping_sub(1), count + 1] {
                let mut j = ptr::null_mut();
                let st = peeker_root_domains_joined(rest.as_ptr(), rest.len(), sep, c, &mut j);
                assert_eq!(st == PeekerStatus::Ok, c == count || (c == 0 && rest.is_empty()));
                peeker_domain_batch_free(j);
            }
        }
    }
});
