//! Pollers: when to ask again about an import or an order, and when to stop,
//! decided once for every binding. Sans-IO: the caller sends the poll request
//! (`get_import`, `get_import_job` or `get_order`, [`PollKind::operation`]),
//! hands the answer and its own clock's "now" to [`Poller::next`], and sleeps
//! for the wait it is told.
//!
//! The rule:
//! - `in_progress`: poll again after the interval (the documented cadence, 60 s,
//!   unless the caller chose another), or less when a timeout ends sooner;
//! - any other status ends the wait: `completed`, `failed`, `action_required`
//!   (the partner must act: show the nameservers, fix the picture…),
//!   `cancel_scheduled`, `cancelled`, and a status this version does not know,
//!   which reaches the caller as sent rather than being polled forever;
//! - still `in_progress` when the optional timeout has passed (counted from the
//!   first answer), or after the optional most polls: give up
//!   ([`PollDecision::TimedOut`]).
use crate::api::Operation;
use crate::response::ApiResponse;
use crate::{Code, Error};
use serde_json::Value;

/// The documented polling cadence (spec §2.8, §3.4: "poll every 60 s"), in ms.
pub const DEFAULT_INTERVAL_MS: u64 = 60_000;

/// What a poller follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PollKind {
    /// A synchronous import, `GET /domains/import/{id}`.
    Import,
    /// An async import job, `GET /domains/import/jobs/{id}`.
    ImportJob,
    /// An order, `GET /orders/{id}`.
    Order,
}

impl PollKind {
    /// Every kind.
    pub const ALL: &'static [PollKind] = &[PollKind::Import, PollKind::ImportJob, PollKind::Order];

    /// `"import"`, `"import_job"` or `"order"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PollKind::Import => "import",
            PollKind::ImportJob => "import_job",
            PollKind::Order => "order",
        }
    }

    /// Parses [`PollKind::as_str`]'s form; `invalid_argument` (field `kind`) otherwise.
    pub fn parse(s: &str) -> Result<PollKind, Error> {
        PollKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = PollKind::ALL.iter().map(|k| k.as_str()).collect();
                crate::error::not_one_of("kind", &names, s)
            })
    }

    /// The operation whose response is polled (its request takes the `id`).
    pub const fn operation(self) -> Operation {
        match self {
            PollKind::Import => Operation::GetImport,
            PollKind::ImportJob => Operation::GetImportJob,
            PollKind::Order => Operation::GetOrder,
        }
    }
}

/// What to do after one poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollDecision {
    /// Still `in_progress`: poll again after this many milliseconds.
    Wait {
        /// Milliseconds to wait.
        ms: u64,
    },
    /// The wait is over: the resource's status, as sent.
    Done {
        /// `completed`, `failed`, `action_required`, … (unknown values kept).
        status: String,
    },
    /// Still `in_progress` when the timeout or the most polls ran out.
    TimedOut {
        /// The last status seen.
        status: String,
    },
}

impl PollDecision {
    /// `"wait"`, `"done"` or `"timed_out"`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            PollDecision::Wait { .. } => "wait",
            PollDecision::Done { .. } => "done",
            PollDecision::TimedOut { .. } => "timed_out",
        }
    }
    /// The wait of [`PollDecision::Wait`].
    pub const fn wait_ms(&self) -> Option<u64> {
        match self {
            PollDecision::Wait { ms } => Some(*ms),
            _ => None,
        }
    }
}

/// The poll state of one resource. See the module documentation for the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Poller {
    kind: PollKind,
    interval_ms: u64,
    timeout_ms: Option<u64>,
    max_polls: Option<u32>,
    start_ms: Option<u64>,
    polls: u32,
    status: Option<String>,
}

impl Poller {
    /// A poller at the documented cadence, without timeout or limit.
    pub fn new(kind: PollKind) -> Poller {
        Poller {
            kind,
            interval_ms: DEFAULT_INTERVAL_MS,
            timeout_ms: None,
            max_polls: None,
            start_ms: None,
            polls: 0,
            status: None,
        }
    }

    /// The caller's interval between polls, in ms (at least 1: `invalid_argument`,
    /// field `interval`, for 0).
    pub fn with_interval_ms(mut self, ms: u64) -> Result<Poller, Error> {
        if ms == 0 {
            return Err(Error::new(
                Code::InvalidArgument,
                "The poll interval must be at least 1 ms (the documented cadence is 60 s).",
            )
            .with_field("interval"));
        }
        self.interval_ms = ms;
        Ok(self)
    }

    /// Give up when still `in_progress` this many ms after the first answer.
    pub fn with_timeout_ms(mut self, ms: u64) -> Poller {
        self.timeout_ms = Some(ms);
        self
    }

    /// Give up when still `in_progress` after this many polls (at least 1).
    pub fn with_max_polls(mut self, n: u32) -> Poller {
        self.max_polls = Some(n.max(1));
        self
    }

    /// What this poller follows.
    pub const fn kind(&self) -> PollKind {
        self.kind
    }
    /// The interval between polls, in ms.
    pub const fn interval_ms(&self) -> u64 {
        self.interval_ms
    }
    /// Answers seen so far.
    pub const fn polls(&self) -> u32 {
        self.polls
    }
    /// The last status seen, as sent.
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// What every binding says when this poller gives up
    /// ([`PollDecision::TimedOut`]), e.g. `order ord_1 is still in_progress
    /// after 3 polls; gave up (poll again later, or wait for its webhook)`.
    pub fn gave_up_message(&self, id: &str) -> String {
        format!(
            "{} {} is still {} after {} poll{}; gave up (poll again later, or wait for its webhook)",
            self.kind.as_str().replace('_', " "),
            crate::error::shorten(id),
            self.status.as_deref().unwrap_or("unknown"),
            self.polls,
            if self.polls == 1 { "" } else { "s" }
        )
    }

    /// The decision after one answer whose `data.status` is `status`, at the
    /// caller's `now_ms` (any monotonic clock in ms; only differences count).
    pub fn next(&mut self, now_ms: u64, status: &str) -> PollDecision {
        self.polls = self.polls.saturating_add(1);
        let start = *self.start_ms.get_or_insert(now_ms);
        self.status = Some(status.to_string());
        if status != "in_progress" {
            return PollDecision::Done {
                status: status.to_string(),
            };
        }
        let timed_out = PollDecision::TimedOut {
            status: status.to_string(),
        };
        if self.max_polls.is_some_and(|m| self.polls >= m) {
            return timed_out;
        }
        let mut ms = self.interval_ms;
        if let Some(t) = self.timeout_ms {
            let end = start.saturating_add(t);
            if now_ms >= end {
                return timed_out;
            }
            ms = ms.min(end - now_ms);
        }
        PollDecision::Wait { ms }
    }

    /// [`Poller::next`] for a parsed response of [`PollKind::operation`]: an
    /// error answer is `api_error` (its message is the response's), a response
    /// of another operation `invalid_argument`, and a success without a string
    /// `data.status` `unexpected_response`.
    pub fn next_response(
        &mut self,
        now_ms: u64,
        response: &ApiResponse,
    ) -> Result<PollDecision, Error> {
        if let Some(e) = &response.error {
            let mut err = Error::new(Code::ApiError, e.api_error_message());
            err.field = e.field.clone();
            return Err(err);
        }
        if let Some(op) = response.operation.filter(|o| *o != self.kind.operation()) {
            return Err(Error::new(
                Code::InvalidArgument,
                format!(
                    "A {} poller reads responses of {}, not of {}.",
                    self.kind.as_str(),
                    self.kind.operation().as_str(),
                    op.as_str()
                ),
            )
            .with_field("response"));
        }
        let status = response
            .data
            .as_ref()
            .and_then(|d| d.get("status"))
            .and_then(Value::as_str);
        self.next_status(now_ms, status)
    }

    /// [`Poller::next`] for the `data.status` a binding read from a parsed
    /// success: `None` when the data has no string `status`, which is
    /// `unexpected_response` (the one check every binding's waiter goes through).
    pub fn next_status(
        &mut self,
        now_ms: u64,
        status: Option<&str>,
    ) -> Result<PollDecision, Error> {
        match status {
            Some(s) => Ok(self.next(now_ms, s)),
            None => Err(Error::new(
                Code::UnexpectedResponse,
                format!(
                    "The {} response has no string data.status to poll on.",
                    self.kind.operation().as_str()
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_on_in_progress_and_stops_on_every_other_status() {
        let mut p = Poller::new(PollKind::Order);
        assert_eq!(p.next(5, "in_progress"), PollDecision::Wait { ms: 60_000 });
        assert_eq!(p.next(60_005, "in_progress").wait_ms(), Some(60_000));
        for s in [
            "completed",
            "failed",
            "action_required",
            "cancelled",
            "cancel_scheduled",
            "paused_for_review",
        ] {
            let mut p = Poller::new(PollKind::Import);
            assert_eq!(p.next(0, s), PollDecision::Done { status: s.into() });
            assert_eq!((p.status(), p.polls()), (Some(s), 1));
        }
        assert_eq!(p.polls(), 2);
    }

    #[test]
    fn the_callers_interval_timeout_and_most_polls() {
        assert!(Poller::new(PollKind::Order).with_interval_ms(0).is_err());
        let mut p = Poller::new(PollKind::ImportJob)
            .with_interval_ms(1_000)
            .unwrap()
            .with_timeout_ms(2_500);
        assert_eq!(p.next(10_000, "in_progress").wait_ms(), Some(1_000));
        assert_eq!(p.next(11_000, "in_progress").wait_ms(), Some(1_000));
        // Less than an interval is left: the last poll lands on the deadline.
        assert_eq!(p.next(12_000, "in_progress").wait_ms(), Some(500));
        assert_eq!(
            p.next(12_500, "in_progress"),
            PollDecision::TimedOut {
                status: "in_progress".into()
            }
        );
        let mut p = Poller::new(PollKind::Order).with_max_polls(2);
        assert!(p.next(0, "in_progress").wait_ms().is_some());
        assert_eq!(p.next(1, "in_progress").as_str(), "timed_out");
        assert_eq!(
            p.gave_up_message("ord_1"),
            "order ord_1 is still in_progress after 2 polls; gave up (poll again later, or wait for its webhook)"
        );
        // A terminal status on the last poll is still done.
        let mut p = Poller::new(PollKind::Order).with_max_polls(1);
        assert_eq!(p.next(0, "completed").as_str(), "done");
    }

    #[test]
    fn reads_parsed_responses() {
        let c = crate::Client::new("pk_test_abc").unwrap();
        let ok = |op, body: &str| crate::parse_response(&c, op, 200, [], body.as_bytes()).unwrap();
        let mut p = Poller::new(PollKind::Order);
        let r = ok(
            Operation::GetOrder,
            r#"{"data":{"id":"ord_1","status":"in_progress"}}"#,
        );
        assert_eq!(p.next_response(0, &r).unwrap().wait_ms(), Some(60_000));
        let r = ok(
            Operation::GetImport,
            r#"{"data":{"id":"imp_1","status":"completed"}}"#,
        );
        assert_eq!(
            p.next_response(0, &r).unwrap_err().code,
            Code::InvalidArgument
        );
        let r = crate::parse_response(
            &c,
            Operation::GetOrder,
            404,
            [("Peeker-Request-Id", "req_1")],
            br#"{"error":{"code":"not_found","message":"no such order"}}"#,
        )
        .unwrap();
        let e = p.next_response(0, &r).unwrap_err();
        assert_eq!(e.code, Code::ApiError);
        assert!(e.message.contains("not_found") && e.message.contains("req_1"));
        assert_eq!(PollKind::parse("order").unwrap(), PollKind::Order);
        assert_eq!(
            PollKind::parse("swap").unwrap_err().field.as_deref(),
            Some("kind")
        );
        assert_eq!(PollKind::ImportJob.operation(), Operation::GetImportJob);
    }
}
