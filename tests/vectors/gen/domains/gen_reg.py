from common import *
import re
CASES = []

def cvt(s):
    if s is None:
        return None
    return s if s.isascii() else to_ascii(s)

# 1. the PSL's own test file
for line in open(os.path.join(ROOT, "core/data/test_psl.txt"), encoding="utf-8"):
    line = line.strip()
    m = re.fullmatch(r"checkPublicSuffix\((null|'[^']*'), (null|'[^']*')\);", line)
    if not m:
        continue
    a, b = [None if x == "null" else x[1:-1] for x in m.groups()]
    if a is None:
        continue  # inputs are strings
    CASES.append({"name": f"test_psl.txt: {a}", "input": a, "registrable": cvt(b)})
N_OFFICIAL = len(CASES)

def indep(inp):
    """publicsuffixlist on the A-label form (Node's UTS 46), default * rule."""
    a = to_ascii(inp)
    if not a:
        raise SystemExit(f"node refused {inp!r}")
    return PSL.privatesuffix(a)

def r(inp, want, name=None):
    got = indep(inp)
    if got != want:
        raise SystemExit(f"{inp!r}: mine {want!r}, publicsuffixlist {got!r}")
    CASES.append({"name": f"{name or 'own'}: {inp}", "input": inp, "registrable": want})

# wildcards and exceptions
r("ck", None, "wildcard"); r("acme.ck", None, "wildcard"); r("shop.acme.ck", "shop.acme.ck", "wildcard")
r("a.b.shop.acme.ck", "shop.acme.ck", "wildcard"); r("www.ck", "www.ck", "exception")
r("a.b.www.ck", "www.ck", "exception"); r("WWW.CK", "www.ck", "exception upper case")
for t in ["er", "fk", "jm", "mm", "np", "pg"]:
    r(f"acme.{t}", None, f"wildcard *.{t}")
    r(f"www.shop.acme.{t}", f"shop.acme.{t}", f"wildcard *.{t}")
for city in ["kawasaki", "kitakyushu", "kobe", "nagoya", "sapporo", "sendai", "yokohama"]:
    r(f"ward.{city}.jp", None, f"wildcard *.{city}.jp")
    r(f"www.acme.ward.{city}.jp", f"acme.ward.{city}.jp", f"wildcard *.{city}.jp")
    r(f"city.{city}.jp", f"city.{city}.jp", f"exception !city.{city}.jp")
    r(f"a.b.city.{city}.jp", f"city.{city}.jp", f"exception !city.{city}.jp")
r("acme.nom.br", None, "wildcard *.nom.br"); r("www.x.acme.nom.br", "x.acme.nom.br", "wildcard *.nom.br")
r("acme.sch.uk", None, "wildcard *.sch.uk"); r("www.school.acme.sch.uk", "school.acme.sch.uk", "wildcard *.sch.uk")
r("x.compute-1.amazonaws.com", None, "private wildcard")
r("ec2.x.compute-1.amazonaws.com", "ec2.x.compute-1.amazonaws.com", "private wildcard")
# multi-level ICANN suffixes
for s in ["co.uk", "ac.uk", "com.au", "co.nz", "co.za", "com.br", "co.jp", "com.cn", "com.tr", "k12.ca.us",
          "pvt.k12.ma.us", "lib.ca.us", "shibuya.tokyo.jp", "gov.uk"]:
    r(s, None, "suffix")
    r(f"a.b.acme.{s}", f"acme.{s}", "multi-level")
r("acme.za", "acme.za", "default rule under a listed TLD"); r("za", None, "TLD named only by deeper rules")
# private section
for s in ["github.io", "blogspot.com", "herokuapp.com", "netlify.app", "vercel.app", "pages.dev", "workers.dev",
          "s3.amazonaws.com", "cloudfront.net", "azurewebsites.net", "myshopify.com", "readthedocs.io", "eu.org",
          "uk.com", "de.com", "duckdns.org"]:
    r(s, None, "private suffix")
    r(f"www.acme.{s}", f"acme.{s}", "private")
r("github.com", "github.com", "not a suffix"); r("www.github.com", "github.com", "not a suffix")
r("amazonaws.com", "amazonaws.com", "parent of private rules"); r("acme.amazonaws.com", "amazonaws.com", "parent of private rules")
# unknown TLDs: the default * rule
r("example.notarealtld", "example.notarealtld", "unlisted TLD")
r("a.b.example.notarealtld", "example.notarealtld", "unlisted TLD")
r("notarealtld", None, "unlisted TLD")
r("example.local", "example.local", "unlisted TLD"); r("a.b.example.local", "example.local", "unlisted TLD")
r("localhost", None, "unlisted TLD"); r("app.localhost", "app.localhost", "unlisted TLD")
r("www.пример.тест", "xn--e1afmkfd.xn--e1aybc", "unlisted IDN TLD")
r("www.例子.测试", to_ascii("例子.测试"), "unlisted IDN TLD")
# IDN input
r("www.bücher.de", "xn--bcher-kva.de", "IDN"); r("WWW.BÜCHER.DE", "xn--bcher-kva.de", "IDN upper case")
r("mail.xn--bcher-kva.de", "xn--bcher-kva.de", "A-label")
r("www.пример.рф", "xn--e1afmkfd.xn--p1ai", "IDN"); r("рф", None, "IDN suffix"); r("xn--p1ai", None, "A-label suffix")
r("ПРИМЕР.РФ", "xn--e1afmkfd.xn--p1ai", "IDN upper case")
r("a.b.例子.中国", "xn--fsqu00a.xn--fiqs8s", "IDN")
r("www.例子.中國", to_ascii("例子.中國"), "IDN")
r("www.דוגמה.קום", to_ascii("דוגמה.קום"), "IDN"); r("קום", None, "IDN suffix")
r("www.مثال.مصر", to_ascii("مثال.مصر"), "IDN")
r("www.उदाहरण.भारत", to_ascii("उदाहरण.भारत"), "IDN")
r("www.ตัวอย่าง.ไทย", to_ascii("ตัวอย่าง.ไทย"), "IDN")
r("www.예시.한국", to_ascii("예시.한국"), "IDN")
r("www.日本語.jp", to_ascii("日本語.jp"), "IDN")
r("www.παράδειγμα.ελ", to_ascii("παράδειγμα.ελ"), "IDN")
r("www.straße.de", "xn--strae-oqa.de", "IDN deviation kept")
r("www.💩.la", "xn--ls8h.la", "emoji")
r("ｗｗｗ．ａｃｍｅ．ｃｏｍ", "acme.com", "full-width")
r("www.acme。co。uk", "acme.co.uk", "ideographic full stop")
r("www.食狮.公司.cn", "xn--85x722f.xn--55qx5d.cn", "IDN second-level suffix")
r("公司.cn", None, "IDN second-level suffix")
r("xn--55qx5d.cn", None, "A-label second-level suffix")
r("www.東京.jp", None, "IDN suffix rule .jp prefecture") if indep("www.東京.jp") is None else r("www.東京.jp", indep("www.東京.jp"), "IDN prefecture rule")
r("acme.東京.jp", "xn--acme-" if False else indep("acme.東京.jp"), "IDN prefecture rule")
r("東京.jp", None, "IDN prefecture rule")
# plain
for s, w in [("acme.com", "acme.com"), ("a.b.c.d.e.acme.com", "acme.com"), ("ACME.IO", "acme.io"),
             ("io", None), ("de", None), ("www.acme.de", "acme.de"), ("test.ac", "test.ac"), ("ac", None),
             ("com.ac", None), ("x.com.ac", "x.com.ac"), ("_dmarc.acme.com", "acme.com")]:
    r(s, w, "plain")
CASES = CASES
