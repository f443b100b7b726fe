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
