"""A full Partner API flow with your own transport (here ``urllib.request``):
the SDK builds each request and parses each response; sending is yours.

Run:  PEEKER_API_KEY=pk_test_... python full_request.py [BASE_URL]
Test: bindings/python/tests/test_examples.py runs ``main()`` against a local
      ``http.server`` stub that answers with the documented bodies.

The same three lines work with any HTTP client (``requests``, ``httpx``, aiohttp):
``request.method``, ``request.url``, ``request.headers`` and ``request.body`` in;
status, headers and raw body bytes out to ``client.parse(...)``. The built-in
``client.send(request)`` does exactly this, with the retries below.
"""
from __future__ import annotations

import os
import socket
import sys
import time
import urllib.error
import urllib.request
from typing import Any, Callable, List, Optional, Tuple

import peeker

SEED_ORDER: peeker.OrderBody = {
    "user": "alex@acme.com",
    "bundle_id": "bun_01HZX0BU1A2B3C4D5E6F7G8H",
    "sequencer": {
        "provider": "smartlead",
        "client_id": 366903,
        "login_email": "ops@acme.com",
        "login_password": os.environ.get("SMARTLEAD_PASSWORD", "their-smartlead-password"),
    },
    "forwarding_url": "https://acme.com",
    "domains": ["acme-mail.com", "team-acme.com"],
    "personas": [
        {"first_name": "Alex", "last_name": "Rivera", "profile_picture_url": "https://cdn.acme.com/alex.jpg"},
        {"first_name": "Sam", "last_name": "Lee", "profile_picture_url": "https://cdn.acme.com/sam.jpg"},
    ],
}


def send_once(request: peeker.Request, timeout: float = 30.0) -> Tuple[int, List[Tuple[str, str]], bytes]:
    """Sends one request with urllib within ``timeout`` seconds (one attempt):
    the status, headers and raw body; 4xx/5xx are responses too."""
    req = urllib.request.Request(request.url, data=request.body, headers=request.headers, method=request.method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers.items(), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.items(), e.read()


def call_with_retries(
    client: peeker.Client,
    request: peeker.Request,
    *,
    attempts: int = 4,
    sleep: Callable[[float], None] = time.sleep,
) -> "peeker.Result[Any]":
    """Your own transport, with the SDK's retry rule: after each attempt the
    core decides (``peeker.retry_decision``) whether to send again and after how
    long: a 429 waits ``retry_after_seconds`` (+ jitter), a 5xx or a timeout is
    retried only for a ``request.retry_safe`` request (never a swap), a refused
    connection is retried, anything else is raised. ``client.send`` does the
    same with urllib."""
    for attempt in range(1, attempts + 1):
        try:
            status, headers, body = send_once(request)
        except (urllib.error.URLError, OSError) as e:  # no response at all
            reason = e.reason if isinstance(e, urllib.error.URLError) else e
            not_sent = isinstance(reason, (ConnectionRefusedError, socket.gaierror))
            delay = peeker.retry_decision(request.retry_safe, attempt, max_attempts=attempts,
                                          network_error="connect" if not_sent else "timeout")
            if delay is None:
                raise
            sleep(delay / 1000)
            continue
        delay = peeker.retry_decision(request.retry_safe, attempt, max_attempts=attempts,
                                      status=status, headers=headers, body=body)
        if delay is None:
            try:
                return client.parse(request.operation, status, headers, body)
            except peeker.ApiError as e:
                print(f"  {e} [retry: {e.retry}]")
                raise
        print(f"  HTTP {status}: retrying in {delay} ms")
        sleep(delay / 1000)
    raise AssertionError("unreachable")


def main(api_key: str, base_url: Optional[str] = None, *, sleep: Callable[[float], None] = time.sleep) -> List[str]:
    """Health check, import, order, then every order page by page. Returns the
    order ids listed."""
    client = peeker.Client(api_key, base_url=base_url, user_agent="full-request-example/1.0")
    print(client)  # never shows the key

    me: peeker.Me = call_with_retries(client, client.me(), sleep=sleep).data
    print(f"partner {me['partner']['id']} ({me['api_key']['environment']}, {me['api_key']['permission_preset']})")

    # Domains typed by a person: the core normalises them ("Team-Acme.com" ->
    # "team-acme.com") and refuses subdomains before anything is sent.
    imp: peeker.ImportJob = call_with_retries(client, client.import_domains(["acme-mail.com", "Team-Acme.com"]), sleep=sleep).data
    for g in imp["nameserver_groups"]:
        print(f"set {g['nameserver_one']} / {g['nameserver_two']} on {', '.join(g['domains'])}")

    try:
        client.create_order({**SEED_ORDER, "domains": ["mail.acme.com"]})
    except peeker.PeekerError as e:
        print(f"refused before sending: {e.field}: {e.code} (did you mean {e.suggestion}?)")

    order_request = client.create_order(SEED_ORDER)
    print(order_request)  # the body (with the Smartlead password) is not shown
    order: peeker.Order = call_with_retries(client, order_request, sleep=sleep).data
    print(f"order {order['id']}: {order['status']}, {order['costs']['total_cents'] if order['costs'] else '?'} cents")

    ids: List[str] = []
    request: Optional[peeker.Request] = client.list_orders(per_page=25)
    while request is not None:
        page = call_with_retries(client, request, sleep=sleep)
        assert isinstance(page, peeker.Page)
        ids += [o["id"] for o in page.items]
        request = page.next_request  # None on the last page; never build page_token yourself
    print(f"{len(ids)} orders")
    return ids


if __name__ == "__main__":
    main(os.environ["PEEKER_API_KEY"], sys.argv[1] if len(sys.argv) > 1 else None)
