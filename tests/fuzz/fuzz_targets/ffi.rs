//! The C ABI entry points fed arbitrary bytes: invalid UTF-8, embedded NULs, NULL
//! pointers. Every call must return a status, never crash, and free cleanly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use peeker::*;
use std::ptr;

fuzz_target!(|data: &[u8]| {
    unsafe {
        let (p, n) = if data.first() == Some(&0xff) { (ptr::null(), data.len()) } else { (data.as_ptr(), data.len()) };
        let mut d = ptr::null_mut();
        if peeker_root_domain(p, n, &mut d) == PeekerStatus::Ok {
            assert!(!peeker_domain_ascii(d, ptr::null_mut()).is_null());
        }
        peeker_domain_free(d);
        let mut s = ptr::null_mut();
        let _ = peeker_registrable_domain(p, n, &mut s);
        peeker_string_free(s);
        let pieces: Vec<PeekerStr> = data.split(|b| *b == b'\n').map(|c| PeekerStr { ptr: c.as_ptr(), len: c.len() }).collect();
        let mut set = ptr::null_mut();
        let _ = peeker_domain_set(pieces.as_ptr(), pieces.len(), &mut set);
        peeker_domain_set_free(set);
        let secret = PeekerStr { ptr: b"k".as_ptr(), len: 1 };
        let options = PeekerVerifierOptions { secrets: &secret, secret_count: 1, tolerance_secs: 300, max_body_bytes: 0 };
        let mut v = ptr::null_mut();
        let _ = peeker_verifier_new(&options, &mut v);
        let headers = [
            PeekerHeader { name: b"Peeker-Signature".as_ptr(), name_len: 16, value: p, value_len: n.min(80) },
            PeekerHeader { name: b"Peeker-Timestamp".as_ptr(), name_len: 16, value: b"1".as_ptr(), value_len: 1 },
        ];
        let mut ev = ptr::null_mut();
        let _ = peeker_verifier_verify(v, headers.as_ptr(), 2, p, n, 1, &mut ev);
        peeker_event_free(ev);
        peeker_verifier_free(v);
        let mut r = ptr::null_mut();
        let _ = peeker_response_classify(502, ptr::null(), 0, p, n, &mut r);
        peeker_response_free(r);
        let mut k = ptr::null_mut();
        let _ = peeker_order_dedupe_key(b"pk_test_k".as_ptr(), 9, p, n, &mut k);
        peeker_string_free(k);
        let _ = peeker_last_error_message();
    }
});
