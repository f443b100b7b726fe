//! Compiles the pinned Public Suffix List (`data/public_suffix_list.dat`) into a
//! sorted static table that `src/psl.rs` binary-searches. Runs at build time only.
use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

// Flags; keep in sync with src/psl.rs.
const EXACT: u8 = 1; // "a.b" is a rule
const WILDCARD: u8 = 2; // "*.a.b" is a rule (stored under "a.b")
const EXCEPTION: u8 = 4; // "!a.b" is a rule
const PRIVATE: u8 = 8; // the rule comes from the PRIVATE section
const TLD: u8 = 16; // some rule names this top-level domain

fn main() {
    let src = Path::new("data/public_suffix_list.dat");
    println!("cargo:rerun-if-changed={}", src.display());
    let text = fs::read_to_string(src).expect("read data/public_suffix_list.dat");
    let mut version = String::new();
    let mut commit = String::new();
    let mut private = false;
    let mut table: BTreeMap<String, u8> = BTreeMap::new();
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
        let labels: Vec<&str> = ascii.split('.').collect();
        // Every intermediate suffix becomes a node so that lookups can stop early.
        for i in 1..=labels.len() {
            let key = labels[labels.len() - i..].join(".");
            let entry = table.entry(key).or_insert(0);
            if i == 1 {
                *entry |= TLD;
            }
            if i == labels.len() {
                *entry |= flag;
                if private {
                    *entry |= PRIVATE;
                }
            }
        }
    }
    assert!(!version.is_empty(), "PSL file has no // VERSION: line");
    assert!(table.len() > 5000, "PSL file looks truncated");

    // Keys are stored reversed label-wise ("uk.co") so that they sort by
    // TLD first; the lookup reverses the candidate the same way. Strings are
    // concatenated in one blob with u32 offsets to keep the table compact.
    let mut entries: Vec<(String, u8)> = table
        .into_iter()
        .map(|(k, f)| (k.split('.').rev().collect::<Vec<_>>().join("."), f))
        .collect();
    entries.sort();
    let mut blob = String::new();
    let mut offsets = String::new();
    let mut flags = String::new();
    for (k, f) in &entries {
        write!(offsets, "{},", blob.len()).unwrap();
        write!(flags, "{},", f).unwrap();
        blob.push_str(k);
    }
    write!(offsets, "{},", blob.len()).unwrap();
    let mut out = String::new();
    writeln!(out, "/// The list's `// VERSION:` line.").unwrap();
    writeln!(out, "pub const PSL_VERSION: &str = {:?};", version).unwrap();
    writeln!(out, "/// The list's `// COMMIT:` line.").unwrap();
    writeln!(out, "pub const PSL_COMMIT: &str = {:?};", commit).unwrap();
    writeln!(out, "/// Entries in the compiled table.").unwrap();
    writeln!(out, "pub const PSL_RULES: usize = {};", entries.len()).unwrap();
    writeln!(out, "static BLOB: &str = {:?};", blob).unwrap();
    writeln!(out, "static OFFSETS: [u32; {}] = [{}];", entries.len() + 1, offsets).unwrap();
    writeln!(out, "static FLAGS: [u8; {}] = [{}];", entries.len(), flags).unwrap();
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("psl_table.rs");
    fs::write(dest, out).unwrap();
}
