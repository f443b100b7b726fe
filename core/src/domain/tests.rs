use super::normalize::{is_plain_ldh, scan_space_and_url, uts46, uts46_forms};
use super::*;
use idna::uts46::{AsciiDenyList, DnsLength, Hyphens};

fn code(s: &str) -> &'static str {
    normalize_root_domain(s).unwrap_err().code.as_str()
}

#[test]
fn accepts_roots() {
    let d = normalize_root_domain("  Team-Acme.COM ").unwrap();
    assert_eq!(
        (d.ascii.as_str(), d.unicode.as_str()),
        ("team-acme.com", "team-acme.com")
    );
    let d = normalize_root_domain("Bücher.de.").unwrap();
    assert_eq!(
        (d.ascii.as_str(), d.unicode.as_str()),
        ("xn--bcher-kva.de", "bücher.de")
    );
    assert_eq!(
        normalize_root_domain("acme.github.io").unwrap().ascii,
        "acme.github.io"
    );
    assert_eq!(
        normalize_root_domain("example.uk.com").unwrap().ascii,
        "example.uk.com"
    );
}

#[test]
fn classifies_errors() {
    assert_eq!(code("   "), "empty");
    assert_eq!(code("co.uk"), "public_suffix");
    assert_eq!(code("192.0.2.1"), "ip_address");
    assert_eq!(code("[2001:db8::1]"), "ip_address");
    assert_eq!(code("::1"), "ip_address");
    assert_eq!(code("acme.notarealtld"), "unknown_tld");
    assert_eq!(code("-acme.com"), "invalid_idna");
    assert_eq!(code("a..com"), "invalid_idna");
    assert_eq!(code("acme .com"), "not_a_domain");
    assert_eq!(code(&format!("{}.com", "a".repeat(64))), "too_long");
    assert_eq!(code(&format!("{}com", "abcdefghi.".repeat(26))), "too_long");
    let e = normalize_root_domain("mail.acme.co.uk").unwrap_err();
    assert_eq!(
        (e.code, e.suggestion.as_deref()),
        (Code::Subdomain, Some("acme.co.uk"))
    );
    assert_eq!(
        e.message,
        "mail.acme.co.uk is a subdomain; enter acme.co.uk."
    );
    for (input, sugg) in [
        ("https://www.acme.co.uk/x", Some("acme.co.uk")),
        ("alex@acme.com", Some("acme.com")),
        ("mailto:alex@acme.com", Some("acme.com")),
        ("acme.com/pricing", Some("acme.com")),
        ("acme.com:8080", Some("acme.com")),
        ("http://user:pw@Shop.Bücher.de:443/a?b#c", Some("bücher.de")),
        ("https://192.0.2.1/", None),
        ("https://co.uk/", None),
    ] {
        let e = normalize_root_domain(input).unwrap_err();
        assert_eq!(e.code, Code::NotADomain, "{input}");
        assert_eq!(e.suggestion.as_deref(), sugg, "{input}");
    }
}

#[test]
fn multibyte_text_before_a_colon_does_not_panic() {
    // Found by the property test: a prefix check sliced inside a character.
    assert_eq!(code("ééé©:x"), "not_a_domain");
    assert_eq!(code("ü@ü"), "not_a_domain");
}

#[test]
fn mapped_trailing_dots() {
    assert_eq!(
        normalize_root_domain("例子.中国。").unwrap().unicode,
        "例子.中国"
    );
    assert_eq!(
        normalize_root_domain("acme.com\u{FF0E}").unwrap().ascii,
        "acme.com"
    );
    assert_eq!(code("acme.com.。"), "invalid_idna");
}

#[test]
fn huge_input_is_refused_quickly() {
    let big = "a".repeat(10 << 20);
    assert_eq!(code(&big), "too_long");
    assert_eq!(registrable_domain(&big), None);
}

#[test]
fn registrable() {
    assert_eq!(
        registrable_domain("www.Example.COM").as_deref(),
        Some("example.com")
    );
    assert_eq!(registrable_domain("com"), None);
    assert_eq!(registrable_domain(".com"), None);
    assert_eq!(
        registrable_domain("a.b.example.co.uk").as_deref(),
        Some("example.co.uk")
    );
    assert_eq!(
        registrable_domain("www.食狮.公司.cn").as_deref(),
        Some("xn--85x722f.xn--55qx5d.cn")
    );
    assert_eq!(public_suffix("a.b.example.co.uk").as_deref(), Some("co.uk"));
}

fn plain_ldh_lowercase(name: &str) -> Option<String> {
    is_plain_ldh(name).then(|| name.to_ascii_lowercase())
}

/// Compares the fast path (where it answers) and `check_root_domain` with the
/// general path on one input.
fn assert_paths_agree(input: &str) {
    let general = {
        let mut b = DomainBuf::default();
        check_general(input, &mut b).map(|differs| {
            (
                b.ascii.clone(),
                if differs {
                    b.unicode.clone()
                } else {
                    b.ascii.clone()
                },
            )
        })
    };
    let mut out = String::new();
    if let Some(fast) = check_plain_ascii(input, &mut out) {
        match (&fast, &general) {
            (Ok(()), Ok((a, u))) => {
                assert!(out == *a && out == *u, "{input:?}: {out} vs {a}/{u}")
            }
            (Err(c), Err(f)) => assert_eq!(*c, f.code(), "{input:?}"),
            _ => panic!("{input:?}: fast {fast:?}, general {general:?}"),
        }
    }
    let mut buf = DomainBuf::default();
    let checked =
        check_root_domain(input, &mut buf).map(|r| (r.ascii.to_string(), r.unicode.to_string()));
    let normalized = normalize_root_domain(input);
    match (&checked, &normalized) {
        (Ok((a, u)), Ok(d)) => assert!(*a == d.ascii && *u == d.unicode, "{input:?}"),
        (Err(c), Err(e)) => assert_eq!(*c, e.code, "{input:?}"),
        _ => panic!("{input:?}: check {checked:?}, normalize {normalized:?}"),
    }
    match (&checked, &general) {
        (Ok(x), Ok(y)) => assert_eq!(x, y, "{input:?}"),
        (Err(c), Err(f)) => assert_eq!(*c, f.code(), "{input:?}"),
        _ => panic!("{input:?}: check {checked:?}, general {general:?}"),
    }
}

#[test]
fn space_scan_agrees_with_char_methods() {
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        let want = c.is_whitespace() || c.is_control();
        for s in [c.to_string(), format!("a{c}b"), format!("ü{c}")] {
            assert_eq!(scan_space_and_url(&s).0, want, "U+{:04X}", c as u32);
        }
        let url = matches!(c, '/' | ':' | '@' | '?' | '#' | '\\');
        assert_eq!(
            scan_space_and_url(&format!("é{c}")).1,
            url && !want,
            "U+{:04X}",
            c as u32
        );
    }
    assert_eq!(scan_space_and_url("a/b c"), (true, true));
    assert_eq!(scan_space_and_url("a b/c"), (true, false));
}

#[test]
fn fast_path_agrees_with_the_general_path_on_edge_cases() {
    for input in [
        "",
        " ",
        "\t\n",
        "\u{b}",
        "acme.com",
        " ACME.com. ",
        "acme.com..",
        ".acme.com",
        "acme..com",
        "a_b.com",
        "-acme.com",
        "acme-.com",
        "ab--cd.com",
        "xn--bcher-kva.de",
        "XN--BCHER-KVA.DE",
        "1.2.3.4",
        "1.2.3.4.",
        "[::1]",
        "::1",
        "cafe.be",
        "dead:beef::1",
        "acme.com:443",
        "a b.com",
        "acme.com/x",
        "a@b.com",
        "com",
        "co.uk",
        "www.acme.co.uk",
        "acme.notarealtld",
        "x.kawasaki.jp",
        "city.kawasaki.jp",
        "a.b.c.d.e.f.acme.com",
        "acme.com\u{7f}",
        "acme.com\0",
        "*.acme.com",
        "acme.c-m",
        "1.com",
        "123",
        "acme.123",
        "Ａcme.com",
        "acme.com。",
        "bücher.de",
        "www.bücher.de",
    ] {
        assert_paths_agree(input);
    }
    assert_paths_agree(&format!("{}.com", "a".repeat(63)));
    assert_paths_agree(&format!("{}.com", "a".repeat(64)));
    assert_paths_agree(&format!("{}com", "abcdefghi.".repeat(25)));
    assert_paths_agree(&format!("{}com", "abcdefghi.".repeat(26)));
    assert_paths_agree(&"a".repeat(MAX_INPUT_BYTES + 1));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, .. Default::default() })]
    /// The plain-ASCII fast path and `check_root_domain` give what the general path gives.
    #[test]
    fn fast_path_agrees_with_the_general_path(input in "[ \t]?([a-zA-Z0-9_*-]{0,7}(xn--|--|-|:|/|@| )?[a-zA-Z0-9-]{0,5}[.]{0,2}){1,4}(com|co[.]uk|jp|github[.]io|de|xyz|zz)?[.]?[ \n]?") {
        assert_paths_agree(&input);
    }

    /// Any string at all, ASCII or not.
    #[test]
    fn fast_path_agrees_on_any_string(input in "\\PC{0,30}") {
        assert_paths_agree(&input);
    }

    /// The shortcut for plain LDH names gives exactly what UTS #46 gives.
    #[test]
    fn plain_path_agrees_with_uts46(name in "([a-zA-Z0-9-]{0,6}(xn--|XN--|--|-)?[a-zA-Z0-9-]{0,6}[.]?){1,4}") {
        if let Some(a) = plain_ldh_lowercase(&name) {
            let full = uts46().to_ascii(name.as_bytes(), AsciiDenyList::STD3, Hyphens::Check, DnsLength::Ignore);
            proptest::prop_assert_eq!(full.map(|c| c.into_owned()).ok(), Some(a.clone()));
            let (u, r) = uts46().to_unicode(a.as_bytes(), AsciiDenyList::STD3, Hyphens::Check);
            proptest::prop_assert!(r.is_ok());
            proptest::prop_assert_eq!(u.into_owned(), a);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 4000, .. Default::default() })]
    /// One UTS #46 pass for both forms gives what two calls give.
    #[test]
    fn forms_agree_with_to_ascii_then_to_unicode(name in "([a-zA-Z0-9äöüßÄÖÜéçñжяйЖ中文字ς٣ا۱א\u{200d}\u{0301}\u{3002}\u{ff21}-]{1,8}[.]?){1,3}") {
        let reference = uts46()
            .to_ascii(name.as_bytes(), AsciiDenyList::STD3, Hyphens::Check, DnsLength::Ignore)
            .ok()
            .map(|a| {
                let u = uts46().to_unicode(a.as_bytes(), AsciiDenyList::STD3, Hyphens::Check).0.into_owned();
                (a.into_owned(), u)
            });
        let ours = uts46_forms(&name).map(|(a, u)| {
            let u = u.unwrap_or_else(|| a.clone());
            (a, u)
        });
        proptest::prop_assert_eq!(ours, reference);
    }
}

#[test]
fn forms_of_a_labels_and_mapped_text() {
    for name in [
        "xn--bcher-kva.de",
        "XN--BCHER-KVA.DE",
        "Bücher.de",
        "ＡＣＭＥ.com",
        "例子。中国",
        "acme.com",
        "ab--c.com",
        "a_b.com",
    ] {
        let reference = uts46()
            .to_ascii(
                name.as_bytes(),
                AsciiDenyList::STD3,
                Hyphens::Check,
                DnsLength::Ignore,
            )
            .ok()
            .map(|a| {
                let u = uts46()
                    .to_unicode(a.as_bytes(), AsciiDenyList::STD3, Hyphens::Check)
                    .0
                    .into_owned();
                (a.into_owned(), u)
            });
        let ours = uts46_forms(name).map(|(a, u)| (a.clone(), u.unwrap_or(a)));
        assert_eq!(ours, reference, "{name}");
    }
}

#[test]
fn plain_path_refuses_what_it_cannot_decide() {
    for n in [
        "xn--bcher-kva.de",
        "XN--BCHER-KVA.de",
        "ab--c.com",
        "-a.com",
        "a-.com",
        "a..com",
        "a_b.com",
        "bücher.de",
        "",
    ] {
        assert_eq!(plain_ldh_lowercase(n), None, "{n}");
    }
    assert_eq!(
        plain_ldh_lowercase("Team-Acme.CO.uk").as_deref(),
        Some("team-acme.co.uk")
    );
}

/// The Public Suffix List's own test file, run against the compiled table.
#[test]
fn psl_official_tests() {
    let text = include_str!("../../data/test_psl.txt");
    let mut n = 0;
    for line in text.lines() {
        let Some(args) = line.trim().strip_prefix("checkPublicSuffix(") else {
            continue;
        };
        let args = args.trim_end_matches(");");
        let (a, b) = args.split_once(", ").unwrap();
        let unq = |s: &str| {
            if s == "null" {
                None
            } else {
                Some(s.trim_matches('\'').to_string())
            }
        };
        let (input, want) = (unq(a), unq(b));
        let got = input.as_deref().and_then(registrable_domain);
        let want = want.map(|w| idna::domain_to_ascii(&w).unwrap());
        assert_eq!(got, want, "checkPublicSuffix({a}, {b})");
        n += 1;
    }
    assert!(n > 60, "only {n} cases parsed");
}

#[test]
fn sets() {
    let s = DomainSet::new(&["Team-Acme.com", "acme-mail.com", "team-acme.com."]).unwrap();
    assert_eq!(s.ascii(), ["acme-mail.com", "team-acme.com"]);
    assert_eq!(
        s.key().unwrap(),
        "e422e2d1de62b8a771bc7b8a8ca8641a31af93fc7f112d0ca2a696a8b94e5c9c"
    );
    assert!(s.check(BatchLimit::Import).is_ok());
    let s = DomainSet::new(&["acme-mail.com", "mail.acme.com"]).unwrap();
    assert_eq!(s.errors[0].index, 1);
    assert_eq!(s.errors[0].error.code, Code::Subdomain);
    assert_eq!(s.key(), None);
    assert_eq!(
        s.check(BatchLimit::Import).unwrap_err().field.as_deref(),
        Some("domains[1]")
    );
    let many: Vec<String> = (0..26).map(|i| format!("acme{i}.com")).collect();
    let s = DomainSet::new(&many).unwrap();
    assert_eq!(
        s.check(BatchLimit::Import).unwrap_err().code,
        Code::TooManyDomains
    );
    assert!(s.check(BatchLimit::ImportJob).is_ok());
    let none: [&str; 0] = [];
    assert_eq!(
        DomainSet::new(&none)
            .unwrap()
            .check(BatchLimit::Import)
            .unwrap_err()
            .code,
        Code::NoDomains
    );
    let e = BatchLimit::parse("nope").unwrap_err();
    assert_eq!(
        e.message,
        "limit must be \"import\", \"import_job\", \"availability\" or \"forwarding\" (got \"nope\")."
    );
    assert_eq!(e.field.as_deref(), Some("limit"));
    for l in BatchLimit::ALL {
        assert_eq!(BatchLimit::parse(l.name()), Ok(*l));
    }
    assert!(DomainSet::check_count(MAX_SET_ENTRIES).is_ok());
    assert_eq!(
        DomainSet::check_count(usize::MAX).unwrap_err().code,
        Code::TooManyDomains
    );
    let huge: Vec<&str> = vec!["a.com"; MAX_SET_ENTRIES + 1];
    assert_eq!(
        DomainSet::new(&huge).unwrap_err().code,
        Code::TooManyDomains
    );
}
