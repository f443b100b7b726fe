//! `peeker-sandbox`: the offline sandbox server and the end-to-end workflow.
use peeker_sandbox::workflow::{self, Options};
use peeker_sandbox::{Config, RetryTimestamp, Sandbox, Scenario, SignatureScheme};
use std::io::Write;
use std::time::Duration;

const USAGE: &str = "\
peeker-sandbox: the offline Peeker Partner API sandbox and the end-to-end workflow

USAGE:
  peeker-sandbox workflow [--scenario NAME] [--json] [--speed X] [--timeout SECS]
                          [--base-url URL [--poll-interval SECS]] [--domains a.com,b.com]
      Runs the seed guide's whole flow (me, bundle, import, nameservers, poll, the
      same set as a job and the lookup by domain, order, verified webhooks,
      order.completed) against an in-process sandbox,
      or with --base-url against a real environment using PEEKER_API_KEY (pk_test_ only).
      Exit status 0 only when the chain worked.

  peeker-sandbox serve [--port N] [--speed X] [--scenario NAME]
                       [--webhook-url URL] [--webhook-secret S] [--rate-limit N] [--quiet]
                       [--signature-scheme timestamp.body|body|id.timestamp.body]
                       [--retry-timestamp first|fresh]
      Runs the sandbox alone on 127.0.0.1 and prints its base URL first:
      PEEKER_SANDBOX_URL=http://127.0.0.1:PORT/partner/v1

  peeker-sandbox diagnose --headers FILE --body FILE [--secret S] [--now UNIX] [--json]
      Says which signed message and key encoding a captured delivery matches and how
      old its timestamp is (for setting up an endpoint). FILE of headers: `Name: value`
      lines (as `curl -D` or a proxy log writes them) or a JSON object; FILE of body:
      the raw bytes received. The secret from --secret or PEEKER_WEBHOOK_SECRET.
      Exit status 0 when the delivery verifies as this SDK verifies it (time apart).

  peeker-sandbox scenarios     lists the scenarios

Any pk_test_ key works (pk_test_read_… and pk_test_limited_… get those presets);
pk_live_ keys are refused with 403. --speed is simulated seconds per real second
(default 300: an order completes in about 3 s).
";

fn die(msg: &str) -> ! {
    eprintln!("peeker-sandbox: {msg}\n\n{USAGE}");
    std::process::exit(2)
}

struct Args(Vec<String>);

impl Args {
    fn flag(&mut self, name: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|a| a != name);
        before != self.0.len()
    }
    fn value(&mut self, name: &str) -> Option<String> {
        let prefix = format!("{name}=");
        if let Some(i) = self.0.iter().position(|a| a.starts_with(&prefix)) {
            return Some(self.0.remove(i)[prefix.len()..].to_string());
        }
        let i = self.0.iter().position(|a| a == name)?;
        if i + 1 >= self.0.len() {
            die(&format!("{name} needs a value"));
        }
        self.0.remove(i);
        Some(self.0.remove(i))
    }
    fn number(&mut self, name: &str) -> Option<f64> {
        self.value(name).map(|v| {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x > 0.0)
                .unwrap_or_else(|| die(&format!("{name} must be a positive number")))
        })
    }
    fn scenario(&mut self) -> Scenario {
        self.value("--scenario").map_or(Scenario::Happy, |s| {
            Scenario::from_name(&s).unwrap_or_else(|| {
                die(&format!(
                    "unknown scenario {s}; see `peeker-sandbox scenarios`"
                ))
            })
        })
    }
    fn done(self) {
        if let Some(a) = self.0.first() {
            die(&format!("unexpected argument {a}"));
        }
    }
}

/// `Name: value` lines (a status or request line, blank lines and lines without a
/// colon skipped), or a JSON object of names to strings.
fn header_pairs(text: &str) -> Vec<(String, String)> {
    if text.trim_start().starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(text)
            .unwrap_or_else(|e| die(&format!("--headers: not a JSON object: {e}")));
        let Some(o) = v.as_object() else {
            die("--headers: not a JSON object")
        };
        return o
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str().map_or_else(|| v.to_string(), String::from),
                )
            })
            .collect();
    }
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(n, _)| !n.trim().is_empty() && !n.contains(' '))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn diagnose(mut a: Args) -> ! {
    let read = |flag: &str, path: Option<String>| -> Vec<u8> {
        let path = path.unwrap_or_else(|| die(&format!("diagnose needs {flag} FILE")));
        std::fs::read(&path).unwrap_or_else(|e| die(&format!("{flag} {path}: {e}")))
    };
    let headers = read("--headers", a.value("--headers"));
    let body = read("--body", a.value("--body"));
    let secret = a
        .value("--secret")
        .or_else(|| std::env::var("PEEKER_WEBHOOK_SECRET").ok())
        .unwrap_or_else(|| die("diagnose needs --secret S (or PEEKER_WEBHOOK_SECRET)"));
    let now = match a.value("--now") {
        Some(n) => n
            .parse::<i64>()
            .unwrap_or_else(|_| die("--now must be Unix seconds")),
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    let json = a.flag("--json");
    a.done();
    let pairs = header_pairs(&String::from_utf8_lossy(&headers));
    let h = peeker_core::webhook::Headers::from_pairs(
        pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    );
    match peeker_core::webhook::diagnose(&secret, &h, &body, now) {
        Ok(d) => {
            if json {
                println!("{}", d.to_json());
            } else {
                println!("{d}");
            }
            std::process::exit(if d.verifies() { 0 } else { 1 })
        }
        Err(e) => {
            eprintln!("peeker-sandbox: {} ({})", e.message, e.code.as_str());
            std::process::exit(2)
        }
    }
}

fn main() {
    let mut argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.is_empty() || argv.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return;
    }
    let cmd = argv.remove(0);
    let mut a = Args(argv);
    match cmd.as_str() {
        "workflow" => {
            let mut o = Options {
                scenario: a.scenario(),
                json: a.flag("--json"),
                ..Options::default()
            };
            if let Some(s) = a.number("--speed") {
                o.speed = s;
            }
            if let Some(t) = a.number("--timeout") {
                o.timeout = Duration::from_secs_f64(t);
            }
            if let Some(p) = a.number("--poll-interval") {
                o.poll_interval = Duration::from_secs_f64(p);
            }
            if let Some(d) = a.value("--domains") {
                o.domains = d
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
            }
            o.base_url = a.value("--base-url");
            if o.base_url.is_some() {
                o.api_key = std::env::var("PEEKER_API_KEY").ok();
                if a.0.is_empty() && o.timeout == Options::default().timeout {
                    o.timeout = Duration::from_secs(30 * 60);
                }
            }
            a.done();
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            let outcome = workflow::run(&o, &mut lock);
            let _ = lock.flush();
            std::process::exit(if outcome.ok { 0 } else { 1 });
        }
        "serve" => {
            let mut cfg = Config {
                scenario: a.scenario(),
                log: !a.flag("--quiet"),
                ..Config::default()
            };
            if let Some(p) = a.value("--port") {
                cfg.port = p
                    .parse()
                    .unwrap_or_else(|_| die("--port must be a port number"));
            }
            if let Some(s) = a.number("--speed") {
                cfg.speed = s;
            }
            if let Some(n) = a.number("--rate-limit") {
                cfg.rate_limit_per_minute = n as usize;
            }
            if let Some(s) = a.value("--signature-scheme") {
                cfg.signature_scheme = SignatureScheme::from_name(&s).unwrap_or_else(|| {
                    die("--signature-scheme must be timestamp.body, body or id.timestamp.body")
                });
            }
            if let Some(s) = a.value("--retry-timestamp") {
                cfg.retry_timestamp = RetryTimestamp::from_name(&s)
                    .unwrap_or_else(|| die("--retry-timestamp must be first or fresh"));
            }
            cfg.webhook_url = a.value("--webhook-url");
            cfg.webhook_secret = a
                .value("--webhook-secret")
                .or_else(|| std::env::var("PEEKER_WEBHOOK_SECRET").ok());
            a.done();
            let hook = cfg.webhook_url.clone();
            let sb =
                Sandbox::start(cfg.clone()).unwrap_or_else(|e| die(&format!("cannot start: {e}")));
            // A reader may stop after the first line: never panic on a closed stdout.
            macro_rules! say { ($($t:tt)*) => {{ let _ = writeln!(std::io::stdout(), $($t)*); }} }
            say!("PEEKER_SANDBOX_URL={}", sb.base_url());
            say!(
                "Peeker offline sandbox (NEW generation API) on {}",
                sb.base_url()
            );
            say!(
                "  clock ×{} · scenario {} · rate limit {}/min per key",
                cfg.speed,
                cfg.scenario.name(),
                cfg.rate_limit_per_minute
            );
            say!(
                "  webhook signatures over {} (v1=HMAC-SHA256 hex); retries carry {} timestamp (--retry-timestamp {})",
                cfg.signature_scheme.name(),
                match cfg.retry_timestamp {
                    RetryTimestamp::First => "the first attempt's",
                    RetryTimestamp::Fresh => "a fresh",
                },
                cfg.retry_timestamp.name()
            );
            say!("  key: any pk_test_… (e.g. Authorization: Bearer pk_test_example); pk_live_ keys get 403");
            match hook {
                Some(u) => say!("  webhooks: POST {u}, signed with {}", sb.webhook_secret()),
                None => say!(
                    "  webhooks: none until POST {}/_sandbox/webhook {{\"url\": …, \"secret\": …}}",
                    sb.base_url()
                ),
            }
            say!("  control: POST /_sandbox/imports/{{id}}/flip_nameservers, /_sandbox/clock/advance, /_sandbox/faults; GET /_sandbox/events, /_sandbox/deliveries");
            let _ = std::io::stdout().flush();
            loop {
                std::thread::park();
            }
        }
        "diagnose" => diagnose(a),
        "scenarios" => {
            a.done();
            for s in Scenario::ALL {
                println!("{:<22} {}", s.name(), s.describe());
            }
        }
        other => die(&format!("unknown command {other}")),
    }
}
