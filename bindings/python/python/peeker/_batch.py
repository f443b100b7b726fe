"""Many domains in one call: :func:`normalize_root_domains`.

One C call (``peeker_root_domains_joined``) validates a whole list; the results
come back as one status array and one text buffer, which are turned into Python
lists at C speed (one ``bytes.decode`` and one ``str.split``). Each item's answer
is exactly :func:`normalize_root_domain`'s for the same text: the core decides,
this module only translates. Error messages and suggestions are not made for
the batch; an item's :attr:`DomainResult.error` calls :func:`normalize_root_domain`
on its input the first time it is asked for.
"""
from __future__ import annotations

import operator
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union, overload

from ._api import (
    RootDomain,
    _buf,
    _check,
    _code_error,
    _list_arg,
    _str_array,
    _type_error,
    normalize_root_domain,
)
from ._errors import PeekerError
from ._generated import _ERROR_CODE_NUMBERS
from ._native import ffi, lib

__all__ = ["DomainResult", "DomainResults", "normalize_root_domains"]

_MAX_ITEMS: int = int(lib.PEEKER_DOMAIN_BATCH_MAX_ITEMS)
_OK: int = int(lib.PEEKER_STATUS_OK)
_INVALID_ARGUMENT: int = int(lib.PEEKER_STATUS_INVALID_ARGUMENT)


_CODES: Dict[int, Optional[str]] = {_OK: None, **_ERROR_CODE_NUMBERS}
# The same as a list indexed by status number (0 and every code's), for itemgetter.
_CODE_LIST: List[Optional[str]] = [_CODES.get(i, f"status_{i}") for i in range(max(_CODES) + 1)]


def _codes_of(statuses: List[int]) -> List[Optional[str]]:
    """Status numbers -> code strings (None for OK), at C speed: one itemgetter
    call picks every item's code from _CODE_LIST."""
    if len(statuses) >= 2:
        try:
            return list(operator.itemgetter(*statuses)(_CODE_LIST))
        except IndexError:  # a status this package does not know (newer libpeeker)
            pass
    return [_CODES.get(st, f"status_{st}") for st in statuses]


class DomainResult:
    """One item of :func:`normalize_root_domains`: its input, and either both forms
    (valid) or the error code. Read-only."""

    __slots__ = ("_index", "_input", "_code", "_ascii", "_unicode", "_error")

    def __init__(self, index: int, input: str, code: Optional[str], ascii: Optional[str], unicode: Optional[str]) -> None:
        self._index = index
        self._input = input
        self._code = code
        self._ascii = ascii
        self._unicode = unicode
        self._error: Optional[PeekerError] = None

    @property
    def index(self) -> int:
        """Position of the item in the input list."""
        return self._index

    @property
    def input(self) -> str:
        """The text as given."""
        return self._input

    @property
    def ok(self) -> bool:
        """True for a root domain."""
        return self._code is None

    @property
    def code(self) -> Optional[str]:
        """None for a root domain, else the stable code :func:`normalize_root_domain`
        raises for this input (``"subdomain"``, ``"not_a_domain"``, ``"invalid_utf8"``...)."""
        return self._code

    @property
    def ascii(self) -> Optional[str]:
        """The A-label form (what the API takes), or None when invalid."""
        return self._ascii

    @property
    def unicode(self) -> Optional[str]:
        """The Unicode form (what to show people), or None when invalid."""
        return self._unicode

    @property
    def domain(self) -> Optional[RootDomain]:
        """The :class:`RootDomain`, or None when invalid."""
        if self._code is not None or self._ascii is None or self._unicode is None:
            return None
        return RootDomain(ascii=self._ascii, unicode=self._unicode)

    @property
    def error(self) -> Optional[PeekerError]:
        """None for a root domain; else the exception :func:`normalize_root_domain`
        raises for this input (message, suggestion, field), made on first access."""
        if self._code is None:
            return None
        if self._error is None:
            try:
                normalize_root_domain(self._input)
            except PeekerError as e:
                self._error = e
            else:  # not reached: the same core accepts what it refused
                self._error = _code_error(self._code, f"The domain was refused ({self._code}).", None, None)
        return self._error

    @property
    def message(self) -> Optional[str]:
        """The error's message (made on first access), or None when valid."""
        e = self.error
        return None if e is None else e.message

    @property
    def suggestion(self) -> Optional[str]:
        """The error's suggestion (e.g. the root domain of a subdomain), or None."""
        e = self.error
        return None if e is None else e.suggestion

    def unwrap(self) -> RootDomain:
        """The :class:`RootDomain`, or raises what :func:`normalize_root_domain` raises."""
        d = self.domain
        if d is None:
            e = self.error
            assert e is not None
            raise e
        return d

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DomainResult):
            return NotImplemented
        return (self._index, self._input, self._code, self._ascii, self._unicode) == (
            other._index, other._input, other._code, other._ascii, other._unicode)

    def __hash__(self) -> int:
        return hash((self._index, self._input, self._code, self._ascii, self._unicode))

    def __repr__(self) -> str:
        if self._code is None:
            return f"DomainResult(index={self._index}, input={self._input!r}, ascii={self._ascii!r}, unicode={self._unicode!r})"
        return f"DomainResult(index={self._index}, input={self._input!r}, code={self._code!r})"


class DomainResults(Sequence[DomainResult]):
    """The results of :func:`normalize_root_domains`, in input order.

    A sequence of :class:`DomainResult` (made when accessed), plus whole-list views
    made at C speed: :attr:`ascii`, :attr:`unicode`, :attr:`codes`.
    """

    __slots__ = ("_inputs", "_statuses", "_raw_ascii", "_distinct", "_valid", "_cache")

    def __init__(self, inputs: List[str], statuses: List[int], raw_ascii: List[str], distinct: Dict[int, str], valid: int) -> None:
        self._inputs = inputs
        self._statuses = statuses
        self._raw_ascii = raw_ascii  # "" for an invalid item
        self._distinct = distinct  # index -> Unicode form, where it differs from the A-label form
        self._valid = valid
        self._cache: Dict[str, List[Any]] = {}

    def __len__(self) -> int:
        return len(self._statuses)

    def _item(self, i: int) -> DomainResult:
        st = self._statuses[i]
        if st == _OK:
            a = self._raw_ascii[i]
            return DomainResult(i, self._inputs[i], None, a, self._distinct.get(i, a))
        return DomainResult(i, self._inputs[i], _CODES.get(st, f"status_{st}"), None, None)

    @overload
    def __getitem__(self, i: int) -> DomainResult: ...

    @overload
    def __getitem__(self, i: slice) -> List[DomainResult]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[DomainResult, List[DomainResult]]:
        if isinstance(i, slice):
            return [self._item(j) for j in range(*i.indices(len(self)))]
        n = len(self)
        j = i.__index__()
        if j < 0:
            j += n
        if not 0 <= j < n:
            raise IndexError("DomainResults index out of range")
        return self._item(j)

    def __iter__(self) -> Iterator[DomainResult]:
        return (self._item(i) for i in range(len(self)))

    @property
    def inputs(self) -> List[str]:
        """The inputs, as given (a copy)."""
        return list(self._inputs)

    @property
    def ascii(self) -> List[Optional[str]]:
        """Per item the A-label form, or None when invalid (the same list on every access)."""
        got = self._cache.get("ascii")
        if got is None:
            raw = self._raw_ascii
            got = list(raw) if self._valid == len(raw) else [x or None for x in raw]
            self._cache["ascii"] = got
        return got

    @property
    def unicode(self) -> List[Optional[str]]:
        """Per item the Unicode form, or None when invalid (the same list on every access)."""
        got = self._cache.get("unicode")
        if got is None:
            got = list(self.ascii)
            for i, u in self._distinct.items():
                got[i] = u
            self._cache["unicode"] = got
        return got

    @property
    def codes(self) -> List[Optional[str]]:
        """Per item None when valid, else the stable error code (the same list on every access)."""
        got = self._cache.get("codes")
        if got is None:
            got = _codes_of(self._statuses)
            self._cache["codes"] = got
        return got

    @property
    def valid_count(self) -> int:
        """Number of valid items."""
        return self._valid

    @property
    def error_count(self) -> int:
        """Number of invalid items."""
        return len(self._statuses) - self._valid

    @property
    def ok(self) -> bool:
        """True when every item is a root domain (also for an empty list)."""
        return self._valid == len(self._statuses)

    def valid(self) -> List[DomainResult]:
        """The valid items, in input order."""
        return [self._item(i) for i, st in enumerate(self._statuses) if st == _OK]

    def invalid(self) -> List[DomainResult]:
        """The invalid items, in input order (``.index``, ``.code``; ``.error``,
        ``.message`` and ``.suggestion`` are made when read)."""
        return [self._item(i) for i, st in enumerate(self._statuses) if st != _OK]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DomainResults):
            return NotImplemented
        return (self._inputs, self._statuses, self._raw_ascii, self._distinct) == (
            other._inputs, other._statuses, other._raw_ascii, other._distinct)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DomainResults({len(self)} items, {self._valid} valid)"


def _run(items: List[str], offset: int) -> Tuple[List[int], List[str], Dict[int, str], int]:
    """One C call for `items` (at most _MAX_ITEMS): (statuses, ascii ("" when
    invalid), {index: Unicode form where it differs}, valid count)."""
    n = len(items)
    try:
        joined = "\0".join(items)
    except TypeError:
        for i, d in enumerate(items):
            if not isinstance(d, str):
                raise _type_error(f"domains[{offset + i}]", "a str", d) from None
        raise
    # Lone surrogates are passed on as the bytes they would be ("surrogatepass"):
    # not UTF-8, so the core gives that item invalid_utf8 (what
    # normalize_root_domain raises for it), and the other items are unaffected.
    data = joined.encode("utf-8", "surrogatepass")
    out = ffi.new("PeekerDomainBatch **")
    status = lib.peeker_root_domains_joined(_buf(data), len(data), 0, n, out)
    if status == _INVALID_ARGUMENT:
        # An item holds a NUL byte (the separator): pass the items one by one.
        arr, keep = _str_array([d.encode("utf-8", "surrogatepass") for d in items])
        status = lib.peeker_root_domains(arr, n, out)
        del keep
    _check(status)
    h = out[0]
    try:
        statuses: List[int] = memoryview(ffi.buffer(lib.peeker_domain_batch_statuses(h), 4 * n)).cast("I").tolist() if n else []
        tlen = ffi.new("size_t *")
        p = lib.peeker_domain_batch_text(h, tlen)
        text: bytes = ffi.unpack(p, tlen[0]) if tlen[0] else b""
        dn = ffi.new("size_t *")
        dp = lib.peeker_domain_batch_distinct_unicode(h, dn)
        k = int(dn[0])
        distinct: List[int] = memoryview(ffi.buffer(dp, 4 * k)).cast("I").tolist() if k else []
        valid = int(lib.peeker_domain_batch_valid_count(h))
    finally:
        lib.peeker_domain_batch_free(h)
    # n A-label fields ("" when invalid), then the k distinct Unicode forms, each
    # NUL-terminated: n + k fields and a trailing "".
    parts = text.decode("utf-8", "replace").split("\0")
    return statuses, parts[:n], dict(zip(distinct, parts[n : n + k])), valid


def normalize_root_domains(domains: Iterable[str]) -> DomainResults:
    """Validates many user-typed domains in one call: each item gets exactly the
    answer :func:`normalize_root_domain` gives for it (both forms, or the error
    code), without raising for invalid items.

    ``domains``: any iterable of ``str`` (a single ``str`` is refused: it is not a
    list). Any text is fine, including NUL, newlines and lone surrogates (which
    give that item ``invalid_utf8``). Raises :class:`PeekerTypeError` for a
    non-``str`` item. Any length: lists above the C call's limit
    (``PEEKER_DOMAIN_BATCH_MAX_ITEMS``, 1,048,576) are sent in several calls.

    >>> r = normalize_root_domains(["Bücher.de", "mail.acme.co.uk"])
    >>> r.ascii, r.codes
    (['xn--bcher-kva.de', None], [None, 'subdomain'])
    >>> r[1].suggestion
    'acme.co.uk'
    """
    items = _list_arg(domains, "domains", "an iterable of str")
    n = len(items)
    if n <= _MAX_ITEMS:
        statuses, a, u, valid = _run(items, 0)
    else:
        statuses, a, u, valid = [], [], {}, 0
        for start in range(0, n, _MAX_ITEMS):
            s2, a2, u2, v2 = _run(items[start : start + _MAX_ITEMS], start)
            statuses += s2
            a += a2
            u.update((start + i, form) for i, form in u2.items())
            valid += v2
    return DomainResults(items, statuses, a, u, valid)
