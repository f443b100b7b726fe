//! Doc comments of the core, carried into TSDoc and Python docstrings.

/// Rust doc text without its intra-doc links: "[`Other`](OrderStatus::Other)"
/// and "[`Other`]" become "`Other`"; lines trimmed.
pub fn clean(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text.trim();
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find(']') {
            Some(j) if after[..j].starts_with('`') && after[..j].ends_with('`') => {
                out.push_str(&after[..j]);
                rest = &after[j + 1..];
                if rest.starts_with('(') {
                    if let Some(k) = rest.find(')') {
                        rest = &rest[k + 1..];
                    }
                }
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

/// A TSDoc comment at `indent`, or nothing for an empty text.
pub fn ts(indent: &str, text: &str) -> String {
    let text = clean(text).replace("*/", "*\\/");
    if text.is_empty() {
        return String::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() == 1 {
        return format!("{indent}/** {} */\n", lines[0]);
    }
    let mut s = format!("{indent}/**\n");
    for l in lines {
        if l.is_empty() {
            s.push_str(&format!("{indent} *\n"));
        } else {
            s.push_str(&format!("{indent} * {l}\n"));
        }
    }
    s.push_str(&format!("{indent} */\n"));
    s
}

/// Markdown code spans as reStructuredText literals: `x` becomes ``x``.
fn rst(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("``");
            out.push_str(part);
            out.push_str("``");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// A Python docstring at `indent` (a line of its own), or nothing for an empty text.
pub fn py(indent: &str, text: &str) -> String {
    let text = rst(&clean(text))
        .replace('\\', "\\\\")
        .replace("\"\"\"", "\\\"\\\"\\\"");
    if text.is_empty() {
        return String::new();
    }
    let pad = if text.ends_with('"') { " " } else { "" };
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() == 1 {
        return format!("{indent}\"\"\"{}{pad}\"\"\"\n", lines[0]);
    }
    let mut s = format!("{indent}\"\"\"{}\n", lines[0]);
    for l in &lines[1..] {
        if l.is_empty() {
            s.push('\n');
        } else {
            s.push_str(&format!("{indent}{l}\n"));
        }
    }
    s.push_str(&format!("{indent}\"\"\"\n"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_go_code_stays() {
        assert_eq!(
            clean(" keeps [`Other`](OrderStatus::Other) and [`Code`] [x]\n  next "),
            "keeps `Other` and `Code` [x]\nnext"
        );
        assert_eq!(ts("  ", "a */ b"), "  /** a *\\/ b */\n");
        assert_eq!(ts("", "a\n\nb"), "/**\n * a\n *\n * b\n */\n");
        assert_eq!(
            py("    ", "`x` or \"\""),
            "    \"\"\"``x`` or \"\" \"\"\"\n"
        );
        assert_eq!(py("", "a\nb"), "\"\"\"a\nb\n\"\"\"\n");
        assert_eq!(ts("", " "), "");
    }
}
