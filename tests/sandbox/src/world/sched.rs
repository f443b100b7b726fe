//! The timer queue the accelerated clock drains, and webhook emission.
use super::*;

/// Work the clock makes happen.
#[derive(Clone, Debug)]
pub enum Task {
    /// Async import done, or a pending import turning `action_required`.
    ImportCheck(String),
    /// Connect one domain of an order.
    DomainConnect(String, usize),
    /// Finish an order.
    OrderFinish(String),
    /// Flag a private profile picture.
    OrderBlock(String),
    /// Finish a forwarding job.
    ForwardingFinish(String),
    /// Advance a swap.
    SwapStep(String),
    /// End of a cancellation.
    CancelFinish(String),
    /// End of a domain-scoped cancellation: (order, domain ids, scheduled at).
    CancelPart(String, Vec<String>, f64),
    /// Send a webhook.
    Deliver(Delivery),
    /// Release held webhooks (out-of-order scenario).
    FlushHeld,
}

/// A due task.
#[derive(Debug)]
pub struct Timer {
    /// Simulated due time, milliseconds.
    pub due_ms: i64,
    seq: u64,
    /// Account.
    pub key: String,
    /// What to do.
    pub task: Task,
}

impl PartialEq for Timer {
    fn eq(&self, o: &Self) -> bool {
        (self.due_ms, self.seq) == (o.due_ms, o.seq)
    }
}
impl Eq for Timer {}
impl PartialOrd for Timer {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Timer {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.due_ms, self.seq).cmp(&(o.due_ms, o.seq))
    }
}

/// The timer queue.
#[derive(Default)]
pub struct Sched {
    heap: BinaryHeap<Reverse<Timer>>,
    seq: u64,
}

impl Sched {
    /// Schedules `task` at simulated time `at`.
    pub fn at(&mut self, at: f64, key: &str, task: Task) {
        self.seq += 1;
        self.heap.push(Reverse(Timer {
            due_ms: (at * 1000.0) as i64,
            seq: self.seq,
            key: key.to_string(),
            task,
        }));
    }
    /// The next due time (simulated seconds).
    pub fn next_due(&self) -> Option<f64> {
        self.heap.peek().map(|Reverse(t)| t.due_ms as f64 / 1000.0)
    }
    /// Pops a timer due at or before `now`.
    pub fn pop_due(&mut self, now: f64) -> Option<Timer> {
        if self
            .heap
            .peek()
            .is_some_and(|Reverse(t)| t.due_ms as f64 / 1000.0 <= now)
        {
            self.heap.pop().map(|Reverse(t)| t)
        } else {
            None
        }
    }
}

pub(crate) fn terminal(t: &str) -> bool {
    matches!(
        t,
        "order.completed"
            | "order.failed"
            | "order.cancelled"
            | "order.action_required"
            | "domain_import.completed"
            | "domain_import.failed"
            | "domain_import.action_required"
            | "swap.completed"
            | "swap.failed"
            | "swap.action_required"
    )
}

/// Emits a webhook event: logs it and schedules its delivery as the scenario says.
pub(crate) fn emit(acc: &mut Account, sched: &mut Sched, ctx: &Ctx, event_type: &str, data: Value) {
    let id = new_id("evt", ctx.now);
    let envelope =
        json!({"id": id, "type": event_type, "created_at": rfc3339(ctx.now), "data": data});
    let body = envelope.to_string();
    acc.events.push(envelope);
    if acc.events.len() > 2000 {
        acc.events.drain(..1000);
    }
    let d = Delivery {
        key: acc.key.clone(),
        event_id: id,
        event_type: event_type.to_string(),
        body,
        attempt: 1,
        first_timestamp: None,
    };
    match ctx.scenario {
        Scenario::OutOfOrderWebhooks => {
            acc.held.push(d);
            if terminal(event_type) {
                flush_held(acc, sched, ctx.now);
            } else {
                sched.at(ctx.now + HOLD_SECS, &acc.key, Task::FlushHeld);
            }
        }
        Scenario::DuplicateWebhooks => {
            sched.at(ctx.now, &acc.key, Task::Deliver(d.clone()));
            sched.at(ctx.now + 20.0, &acc.key, Task::Deliver(d));
        }
        _ => sched.at(ctx.now, &acc.key, Task::Deliver(d)),
    }
}

pub(crate) fn flush_held(acc: &mut Account, sched: &mut Sched, now: f64) {
    for (i, d) in acc.held.drain(..).rev().enumerate() {
        sched.at(now + i as f64, &acc.key, Task::Deliver(d));
    }
}
