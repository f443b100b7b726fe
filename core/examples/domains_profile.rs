//! Profiling aid for root-domain validation (not part of the API): runs
//! `normalize_root_domain` over a file of inputs PASSES times and prints the
//! outcome counts by code. Used with callgrind:
//! `valgrind --tool=callgrind target/release/examples/domains_profile target/bench/data/domains.txt 1`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("target/bench/data/domains.txt");
    let passes: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let fast = args.get(3).is_some_and(|s| s == "fast");
    let text = std::fs::read_to_string(path).expect("inputs");
    let domains: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let mut counts = [0usize; 4800];
    let mut buf = peeker_core::DomainBuf::default();
    let start = std::time::Instant::now();
    for _ in 0..passes {
        for d in &domains {
            let code = if fast {
                match peeker_core::check_root_domain(std::hint::black_box(d), &mut buf) {
                    Ok(_) => 0,
                    Err(c) => c.number() as usize,
                }
            } else {
                match peeker_core::normalize_root_domain(std::hint::black_box(d)) {
                    Ok(_) => 0,
                    Err(e) => e.code.number() as usize,
                }
            };
            counts[code] += 1;
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / (passes * domains.len()) as f64;
    println!("{ns:.1} ns/op over {} inputs x {passes}", domains.len());
    for (k, v) in counts.iter().enumerate().filter(|(_, v)| **v > 0) {
        let name = peeker_core::Code::ALL
            .iter()
            .find(|c| c.number() as usize == k)
            .map_or("ok", |c| c.as_str());
        println!("{name:>16} {v}");
    }
}
