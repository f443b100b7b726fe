//! The production cases of the seed guide ("Things to handle in production"),
//! switchable for a whole run. Most can also be triggered per domain name or by
//! the data sent (see each variant).

/// A sandbox scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// Everything works: imports complete, orders complete.
    Happy,
    /// The customer has not flipped the nameservers: imports stay `in_progress`, then
    /// `domain_import.action_required` after ~30 simulated minutes, and complete once
    /// `POST /_sandbox/imports/{id}/flip_nameservers` is called. Per domain: a name
    /// containing `ns-pending`.
    NsPending,
    /// A persona's profile picture URL is private: `order.action_required` and a
    /// pending row with `reason: "profile_picture_not_accessible"`. The sandbox
    /// decides from the URL itself (private or local host, or `private` in the URL),
    /// so this run-wide switch only changes what the workflow sends.
    PrivatePicture,
    /// Synchronous `POST /domains/import` answers 429 `rate_limited` with
    /// `details.reason: "cloudflare_account_capacity"`. Per domain: a name containing
    /// `capacity`.
    Capacity,
    /// The first request of every distinct method and path answers 503 (retry with
    /// backoff). Any time: `POST /_sandbox/faults`.
    ServerErrors,
    /// Every webhook is delivered twice (same event id, signed again).
    DuplicateWebhooks,
    /// Webhooks are held and delivered newest first (e.g. `order.completed` before
    /// `domain.connected` and `order.in_progress`).
    OutOfOrderWebhooks,
    /// The first order of each key ends in `order.failed` (its domains released).
    /// Per domain: a name containing `fail-order`.
    FailOrder,
    /// The first import of each key (synchronous or job) ends in
    /// `domain_import.failed`. Per domain: a name containing `fail-import`.
    FailImport,
    /// The first swap of each key ends in `swap.failed`. Per swap: a replacement
    /// containing `fail-swap`.
    FailSwap,
    /// The last domain of the first order of each key can't be provisioned: a
    /// `replace_domain` pending row until it is swapped. Per domain: a name
    /// containing `replace-domain`.
    ReplaceDomain,
}

impl Scenario {
    /// Every scenario.
    pub const ALL: [Scenario; 11] = [
        Scenario::Happy,
        Scenario::NsPending,
        Scenario::PrivatePicture,
        Scenario::Capacity,
        Scenario::ServerErrors,
        Scenario::DuplicateWebhooks,
        Scenario::OutOfOrderWebhooks,
        Scenario::FailOrder,
        Scenario::FailImport,
        Scenario::FailSwap,
        Scenario::ReplaceDomain,
    ];

    /// The name used on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Scenario::Happy => "happy",
            Scenario::NsPending => "ns-pending",
            Scenario::PrivatePicture => "private-picture",
            Scenario::Capacity => "capacity",
            Scenario::ServerErrors => "server-errors",
            Scenario::DuplicateWebhooks => "duplicate-webhooks",
            Scenario::OutOfOrderWebhooks => "out-of-order-webhooks",
            Scenario::FailOrder => "fail-order",
            Scenario::FailImport => "fail-import",
            Scenario::FailSwap => "fail-swap",
            Scenario::ReplaceDomain => "replace-domain",
        }
    }

    /// Parses a name.
    pub fn from_name(s: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|x| x.name() == s.trim())
    }

    /// One line for `--help` and the README.
    pub const fn describe(self) -> &'static str {
        match self {
            Scenario::Happy => "the seed guide's flow, everything succeeds",
            Scenario::NsPending => "nameservers not flipped: domain_import.action_required, then completed after the customer flips DNS",
            Scenario::PrivatePicture => "a private profile picture URL: order.action_required and a pending row; a corrected order completes",
            Scenario::Capacity => "429 cloudflare_account_capacity on the synchronous import: fall back to an async import job",
            Scenario::ServerErrors => "the first call of every endpoint answers 503: the transport retries with backoff",
            Scenario::DuplicateWebhooks => "every webhook arrives twice: the tracker deduplicates on the event id",
            Scenario::OutOfOrderWebhooks => "webhooks arrive newest first: the tracker still ends at order.completed",
            Scenario::FailOrder => "the first order ends in order.failed: its domains are released and a new order completes",
            Scenario::FailImport => "the first import ends in domain_import.failed: importing again succeeds",
            Scenario::FailSwap => "after the order completes, a swap ends in swap.failed: a second swap completes",
            Scenario::ReplaceDomain => "a domain can't be provisioned: a replace_domain pending row; a swap replaces it and the order completes",
        }
    }
}
