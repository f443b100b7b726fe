import dataclasses
import pickle

import pytest

import peeker
from peeker import DomainError, PeekerError, PeekerTypeError, ArgumentError


def err(fn, *args):
    with pytest.raises(PeekerError) as ei:
        fn(*args)
    return ei.value


# ---- normalize_root_domain: happy paths ----


def test_normalises_case_space_trailing_dot_and_idn():
    d = peeker.normalize_root_domain(" Bücher.de. ")
    assert d == peeker.RootDomain(ascii="xn--bcher-kva.de", unicode="bücher.de")
    assert str(d) == "xn--bcher-kva.de"
    assert peeker.normalize_root_domain("  Team-Acme.COM ").ascii == "team-acme.com"
    assert peeker.normalize_root_domain("xn--bcher-kva.de").unicode == "bücher.de"


def test_private_section_and_multi_label_suffix_roots():
    assert peeker.normalize_root_domain("acme.github.io").ascii == "acme.github.io"
    assert peeker.normalize_root_domain("example.uk.com").ascii == "example.uk.com"
    assert peeker.normalize_root_domain("acme.co.uk").ascii == "acme.co.uk"


def test_root_domain_is_frozen_hashable_and_picklable():
    d = peeker.normalize_root_domain("acme.com")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.ascii = "x.com"  # type: ignore[misc]
    assert {d, peeker.normalize_root_domain("ACME.com")} == {d}
    assert pickle.loads(pickle.dumps(d)) == d


# ---- normalize_root_domain: every error code ----


@pytest.mark.parametrize(
    "value, code, suggestion",
    [
        ("", "empty", None),
        ("   \t", "empty", None),
        ("https://www.acme.co.uk/x", "not_a_domain", "acme.co.uk"),
        ("alex@acme.com", "not_a_domain", "acme.com"),
        ("acme.com/pricing", "not_a_domain", "acme.com"),
        ("acme.com:8080", "not_a_domain", "acme.com"),
        ("http://user:pw@Shop.Bücher.de:443/a?b#c", "not_a_domain", "bücher.de"),
        ("https://192.0.2.1/", "not_a_domain", None),
        ("acme .com", "not_a_domain", None),
        ("-acme.com", "invalid_idna", None),
        ("a..com", "invalid_idna", None),
        ("acme_x.com", "invalid_idna", None),
        ("a" * 64 + ".com", "too_long", None),
        ("abcdefghi." * 26 + "com", "too_long", None),
        ("192.0.2.1", "ip_address", None),
        ("[2001:db8::1]", "ip_address", None),
        ("co.uk", "public_suffix", None),
        ("com", "public_suffix", None),
        ("acme.notarealtld", "unknown_tld", None),
        ("mail.acme.co.uk", "subdomain", "acme.co.uk"),
        ("www.bücher.de", "subdomain", "bücher.de"),
    ],
)
def test_error_codes_and_suggestions(value, code, suggestion):
    e = err(peeker.normalize_root_domain, value)
    assert type(e) is DomainError
    assert e.code == code
    assert e.suggestion == suggestion
    assert e.message and isinstance(e.message, str)
    assert e.number == {
        "empty": 4710, "not_a_domain": 4711, "invalid_idna": 4712, "too_long": 4713,
        "ip_address": 4714, "public_suffix": 4715, "unknown_tld": 4716, "subdomain": 4717,
    }[code]
    assert str(e).startswith(code + ": ")


def test_error_message_and_repr():
    e = err(peeker.normalize_root_domain, "mail.acme.co.uk")
    assert e.message == "mail.acme.co.uk is a subdomain; enter acme.co.uk."
    assert e.field is None
    assert repr(e) == (
        "DomainError(code='subdomain', message='mail.acme.co.uk is a subdomain; enter acme.co.uk.', "
        "suggestion='acme.co.uk')"
    )
    e2 = pickle.loads(pickle.dumps(e))
    assert (type(e2), e2.code, e2.message, e2.suggestion, e2.number) == (
        DomainError, "subdomain", e.message, "acme.co.uk", 4717)


# ---- wrong types, surrogates, huge input ----


def test_none_is_a_type_error_with_code_null_argument():
    e = err(peeker.normalize_root_domain, None)
    assert isinstance(e, TypeError) and isinstance(e, PeekerTypeError)
    assert (e.code, e.field, e.number) == ("null_argument", "domain", 4790)


@pytest.mark.parametrize("value", [b"acme.com", 42, 4.2, ["acme.com"], object()])
def test_other_types_are_type_errors_with_code_invalid_argument(value):
    with pytest.raises(TypeError) as ei:
        peeker.normalize_root_domain(value)
    e = ei.value
    assert isinstance(e, PeekerError)
    assert e.code == "invalid_argument"
    assert type(value).__name__ in e.message
    for fn in (peeker.registrable_domain, peeker.public_suffix):
        with pytest.raises(PeekerTypeError):
            fn(value)


@pytest.mark.parametrize("value", ["\ud800.com", "acme\udfff.com", "a.com\udc80"])
def test_lone_surrogates_are_invalid_utf8(value):
    for fn in (peeker.normalize_root_domain, peeker.registrable_domain, peeker.public_suffix):
        with pytest.raises(ArgumentError) as ei:
            fn(value)
        assert ei.value.code == "invalid_utf8"
        assert isinstance(ei.value, ValueError)
        assert "surrogate" in ei.value.message


def test_nul_byte_inside_text_is_data_not_a_terminator():
    e = err(peeker.normalize_root_domain, "acme.com\x00evil.com")
    assert e.code in ("not_a_domain", "invalid_idna")
    assert peeker.registrable_domain("acme.com\x00") is None


def test_ten_megabyte_strings():
    big = "a" * (10 * 1024 * 1024)
    e = err(peeker.normalize_root_domain, big)
    assert e.code == "too_long"
    assert len(e.message) < 1000
    assert peeker.registrable_domain(big) is None
    assert peeker.public_suffix(big) is None
    assert err(peeker.normalize_root_domain, "ü" * (5 * 1024 * 1024)).code == "too_long"


# ---- registrable_domain / public_suffix ----


@pytest.mark.parametrize(
    "host, expected",
    [
        ("www.Example.COM", "example.com"),
        ("b.example.unlistedtld", "example.unlistedtld"),
        ("a.b.acme.co.uk", "acme.co.uk"),
        ("shop.bücher.de", "xn--bcher-kva.de"),
        ("com", None),
        ("co.uk", None),
        (".com", None),
        ("", None),
    ],
)
def test_registrable_domain(host, expected):
    assert peeker.registrable_domain(host) == expected


def test_public_suffix():
    assert peeker.public_suffix("a.example.co.uk") == "co.uk"
    assert peeker.public_suffix("a..b") is None


# ---- domain sets ----


def test_domain_set_happy_path_matches_the_vector():
    s = peeker.normalize_domain_set(["Team-Acme.com", "acme-mail.com", "team-acme.com."])
    assert s.ascii == ["acme-mail.com", "team-acme.com"]
    assert [d.unicode for d in s.domains] == ["acme-mail.com", "team-acme.com"]
    assert s.errors == ()
    assert s.ok
    assert s.key == "e422e2d1de62b8a771bc7b8a8ca8641a31af93fc7f112d0ca2a696a8b94e5c9c"
    assert len(s) == 2 and list(s) == list(s.domains)
    s.check("import")  # does not raise
    assert peeker.DomainSet(("acme-mail.com", "team-acme.com")) == s
    assert peeker.DomainSet(d for d in ["team-acme.com", "acme-mail.com"]).key == s.key


def test_domain_set_errors_have_index_code_message_suggestion_field():
    s = peeker.DomainSet(["acme-mail.com", "mail.acme.com", "bücher.de", "", "co.uk"])
    assert s.ascii == ["acme-mail.com", "xn--bcher-kva.de"]
    assert s.key is None
    assert not s.ok
    assert [(e.index, e.code, e.suggestion, e.field) for e in s.errors] == [
        (1, "subdomain", "acme.com", "domains[1]"),
        (3, "empty", None, "domains[3]"),
        (4, "public_suffix", None, "domains[4]"),
    ]
    assert s.errors[0].message == "mail.acme.com is a subdomain; enter acme.com."
    ex = s.errors[0].to_exception()
    assert type(ex) is DomainError and ex.code == "subdomain" and ex.number == 4717
    e = err(s.check, "import")
    assert (e.code, e.field, e.suggestion) == ("invalid_domains", "domains[1]", "acme.com")
    assert "3 of the domains are invalid" in e.message


def test_domain_set_check_limits():
    assert err(peeker.DomainSet([]).check, "import").code == "no_domains"
    many = peeker.DomainSet([f"acme{i}.com" for i in range(26)])
    e = err(many.check, "import")
    assert (e.code, e.field) == ("too_many_domains", "domains")
    assert "import/jobs" in e.message
    many.check("import_job")
    many.check("availability")
    assert err(many.check, "forwarding").code == "too_many_domains"
    bad = err(many.check, "imports")
    assert isinstance(bad, ArgumentError) and bad.code == "invalid_argument"
    assert err(many.check, None).code == "null_argument"


def test_domain_set_refuses_more_than_10000_entries():
    e = err(peeker.DomainSet, ["acme.com"] * 10_001)
    assert type(e) is DomainError and e.code == "too_many_domains"
    assert len(peeker.DomainSet(["acme.com"] * 10_000)) == 1


def test_domain_set_wrong_types():
    for value in ("acme.com", b"acme.com", None, 3):
        with pytest.raises(PeekerTypeError):
            peeker.DomainSet(value)  # type: ignore[arg-type]
    with pytest.raises(PeekerTypeError) as ei:
        peeker.DomainSet(["acme.com", None])
    assert (ei.value.code, ei.value.field) == ("null_argument", "domains[1]")
    with pytest.raises(PeekerTypeError) as ei:
        peeker.DomainSet(["acme.com", b"x.com"])
    assert (ei.value.code, ei.value.field) == ("invalid_argument", "domains[1]")
    with pytest.raises(ArgumentError) as ei2:
        peeker.DomainSet(["acme.com", "\udcff.com"])
    assert (ei2.value.code, ei2.value.field) == ("invalid_utf8", "domains[1]")


def test_domain_set_with_a_ten_megabyte_entry():
    s = peeker.DomainSet(["acme.com", "x" * (10 * 1024 * 1024)])
    assert s.ascii == ["acme.com"]
    assert [(e.index, e.code) for e in s.errors] == [(1, "too_long")]


def test_domain_set_is_immutable():
    s = peeker.DomainSet(["acme.com"])
    with pytest.raises(AttributeError):
        s.key = "x"  # type: ignore[misc]
