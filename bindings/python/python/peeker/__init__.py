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
from ._api import (
    PSL_COMMIT,
    PSL_VERSION,
    VERSION,
    WEBHOOK_DEFAULT_TOLERANCE,
    WEBHOOK_MAX_BODY_BYTES,
    BatchLimit,
    Classified,
    DomainSet,
    Event,
    HeadersLike,
    IndexedError,
    RetryAdvice,
    RootDomain,
    Verifier,
    WebhookDiagnosis,
    classify_response,
    diagnose_webhook,
    normalize_domain_set,
    normalize_root_domain,
    order_dedupe_key,
    public_suffix,
    registrable_domain,
    sign_webhook,
    verify_webhook,
    verify_webhook_ignoring_timestamp,
)
from ._async import AsyncClient
from ._batch import DomainResult, DomainResults, normalize_root_domains
from ._client import (
    OPERATIONS,
    ApiError,
    Client,
    Page,
    Request,
    Result,
    backoff_delay_ms,
    operation_retry_safe,
    retry_decision,
)
from ._errors import (
    ArgumentError,
    DomainError,
    PeekerError,
    PeekerTypeError,
    RequestError,
    ResponseError,
    WebhookError,
)
from ._generated import *  # noqa: F401,F403  (models, enumerations, operations, error codes, event types)
from ._generated import ApiErrorCode
from ._generated import __all__ as _generated_all
from ._models import *  # noqa: F401,F403  (request bodies)
from ._models import __all__ as _models_all
from ._poll import Poller, PollKind, PollTimeout
from ._tracker import (
    OpenAction,
    OrderState,
    Tracker,
    UnreadableEvent,
    state_key,
    state_merge,
    state_order_view,
    state_reduce,
)

# Public classes are documented (and pickled) as peeker.X.
DomainResult.__module__ = DomainResults.__module__ = __name__
for _cls in (ApiError, ApiErrorCode, ArgumentError, Classified, Client, DomainError, DomainSet, Event,
             IndexedError, Page, PeekerError, PeekerTypeError, Request, RequestError, ResponseError, Result,
             RootDomain, Tracker, WebhookError, Poller, PollTimeout):
    _cls.__module__ = __name__
del _cls

__version__: str = VERSION
"""The package version (the version of the bundled libpeeker)."""

__all__ = [
    "__version__",
    "ApiError",
    "ArgumentError",
    "BatchLimit",
    "Classified",
    "AsyncClient",
    "Client",
    "DomainError",
    "DomainResult",
    "DomainResults",
    "DomainSet",
    "Event",
    "HeadersLike",
    "IndexedError",
    "OPERATIONS",
    "OpenAction",
    "OrderState",
    "PSL_COMMIT",
    "PSL_VERSION",
    "PeekerError",
    "Page",
    "PeekerTypeError",
    "PollKind",
    "PollTimeout",
    "Poller",
    "Request",
    "RequestError",
    "ResponseError",
    "Result",
    "RetryAdvice",
    "RootDomain",
    "Tracker",
    "UnreadableEvent",
    "state_key",
    "state_merge",
    "state_order_view",
    "state_reduce",
    "VERSION",
    "WEBHOOK_DEFAULT_TOLERANCE",
    "WEBHOOK_MAX_BODY_BYTES",
    "WebhookError",
    "backoff_delay_ms",
    "retry_decision",
    "operation_retry_safe",
    "classify_response",
    "normalize_domain_set",
    "normalize_root_domain",
    "normalize_root_domains",
    "order_dedupe_key",
    "public_suffix",
    "registrable_domain",
    "sign_webhook",
    "Verifier",
    "WebhookDiagnosis",
    "diagnose_webhook",
    "verify_webhook",
    "verify_webhook_ignoring_timestamp",
    *_models_all,
    *_generated_all,
]
