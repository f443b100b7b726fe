//! The generated declarations of the bindings are committed; this test fails
//! when one differs from what peeker-codegen renders from the core now, and
//! rewrites them under `PEEKER_BLESS=1`:
//!
//!     PEEKER_BLESS=1 cargo test -p peeker-codegen
use std::path::PathBuf;

#[test]
fn generated_files_are_fresh() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let bless = std::env::var_os("PEEKER_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (path, fresh) in peeker_codegen::files() {
        let file = root.join(path);
        if bless {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, &fresh).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&file).unwrap_or_default();
        if committed != fresh {
            let (a, b): (Vec<&str>, Vec<&str>) =
                (committed.lines().collect(), fresh.lines().collect());
            let line = (0..a.len().max(b.len()))
                .find(|&i| a.get(i) != b.get(i))
                .map_or(0, |i| i + 1);
            stale.push(format!(
                "{path} (first at line {line}: committed {:?}, generated {:?})",
                a.get(line.saturating_sub(1)),
                b.get(line.saturating_sub(1)),
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "generated declarations are stale: they differ from what peeker-codegen renders from peeker-core:\n  {}\n\
         Regenerate them with\n    {}\nand commit them.",
        stale.join("\n  "),
        peeker_codegen::REGENERATE,
    );
}
