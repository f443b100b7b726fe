//! The Public Suffix List, compiled at build time from `data/public_suffix_list.dat`
//! (see `build.rs`, which documents the encoding) into a packed trie of A-labels
//! read from the right: about 95 KB, walked without allocating.
//! The whole list is used: ICANN and private sections, wildcard and exception
//! rules, and the default `*` rule.

include!(concat!(env!("OUT_DIR"), "/psl_table.rs"));

// Flags, index stride, varints and hash functions, shared with build.rs (which
// documents the encoding).
// (Each build uses part of it: the hash tables, or the stream's packer.)
#[allow(dead_code)]
#[path = "psl_encoding.rs"]
mod encoding;
#[cfg(not(feature = "compact-psl"))]
use encoding::{bucket_of, label_hash, second_level_hash, slot_of};
use encoding::{varint, EXACT, EXCEPTION, PRIVATE, STRIDE, WILDCARD};

/// The packed trie: compiled in, or (feature `compact-psl`) packed from the
/// preorder stream the first time it is needed (`encoding::pack`, the function
/// `build.rs` packs it with for the other builds).
#[cfg(not(feature = "compact-psl"))]
#[inline(always)]
fn trie() -> &'static [u8] {
    TRIE
}

#[cfg(feature = "compact-psl")]
fn trie() -> &'static [u8] {
    static PACKED: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    PACKED.get_or_init(|| encoding::pack(STREAM))
}

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

/// The label of the entry at `pos`.
#[inline(always)]
fn label_at(t: &[u8], pos: usize) -> &[u8] {
    let len = usize::from(t[pos] & 0x3f);
    &t[pos + 1..pos + 1 + len]
}

/// Byte-wise comparison of two short labels, inlined (labels are a few bytes:
/// a call to `memcmp` costs more than the comparison).
#[inline(always)]
fn cmp_label(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    for i in 0..n {
        if a[i] != b[i] {
            return a[i].cmp(&b[i]);
        }
    }
    a.len().cmp(&b.len())
}

/// Finds `label` among the children of the group at `group`; returns the entry's
/// flags and the offset of its own group of children, if it has any.
fn find(t: &[u8], group: usize, label: &[u8]) -> Option<(u8, Option<usize>)> {
    let mut pos = group;
    let count = varint(t, &mut pos);
    let n_index = count.saturating_sub(1) / STRIDE;
    let entries = pos + 6 * n_index;
    let at = |k: usize| {
        let i = pos + 6 * k + 3;
        entries + (usize::from(t[i]) | usize::from(t[i + 1]) << 8 | usize::from(t[i + 2]) << 16)
    };
    // The first three bytes, zero-padded, as a number that sorts like the bytes.
    let key3 = |b: &[u8]| {
        let g = |i: usize| u32::from(b.get(i).copied().unwrap_or(0));
        g(0) << 16 | g(1) << 8 | g(2)
    };
    let want = key3(label);
    // The last indexed entry (entry STRIDE*(k+1)) whose label is <= `label`.
    let (mut lo, mut hi) = (0usize, n_index);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let i = pos + 6 * mid;
        let have = u32::from(t[i]) << 16 | u32::from(t[i + 1]) << 8 | u32::from(t[i + 2]);
        let le = match have.cmp(&want) {
            std::cmp::Ordering::Equal => cmp_label(label_at(t, at(mid)), label).is_le(),
            o => o.is_lt(),
        };
        if le {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let (mut e, first) = if lo == 0 {
        (entries, 0)
    } else {
        (at(lo - 1), lo * STRIDE)
    };
    let &first_byte = label.first()?;
    for _ in first..count.min(first + STRIDE) {
        let head = t[e];
        let len = usize::from(head & 0x3f);
        let flags_at = e + 1 + len;
        // Most entries differ from `label` in the first byte.
        let ord = match t[e + 1].cmp(&first_byte) {
            std::cmp::Ordering::Equal => cmp_label(&t[e + 1..flags_at], label),
            o => o,
        };
        if ord.is_gt() {
            return None;
        }
        let mut next = flags_at + 1;
        let children = if head & 0x40 != 0 {
            let len = varint(t, &mut next);
            let g = next;
            next += len;
            Some(g)
        } else {
            None
        };
        if ord.is_eq() {
            return Some((t[flags_at], children));
        }
        e = next;
    }
    None
}

/// Looks `key` up in a perfect hash table written by `build.rs` (`perfect_table`):
/// the trie offset of the only entry that can have this key, if any.
#[inline(always)]
#[cfg(not(feature = "compact-psl"))]
fn probe(t: &[u8], h: u64) -> Option<usize> {
    let nb = usize::from(u16::from_le_bytes([t[0], t[1]]));
    let m = usize::from(u16::from_le_bytes([t[2], t[3]]));
    let b = 4 + 2 * bucket_of(h, nb);
    let d = u16::from_le_bytes([t[b], t[b + 1]]);
    let s = 4 + 2 * nb + 3 * slot_of(h, d, m);
    let off = usize::from(t[s]) | usize::from(t[s + 1]) << 8 | usize::from(t[s + 2]) << 16;
    off.checked_sub(1)
}

/// The entry at `e` if its label is `label`: its flags and its children group
/// (start and end offsets), if it has one.
#[inline(always)]
#[cfg(not(feature = "compact-psl"))]
fn entry_if(e: usize, label: &[u8]) -> Option<(u8, Option<(usize, usize)>)> {
    let trie = trie();
    let head = trie[e];
    let len = usize::from(head & 0x3f);
    let flags_at = e + 1 + len;
    if len != label.len() || !trie[e + 1..flags_at].iter().zip(label).all(|(a, b)| a == b) {
        return None;
    }
    let children = if head & 0x40 != 0 {
        let mut next = flags_at + 1;
        let glen = varint(trie, &mut next);
        Some((next, next + glen))
    } else {
        None
    };
    Some((trie[flags_at], children))
}

/// Finds a top-level label through the perfect hash table `TLDS` (see `build.rs`):
/// the same answer as `find(trie(), 0, label)`, in one probe.
#[cfg(not(feature = "compact-psl"))]
fn find_tld(label: &[u8]) -> Option<(u8, Option<(usize, usize)>)> {
    entry_if(probe(TLDS, label_hash(label))?, label)
}

/// Without the hash tables: the trie's own search (the end of the children group
/// is not needed then).
#[cfg(feature = "compact-psl")]
fn find_tld(label: &[u8]) -> Option<(u8, Option<(usize, usize)>)> {
    find(trie(), 0, label).map(|(f, c)| (f, c.map(|g| (g, 0))))
}

/// Finds `label` among the children of a top-level entry (its children group is
/// `group..end`) through the table `SECOND`: the same answer as `find(trie(), group,
/// label)`. The table holds second-level entries only, and an entry lies inside the
/// group range of its own top-level entry alone, so a matching label inside the
/// range is the child sought.
#[cfg(not(feature = "compact-psl"))]
fn find_second(group: usize, end: usize, label: &[u8]) -> Option<(u8, Option<usize>)> {
    let e = probe(SECOND, second_level_hash(group, label))?;
    if e < group || e >= end {
        return None;
    }
    entry_if(e, label).map(|(f, c)| (f, c.map(|(g, _)| g)))
}

#[cfg(feature = "compact-psl")]
fn find_second(group: usize, _end: usize, label: &[u8]) -> Option<(u8, Option<usize>)> {
    find(trie(), group, label)
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
    let t = trie();
    let bytes = name.as_bytes();
    let mut best = 1usize;
    let mut private = false;
    let mut end = bytes.len();
    let label_start = |end: usize| {
        bytes[..end]
            .iter()
            .rposition(|&b| b == b'.')
            .map_or(0, |p| p + 1)
    };
    // The top-level label.
    let start = label_start(end);
    let Some((f, tld_children)) = find_tld(&bytes[start..end]) else {
        return SuffixMatch {
            suffix_labels: 1,
            known_tld: false,
            private: false,
        };
    };
    let mut found = Some((f, None));
    let mut i = 0usize;
    let mut start = start;
    // Labels from the right, walking down the trie.
    while let Some((f, children)) = found {
        i += 1;
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
        start = label_start(end);
        let label = &bytes[start..end];
        found = if i == 1 {
            match tld_children {
                Some((g, g_end)) => find_second(g, g_end, label),
                None => None,
            }
        } else {
            match children {
                Some(g) => find(t, g, label),
                None => None,
            }
        };
    }
    SuffixMatch {
        suffix_labels: best,
        known_tld: true,
        private,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    /// The stream `compact-psl` builds carry packs into the very trie `build.rs`
    /// compiles into the others (and that is what `trie()` gives in either build).
    #[test]
    fn the_stream_packs_into_the_compiled_trie() {
        let built: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/psl.bin"));
        let stream: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/psl_stream.bin"));
        assert_eq!(encoding::pack(stream), built);
        assert_eq!(trie(), built);
        assert!(stream.len() < built.len());
    }

    #[test]
    fn version_is_present() {
        assert!(version().starts_with("20"), "{}", version());
        assert!(table_len() > 5000);
    }
    /// The trie against a direct reading of the list's algorithm, for every rule
    /// and names around it (the rule itself, one and two labels below, its parent).
    #[test]
    fn trie_agrees_with_the_list_text() {
        let text = include_str!("../data/public_suffix_list.dat");
        let mut rules: std::collections::HashMap<String, (u8, bool)> = Default::default();
        let mut private = false;
        for line in text.lines().map(str::trim) {
            private |= line.contains("===BEGIN PRIVATE DOMAINS===");
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            let rule = line.split_whitespace().next().unwrap();
            let (f, body) = match (rule.strip_prefix('!'), rule.strip_prefix("*.")) {
                (Some(b), _) => (EXCEPTION, b),
                (_, Some(b)) => (WILDCARD, b),
                _ => (EXACT, rule),
            };
            let e = rules
                .entry(idna::domain_to_ascii(body).unwrap())
                .or_insert((0, false));
            e.0 |= f;
            e.1 |= private;
        }
        // A TLD is known when some rule ends with it.
        let tlds: std::collections::HashSet<&str> = rules
            .keys()
            .map(|r| r.rsplit('.').next().unwrap())
            .collect();
        // The list's algorithm, literally: the longest matching rule, exceptions first.
        let reference = |name: &str| -> (usize, bool, bool) {
            let labels: Vec<&str> = name.split('.').collect();
            let n = labels.len();
            let known_tld = tlds.contains(labels[n - 1]);
            let (mut best, mut private) = (1usize, false);
            for k in 1..=n {
                let suffix = labels[n - k..].join(".");
                if let Some(&(f, p)) = rules.get(&suffix) {
                    if f & EXCEPTION != 0 {
                        return (k - 1, known_tld, p);
                    }
                    if f & EXACT != 0 && k >= best {
                        (best, private) = (k, p);
                    }
                }
                if k < n {
                    let parent = labels[n - k..].join(".");
                    if let Some(&(f, p)) = rules.get(&parent) {
                        if f & WILDCARD != 0 && k + 1 >= best {
                            // "*.parent" matches this name's next label.
                            if rules
                                .get(&labels[n - k - 1..].join("."))
                                .is_none_or(|r| r.0 & EXCEPTION == 0)
                            {
                                (best, private) = (k + 1, p);
                            }
                        }
                    }
                }
            }
            (best, known_tld, private)
        };
        let mut checked = 0;
        for rule in rules.keys() {
            let parent = rule.split_once('.').map(|(_, p)| p.to_string());
            for name in [rule.clone(), format!("x.{rule}"), format!("a.x.{rule}")]
                .into_iter()
                .chain(parent)
            {
                let m = match_suffix(&name);
                let (best, known_tld, private) = reference(&name);
                assert_eq!(
                    (m.suffix_labels, m.known_tld, m.private),
                    (best, known_tld, private),
                    "{name}"
                );
                checked += 1;
            }
        }
        assert!(checked > 30_000, "{checked}");
        assert!(!match_suffix("example.notarealtld").known_tld);
    }

    /// The hashed top-level and second-level lookups against the trie's own search,
    /// for every top-level label, every second-level label of the list under every
    /// top-level entry, and labels that are not in the list.
    #[test]
    fn hash_tables_agree_with_the_trie() {
        let text = include_str!("../data/public_suffix_list.dat");
        let mut labels: std::collections::BTreeSet<String> = Default::default();
        let mut second_labels: std::collections::BTreeSet<String> = Default::default();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with("//") {
                continue;
            }
            let rule = line
                .split_whitespace()
                .next()
                .unwrap()
                .trim_start_matches(['!', '*', '.']);
            let ascii = idna::domain_to_ascii(rule).unwrap();
            let mut parts = ascii.rsplit('.');
            labels.insert(parts.next().unwrap().to_string());
            if let Some(second) = parts.next() {
                second_labels.insert(second.to_string());
            }
        }
        second_labels.insert("notarealsecondlevel".to_string());
        assert!(labels.len() > 1000);
        let tld = |l: &str| find_tld(l.as_bytes()).map(|(f, c)| (f, c.map(|(g, _)| g)));
        let mut second_checked = 0;
        for l in &labels {
            let found = tld(l);
            assert!(found.is_some(), "{l}");
            assert_eq!(found, find(trie(), 0, l.as_bytes()), "{l}");
            for other in [
                format!("{l}x"),
                format!("x{l}"),
                l[..l.len() - 1].to_string(),
                l.to_uppercase(),
            ] {
                assert_eq!(tld(&other), find(trie(), 0, other.as_bytes()), "{other}");
            }
            // Every second-level label of the list, looked up under this top-level entry.
            if let Some((_, Some((g, g_end)))) = find_tld(l.as_bytes()) {
                for s in &second_labels {
                    let want = find(trie(), g, s.as_bytes());
                    assert_eq!(find_second(g, g_end, s.as_bytes()), want, "{s}.{l}");
                    second_checked += usize::from(want.is_some());
                }
            }
        }
        assert!(second_checked > 5000, "{second_checked}");
        for junk in [
            "",
            "-",
            "notarealtld",
            "c0m",
            "comm",
            "xn--",
            "a".repeat(63).as_str(),
        ] {
            assert_eq!(tld(junk), find(trie(), 0, junk.as_bytes()), "{junk}");
        }
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
