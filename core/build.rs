//! Compiles the pinned Public Suffix List (`data/public_suffix_list.dat`) into a
//! packed label trie that `src/psl.rs` walks. Runs at build time only.
//!
//! # The encoding (keep in sync with `src/psl.rs`)
//!
//! The trie is keyed by A-labels from the right (`uk`, then `co`, ...). Every
//! suffix of every rule is a node, so a lookup stops at the first label that no
//! rule continues with. The whole trie is one byte string, `psl.bin`:
//!
//! ```text
//! group := varint(count) index entry*count      the children of one node, sorted by label bytes
//! index := (prefix u24le) * ((count - 1) / STRIDE)  for entries STRIDE, 2*STRIDE, ...: the first three
//!                                               label bytes (zero-padded) and the entry's byte offset from the first entry
//! entry := head label flags [varint(len) group] head: bits 0-5 label length, bit 6 "has children"
//! ```
//!
//! The root group (the top-level domains) starts at offset 0. The top-level labels
//! are also reachable through a perfect hash table (`psl_tlds.bin`, see
//! `root_table`): a top-level lookup is one hash and one comparison, not a search
//! through 1,400-odd labels. So are the second-level entries (`psl_second.bin`,
//! keyed by the top-level entry and the label; about 20 KB), unless the cargo
//! feature `compact-psl` leaves both tables out (browser builds where size counts
//! more than speed); the answers are the same either way. Labels are stored in
//! full at every node (gzip removes the repetition far better than any table of
//! shared labels would), and only every STRIDE-th entry of a group is indexed:
//! a lookup binary-searches the index, then scans at most STRIDE entries.
//!
//! The trie is made by `encoding::pack` from its preorder stream (`psl_stream.bin`,
//! the layout is documented there): labels and flags with no offsets, lengths or
//! index, about 12 KB gzip less. `compact-psl` builds carry the stream instead of the
//! trie and pack it with the same function at their first lookup.
use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::Path;

// Flags, stride, varints and the hash functions: shared with src/psl.rs.
#[path = "src/psl_encoding.rs"]
mod encoding;
use encoding::{
    bucket_of, label_hash, pack, second_level_hash, slot_of, varint as read_varint, DEPTH_SHIFT,
    EXACT, EXCEPTION, HEAD, PRIVATE, STRIDE, WILDCARD,
};

#[derive(Default)]
struct Node {
    flags: u8,
    children: BTreeMap<Vec<u8>, Node>,
}

/// The trie's preorder stream (see `encoding::pack`).
fn write_stream(children: &BTreeMap<Vec<u8>, Node>, depth: u8, out: &mut Vec<u8>) {
    for (label, node) in children {
        assert!(
            depth < 8 && node.flags < 16,
            "PSL stream: depth or flags out of range"
        );
        assert!(label.iter().all(|&b| b & HEAD == 0), "PSL label not ASCII");
        out.extend_from_slice(label);
        out.push(HEAD | depth << DEPTH_SHIFT | node.flags);
        write_stream(&node.children, depth + 1, out);
    }
}

/// The entries of the group at `group`: (byte offset in the trie, label, children
/// group offset if any), in label order.
fn group_entries(trie: &[u8], group: usize) -> Vec<(usize, &[u8], Option<usize>)> {
    let mut pos = group;
    let n = read_varint(trie, &mut pos);
    let mut e = pos + 6 * (n.saturating_sub(1) / STRIDE);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let head = trie[e];
        let len = usize::from(head & 0x3f);
        let mut next = e + 1 + len + 1;
        let mut children = None;
        if head & 0x40 != 0 {
            let glen = read_varint(trie, &mut next);
            children = Some(next);
            next += glen;
        }
        out.push((e, &trie[e + 1..e + 1 + len], children));
        e = next;
    }
    out
}

/// A perfect hash table of trie entries (CHD: buckets of keys, each bucket given
/// the first displacement that puts all its keys into free slots).
/// Encoding: `nb u16le, m u16le, disp u16le * nb, slot u24le * m` where a slot is
/// the entry's byte offset in the trie plus one (0: empty).
fn perfect_table(hashes: &[u64], offsets: &[usize]) -> Vec<u8> {
    let n = hashes.len();
    let nb = n.div_ceil(4);
    let m = n + n / 8;
    assert!(m < 1 << 16, "too many keys for a u16 table");
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); nb];
    for (i, h) in hashes.iter().enumerate() {
        buckets[bucket_of(*h, nb)].push(i);
    }
    let mut order: Vec<usize> = (0..nb).collect();
    order.sort_by_key(|&b| std::cmp::Reverse(buckets[b].len()));
    let mut disp = vec![0u16; nb];
    let mut slots = vec![0u32; m];
    for b in order {
        if buckets[b].is_empty() {
            continue;
        }
        let found = (0..=u16::MAX).find(|&d| {
            let mut taken: Vec<usize> = Vec::new();
            buckets[b].iter().all(|&k| {
                let s = slot_of(hashes[k], d, m);
                let ok = slots[s] == 0 && !taken.contains(&s);
                taken.push(s);
                ok
            })
        });
        let d = found.expect("no displacement found for a PSL hash table");
        disp[b] = d;
        for &k in &buckets[b] {
            let off = offsets[k] + 1;
            assert!(off < 1 << 24);
            slots[slot_of(hashes[k], d, m)] = off as u32;
        }
    }
    let mut out = Vec::new();
    out.extend_from_slice(&(nb as u16).to_le_bytes());
    out.extend_from_slice(&(m as u16).to_le_bytes());
    for d in disp {
        out.extend_from_slice(&d.to_le_bytes());
    }
    for s in slots {
        out.extend_from_slice(&s.to_le_bytes()[..3]);
    }
    out
}

fn count(node: &Node) -> usize {
    node.children.values().map(|c| 1 + count(c)).sum()
}

fn main() {
    let src = Path::new("data/public_suffix_list.dat");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=src/psl_encoding.rs");
    let text = fs::read_to_string(src).expect("read data/public_suffix_list.dat");
    let mut version = String::new();
    let mut commit = String::new();
    let mut private = false;
    let mut root = Node::default();
    for raw in text.lines() {
        let line = raw.trim();
        if let Some(v) = line.strip_prefix("// VERSION: ") {
            version = v.trim().to_string();
        } else if let Some(c) = line.strip_prefix("// COMMIT: ") {
            commit = c.trim().to_string();
        } else if line.contains("===BEGIN PRIVATE DOMAINS===") {
            private = true;
        }
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        // A rule is the first white-space separated word of the line.
        let rule = line.split_whitespace().next().unwrap();
        let (flag, body) = if let Some(r) = rule.strip_prefix("!") {
            (EXCEPTION, r)
        } else if let Some(r) = rule.strip_prefix("*.") {
            (WILDCARD, r)
        } else {
            (EXACT, rule)
        };
        let ascii = idna::domain_to_ascii(body)
            .unwrap_or_else(|e| panic!("PSL rule {rule:?} is not valid IDNA: {e:?}"));
        let mut node = &mut root;
        for label in ascii.split('.').rev() {
            node = node.children.entry(label.as_bytes().to_vec()).or_default();
        }
        node.flags |= flag;
        if private {
            node.flags |= PRIVATE;
        }
    }
    assert!(!version.is_empty(), "PSL file has no // VERSION: line");
    let nodes = count(&root);
    assert!(nodes > 5000, "PSL file looks truncated");
    let mut stream = Vec::new();
    write_stream(&root.children, 0, &mut stream);
    let trie = pack(&stream);
    let top = group_entries(&trie, 0);
    assert_eq!(top.len(), root.children.len());
    let tlds = perfect_table(
        &top.iter()
            .map(|(_, l, _)| label_hash(l))
            .collect::<Vec<_>>(),
        &top.iter().map(|(e, _, _)| *e).collect::<Vec<_>>(),
    );
    // Every second-level entry, keyed by its top-level entry's children group and its label.
    let (mut hashes, mut offsets) = (Vec::new(), Vec::new());
    for (_, _, children) in &top {
        if let Some(g) = children {
            for (e, label, _) in group_entries(&trie, *g) {
                hashes.push(second_level_hash(*g, label));
                offsets.push(e);
            }
        }
    }
    let second = perfect_table(&hashes, &offsets);

    let out_dir = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out_dir).join("psl.bin"), &trie).unwrap();
    fs::write(Path::new(&out_dir).join("psl_stream.bin"), &stream).unwrap();
    fs::write(Path::new(&out_dir).join("psl_tlds.bin"), &tlds).unwrap();
    fs::write(Path::new(&out_dir).join("psl_second.bin"), &second).unwrap();
    let mut out = String::new();
    out.push_str("/// The list's `// VERSION:` line.\n");
    out.push_str(&format!("pub const PSL_VERSION: &str = {version:?};\n"));
    out.push_str("/// The list's `// COMMIT:` line.\n");
    out.push_str(&format!("pub const PSL_COMMIT: &str = {commit:?};\n"));
    out.push_str("/// Nodes of the compiled trie (every suffix of every rule).\n");
    out.push_str(&format!("pub const PSL_RULES: usize = {nodes};\n"));
    out.push_str(
        "#[cfg(not(feature = \"compact-psl\"))]\nstatic TRIE: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/psl.bin\"));\n",
    );
    out.push_str(
        "#[cfg(feature = \"compact-psl\")]\nstatic STREAM: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/psl_stream.bin\"));\n",
    );
    out.push_str(
        "#[cfg(not(feature = \"compact-psl\"))]\nstatic TLDS: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/psl_tlds.bin\"));\n",
    );
    out.push_str(
        "#[cfg(not(feature = \"compact-psl\"))]\nstatic SECOND: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/psl_second.bin\"));\n",
    );
    fs::write(Path::new(&out_dir).join("psl_table.rs"), out).unwrap();
}
