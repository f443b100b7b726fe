//! Rust side of `tests/bench/run`: rows 6 (root-domain validation vs `addr` and
//! `idna` + `psl`), 7 (webhook verification vs raw `hmac` + `sha2`) and the Rust
//! half of row 10 (the call the C ABI wraps). Prints one JSON object per line.
//!
//! Usage: peeker-bench DATA_DIR SECONDS_PER_ROUND ROUNDS [GROUP]
//! GROUP: domains | webhook | c-baseline (default: domains and webhook).
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::hint::black_box;
use std::time::{Duration, Instant};

type HmacSha256 = Hmac<Sha256>;

/// Runs `f` (one pass = `ops` operations) repeatedly for `secs`, returns ns/op.
fn round(secs: f64, ops: usize, f: &mut dyn FnMut() -> usize) -> f64 {
    let budget = Duration::from_secs_f64(secs);
    let start = Instant::now();
    let mut passes = 0u64;
    let mut sink = 0usize;
    while start.elapsed() < budget || passes == 0 {
        sink = sink.wrapping_add(f());
        passes += 1;
    }
    black_box(sink);
    start.elapsed().as_nanos() as f64 / (passes as f64 * ops as f64)
}

/// Interleaves the candidates round by round (so a load spike hits all of them)
/// and reports each one's median ns/op.
fn compare(group: &str, secs: f64, rounds: usize, ops: usize, cands: &mut [(&str, &mut dyn FnMut() -> usize)]) {
    // Warm-up, and the check value (how many inputs each accepted).
    let checks: Vec<usize> = cands.iter_mut().map(|(_, f)| f()).collect();
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); cands.len()];
    for _ in 0..rounds {
        for (i, (_, f)) in cands.iter_mut().enumerate() {
            samples[i].push(round(secs, ops, *f));
        }
    }
    for (i, (name, _)) in cands.iter().enumerate() {
        let s = &mut samples[i];
        s.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let med = s[s.len() / 2];
        println!(
            "{{\"group\":\"{group}\",\"name\":\"{name}\",\"ns_per_op\":{med:.2},\"ops_per_sec\":{:.0},\"ops\":{ops},\"check\":{},\"samples\":{:?}}}",
            1e9 / med,
            checks[i],
            s
        );
    }
}

fn json_str(v: &serde_json::Value, k: &str) -> String {
    v[k].as_str().unwrap_or_else(|| panic!("webhook.json: no {k}")).to_string()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: peeker-bench DATA_DIR SECONDS_PER_ROUND ROUNDS [domains|webhook|c-baseline]");
        std::process::exit(2);
    }
    let dir = std::path::Path::new(&args[1]);
    let secs: f64 = args[2].parse().expect("seconds");
    let rounds: usize = args[3].parse().expect("rounds");
    let group = args.get(4).map(String::as_str).unwrap_or("all");
    let text = std::fs::read_to_string(dir.join("domains.txt")).expect("domains.txt");
    let domains: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();

    if group == "all" || group == "domains" {
        // The allocation-free entry the bindings use: both forms (borrowed from a
        // reused buffer) or the error code.
        let mut buf = peeker_core::DomainBuf::default();
        let mut ours = || {
            let mut ok = 0;
            for d in &domains {
                if let Ok(r) = peeker_core::check_root_domain(black_box(d), &mut buf) {
                    black_box((r.ascii.len(), r.unicode.len()));
                    ok += 1;
                }
            }
            ok
        };
        // The owned form: two `String`s, or an `Error` with its message and suggestion.
        let mut owned = || domains.iter().filter(|d| peeker_core::normalize_root_domain(black_box(d)).is_ok()).count();
        let mut addr_crate = || {
            domains
                .iter()
                .filter(|d| addr::parse_domain_name(black_box(d)).ok().and_then(|n| n.root().map(|r| r.len())).is_some())
                .count()
        };
        let mut idna_psl = || {
            domains
                .iter()
                .filter(|d| {
                    idna::domain_to_ascii(black_box(d))
                        .ok()
                        .and_then(|a| psl::domain(a.as_bytes()).map(|r| r.as_bytes().len()))
                        .is_some()
                })
                .count()
        };
        compare(
            "domains",
            secs,
            rounds,
            domains.len(),
            &mut [
                ("peeker", &mut ours),
                ("peeker normalize_root_domain", &mut owned),
                ("addr", &mut addr_crate),
                ("idna+psl", &mut idna_psl),
            ],
        );
    }

    if group == "profile" {
        // Only our validation, for `perf record`.
        let mut ours = || domains.iter().filter(|d| peeker_core::normalize_root_domain(black_box(d)).is_ok()).count();
        compare("profile", secs, rounds, domains.len(), &mut [("peeker", &mut ours)]);
    }

    if group == "passes" {
        // Exactly ROUNDS passes over the inputs, for `perf stat` (instructions per call).
        let mut ok = 0;
        for _ in 0..rounds {
            ok += domains.iter().filter(|d| peeker_core::normalize_root_domain(black_box(d)).is_ok()).count();
        }
        println!("{{\"group\":\"passes\",\"calls\":{},\"ok\":{ok}}}", rounds * domains.len());
    }

    if group == "breakdown" {
        // Time per outcome (code, ASCII or not), to see where the time goes.
        let mut acc: std::collections::BTreeMap<String, (u64, u128)> = Default::default();
        for _ in 0..rounds {
            for d in &domains {
                let t = Instant::now();
                let r = peeker_core::normalize_root_domain(black_box(d));
                let ns = t.elapsed().as_nanos();
                let k = format!("{}{}", r.map_or_else(|e| e.code.as_str(), |_| "ok"), if d.is_ascii() { "" } else { " (non-ASCII)" });
                let e = acc.entry(k).or_default();
                e.0 += 1;
                e.1 += ns;
            }
        }
        let total: u128 = acc.values().map(|v| v.1).sum();
        for (k, (n, ns)) in &acc {
            println!("{k:28} {:6.2}% of inputs {:7.0} ns each {:5.1}% of time", *n as f64 * 100.0 / (rounds * domains.len()) as f64, *ns as f64 / *n as f64, *ns as f64 * 100.0 / total as f64);
        }
    }

    if group == "c-baseline" {
        // Exactly what the C benchmark does per call, minus the ABI. Row 10: the call
        // `peeker_check_root_domain` wraps (check_root_domain into a reused DomainBuf),
        // then read both forms. Row 10b: what `peeker_root_domain` + both accessors +
        // `peeker_domain_free` give, an owned result (normalize_root_domain), read and dropped.
        let mut buf = peeker_core::DomainBuf::default();
        let mut check = || {
            let mut ok = 0;
            for d in &domains {
                if let Ok(r) = peeker_core::check_root_domain(black_box(d), &mut buf) {
                    black_box((r.ascii.as_ptr(), r.ascii.len(), r.unicode.as_ptr(), r.unicode.len()));
                    ok += 1;
                }
            }
            ok
        };
        let mut owned = || {
            let mut ok = 0;
            for d in &domains {
                if let Ok(r) = peeker_core::normalize_root_domain(black_box(d)) {
                    black_box((r.ascii.as_ptr(), r.unicode.as_ptr()));
                    ok += 1;
                }
            }
            ok
        };
        compare("c-baseline", secs, rounds, domains.len(), &mut [("check_root_domain", &mut check)]);
        compare("c-baseline-handle", secs, rounds, domains.len(), &mut [("normalize_root_domain", &mut owned)]);
    }

    if group == "all" || group == "webhook" {
        let wh: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("webhook.json")).expect("webhook.json")).unwrap();
        let body = json_str(&wh, "body").into_bytes();
        let secret = json_str(&wh, "secret");
        let sig = json_str(&wh, "signature");
        let ts = wh["timestamp"].as_i64().unwrap().to_string();
        let now = wh["now"].as_i64().unwrap();
        let verifier = peeker_core::Verifier::new(peeker_core::VerifierOptions::new(&[secret.as_str()])).unwrap();
        let headers = peeker_core::webhook::Headers { signature: Some(&sig), timestamp: Some(&ts), event_id: None };
        let want = hex_decode(sig.strip_prefix("v1=").unwrap());
        // Anchor: HMAC-SHA256 over "ts.body" with `hmac` + `sha2`, constant-time compare.
        let raw_mac = |body: &[u8]| {
            let mut m = HmacSha256::new_from_slice(secret.as_bytes()).unwrap();
            m.update(ts.as_bytes());
            m.update(b".");
            m.update(body);
            m.verify_slice(&want).is_ok()
        };
        let mut ours_full = || usize::from(verifier.verify(black_box(&body), &headers, now).is_ok());
        let mut anchor_full = || {
            // The same work a hand-written handler does: check the MAC, then parse.
            usize::from(raw_mac(black_box(&body)) && serde_json::from_slice::<serde_json::Value>(&body).is_ok())
        };
        compare(
            "webhook-verify-parse",
            secs,
            rounds,
            1,
            &mut [("peeker", &mut ours_full), ("hmac+sha2+serde_json", &mut anchor_full)],
        );
        let mut ours_sig = || usize::from(verifier.verify_signature(black_box(&body), &headers, now).is_ok());
        let mut anchor_sig = || usize::from(raw_mac(black_box(&body)));
        compare(
            "webhook-signature",
            secs,
            rounds,
            1,
            &mut [("peeker", &mut ours_sig), ("hmac+sha2", &mut anchor_sig)],
        );
    }
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}
