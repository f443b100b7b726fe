//! The README's main command: in-process for every scenario, as JSON lines, and
//! as the built binary (`workflow`, `--base-url` mode, `serve`).
use peeker_sandbox::workflow::{run, Options};
use peeker_sandbox::{Config, Sandbox, Scenario};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

fn opts(scenario: Scenario) -> Options {
    Options {
        scenario,
        speed: 6_000.0,
        timeout: Duration::from_secs(30),
        ..Options::default()
    }
}

fn run_text(o: &Options) -> (peeker_sandbox::workflow::Outcome, String) {
    let mut out = Vec::new();
    let outcome = run(o, &mut out);
    (outcome, String::from_utf8(out).unwrap())
}

#[test]
fn every_scenario_completes_the_chain_in_process() {
    let runs: Vec<_> = Scenario::ALL
        .into_iter()
        .map(|s| (s, std::thread::spawn(move || run_text(&opts(s)))))
        .collect();
    for (s, h) in runs {
        let (o, text) = h.join().unwrap();
        assert!(o.ok, "{}: {:?}\n{text}", s.name(), o.error);
        let oid = o.order_id.clone().unwrap();
        assert!(
            text.contains(&format!("✔ order.completed: {oid}")),
            "{text}"
        );
        assert!(
            text.contains(".ns.cloudflare.com and "),
            "the nameservers to set are shown"
        );
        if s != Scenario::FailImport {
            assert!(text.contains("helena.ns.cloudflare.com"), "{text}");
        }
        // The seed guide's script: the same set as a job, and the lookup by domain.
        assert!(
            text.contains("the existing import: same normalised set")
                && text.contains("/domains/import?domains="),
            "{text}"
        );
        assert!(
            o.request_ids.iter().all(|(_, r)| r.starts_with("req_")) && o.request_ids.len() >= 7
        );
        assert!(
            text.contains(&o.request_ids[0].1),
            "the summary lists request ids"
        );
        assert_eq!(o.rejected, 0);
        match s {
            Scenario::Happy => {
                assert_eq!((o.retries, o.duplicates, o.out_of_order), (0, 0, 0));
                assert_eq!(o.webhooks_verified, 5, "{text}");
            }
            Scenario::NsPending => {
                assert!(
                    o.ui.iter()
                        .any(|u| u.contains("Acme – waiting on registrar")
                            && u.contains("helena.ns.cloudflare.com")),
                    "{:?}",
                    o.ui
                );
                assert!(
                    text.contains("domain_import.action_required")
                        && text.contains("flip_nameservers")
                );
            }
            Scenario::PrivatePicture => {
                assert!(o.ui.iter().any(|u| u.contains("Sam Lee's profile picture is not publicly accessible")), "{:?}", o.ui);
                assert!(text.contains("order.action_required") && text.contains("/orders/pending"));
            }
            Scenario::Capacity => assert!(
                text.contains("cloudflare_account_capacity")
                    && text.contains("/domains/import/jobs")
            ),
            Scenario::ServerErrors => {
                assert!(o.retries >= 6, "{text}");
                assert!(text.contains("503 service_unavailable"));
            }
            Scenario::DuplicateWebhooks => assert!(o.duplicates >= 4, "{text}"),
            Scenario::OutOfOrderWebhooks => assert!(o.out_of_order >= 2, "{text}"),
            Scenario::FailOrder => {
                assert!(
                    o.ui.iter().any(|u| u
                        .contains("failed (provisioning_failed on team-acme.com)")
                        && u.contains("its domains are free again")),
                    "{:?}",
                    o.ui
                );
                assert!(
                    text.contains("order.failed") && text.contains("failed (provisioning_failed")
                );
            }
            Scenario::FailImport => {
                assert!(
                    o.ui.iter().any(|u| u.contains("import imp_")
                        && u.contains("failed (acme-mail.com import_failed")),
                    "{:?}",
                    o.ui
                );
                assert!(text.contains("domain_import.failed"), "{text}");
            }
            Scenario::FailSwap => {
                let failed =
                    o.ui.iter()
                        .position(|u| u.contains("failed: team-acme.com stays live"));
                let done = o.ui.iter().position(|u| {
                    u.contains("completed: team-acme-outreach.com replaced team-acme.com")
                });
                assert!(failed.is_some() && done > failed, "{:?}", o.ui);
                assert!(
                    text.contains("swap.failed") && text.contains("swap.completed"),
                    "{text}"
                );
            }
            Scenario::ReplaceDomain => {
                assert!(
                    o.ui.iter().any(|u| u
                        .contains("team-acme.com can't be provisioned (replace_domain)")
                        && u.contains("team-acme-outreach.com")),
                    "{:?}",
                    o.ui
                );
                assert!(
                    text.contains("domain.action_required") && text.contains("swap.completed"),
                    "{text}"
                );
            }
        }
    }
}

#[test]
fn json_lines_timeline() {
    let mut o = opts(Scenario::DuplicateWebhooks);
    o.json = true;
    let (outcome, text) = run_text(&o);
    assert!(outcome.ok);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(lines[0]["kind"], "start");
    let kinds: std::collections::HashSet<&str> =
        lines.iter().map(|l| l["kind"].as_str().unwrap()).collect();
    for k in ["request", "webhook", "ui", "tracker", "summary"] {
        assert!(kinds.contains(k), "no {k} line");
    }
    assert!(lines
        .iter()
        .any(|l| l["kind"] == "webhook" && l["duplicate"] == true));
    let last = lines.last().unwrap();
    assert_eq!(
        (last["kind"].as_str(), last["ok"].as_bool()),
        (Some("summary"), Some(true))
    );
    assert_eq!(last["order_id"].as_str(), outcome.order_id.as_deref());
    assert!(last["request_ids"].as_array().unwrap().len() >= 7);
    let ts: Vec<f64> = lines.iter().filter_map(|l| l["t"].as_f64()).collect();
    assert!(ts.windows(2).all(|w| w[0] <= w[1]), "timed lines in order");
}

#[test]
fn the_binary_workflow_exits_zero_and_refuses_live_keys() {
    let bin = env!("CARGO_BIN_EXE_peeker-sandbox");
    let out = Command::new(bin)
        .args(["workflow", "--speed", "6000"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("✔ order.completed"));
    // Against a "real" environment: here a sandbox started separately; polling, no webhooks.
    let sb = Sandbox::start(Config {
        speed: 20_000.0,
        ..Config::default()
    })
    .unwrap();
    let out = Command::new(bin)
        .args([
            "workflow",
            "--base-url",
            &sb.base_url(),
            "--poll-interval",
            "0.05",
            "--timeout",
            "20",
        ])
        .env("PEEKER_API_KEY", "pk_test_remote")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("polling every") && !text.contains("⇠ webhook"),
        "{text}"
    );
    let live = Command::new(bin)
        .args(["workflow", "--base-url", &sb.base_url()])
        .env("PEEKER_API_KEY", "pk_live_x")
        .output()
        .unwrap();
    assert_eq!(live.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&live.stdout).contains("pk_live_"));
    let no_key = Command::new(bin)
        .args(["workflow", "--base-url", &sb.base_url()])
        .env_remove("PEEKER_API_KEY")
        .output()
        .unwrap();
    assert_eq!(no_key.status.code(), Some(1));
    let bad = Command::new(bin)
        .args(["workflow", "--scenario", "nope"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let needs_sandbox = Command::new(bin)
        .args([
            "workflow",
            "--scenario",
            "capacity",
            "--base-url",
            &sb.base_url(),
        ])
        .env("PEEKER_API_KEY", "pk_test_x")
        .output()
        .unwrap();
    assert_eq!(needs_sandbox.status.code(), Some(1));
}

#[test]
fn the_binary_serves_and_prints_its_url_first() {
    let bin = env!("CARGO_BIN_EXE_peeker-sandbox");
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--speed", "1000", "--quiet"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("PEEKER_SANDBOX_URL=")
        .unwrap_or_else(|| panic!("{first}"))
        .to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/partner/v1"),
        "{url}"
    );
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into();
    let mut r = agent
        .get(format!("{url}/me"))
        .header("Authorization", "Bearer pk_test_x")
        .call()
        .unwrap();
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().unwrap();
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"environment\":\"test\""));
}

#[test]
fn serve_flags_select_the_signature_scheme_and_the_retry_timestamp() {
    let bin = env!("CARGO_BIN_EXE_peeker-sandbox");
    let bad = Command::new(bin)
        .args(["serve", "--signature-scheme", "hmac"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--signature-scheme must be"));
    let mut child = Command::new(bin)
        .args([
            "serve",
            "--speed",
            "1000",
            "--quiet",
            "--signature-scheme",
            "id.timestamp.body",
            "--retry-timestamp",
            "first",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap()["PEEKER_SANDBOX_URL=".len()..].to_string();
    let banner: Vec<String> = lines.by_ref().take(4).map(Result::unwrap).collect();
    assert!(
        banner
            .iter()
            .any(|l| l.contains("signatures over id.timestamp.body")
                && l.contains("the first attempt's timestamp (--retry-timestamp first)")),
        "{banner:?}"
    );
    let rx = peeker_sandbox::Receiver::start("whsec_flags").unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into();
    let post = |path: &str, body: &str| {
        agent
            .post(format!("{url}{path}"))
            .header("Authorization", "Bearer pk_test_flags")
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap()
            .status()
            .as_u16()
    };
    let hook = format!(r#"{{"url": "{}", "secret": "whsec_flags"}}"#, rx.url());
    assert_eq!(post("/_sandbox/webhook", &hook), 200);
    assert_eq!(
        post("/domains/import", r#"{"domains": ["acme-mail.com"]}"#),
        200
    );
    let d = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("a delivery");
    child.kill().unwrap();
    let _ = child.wait();
    // Not the core's scheme: the core's verifier rejects it, as it should.
    assert!(d.result.is_err());
    assert!(d.signature.unwrap().starts_with("v1="));
}
