//! The encoding of the compiled Public Suffix List, in one place for both sides:
//! `build.rs` writes it and `src/psl.rs` reads it (each includes this file with
//! `#[path]`). The layout itself is documented in `build.rs`.

/// Entry flag: `a.b` is a rule.
pub const EXACT: u8 = 1;
/// Entry flag: `*.a.b` is a rule (stored under `a.b`).
pub const WILDCARD: u8 = 2;
/// Entry flag: `!a.b` is a rule.
pub const EXCEPTION: u8 = 4;
/// Entry flag: the rule comes from the PRIVATE section.
pub const PRIVATE: u8 = 8;
/// Every STRIDE-th entry of a group is indexed.
pub const STRIDE: usize = 8;

/// Reads a LEB128 varint at `*pos` and moves past it.
pub fn varint(t: &[u8], pos: &mut usize) -> usize {
    let (mut n, mut shift) = (0usize, 0);
    loop {
        let b = t[*pos];
        *pos += 1;
        n |= usize::from(b & 0x7f) << shift;
        if b < 0x80 {
            return n;
        }
        shift += 7;
    }
}

/// The hash of a label (FNV-1a, then mixed).
#[inline(always)]
pub fn label_hash(label: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in label {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ (h >> 29)
}

/// The key of a second-level entry: its label under the top-level entry whose
/// children group starts at `group`.
#[inline(always)]
pub fn second_level_hash(group: usize, label: &[u8]) -> u64 {
    label_hash(label) ^ (group as u64).wrapping_mul(0xa076_1d64_78bd_642f)
}

/// `h` mapped onto `0..n`.
#[inline(always)]
pub fn reduce(h: u32, n: usize) -> usize {
    ((u64::from(h) * n as u64) >> 32) as usize
}

/// The bucket of a key in a table of `nb` buckets.
#[inline(always)]
pub fn bucket_of(h: u64, nb: usize) -> usize {
    reduce(h as u32, nb)
}

/// The slot of a key under displacement `d` in a table of `m` slots.
#[inline(always)]
pub fn slot_of(h: u64, d: u16, m: usize) -> usize {
    let x =
        (h ^ u64::from(d).wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    reduce((x >> 32) as u32, m)
}

/// Appends `n` as a LEB128 varint.
pub fn write_varint(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// The trie as a preorder stream: for each node, its label's bytes (ASCII, below
/// 0x80) and then one byte `0x80 | depth << 4 | flags` (the top-level labels have
/// depth 0; depth below 8), which also ends the label; a node's children follow it,
/// siblings in label-byte order. This is what `compact-psl` builds carry (it gzips
/// to about 12 KB less than the packed trie: no offsets, no lengths, no index);
/// `pack` makes the packed trie of it, at build time for the others and at first
/// use for those.
pub const DEPTH_SHIFT: u32 = 4;
/// The bit that marks a stream byte as a node's head (label bytes are ASCII).
pub const HEAD: u8 = 0x80;

/// The packed trie (the layout `build.rs` documents) of a preorder stream.
pub fn pack(stream: &[u8]) -> Vec<u8> {
    // The nodes: (depth, flags, label start, label end).
    let mut nodes: Vec<(u8, u8, usize, usize)> = Vec::new();
    let mut pos = 0;
    while pos < stream.len() {
        let start = pos;
        let len = stream[start..]
            .iter()
            .position(|&b| b & HEAD != 0)
            .expect("PSL stream ends inside a label");
        let head = stream[start + len];
        nodes.push((
            (head & !HEAD) >> DEPTH_SHIFT,
            head & 0x0f,
            start,
            start + len,
        ));
        pos = start + len + 1;
    }
    pack_group(stream, &nodes, 0, 0).0
}

/// The group of the siblings at `depth` starting with node `i`, and the index of
/// the first node after them (and their descendants).
fn pack_group(
    stream: &[u8],
    nodes: &[(u8, u8, usize, usize)],
    mut i: usize,
    depth: u8,
) -> (Vec<u8>, usize) {
    let mut entries = Vec::new();
    let mut index = Vec::new();
    let mut count = 0usize;
    while let Some(&(d, flags, a, b)) = nodes.get(i) {
        if d != depth {
            break;
        }
        let label = &stream[a..b];
        if count > 0 && count.is_multiple_of(STRIDE) {
            let off = entries.len();
            assert!(off < 1 << 24, "PSL group too large for the u24 index");
            let mut prefix = [0u8; 3];
            for (p, c) in prefix.iter_mut().zip(label) {
                *p = *c;
            }
            index.extend_from_slice(&prefix);
            index.extend_from_slice(&(off as u32).to_le_bytes()[..3]);
        }
        assert!(
            !label.is_empty() && label.len() <= 63,
            "PSL label {label:?} has a bad length"
        );
        i += 1;
        let has_children = nodes.get(i).is_some_and(|n| n.0 > depth);
        entries.push(label.len() as u8 | if has_children { 0x40 } else { 0 });
        entries.extend_from_slice(label);
        entries.push(flags);
        if has_children {
            assert_eq!(nodes[i].0, depth + 1, "PSL stream skips a level");
            let (sub, next) = pack_group(stream, nodes, i, depth + 1);
            write_varint(&mut entries, sub.len());
            entries.extend_from_slice(&sub);
            i = next;
        }
        count += 1;
    }
    let mut out = Vec::with_capacity(entries.len() + index.len() + 3);
    write_varint(&mut out, count);
    out.extend_from_slice(&index);
    out.extend_from_slice(&entries);
    (out, i)
}
