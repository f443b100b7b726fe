//! Profiling aid (not part of the API): times `RawEvent::parse` and `Verifier::verify_raw`
//! on the bench's 2 KB delivery. `cargo run --release -p peeker-core --example webhook_profile`.
fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench/data/webhook.json".into());
    let wh: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("webhook.json")).unwrap();
    let body = wh["body"].as_str().unwrap().as_bytes().to_vec();
    let sig = wh["signature"].as_str().unwrap().to_string();
    let ts = wh["timestamp"].as_i64().unwrap().to_string();
    let now = wh["now"].as_i64().unwrap();
    let v = peeker_core::Verifier::new(peeker_core::VerifierOptions::new(&[wh["secret"]
        .as_str()
        .unwrap()]))
    .unwrap();
    let h = peeker_core::webhook::Headers {
        signature: Some(&sig),
        timestamp: Some(&ts),
        event_id: None,
    };
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            peeker_core::webhook::RawEvent::parse(std::hint::black_box(&body)).unwrap(),
        );
    }
    println!(
        "RawEvent::parse {:.0} ns",
        t.elapsed().as_nanos() as f64 / n as f64
    );
    let t = std::time::Instant::now();
    for _ in 0..n {
        v.verify_signature(std::hint::black_box(&body), &h, now)
            .unwrap();
    }
    println!(
        "verify_signature {:.0} ns",
        t.elapsed().as_nanos() as f64 / n as f64
    );
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            v.verify_raw(std::hint::black_box(&body), &h, Some(now))
                .unwrap(),
        );
    }
    println!(
        "verify_raw {:.0} ns",
        t.elapsed().as_nanos() as f64 / n as f64
    );
}
