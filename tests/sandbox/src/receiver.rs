//! A webhook receiver on loopback (tiny_http): verifies every delivery with
//! `peeker_core::Verifier` over the raw body bytes, answers 200 (or 400 when the
//! signature fails), and hands each delivery to the caller through a channel.
use peeker_core::webhook::Headers;
use peeker_core::{Event, Verifier, VerifierOptions};
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;

/// The path deliveries are POSTed to.
pub const PATH: &str = "/webhooks/peeker";

/// One delivery as received.
#[derive(Debug)]
pub struct Received {
    /// The verified event, or why verification failed.
    pub result: Result<Event, peeker_core::Error>,
    /// The raw body.
    pub body: Vec<u8>,
    /// `Peeker-Event-Id` as sent.
    pub event_id: Option<String>,
    /// `Peeker-Timestamp` as sent.
    pub timestamp: Option<String>,
    /// `Peeker-Signature` as sent.
    pub signature: Option<String>,
    /// The status this receiver answered.
    pub answered: u16,
}

/// A running receiver. Dropping it stops it.
pub struct Receiver {
    url: String,
    rx: mpsc::Receiver<Received>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Receiver {
    /// Starts a receiver verifying with `secret`.
    pub fn start(secret: &str) -> std::io::Result<Receiver> {
        Receiver::start_with(secret, 0)
    }

    /// Like [`start`](Self::start), but answers 500 to the first `fail_first`
    /// deliveries of every event id (to exercise the sender's retries).
    pub fn start_with(secret: &str, fail_first: u32) -> std::io::Result<Receiver> {
        let verifier = Verifier::new(VerifierOptions::new(&[secret]))
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e.to_string()))?;
        let server = tiny_http::Server::http("127.0.0.1:0").map_err(std::io::Error::other)?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| std::io::Error::other("not an IP listener"))?;
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let st = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut failures: std::collections::HashMap<String, u32> =
                std::collections::HashMap::new();
            while !st.load(Ordering::Relaxed) {
                let Ok(Some(mut rq)) = server.recv_timeout(Duration::from_millis(50)) else {
                    continue;
                };
                let mut body = Vec::new();
                let read = rq.as_reader().take(2 << 20).read_to_end(&mut body);
                let pairs: Vec<(String, String)> = rq
                    .headers()
                    .iter()
                    .map(|h| {
                        (
                            h.field.as_str().as_str().to_string(),
                            h.value.as_str().to_string(),
                        )
                    })
                    .collect();
                let headers =
                    Headers::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                let event_id = headers.event_id.map(String::from);
                let timestamp = headers.timestamp.map(String::from);
                let signature = headers.signature.map(String::from);
                let now = crate::util::unix_now() as i64;
                let result = if rq.method() != &tiny_http::Method::Post || rq.url() != PATH {
                    Err(peeker_core::Error::new(
                        peeker_core::Code::InvalidArgument,
                        format!("unexpected {} {}", rq.method(), rq.url()),
                    ))
                } else if read.is_err() {
                    Err(peeker_core::Error::new(
                        peeker_core::Code::InvalidPayload,
                        "the body could not be read",
                    ))
                } else {
                    verifier.verify(&body, &headers, now)
                };
                let answered = match &result {
                    Err(_) => 400,
                    Ok(e) => {
                        let n = failures.entry(e.id.clone()).or_insert(0);
                        *n += 1;
                        if *n <= fail_first {
                            500
                        } else {
                            200
                        }
                    }
                };
                let _ = rq.respond(
                    tiny_http::Response::from_string(if answered == 200 { "ok" } else { "no" })
                        .with_status_code(answered),
                );
                if tx
                    .send(Received {
                        result,
                        body,
                        event_id,
                        timestamp,
                        signature,
                        answered,
                    })
                    .is_err()
                {
                    break;
                }
            }
        });
        Ok(Receiver {
            url: format!("http://{addr}{PATH}"),
            rx,
            stop,
            thread: Some(thread),
        })
    }

    /// Where to send deliveries.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The next delivery, waiting up to `d`.
    pub fn recv_timeout(&self, d: Duration) -> Option<Received> {
        self.rx.recv_timeout(d).ok()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
