//! The Public Suffix List, compiled at build time from `data/public_suffix_list.dat`
//! (see `build.rs`) into one sorted table of label-reversed A-label keys.
//! The whole list is used: ICANN and private sections, wildcard and exception
//! rules, and the default `*` rule.

include!(concat!(env!("OUT_DIR"), "/psl_table.rs"));

const EXACT: u8 = 1;
const WILDCARD: u8 = 2;
const EXCEPTION: u8 = 4;
const PRIVATE: u8 = 8;
const TLD: u8 = 16;

/// Version string of the compiled list (its `// VERSION:` line), e.g. `2026-10-22_08-36-41_UTC`.
pub const fn version() -> &'static str {
    PSL_VERSION
}

/// The commit of the list's repository the compiled copy was taken from.
pub const fn commit() -> &'static str {
    PSL_COMMIT
}

/// Number of entries in the compiled table (rules plus intermediate nodes).
pub const fn table_len() -> usize {
    PSL_RULES
}

fn key(i: usize) -> &'static [u8] {
    &BLOB.as_bytes()[OFFSETS[i] as usize..OFFSETS[i + 1] as usize]
}

/// Looks up a label-reversed key ("uk.co"); returns its flags, or `None` when no
/// rule ends with this suffix.
fn lookup(rev: &[u8]) -> Option<u8> {
    let (mut lo, mut hi) = (0usize, FLAGS.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        match key(mid).cmp(rev) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(FLAGS[mid]),
        }
    }
    None
}

/// The result of matching a name against the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuffixMatch {
    /// Number of labels of the public suffix (at least 1: the default rule).
    pub suffix_labels: usize,
    /// Whether some rule of the list names the top-level domain.
    pub known_tld: bool,
    /// Whether the deciding rule is from the private section.
    pub private: bool,
}

/// Matches a lower-case A-label name (no trailing dot, no empty labels).
pub fn match_suffix(name: &str) -> SuffixMatch {
    // Labels from the right, as byte ranges.
    let bytes = name.as_bytes();
    let mut rev: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut best = 1usize;
    let mut private = false;
    let mut known_tld = false;
    let mut end = bytes.len();
    let mut i = 0usize;
    loop {
        let start = bytes[..end].iter().rposition(|&b| b == b'.').map_or(0, |p| p + 1);
        if i > 0 {
            rev.push(b'.');
        }
        rev.extend_from_slice(&bytes[start..end]);
        i += 1;
        let Some(f) = lookup(&rev) else { break };
        if i == 1 {
            known_tld = f & TLD != 0;
        }
        if f & EXCEPTION != 0 {
            // An exception rule wins over everything: its parent is the suffix.
            best = i - 1;
            private = f & PRIVATE != 0;
            break;
        }
        if f & EXACT != 0 && i >= best {
            best = i;
            private = f & PRIVATE != 0;
        }
        if start == 0 {
            break;
        }
        if f & WILDCARD != 0 && i + 1 >= best {
            // "*.x" makes any one label below x part of the suffix.
            best = i + 1;
            private = f & PRIVATE != 0;
        }
        end = start - 1;
    }
    SuffixMatch { suffix_labels: best, known_tld, private }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn version_is_present() {
        assert!(version().starts_with("20"), "{}", version());
        assert!(table_len() > 5000);
    }
    #[test]
    fn basic_matches() {
        assert_eq!(match_suffix("acme.co.uk").suffix_labels, 2);
        assert_eq!(match_suffix("acme.com").suffix_labels, 1);
        assert!(match_suffix("acme.com").known_tld);
        assert!(!match_suffix("acme.notarealtld").known_tld);
        assert_eq!(match_suffix("b.c.mm").suffix_labels, 2);
        assert_eq!(match_suffix("www.ck").suffix_labels, 1);
        assert_eq!(match_suffix("a.b.test.ck").suffix_labels, 2);
        let gh = match_suffix("acme.github.io");
        assert_eq!(gh.suffix_labels, 2);
        assert!(gh.private);
    }
}
