//! Domain sets: a list of domains normalised as one request (duplicates removed,
//! sorted, per-entry errors), the documented per-request limits, and the
//! import-set key.
use super::{normalize_root_domain, request_root_domain, RootDomain, MAX_SET_ENTRIES};
use crate::error::{Code, Error};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Documented per-request limits on the number of domains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchLimit {
    /// `POST /domains/availability`: 50.
    Availability,
    /// `POST /domains/import` (synchronous): 25.
    Import,
    /// `POST /domains/import/jobs` (asynchronous): 500.
    ImportJob,
    /// `POST /domains/forwarding`: 25.
    Forwarding,
}

impl BatchLimit {
    /// The maximum number of domains.
    pub const fn max(self) -> usize {
        match self {
            BatchLimit::Availability => 50,
            BatchLimit::Import => 25,
            BatchLimit::ImportJob => 500,
            BatchLimit::Forwarding => 25,
        }
    }
    /// The endpoint, for messages.
    pub const fn endpoint(self) -> &'static str {
        match self {
            BatchLimit::Availability => "POST /domains/availability",
            BatchLimit::Import => "POST /domains/import",
            BatchLimit::ImportJob => "POST /domains/import/jobs",
            BatchLimit::Forwarding => "POST /domains/forwarding",
        }
    }
    /// Every limit, in the order of their names in messages.
    pub const ALL: &'static [BatchLimit] = &[
        BatchLimit::Import,
        BatchLimit::ImportJob,
        BatchLimit::Availability,
        BatchLimit::Forwarding,
    ];

    /// The name: `import`, `import_job`, `availability`, `forwarding`.
    pub const fn name(self) -> &'static str {
        match self {
            BatchLimit::Availability => "availability",
            BatchLimit::Import => "import",
            BatchLimit::ImportJob => "import_job",
            BatchLimit::Forwarding => "forwarding",
        }
    }

    /// Parses a name; another is `invalid_argument` with field `limit` (the one
    /// message every binding gives).
    pub fn parse(name: &str) -> Result<Self, Error> {
        BatchLimit::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = BatchLimit::ALL.iter().map(|l| l.name()).collect();
            crate::error::not_one_of("limit", &names, name)
        })
    }

    /// Parses `availability`, `import`, `import_job`, `forwarding`.
    pub fn from_name(s: &str) -> Option<Self> {
        Some(match s {
            "availability" => BatchLimit::Availability,
            "import" => BatchLimit::Import,
            "import_job" => BatchLimit::ImportJob,
            "forwarding" => BatchLimit::Forwarding,
            _ => return None,
        })
    }
}

/// The error of one entry of a domain set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedError {
    /// Position of the entry in the input.
    pub index: usize,
    /// What is wrong with it.
    pub error: Error,
}

/// A list of domains normalised as one import request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DomainSet {
    /// Valid entries, duplicates removed, sorted by A-label form.
    pub domains: Vec<RootDomain>,
    /// Invalid entries with their input index, in input order.
    pub errors: Vec<IndexedError>,
}

impl DomainSet {
    /// Refuses a set of `count` entries before any is read: `too_many_domains`
    /// above [`MAX_SET_ENTRIES`] (a binding checks this before copying its input).
    pub fn check_count(count: usize) -> Result<(), Error> {
        if count > MAX_SET_ENTRIES {
            return Err(Error::new(
                Code::TooManyDomains,
                format!("{count} domains given; at most {MAX_SET_ENTRIES} are examined at once."),
            ));
        }
        Ok(())
    }

    /// Normalises every entry through [`normalize_root_domain`].
    pub fn new<S: AsRef<str>>(inputs: &[S]) -> Result<DomainSet, Error> {
        DomainSet::of(inputs, normalize_root_domain)
    }

    /// The set a request sends: every entry through [`request_root_domain`], so a
    /// name whose only fault is `unknown_tld` is kept in its normalised form (the
    /// server decides). [`DomainSet::new`] is the set a form shows.
    pub fn for_request<S: AsRef<str>>(inputs: &[S]) -> Result<DomainSet, Error> {
        DomainSet::of(inputs, request_root_domain)
    }

    fn of<S: AsRef<str>>(
        inputs: &[S],
        normalize: fn(&str) -> Result<RootDomain, Error>,
    ) -> Result<DomainSet, Error> {
        DomainSet::check_count(inputs.len())?;
        let mut map = BTreeMap::new();
        let mut errors = Vec::new();
        for (index, raw) in inputs.iter().enumerate() {
            match normalize(raw.as_ref()) {
                Ok(d) => {
                    map.entry(d.ascii.clone()).or_insert(d);
                }
                Err(mut error) => {
                    error.field = Some(format!("domains[{index}]"));
                    errors.push(IndexedError { index, error });
                }
            }
        }
        Ok(DomainSet {
            domains: map.into_values().collect(),
            errors,
        })
    }

    /// The A-label forms, sorted.
    pub fn ascii(&self) -> Vec<String> {
        self.domains.iter().map(|d| d.ascii.clone()).collect()
    }

    /// The import-set key (lowercase hex SHA-256 of the sorted A-labels joined with
    /// `\n`), or `None` while any entry is invalid.
    pub fn key(&self) -> Option<String> {
        if self.errors.is_empty() {
            Some(import_set_key(
                self.domains.iter().map(|d| d.ascii.as_str()),
            ))
        } else {
            None
        }
    }

    /// Checks that the set is usable for one request to the endpoint of `limit`:
    /// no invalid entry, at least one domain, and no more than the limit.
    pub fn check(&self, limit: BatchLimit) -> Result<(), Error> {
        if let Some(first) = self.errors.first() {
            let mut e = Error::new(
                Code::InvalidDomains,
                format!(
                    "{} of the domains {} invalid; the first, domains[{}]: {}",
                    self.errors.len(),
                    if self.errors.len() == 1 { "is" } else { "are" },
                    first.index,
                    first.error.message
                ),
            )
            .with_field(format!("domains[{}]", first.index));
            e.suggestion = first.error.suggestion.clone();
            return Err(e);
        }
        if self.domains.is_empty() {
            return Err(
                Error::new(Code::NoDomains, "Enter at least one domain.").with_field("domains")
            );
        }
        if self.domains.len() > limit.max() {
            return Err(Error::new(
                Code::TooManyDomains,
                format!(
                    "{} domains given; {} takes at most {} per request.{}",
                    self.domains.len(),
                    limit.endpoint(),
                    limit.max(),
                    if limit == BatchLimit::Import {
                        " Use POST /domains/import/jobs for up to 500."
                    } else {
                        ""
                    }
                ),
            )
            .with_field("domains"));
        }
        Ok(())
    }
}

/// The import-set key: lowercase hex SHA-256 of the domains (already normalised,
/// unique and sorted) joined with `\n`, no trailing newline.
pub fn import_set_key<'a>(sorted_ascii: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    for (i, d) in sorted_ascii.into_iter().enumerate() {
        if i > 0 {
            h.update(b"\n");
        }
        h.update(d.as_bytes());
    }
    crate::hex::encode(&h.finalize())
}
