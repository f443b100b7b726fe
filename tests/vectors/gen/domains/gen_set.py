from common import *
import gen_root
CASES = []

def norm(x):
    kind, a, u, s = gen_root.classify(x)
    assert kind == "root", (x, kind)
    p = py_uts46(gen_root.prep(x))
    if not p.startswith("ERR") and p != a:
        assert PSL.privatesuffix(p) == p
        return p   # python idna has the current UTS 46 tables (U+1E9E maps to U+00DF since Unicode 15.1)
    return a

def ok(name, inp, want):
    mine = sorted(set(norm(x) for x in inp), key=lambda s: s.encode())
    assert mine == want, (name, mine, want)
    CASES.append({"name": name, "input": inp, "domains": want, "key": sha(want)})

def bad(name, inp, errors, domains=None):
    c = {"name": name, "input": inp, "errors": [{"index": i, "error": e} for i, e in errors]}
    if domains is not None:
        valid = [x for i, x in enumerate(inp) if i not in dict(errors)]
        mine = sorted(set(norm(x) for x in valid), key=lambda s: s.encode())
        assert mine == domains, (name, mine, domains)
        c["domains"] = domains
    CASES.append(c)

ok("seed example: case and trailing dot duplicates", ["Team-Acme.com", "acme-mail.com", "team-acme.com."], ["acme-mail.com", "team-acme.com"])
ok("dedupe by case", ["ACME.com", "acme.com", "Acme.Com"], ["acme.com"])
ok("dedupe by trailing dot", ["acme.com.", "acme.com"], ["acme.com"])
ok("dedupe by white space", [" acme.com ", "acme.com\n", "\tacme.com"], ["acme.com"])
ok("dedupe Unicode and A-label forms", ["bücher.de", "xn--bcher-kva.de", "BÜCHER.DE.", "XN--BCHER-KVA.DE"], ["xn--bcher-kva.de"])
ok("dedupe full-width and ideographic full stop", ["ａｃｍｅ.com", "acme。com", "ＡＣＭＥ．ＣＯＭ"], ["acme.com"])
ok("dedupe Cyrillic Unicode, upper case and A-label", ["пример.рф", "ПРИМЕР.РФ", "xn--e1afmkfd.xn--p1ai"], ["xn--e1afmkfd.xn--p1ai"])
ok("sharp s and ss are different names", ["straße.de", "strasse.de"], ["strasse.de", "xn--strae-oqa.de"])
ok("capital sharp s maps to sharp s", ["STRAẞE.de", "straße.de", "xn--strae-oqa.de"], ["xn--strae-oqa.de"])
ok("final sigma and sigma are different names", ["ελληνικός.gr", "ελληνικόσ.gr"], sorted([to_ascii("ελληνικός.gr"), to_ascii("ελληνικόσ.gr")]))
ok("sorted by A-label", ["c.com", "a.com", "b.com"], ["a.com", "b.com", "c.com"])
ok("byte order: hyphen < dot < digit < letter", ["ab.com", "a.com", "a-b.com", "a0.com"], ["a-b.com", "a.com", "a0.com", "ab.com"])
ok("A-label order differs from Unicode order", ["yy.de", "ü.de"], ["xn--tda.de", "yy.de"])
ok("A-label order: xn-- between letters", ["zz.de", "bücher.de", "aa.de"], ["aa.de", "xn--bcher-kva.de", "zz.de"])
ok("dot sorts before letters across TLDs", ["acme.net", "acme.com", "acme.co.uk"], ["acme.co.uk", "acme.com", "acme.net"])
ok("upper case sorts as lower case", ["B.com", "a.com"], ["a.com", "b.com"])
ok("order of input does not change the key (1)", ["acme.io", "acme.com", "bücher.de"], ["acme.com", "acme.io", "xn--bcher-kva.de"])
ok("order of input does not change the key (2)", ["bücher.de", "acme.io", "acme.com"], ["acme.com", "acme.io", "xn--bcher-kva.de"])
ok("single domain", ["acme.com"], ["acme.com"])
ok("two domains", ["b.com", "a.com"], ["a.com", "b.com"])
ok("scripts mixed", ["пример.рф", "例子.中国", "bücher.de", "acme.com", "דוגמה.קום", "💩.la"],
   sorted([to_ascii(x) for x in ["пример.рф", "例子.中国", "bücher.de", "acme.com", "דוגמה.קום", "💩.la"]], key=str.encode))
ok("private, wildcard and exception roots", ["acme.github.io", "shop.acme.ck", "www.ck", "b.c.mm", "city.kobe.jp"],
   ["acme.github.io", "b.c.mm", "city.kobe.jp", "shop.acme.ck", "www.ck"])
ok("multi-level suffix roots", ["acme.co.uk", "acme.com.au", "test.k12.ak.us", "acme.co.jp"],
   ["acme.co.jp", "acme.co.uk", "acme.com.au", "test.k12.ak.us"])
ok("same label under different suffixes", ["acme.co.uk", "acme.uk", "acme.uk.com"], ["acme.co.uk", "acme.uk", "acme.uk.com"])
ok("25 domains (synchronous import limit)", [f"acme{i}.com" for i in range(25, 0, -1)], sorted([f"acme{i}.com" for i in range(1, 26)]))
ok("60 domains", [f"shop-{i:02d}.example.co.uk".replace("example.", "") for i in range(60)], sorted(f"shop-{i:02d}.co.uk" for i in range(60)))
ok("30 spellings of one domain", [v for v in ["acme.com", "ACME.COM", "Acme.com.", " acme.com", "acme.com\t", "ａｃｍｅ.com"] for _ in range(5)], ["acme.com"])
ok("63-octet label", ["a" * 63 + ".com", "b.com"], ["a" * 63 + ".com", "b.com"])
CASES.append({"name": "empty list", "input": [], "domains": [], "key": hashlib.sha256(b"").hexdigest()})
assert CASES[-1]["key"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

bad("one subdomain", ["acme-mail.com", "mail.acme.com"], [(1, "subdomain")], ["acme-mail.com"])
bad("every error code once", ["acme.com", "mail.acme.com", "", "co.uk", "https://acme.io/", "192.0.2.1",
                              "acme.notarealtld", "-acme.com", "a" * 64 + ".com"],
    [(1, "subdomain"), (2, "empty"), (3, "public_suffix"), (4, "not_a_domain"), (5, "ip_address"),
     (6, "unknown_tld"), (7, "invalid_idna"), (8, "too_long")], ["acme.com"])
bad("all entries invalid", ["", "   ", "\t"], [(0, "empty"), (1, "empty"), (2, "empty")], [])
bad("errors at first and last index", ["www.acme.com", "acme.com", "b.com", "alex@acme.com"],
    [(0, "subdomain"), (3, "not_a_domain")], ["acme.com", "b.com"])
bad("duplicate invalid entries are each reported", ["mail.acme.com", "mail.acme.com"], [(0, "subdomain"), (1, "subdomain")], [])
bad("valid duplicates and one error", ["acme.com", "ACME.COM", "www.acme.com"], [(2, "subdomain")], ["acme.com"])
bad("IDN errors", ["bücher.de", "mail.bücher.de", "xn--.com", "a\u200db.com", "_dmarc.acme.com"],
    [(1, "subdomain"), (2, "invalid_idna"), (3, "invalid_idna"), (4, "invalid_idna")], ["xn--bcher-kva.de"])
bad("two trailing dots and an empty label", ["acme.com..", "a..com", "acme.com."], [(0, "invalid_idna"), (1, "invalid_idna")], ["acme.com"])
bad("IPv6 and URL entries", ["[2001:db8::1]", "::1", "acme.com:8080", "acme.com/x"],
    [(0, "ip_address"), (1, "ip_address"), (2, "not_a_domain"), (3, "not_a_domain")], [])
bad("public suffixes in a set", ["github.io", "com", "рф", "acme.github.io"], [(0, "public_suffix"), (1, "public_suffix"), (2, "public_suffix")], ["acme.github.io"])
