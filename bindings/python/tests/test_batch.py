"""normalize_root_domains: one C call for a list, each item exactly what
normalize_root_domain gives for it (the conformance vectors, the benchmark's
realistic inputs, hostile text), error details made only when read."""
from __future__ import annotations

import concurrent.futures
import json
import os
import random
import shutil
import subprocess
import tempfile
from typing import List, Optional, Tuple

import pytest

import peeker
import peeker._batch as batch
from peeker import PeekerError, PeekerTypeError

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
VECTORS = [os.path.join(ROOT, "tests", "vectors", "root_domain.json"),
           os.path.join(ROOT, "tests", "vectors", "examples", "root_domain.json")]
BENCH_INPUTS = os.path.join(ROOT, "target", "bench", "data", "domains.txt")

HOSTILE = [
    "", "   ", "acme.com", " Bücher.de. ", "mail.acme.co.uk", "https://www.acme.co.uk/pricing",
    "a\x00b.com", "\x00", "acme.com\n", "\n", "\r\n", "acme.com\x00", "\ud800.com", "acme.\udfff",
    "\ud83d\ude00.com", "😀.com", "co.uk", "192.0.2.1", "[2001:db8::1]", "a" * 64 + ".com",
    "a" * 3000, "例え.テスト", "faß.de", "ﬁ.com", "аррӏе.com", "-acme.com", "a_b.com", "xn--.com",
]


def expected(d: str) -> Tuple[Optional[str], Optional[str], Optional[str], Optional[PeekerError]]:
    """(code, ascii, unicode, exception) by the one-domain function."""
    try:
        r = peeker.normalize_root_domain(d)
        return None, r.ascii, r.unicode, None
    except PeekerError as e:
        return e.code, None, None, e


def assert_agrees(inputs: List[str], res: peeker.DomainResults, details: bool = True) -> None:
    assert len(res) == len(inputs)
    assert res.inputs == inputs
    ascii_, unicode_, codes = res.ascii, res.unicode, res.codes
    valid = 0
    for i, d in enumerate(inputs):
        code, a, u, exc = expected(d)
        assert (codes[i], ascii_[i], unicode_[i]) == (code, a, u), (i, d)
        item = res[i]
        assert (item.index, item.input, item.code, item.ascii, item.unicode, item.ok) == (i, d, code, a, u, code is None)
        if code is None:
            valid += 1
            assert item.domain == peeker.RootDomain(ascii=a, unicode=u)  # type: ignore[arg-type]
            assert item.unwrap() == item.domain
            assert item.error is None and item.message is None and item.suggestion is None
        elif details:
            e = item.error
            assert exc is not None and e is not None
            assert type(e) is type(exc)
            assert (e.code, e.message, e.suggestion, e.field, e.number) == (exc.code, exc.message, exc.suggestion, exc.field, exc.number)
            assert (item.message, item.suggestion) == (exc.message, exc.suggestion)
    assert res.valid_count == valid
    assert res.error_count == len(inputs) - valid
    assert res.ok == (valid == len(inputs))


def vector_inputs() -> List[str]:
    out: List[str] = []
    for f in VECTORS:
        with open(f, encoding="utf-8") as fh:
            out += [c["input"] for c in json.load(fh)["cases"] if "input" in c]
    assert len(out) > 500
    return out


def test_agrees_with_normalize_root_domain_on_the_vectors():
    inputs = vector_inputs()
    assert_agrees(inputs, peeker.normalize_root_domains(inputs))


def test_agrees_on_the_benchmark_inputs():
    path = BENCH_INPUTS
    if not os.path.exists(path):
        # The same generator tests/bench/run uses (fixed seed), into a temporary folder.
        node = shutil.which("node")
        if node is None:
            pytest.skip("no bench inputs and no node to generate them (tests/bench/gen-inputs.mjs)")
        tmp = tempfile.mkdtemp(prefix="peeker-bench-inputs-")
        gen = os.path.join(ROOT, "tests", "bench", "gen-inputs.mjs")
        subprocess.run([node, gen, tmp], check=True, capture_output=True)
        path = os.path.join(tmp, "domains.txt")
    with open(path, encoding="utf-8") as fh:
        inputs = [d for d in fh.read().split("\n") if d]
    assert len(inputs) == 100_000
    res = peeker.normalize_root_domains(inputs)
    # Every item's code and forms; the details of a fixed sample (they are made one by one).
    assert_agrees(inputs, res, details=False)
    for i in random.Random(6).sample(range(len(inputs)), 2000):
        e, want = res[i].error, expected(inputs[i])[3]
        if want is None:
            assert e is None
        else:
            assert e is not None and (e.code, e.message, e.suggestion, e.field) == (want.code, want.message, want.suggestion, want.field)


def test_hostile_text_gives_per_item_answers():
    # NUL bytes (the one-by-one C path), newlines, lone surrogates (invalid_utf8 for that item only).
    res = peeker.normalize_root_domains(HOSTILE)
    assert_agrees(HOSTILE, res)
    assert res.codes[HOSTILE.index("\ud800.com")] == "invalid_utf8"
    assert res.codes[HOSTILE.index("a\x00b.com")] == "not_a_domain"
    assert res.ascii[HOSTILE.index(" Bücher.de. ")] == "xn--bcher-kva.de"
    assert res.unicode[HOSTILE.index(" Bücher.de. ")] == "bücher.de"
    # Without the NUL items: the joined path, same answers.
    clean = [d for d in HOSTILE if "\x00" not in d]
    assert_agrees(clean, peeker.normalize_root_domains(clean))
    # A huge item among normal ones.
    big = ["acme.com", "a" * 10_000_000, "x\ud800" * 1000, "mail.acme.com"]
    res = peeker.normalize_root_domains(big)
    assert res.codes == [None, "too_long", "invalid_utf8", "subdomain"]


def test_empty_and_single_items():
    res = peeker.normalize_root_domains([])
    assert (len(res), res.ascii, res.unicode, res.codes, res.valid_count, res.ok) == (0, [], [], [], 0, True)
    assert list(res) == []
    res = peeker.normalize_root_domains([""])
    assert res.codes == ["empty"] and res.ascii == [None]
    res = peeker.normalize_root_domains(["\x00"])
    assert res.codes == [expected("\x00")[0]]
    res = peeker.normalize_root_domains(iter(["acme.com", "ACME.com."]))  # any iterable
    assert res.ascii == ["acme.com", "acme.com"] and res.ok


def test_wrong_types_are_refused():
    for bad in ("acme.com", b"acme.com", None, 42):
        with pytest.raises(PeekerTypeError) as ei:
            peeker.normalize_root_domains(bad)  # type: ignore[arg-type]
        assert ei.value.field == "domains"
    with pytest.raises(PeekerTypeError) as ei:
        peeker.normalize_root_domains(["acme.com", "x.com", b"bytes.com"])  # type: ignore[list-item]
    assert ei.value.field == "domains[2]" and ei.value.code == "invalid_argument"
    with pytest.raises(PeekerTypeError) as ei:
        peeker.normalize_root_domains(["acme.com", None])  # type: ignore[list-item]
    assert ei.value.field == "domains[1]" and ei.value.code == "null_argument"


def test_error_details_are_made_only_when_read(monkeypatch):
    calls: List[str] = []
    real = batch.normalize_root_domain

    def counting(d: str) -> peeker.RootDomain:
        calls.append(d)
        return real(d)

    monkeypatch.setattr(batch, "normalize_root_domain", counting)
    res = peeker.normalize_root_domains(["acme.com", "mail.acme.co.uk", "co.uk"] * 1000)
    assert res.codes[:3] == [None, "subdomain", "public_suffix"]
    items = list(res)
    assert calls == []  # nothing described yet
    sub = res[1]
    assert sub.suggestion == "acme.co.uk"
    assert sub.message == "mail.acme.co.uk is a subdomain; enter acme.co.uk."
    assert isinstance(sub.error, peeker.DomainError)
    assert calls == ["mail.acme.co.uk"]  # once, then kept
    with pytest.raises(peeker.DomainError) as ei:
        items[2].unwrap()
    assert ei.value.code == "public_suffix"
    assert calls == ["mail.acme.co.uk", "co.uk"]
    assert items[0].message is None and calls == ["mail.acme.co.uk", "co.uk"]


def test_lists_above_the_c_limit_are_split(monkeypatch):
    inputs = (HOSTILE + vector_inputs()[:50]) * 3
    whole = peeker.normalize_root_domains(inputs)
    monkeypatch.setattr(batch, "_MAX_ITEMS", 7)
    split = peeker.normalize_root_domains(inputs)
    assert (split.ascii, split.unicode, split.codes, split.valid_count) == (whole.ascii, whole.unicode, whole.codes, whole.valid_count)
    assert split == whole
    with pytest.raises(PeekerTypeError) as ei:  # the index is the whole list's
        peeker.normalize_root_domains(["a.com"] * 10 + [1])  # type: ignore[list-item]
    assert ei.value.field == "domains[10]"


def test_the_sequence_protocol():
    inputs = ["acme.com", "mail.acme.com", "bücher.de"]
    res = peeker.normalize_root_domains(inputs)
    assert res[-1].unicode == "bücher.de" and res[-1].index == 2
    assert [r.input for r in res[1:]] == inputs[1:]
    assert [r.input for r in res.valid()] == ["acme.com", "bücher.de"]
    assert [(r.index, r.code) for r in res.invalid()] == [(1, "subdomain")]
    with pytest.raises(IndexError):
        res[3]
    with pytest.raises(IndexError):
        res[-4]
    assert res[0] == peeker.normalize_root_domains(["acme.com"])[0]
    assert repr(res) == "DomainResults(3 items, 2 valid)"
    assert "subdomain" in repr(res[1])
    assert res.ascii is res.ascii  # made once
    assert type(res).__module__ == "peeker" and type(res[0]).__module__ == "peeker"
    with pytest.raises(AttributeError):
        res[0].code = "x"  # type: ignore[misc]


def test_threads_share_nothing():
    inputs = vector_inputs()
    want = peeker.normalize_root_domains(inputs)
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda _: peeker.normalize_root_domains(inputs), range(8)))
    assert all(g == want for g in got)
