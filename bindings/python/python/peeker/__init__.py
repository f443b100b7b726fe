"""Peeker Partner API SDK for Python.

A thin layer over libpeeker, the C ABI of the SDK's Rust core: every rule (domain
normalisation, the Public Suffix List, webhook signatures, response
classification, canonical JSON and keys) lives in the core, so this package
gives the same answers as the Rust, C, Node and browser packages.

    >>> import peeker
    >>> peeker.normalize_root_domain(" Bücher.de. ")
    RootDomain(ascii='xn--bcher-kva.de', unicode='bücher.de')
    >>> try:
    ...     peeker.normalize_root_domain("mail.acme.co.uk")
    ... except peeker.PeekerError as e:
    ...     print(e.code, e.suggestion)
    subdomain acme.co.uk
"""
from . import _api, _async, _batch, _client, _errors, _generated, _models, _poll, _tracker
from ._api import *  # noqa: F403
from ._async import *  # noqa: F403
from ._batch import *  # noqa: F403
from ._client import *  # noqa: F403
from ._errors import *  # noqa: F403
from ._generated import *  # noqa: F403  (models, enumerations, operations, error codes, event types)
from ._models import *  # noqa: F403  (former names)
from ._poll import *  # noqa: F403
from ._tracker import *  # noqa: F403

# Public classes are documented (and pickled) as peeker.X.
for _name in ("ApiError", "ApiErrorCode", "ArgumentError", "Classified", "Client", "DomainError", "DomainResult",
              "DomainResults", "DomainSet", "Event", "IndexedError", "Page", "PeekerError", "PeekerTypeError",
              "Request", "RequestError", "ResponseError", "Result", "RootDomain", "Tracker", "WebhookError", "Poller",
              "PollTimeout"):
    globals()[_name].__module__ = __name__
del _name

__version__: str = _api.VERSION
"""The package version (the version of the bundled libpeeker)."""

__all__ = [
    "__version__",
    *_api.__all__,
    *_async.__all__,
    *_batch.__all__,
    *_client.__all__,
    *_errors.__all__,
    *_poll.__all__,
    *_tracker.__all__,
    *_models.__all__,
    *_generated.__all__,
]
