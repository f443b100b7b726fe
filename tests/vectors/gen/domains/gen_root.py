from common import *

CASES = []
WARN = []
MISSING = object()

def esc(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch.isprintable() and ch not in "\u200c\u200d\u00ad\u3000\u00a0\ufe0f" and not (0x300 <= o < 0x370):
            out.append(ch)
        else:
            out.append("U+%04X" % o if o > 0xff or o < 0x20 or o == 0xad or o == 0xa0 else "\\x%02x" % o)
    return "".join(out)

def _name(cat, inp, name):
    if name:
        return f"{cat}: {name}"
    short = inp if len(inp) <= 60 else inp[:40] + f"...({len(inp)} chars)"
    return f"{cat}: {esc(short)}" if short else f"{cat}: (empty string)"

def prep(inp):
    s = inp.strip()
    # UTS 46 maps U+3002, U+FF0E, U+FF61 to '.'; the trailing-dot rule applies to the mapped name
    for d in "\u3002\uff0e\uff61":
        if s.endswith(d):
            s = s[:-1] + "."
    if s.endswith("."):
        s = s[:-1]
    return s

TLDS = None
def classify(inp):
    """Independent classification: (kind, ascii, unicode, suggestion)."""
    global TLDS
    if TLDS is None:
        TLDS = known_tlds()
    name = prep(inp)
    a, u = node_batch([name])[0]
    if not a:
        raise SystemExit(f"node refused {inp!r}")
    p = py_uts46(name)
    if p != a:
        WARN.append(f"python idna differs for {esc(inp)!r}: node={a} py={p}")
    labels = a.split(".")
    if labels[-1] not in TLDS:
        return ("unknown_tld", a, u, None)
    reg = PSL.privatesuffix(a)
    if reg is None:
        return ("public_suffix", a, u, None)
    if reg == a:
        return ("root", a, u, None)
    return ("subdomain", a, u, to_unicode(reg))

def add(cat, inp, name=None, **exp):
    c = {"name": _name(cat, inp, name), "input": inp}
    c.update(exp)
    CASES.append(c)
    return c

def ok(cat, inp, ascii=None, unicode=None, name=None, accept_errors=None):
    kind, a, u, _ = classify(inp)
    if kind != "root":
        raise SystemExit(f"expected root but independent check says {kind}: {inp!r}")
    if ascii is not None and ascii != a:
        if ascii == py_uts46(prep(inp)):
            WARN.append(f"node (older UTS 46 tables) differs for {esc(inp)!r}; python idna (Unicode 18) agrees with {ascii}")
            a = ascii
            u = unicode
        else:
            raise SystemExit(f"ascii mismatch for {inp!r}: mine {ascii} node {a}")
    if unicode is not None and unicode != u:
        raise SystemExit(f"unicode mismatch for {inp!r}: mine {unicode} node {u}")
    c = add(cat, inp, name, ascii=a, unicode=u)
    if accept_errors:
        c["accept_errors"] = accept_errors

def sub(cat, inp, sugg=None, name=None):
    kind, a, u, s = classify(inp)
    if kind != "subdomain":
        raise SystemExit(f"expected subdomain but independent check says {kind}: {inp!r}")
    if sugg is not None and sugg != s:
        raise SystemExit(f"suggestion mismatch for {inp!r}: mine {sugg} psl {s}")
    add(cat, inp, name, error="subdomain", suggestion=s)

def ps(cat, inp, name=None):
    kind, *_ = classify(inp)
    if kind != "public_suffix":
        raise SystemExit(f"expected public_suffix but independent check says {kind}: {inp!r}")
    add(cat, inp, name, error="public_suffix")

def unk(cat, inp, name=None):
    kind, *_ = classify(inp)
    if kind != "unknown_tld":
        raise SystemExit(f"expected unknown_tld but independent check says {kind}: {inp!r}")
    add(cat, inp, name, error="unknown_tld")

def err(cat, inp, code, sugg=MISSING, name=None, accept_errors=None):
    c = add(cat, inp, name, error=code)
    if sugg is not MISSING:
        c["suggestion"] = sugg
    if accept_errors:
        c["accept_errors"] = accept_errors

def nad(inp, sugg, name=None):
    """not_a_domain; the suggestion is checked independently where given."""
    if sugg is not None and sugg is not MISSING:
        kind, a, u, s = classify(sugg)
        if kind != "root" or u != sugg:
            raise SystemExit(f"suggestion {sugg!r} is not a root in unicode form ({kind}, {u})")
    err("not a domain", inp, "not_a_domain", sugg, name)

# ---------------------------------------------------------------- plain roots
for t in ["com", "net", "org", "io", "co", "ai", "app", "dev", "xyz", "info", "biz", "us", "de", "fr",
          "nl", "it", "es", "ch", "se", "no", "fi", "dk", "pl", "cz", "at", "be", "ie", "ca", "mx", "br",
          "jp", "cn", "kr", "in", "ru", "ua", "tv", "me", "ly", "gg", "so", "shop", "store", "online",
          "tech", "agency", "email", "london", "berlin", "nyc", "eu", "uk", "au", "nz", "la", "ws", "gr",
          "il", "tr", "th", "vn", "kz", "hk", "tw", "sg", "ar"]:
    ok("plain root", f"acme.{t}")
ok("plain root", "a.com", name="single-letter label")
ok("plain root", "x.org", name="single-letter label .org")
ok("plain root", "3m.com", name="label starting with a digit")
ok("plain root", "123.com", name="all-digit label")
ok("plain root", "1-800-flowers.com", name="digits and hyphens")
ok("plain root", "a-b-c.com", name="inner hyphens")
ok("plain root", "a--cme.com", name="double hyphen at positions 2-3 is fine")
ok("plain root", "acme-.co".replace("-.", "1."), name="digit at end of label")
ok("case folding", "ACME.COM", "acme.com", "acme.com")
ok("case folding", "AcMe.Co.Uk", "acme.co.uk", "acme.co.uk")
ok("case folding", "Team-Acme.IO", "team-acme.io")

# ---------------------------------------------------------------- white space, trailing dot
ok("white space", "  acme.com  ", "acme.com", name="spaces around")
ok("white space", "\tacme.com\n", "acme.com", name="tab before, newline after")
ok("white space", "\r\nacme.com\r\n", "acme.com", name="CRLF around")
ok("white space", " acme.com. ", "acme.com", name="spaces and trailing dot")
ok("white space", "\u00a0acme.com\u3000", "acme.com", name="no-break space before, ideographic space after")
ok("trailing dot", "acme.com.", "acme.com")
ok("trailing dot", "acme.co.uk.", "acme.co.uk")
ok("trailing dot", "bücher.de.", "xn--bcher-kva.de", "bücher.de")
ok("trailing dot", "例子.中国\u3002", "xn--fsqu00a.xn--fiqs8s", "例子.中国", name="ideographic full stop as the trailing dot")
ok("trailing dot", "acme.com\uff0e", "acme.com", name="full-width full stop as the trailing dot")
err("trailing dot", "acme.com..", "invalid_idna", name="two trailing dots")
err("trailing dot", "acme.com.\u3002", "invalid_idna", name="dot then ideographic full stop: two trailing dots")
err("trailing dot", "acme.com...", "invalid_idna", name="three trailing dots")

# ---------------------------------------------------------------- multi-level public suffixes
for s in ["co.uk", "org.uk", "ac.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk", "com.au", "net.au", "org.au",
          "co.nz", "org.nz", "co.za", "com.br", "com.mx", "co.jp", "ne.jp", "or.jp", "ac.jp", "com.cn",
          "com.tw", "co.in", "co.kr", "com.sg", "com.tr", "com.ar", "co.il", "co.th", "com.vn", "com.pl",
          "com.es", "com.ua", "com.hk", "tokyo.jp", "shibuya.tokyo.jp", "kyoto.jp", "ide.kyoto.jp",
          "ak.us", "k12.ak.us", "k12.ca.us", "lib.ca.us", "pvt.k12.ma.us", "waw.pl", "uk.com", "us.com", "gen.tr"]:
    ok("multi-level suffix", f"acme.{s}")
    sub("multi-level suffix", f"www.acme.{s}", f"acme.{s}")
    ps("multi-level suffix", s)
ok("multi-level suffix", "acme.za", name="acme.za: no za rule, default * under a listed TLD")
ps("multi-level suffix", "za", name="za: TLD named only by co.za etc.")

# ---------------------------------------------------------------- wildcards and exceptions
ps("wildcard", "ck", name="ck: only *.ck, default rule makes ck a suffix")
ps("wildcard", "acme.ck", name="acme.ck matched by *.ck")
ok("wildcard", "shop.acme.ck")
sub("wildcard", "www.shop.acme.ck", "shop.acme.ck")
ok("exception", "www.ck", name="!www.ck")
ok("exception", "WWW.CK", "www.ck", name="!www.ck upper case")
sub("exception", "mail.www.ck", "www.ck")
ps("wildcard", "mm")
ps("wildcard", "c.mm")
ok("wildcard", "b.c.mm")
sub("wildcard", "a.b.c.mm", "b.c.mm")
for t in ["er", "fk", "jm", "np", "pg"]:
    ps("wildcard", f"acme.{t}", name=f"*.{t}")
    ok("wildcard", f"shop.acme.{t}", name=f"*.{t} one below")
for city in ["kawasaki", "kitakyushu", "kobe", "nagoya", "sapporo", "sendai", "yokohama"]:
    ps("wildcard", f"ward.{city}.jp", name=f"*.{city}.jp")
    ok("wildcard", f"acme.ward.{city}.jp", name=f"under *.{city}.jp")
    ok("exception", f"city.{city}.jp", name=f"!city.{city}.jp")
    sub("exception", f"www.city.{city}.jp", f"city.{city}.jp", name=f"below !city.{city}.jp")
ps("wildcard", "acme.nom.br", name="*.nom.br")
ok("wildcard", "x.acme.nom.br", name="under *.nom.br")
ps("wildcard", "acme.sch.uk", name="*.sch.uk")
ok("wildcard", "school.acme.sch.uk", name="under *.sch.uk")
sub("wildcard", "www.school.acme.sch.uk", "school.acme.sch.uk", name="below a root under *.sch.uk")
ps("wildcard", "ec2-1-2-3-4.compute-1.amazonaws.com".split(".", 1)[1].join(["x.", ""]) , name="*.compute-1.amazonaws.com (private)")
ok("wildcard", "ec2-1-2-3-4.x.compute-1.amazonaws.com", name="under *.compute-1.amazonaws.com (private)")

# ---------------------------------------------------------------- private section
for s in ["github.io", "blogspot.com", "herokuapp.com", "netlify.app", "vercel.app", "pages.dev", "workers.dev",
          "web.app", "firebaseapp.com", "azurewebsites.net", "cloudfront.net", "gitlab.io", "myshopify.com",
          "readthedocs.io", "pythonanywhere.com", "onrender.com", "fly.dev", "ngrok.io", "de.com", "eu.org",
          "dyndns.org", "duckdns.org", "carrd.co", "webflow.io", "appspot.com", "s3.amazonaws.com",
          "githubusercontent.com", "notion.site", "wixsite.com", "surge.sh", "codeberg.page", "deno.dev"]:
    ok("private suffix", f"acme.{s}")
    ps("private suffix", s)
for s in ["github.io", "herokuapp.com", "blogspot.com", "netlify.app", "readthedocs.io", "eu.org"]:
    sub("private suffix", f"docs.acme.{s}", f"acme.{s}")

# ---------------------------------------------------------------- IDN roots, unicode and A-label input
IDN = [
    ("German", "bücher.de", "xn--bcher-kva.de"),
    ("German", "müller.de", None),
    ("German", "köln.de", None),
    ("German", "größe.at", None),
    ("German", "zürich.ch", None),
    ("French", "café.fr", "xn--caf-dma.fr"),
    ("French", "élève.fr", None),
    ("French", "crème-brûlée.fr", None),
    ("French", "français.ca", None),
    ("Spanish", "mañana.com", None),
    ("Spanish", "españa.com.es", None),
    ("Spanish", "niño.es", None),
    ("Polish", "żółw.pl", None),
    ("Polish", "łódź.pl", None),
    ("Polish", "zażółć.com.pl", None),
    ("Turkish", "ığdır.com.tr", None),
    ("Turkish", "şeker.com.tr", None),
    ("Turkish", "güneş.gen.tr", None),
    ("Greek", "ελληνικά.gr", None),
    ("Greek", "παράδειγμα.ελ", None),
    ("Greek", "δοκιμή.ευ", None),
    ("Cyrillic", "пример.рф", "xn--e1afmkfd.xn--p1ai"),
    ("Cyrillic", "президент.рф", None),
    ("Cyrillic", "пример.рус", None),
    ("Cyrillic", "пример.москва", None),
    ("Cyrillic", "приклад.укр", None),
    ("Cyrillic", "прыклад.бел", None),
    ("Cyrillic", "пример.срб", None),
    ("Cyrillic", "мысал.қаз", None),
    ("Cyrillic", "пример.мкд", None),
    ("Cyrillic", "жишээ.мон", None),
    ("Cyrillic", "пример.com", None),
    ("Arabic", "مثال.مصر", None),
    ("Arabic", "مثال.السعودية", None),
    ("Arabic", "مثال.امارات", None),
    ("Arabic", "مثال.com", None),
    ("Persian", "مثال.ایران", None),
    ("Hebrew", "דוגמה.קום", None),
    ("Hebrew", "דוגמה.ישראל", None),
    ("Hebrew", "דוגמה.com", None),
    ("Hebrew", "דוג-מה.co.il", None),
    ("Hindi", "उदाहरण.भारत", None),
    ("Hindi", "शब्द.भारत", None),
    ("Hindi", "१२३.भारत", None),
    ("Bengali", "উদাহরণ.ভারত", None),
    ("Tamil", "உதாரணம்.இந்தியா", None),
    ("Sinhala", "උදාහරණ.ලංකා", None),
    ("Georgian", "მაგალითი.გე", None),
    ("Thai", "ตัวอย่าง.ไทย", None),
    ("Thai", "ตัวอย่าง.co.th", None),
    ("Chinese", "例子.中国", "xn--fsqu00a.xn--fiqs8s"),
    ("Chinese", "例子.中國", None),
    ("Chinese", "例子.公司", None),
    ("Chinese", "例子.网络", None),
    ("Chinese", "例子.cn", None),
    ("Chinese", "食狮.com.cn", "xn--85x722f.com.cn"),
    ("Chinese", "食狮.公司.cn", "xn--85x722f.xn--55qx5d.cn"),
    ("Chinese", "例子.台灣", None),
    ("Chinese", "例子.台湾", None),
    ("Chinese", "例子.香港", None),
    ("Japanese", "日本語.jp", None),
    ("Japanese", "ドメイン名例.jp", None),
    ("Japanese", "例え.みんな", None),
    ("Japanese", "例え.コム", None),
    ("Korean", "예시.한국", None),
    ("Korean", "도메인.kr", None),
    ("Korean", "예시.닷컴", None),
    ("Vietnamese", "việtnam.vn", None),
    ("emoji", "💩.la", "xn--ls8h.la"),
    ("emoji", "i❤.ws", "xn--i-7iq.ws"),
    ("emoji", "😀.ws", "xn--e28h.ws"),
]
for script, u, a in IDN:
    kind, aa, uu, _ = classify(u)
    ok(f"IDN {script}", u, a, u)
    ok(f"IDN {script} A-label", aa, aa, u)
    if script in ("German", "Cyrillic", "Greek", "Turkish") and u.upper() != u:
        pass
for script, u in [("German", "mail.bücher.de"), ("Cyrillic", "www.пример.рф"), ("Chinese", "www.食狮.公司.cn"),
                  ("Chinese", "邮件.例子.中国"), ("Hebrew", "www.דוגמה.קום"), ("Arabic", "بريد.مثال.مصر"),
                  ("Hindi", "मेल.उदाहरण.भारत"), ("Japanese", "メール.日本語.jp"), ("Korean", "메일.예시.한국"),
                  ("Greek", "www.παράδειγμα.ελ"), ("Thai", "www.ตัวอย่าง.ไทย"), ("emoji", "www.💩.la"),
                  ("Polish", "sklep.żółw.pl"), ("Spanish", "www.mañana.com")]:
    sub(f"IDN {script} subdomain", u)
    sub(f"IDN {script} subdomain A-label", to_ascii(u))
for u in ["рф", "中国", "中國", "公司.cn", "한국", "ไทย", "भारत", "مصر", "קום", "ελ", "москва", "みんな"]:
    ps("IDN public suffix", u)
    ps("IDN public suffix A-label", to_ascii(u))
ps("IDN public suffix", "РФ", name="РФ upper case")
ps("IDN public suffix", "XN--P1AI", name="XN--P1AI upper case")

# ---------------------------------------------------------------- UTS 46 mappings
ok("UTS46 case folding", "BÜCHER.DE", "xn--bcher-kva.de", "bücher.de")
ok("UTS46 case folding", "ПРИМЕР.РФ", "xn--e1afmkfd.xn--p1ai", "пример.рф")
ok("UTS46 case folding", "ΠΑΡΆΔΕΙΓΜΑ.ΕΛ", None, "παράδειγμα.ελ", name="Greek capitals with tonos")
ok("UTS46 case folding", "XN--BCHER-KVA.DE", "xn--bcher-kva.de", "bücher.de", name="upper-case A-label")
ok("UTS46 case folding", "İstanbul.com.tr", None, "i̇stanbul.com.tr", name="capital I with dot above maps to i + U+0307")
ok("UTS46 deviation", "straße.de", "xn--strae-oqa.de", "straße.de", name="sharp s kept (non-transitional)")
ok("UTS46 deviation", "Straße.de", "xn--strae-oqa.de", "straße.de", name="sharp s kept, capital S folded")
ok("UTS46 deviation", "xn--strae-oqa.de", "xn--strae-oqa.de", "straße.de", name="sharp s A-label")
ok("UTS46 deviation", "strasse.de", "strasse.de", "strasse.de", name="ss is a different name")
ok("UTS46 case folding", "STRAẞE.de", "xn--strae-oqa.de", "straße.de", name="capital sharp s maps to sharp s (UTS 46 since Unicode 15.1)")
ok("UTS46 deviation", "ελληνικός.gr", "xn--qxaegecap6byf.gr", "ελληνικός.gr", name="final sigma kept (non-transitional)")
ok("UTS46 case folding", "ΕΛΛΗΝΙΚΌΣ.GR", None, "ελληνικόσ.gr", name="capital sigma maps to medial sigma")
ok("UTS46 full-width", "ａｃｍｅ．ｃｏｍ", "acme.com", "acme.com", name="full-width letters and full stop")
ok("UTS46 full-width", "ＡＣＭＥ.com", "acme.com", "acme.com", name="full-width capitals")
ok("UTS46 full-width", "ａｃｍｅ１２３.com", "acme123.com", name="full-width digits")
ok("UTS46 dots", "acme。com", "acme.com", name="ideographic full stop U+3002")
ok("UTS46 dots", "例子。中国", "xn--fsqu00a.xn--fiqs8s", "例子.中国", name="ideographic full stop in a Chinese name")
ok("UTS46 dots", "acme｡co｡uk", "acme.co.uk", name="halfwidth ideographic full stop U+FF61")
sub("UTS46 dots", "www。acme。com", "acme.com", name="ideographic full stops, subdomain")
ok("UTS46 mapping", "ﬁnance.com", "finance.com", name="fi ligature")
ok("UTS46 mapping", "acme™.com", "acmetm.com", name="trade mark sign maps to tm")
ok("UTS46 mapping", "ℌacker.com", "hacker.com", name="black-letter H")
ok("UTS46 mapping", "①②③.com", "123.com", name="circled digits")
ok("UTS46 mapping", "ac\u00adme.com", "acme.com", name="soft hyphen is ignored")
ok("UTS46 mapping", "❤\ufe0f.ws", "xn--qei.ws", "❤.ws", name="variation selector 16 is ignored")
ok("UTS46 normalization", "cafe\u0301.fr", "xn--caf-dma.fr", "café.fr", name="combining acute composed to NFC")
ok("UTS46 mapping", "ｍüｌｌｅｒ.ｄｅ", None, "müller.de", name="full-width mixed with umlaut")
ok("CONTEXTJ", "क्\u200dष.भारत", "xn--11b2ezcw70k.xn--h2brj9c", "क्\u200dष.भारत", name="ZWJ after virama is allowed")
ok("CONTEXTJ", "क्\u200cष.भारत", "xn--11b2ezcs70k.xn--h2brj9c", "क्\u200cष.भारत", name="ZWNJ after virama is allowed")
ok("CONTEXTJ", "نامه\u200cای.ir", "xn--mgba3gch31f060k.ir", name="Persian ZWNJ between joining letters is allowed")
ok("CONTEXTJ", "xn--mgba3gch31f060k.ir", "xn--mgba3gch31f060k.ir", "نامه\u200cای.ir", name="Persian ZWNJ, A-label")
err("CONTEXTJ", "a\u200db.com", "invalid_idna", name="ZWJ between Latin letters")
err("CONTEXTJ", "a\u200cb.com", "invalid_idna", name="ZWNJ between Latin letters")
err("CONTEXTJ", "\u200cab.com", "invalid_idna", name="ZWNJ at label start")
err("CONTEXTJ", "ab\u200d.com", "invalid_idna", name="ZWJ at label end")
err("CONTEXTJ", "xn--ab-m1t.com", "invalid_idna", name="ZWJ between Latin letters, A-label")
err("CONTEXTJ", "xn--ab-j1t.com", "invalid_idna", name="ZWNJ between Latin letters, A-label")
ok("bidi", "שלום1.com", None, "שלום1.com", name="RTL label may end with a digit")
err("bidi", "שalom.com", "invalid_idna", name="Latin letters inside an RTL label")
err("bidi", "1שלום.com", "invalid_idna", name="RTL label starting with a digit")
err("bidi", "aשלום.com", "invalid_idna", name="LTR label containing Hebrew")
err("bidi", "مثال١2.com", "invalid_idna", name="Arabic-Indic and European digits in one RTL label")
err("bidi", "1com.קום", "invalid_idna", name="LTR label starting with a digit in a bidi domain name (RFC 5893 rule 1)")
err("bidi", "xn--alom-ebd.com" if False else to_ascii("שalom.com") or "xn--alom-ebd.com", "invalid_idna", name="Latin letters inside an RTL label, A-label") if to_ascii("שalom.com") else None
err("STD3", "_dmarc.acme.com", "invalid_idna", name="underscore")
err("STD3", "acme_mail.com", "invalid_idna", name="underscore inside a label")
for ch, nm in [("!", "exclamation mark"), ("$", "dollar"), ("*", "asterisk"), ("+", "plus"), ("=", "equals"),
               (",", "comma"), ("'", "apostrophe"), ("(", "parenthesis"), ("~", "tilde"), ("%", "percent"),
               ("&", "ampersand"), (";", "semicolon"), ('"', "quotation mark"), ("<", "less-than"), ("|", "vertical bar"),
               ("^", "circumflex"), ("`", "grave accent"), ("{", "brace")]:
    err("STD3", f"ac{ch}me.com", "invalid_idna", name=nm)
err("STD3", "*.acme.com", "invalid_idna", name="wildcard typed as a name")
err("STD3", "⑴.com", "invalid_idna", name="parenthesized digit maps to (1)")
err("STD3", "＿dmarc.acme.com", "invalid_idna", name="full-width low line maps to underscore")
err("STD3", "a＋b.com", "invalid_idna", name="full-width plus maps to +")
err("UTS46 disallowed", "a\ufffdb.com", "invalid_idna", name="replacement character")
err("UTS46 disallowed", "a\ue000b.com", "invalid_idna", name="private-use character")
err("UTS46 disallowed", "a\u0378b.com", "invalid_idna", name="unassigned code point")
err("UTS46 disallowed", "\u0301acme.com", "invalid_idna", name="label starting with a combining mark")
err("UTS46 disallowed", "a\u2FF0b.com", "invalid_idna", name="ideographic description character")

# ---------------------------------------------------------------- hyphens
err("hyphen", "-acme.com", "invalid_idna", name="leading hyphen")
err("hyphen", "acme-.com", "invalid_idna", name="trailing hyphen")
err("hyphen", "--acme.com", "invalid_idna", name="two leading hyphens")
err("hyphen", "-.com", "invalid_idna", name="label that is a hyphen")
err("hyphen", "ab--cd.com", "invalid_idna", name="-- in positions 3-4")
err("hyphen", "rn--acme.com", "invalid_idna", name="-- in positions 3-4, look-alike of xn--")
err("hyphen", "aa--.com", "invalid_idna", name="-- in positions 3-4 and trailing")
err("hyphen", "mail.-acme.com", "invalid_idna", name="leading hyphen in a subdomain label")
err("hyphen", "acme.-com", "invalid_idna", name="leading hyphen in the TLD")
err("hyphen", "acme.com-", "invalid_idna", name="trailing hyphen in the TLD")
err("hyphen", "-ü.de", "invalid_idna", name="IDN with leading hyphen")
err("hyphen", "ü-.de", "invalid_idna", name="IDN with trailing hyphen")
err("hyphen", "ab--ü.com", "invalid_idna", name="IDN with -- in positions 3-4")
err("hyphen", "xn----eha.de", "invalid_idna", name="A-label decoding to a leading hyphen")
err("hyphen", "xn----dha.de", "invalid_idna", name="A-label decoding to a trailing hyphen")
err("hyphen", "xn--ab---3ra.com", "invalid_idna", name="A-label decoding to -- in positions 3-4")

# ---------------------------------------------------------------- bad punycode
err("punycode", "xn--.com", "invalid_idna", name="empty A-label")
err("punycode", "xn--a.com", "invalid_idna", name="truncated punycode")
err("punycode", "xn--99999999999.com", "invalid_idna", name="punycode overflow")
err("punycode", "xn--abc-.com", "invalid_idna", name="punycode decoding to ASCII only")
err("punycode", "xn--acme-.com", "invalid_idna", name="punycode decoding to ASCII only (acme)")
err("punycode", "xn--ü.com", "invalid_idna", name="non-ASCII after xn--")
err("punycode", "xn--wca.de", "invalid_idna", name="A-label of a mapped (upper-case) character")
err("punycode", "xn--cafe-yvc.fr", "invalid_idna", name="A-label not in NFC")
err("punycode", "xn--zn7c.com", "invalid_idna", name="A-label of the replacement character")
err("punycode", "xn--bcher-kva.xn--.de", "invalid_idna", name="empty A-label in the middle")
err("punycode", "xn---.com", "invalid_idna", name="xn-- followed by a hyphen")

# ---------------------------------------------------------------- lengths
L63, L64 = "a" * 63, "a" * 64
ok("length", f"{L63}.com", name="63-octet label")
err("length", f"{L64}.com", "too_long", name="64-octet label")
sub("length", f"www.{L63}.com", f"{L63}.com", name="63-octet label, subdomain")
err("length", f"{L64}.{L63}.com", "too_long", name="64-octet subdomain label")
n253 = f"{'a'*63}.{'b'*63}.{'c'*63}.{'d'*57}.com"; assert len(n253) == 253
n254 = f"{'a'*63}.{'b'*63}.{'c'*63}.{'d'*58}.com"; assert len(n254) == 254
sub("length", n253, "d" * 57 + ".com", name="253-octet name")
sub("length", n253 + ".", "d" * 57 + ".com", name="253-octet name plus trailing dot")
err("length", n254, "too_long", name="254-octet name")
err("length", n254 + ".", "too_long", name="254-octet name plus trailing dot")
C63 = "万亿兆京垓秭穰沟涧正载极恒河沙阿僧祇那由"
C64 = "八九十百千万亿兆京垓秭穰沟涧正载极恒河沙阿"
assert len(to_ascii(C63 + ".cn").split(".")[0]) == 63 and len(to_ascii(C64 + ".cn").split(".")[0]) == 64
ok("length", f"{C63}.cn", name="20 Chinese characters, 63 octets as an A-label")
ok("length", to_ascii(f"{C63}.cn"), name="63-octet A-label")
err("length", f"{C64}.cn", "too_long", name="21 Chinese characters, 64 octets as an A-label")
err("length", f"{C64}.中国", "too_long", name="21 Chinese characters under .中国, 64 octets as an A-label")
err("length", "ü" * 60 + ".de", "too_long", name="60 umlauts: 60 characters but a longer A-label") if len(to_ascii("ü"*60+".de").split(".")[0]) > 63 else None
C62 = "秭穰沟涧正载极恒河沙阿僧祇那由他不可思"
assert len(to_ascii(C62 + ".cn").split(".")[0]) == 62
idn253 = ".".join([C62, C62, C62]) + "." + "x" * 57 + ".cn"   # 3*63 + 58 + 3 = 250? compute below
a = to_ascii(idn253)
pad = 253 - len(a)
idn253 = ".".join([C62, C62, C62]) + "." + "x" * (57 + pad) + ".cn"
assert len(to_ascii(idn253)) == 253, len(to_ascii(idn253))
sub("length", idn253, "x" * (57 + pad) + ".cn", name=f"IDN name of {len(idn253)} characters, 253 octets in A-label form")
idn254 = ".".join([C62, C62, C62]) + "." + "x" * (58 + pad) + ".cn"
assert len(to_ascii(idn254)) == 254
err("length", idn254, "too_long", name=f"IDN name of {len(idn254)} characters, 254 octets in A-label form")
err("length", "a" * 3000, "too_long", name="3000 characters")
err("length", ("a" * 60 + ".") * 40 + "com", "too_long", name="2483-octet name of short labels")

# ---------------------------------------------------------------- empty labels
err("empty label", "a..com", "invalid_idna", name="two dots in a row")
err("empty label", ".acme.com", "invalid_idna", name="leading dot")
err("empty label", ".", "invalid_idna", name="a single dot")
err("empty label", "..", "invalid_idna", name="two dots")
err("empty label", "acme。。com", "invalid_idna", name="two ideographic full stops in a row")

# ---------------------------------------------------------------- empty
for s, nm in [("", "empty string"), (" ", "one space"), ("   ", "spaces"), ("\t", "tab"), ("\n", "newline"),
              ("\r\n", "CRLF"), (" \t\n ", "mixed white space"), ("\u00a0", "no-break space"),
              ("\u3000", "ideographic space"), ("\t\t\t", "tabs")]:
    err("empty", s, "empty", name=nm)

# ---------------------------------------------------------------- ip addresses
for s in ["192.0.2.1", "10.0.0.1", "127.0.0.1", "0.0.0.0", "255.255.255.255", " 192.0.2.1 ", "192.0.2.1.",
          "::1", "2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "fe80::1", "::ffff:192.0.2.1",
          "[2001:db8::1]", "[::1]", " [2001:db8::1] ", "１９２．０．２．１"]:
    err("ip address", s, "ip_address")

# ---------------------------------------------------------------- not a domain
nad("https://acme.com", "acme.com")
nad("http://www.acme.com/", "acme.com")
nad("https://www.acme.co.uk/path?q=1#frag", "acme.co.uk")
nad("HTTPS://ACME.COM/", "acme.com", name="upper-case URL")
nad("ftp://files.acme.com/pub", "acme.com")
nad("//acme.com/x", "acme.com", name="scheme-relative URL")
nad("https://acme.com:8443/", "acme.com", name="URL with port")
nad("https://user:pass@acme.com/", "acme.com", name="URL with userinfo")
nad("https://alex@mail.acme.com/inbox", "acme.com", name="URL with user and subdomain")
nad("https://bücher.de/", "bücher.de", name="URL with IDN host")
nad("https://xn--bcher-kva.de/", "bücher.de", name="URL with A-label host: suggestion in Unicode")
nad("http://user:pw@Shop.Bücher.de:443/a?b#c", "bücher.de", name="URL with everything")
nad("https://www.пример.рф/", "пример.рф", name="URL with Cyrillic host")
nad("https://acme.com./", "acme.com", name="URL with trailing-dot host")
nad("https://www.acme.github.io/", "acme.github.io", name="URL under a private suffix")
nad("https://a.b.test.ck/", "b.test.ck", name="URL under a wildcard suffix")
nad("https://acme.com?x=1", "acme.com", name="URL with query, no path")
nad("https://acme.com#top", "acme.com", name="URL with fragment, no path")
nad("https://192.0.2.1/", None, name="URL with IPv4 host")
nad("https://[2001:db8::1]/", None, name="URL with IPv6 host")
nad("https://co.uk/", None, name="URL whose host is a public suffix")
nad("https://acme.notarealtld/", None, name="URL with unknown TLD")
nad("https://-acme.com/", None, name="URL with invalid host")
nad("https://localhost:3000/", None, name="URL to localhost")
nad("https://", None, name="scheme only")
nad("acme.com/pricing", "acme.com", name="path without scheme")
nad("www.acme.com/", "acme.com", name="host and slash")
nad("acme.com/about/team", "acme.com", name="deeper path without scheme")
nad("www.acme.co.uk/shop?item=1", "acme.co.uk", name="path and query without scheme")
nad("acme.com?ref=x", "acme.com", name="query without scheme")
nad("acme.com#top", "acme.com", name="fragment without scheme")
nad("bücher.de/impressum", "bücher.de", name="IDN path without scheme")
nad("/about", None, name="path only")
nad("acme.com:8080", "acme.com", name="host:port")
nad("www.acme.co.uk:443", "acme.co.uk", name="subdomain host:port")
nad("localhost:8080", None, name="localhost:port")
nad("192.0.2.1:80", None, name="IPv4:port")
nad("[2001:db8::1]:443", None, name="[IPv6]:port")
nad("alex@acme.com", "acme.com", name="e-mail address")
nad("alex@mail.acme.com", "acme.com", name="e-mail address at a subdomain")
nad("Alex.Rivera+tag@Acme.COM", "acme.com", name="e-mail address with tag and capitals")
nad("info@bücher.de", "bücher.de", name="e-mail address at an IDN")
nad("info@xn--bcher-kva.de", "bücher.de", name="e-mail address at an A-label")
nad("mailto:alex@acme.com", "acme.com", name="mailto")
nad("MAILTO:alex@acme.com", "acme.com", name="mailto upper case")
nad("mailto:alex@acme.co.uk?subject=hi", "acme.co.uk", name="mailto with query")
nad("alex@", None, name="e-mail address without domain")
nad("alex@co.uk", None, name="e-mail address at a public suffix")
nad("acme .com", None, name="space inside")
nad("ac me.com", None, name="space inside a label")
nad("acme\t.com", None, name="tab inside")
nad("acme.com\n.net", None, name="newline inside")
err("not a domain", "acme.com acme.net", "not_a_domain", name="two names separated by a space")
err("not a domain", "acme.com, acme.net", "not_a_domain", name="comma-separated list")

# ---------------------------------------------------------------- subdomains
for s, root in [("www.acme.com", "acme.com"), ("WWW.ACME.COM", "acme.com"), ("www.acme.com.", "acme.com"),
                ("a.b.c.d.acme.com", "acme.com"), ("mail.acme.io", "acme.io"), ("shop.acme.de", "acme.de"),
                ("api.v2.acme.dev", "acme.dev"), ("m.acme.co.jp", "acme.co.jp"), ("www.acme.com.au", "acme.com.au"),
                ("www.test.k12.ak.us", "test.k12.ak.us"), ("www.test.ac.jp", "test.ac.jp"),
                ("a.b.ide.kyoto.jp", "b.ide.kyoto.jp"), ("www.city.kobe.jp", "city.kobe.jp"),
                ("www.example.uk.com", "example.uk.com"), ("foo.acme.s3.amazonaws.com", "acme.s3.amazonaws.com"),
                ("mail.acme.za", "acme.za"), ("_dmarc", None)]:
    if root is None:
        continue
    sub("subdomain", s, root)

# ---------------------------------------------------------------- public suffixes
for s in ["com", "COM", "com.", "net", "org", "io", "uk", "jp", "us", "de", "CO.UK.", "ac.jp", "kyoto.jp",
          "ide.kyoto.jp", "gov.uk", "nhs.uk", "police.uk", "edu.au", "com.cn", "uk.com", "eu.org", "c.kobe.jp"]:
    ps("public suffix", s)

# ---------------------------------------------------------------- unknown TLDs
for s in ["acme.notarealtld", "acme.local", "acme.internal", "acme.example", "acme.invalid", "acme.localhost",
          "localhost", "acme", "acme.con", "acme.comm", "acme.c0m", "acme.co.uk.notarealtld",
          "пример.тест", "例子.测试", "mail.acme.notarealtld", "xn--e1afmkfd.xn--e1aybc", "ACME.NOTAREALTLD"]:
    unk("unknown tld", s)

err("unknown tld", "acme.123", "unknown_tld", name="all-digit TLD (not an IPv4 address)")

# ---------------------------------------------------------------- more edges
ok("white space", "acme.com\u0085", "acme.com", name="trailing next-line U+0085")
ok("white space", "\u2028acme.com\u2029", "acme.com", name="line and paragraph separators around")
ok("UTS46 mapping", "ac\u200bme.com", "acme.com", name="zero-width space is ignored")
err("empty label", "\u00ad.com", "invalid_idna", name="label of only a soft hyphen is empty after mapping")
nad("acme\u00a0.com", None, name="no-break space inside")
nad("acme\u3000com", None, name="ideographic space inside")
err("not a domain", "acme\u0007.com", "*", name="control character inside (any error)")
ok("mixed forms", "xn--e1afmkfd.рф", "xn--e1afmkfd.xn--p1ai", "пример.рф", name="A-label under a Unicode TLD")
ok("mixed forms", "пример.xn--p1ai", "xn--e1afmkfd.xn--p1ai", "пример.рф", name="Unicode label under an A-label TLD")
ok("mixed forms", "acme.XN--P1AI", "acme.xn--p1ai", "acme.рф", name="ASCII label under an upper-case A-label TLD")
ok("mixed forms", "acme.рф.", "acme.xn--p1ai", "acme.рф", name="ASCII label under a Unicode TLD, trailing dot")
ps("IDN public suffix", "рф.", name="рф with trailing dot")
unk("unknown tld", "www", name="single label www")
unk("unknown tld", "localhost.", name="localhost with trailing dot")
err("punycode", "xn--", "invalid_idna", name="xn-- alone")
sub("length", "a." * 125 + "com", "a.com", name="127 labels, 253 octets")
err("length", "a." * 126 + "com", "too_long", name="128 labels, 255 octets")
ok("bidi", "مثال١٢٣.مصر", None, None, name="Arabic-Indic digits in an RTL label")
ok("bidi", "שָׁלוֹם.co.il", None, None, name="Hebrew with points (NSM)")
err("bidi", "مثال۱١.com", "invalid_idna", name="extended and plain Arabic-Indic digits (EN and AN) in one label")
ok("CONTEXTO", "col·lecció.cat", None, "col·lecció.cat", name="Catalan middle dot between l and l")
ok("CONTEXTO", "a·b.com", None, None, name="middle dot not between l and l (UTS 46 valid; IDNA 2008 registries refuse)", accept_errors=["invalid_idna"])
nad("https://рф/", None, name="URL whose host is an IDN public suffix")
nad("me@x.acme.github.io", "acme.github.io", name="e-mail address under a private suffix")
nad("https://WWW.XN--BCHER-KVA.DE/", "bücher.de", name="URL with upper-case A-label host")
nad("ü@acme.com", "acme.com", name="e-mail address with a Unicode local part")
nad("https://例子.中国/路径", "例子.中国", name="URL with Chinese host and path")
nad("acme.com\\path", "acme.com", name="backslash path")

# ---------------------------------------------------------------- policy (accept_errors)
ok("mixed script", "pаypal.com", "xn--pypal-4ve.com", "pаypal.com", name="Cyrillic a among Latin letters (valid UTS 46; registries may refuse)", accept_errors=["invalid_idna"])
ok("mixed script", "аpple.com", None, None, name="Cyrillic a at the start (valid UTS 46; registries may refuse)", accept_errors=["invalid_idna"])

CASES = [c for c in CASES if c]
