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
import random
import sys
import time
import urllib.error
import urllib.request
from typing import Any, Callable, List, Optional

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


def call(client: peeker.Client, request: peeker.Request) -> "peeker.Result[Any]":
    """Sends one request with urllib and parses the response (raises
    peeker.ApiError for an API error, with its retry advice)."""
    req = urllib.request.Request(request.url, data=request.body, headers=request.headers, method=request.method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, headers, body = resp.status, resp.headers.items(), resp.read()
    except urllib.error.HTTPError as e:  # 4xx/5xx are responses too: parse them
        status, headers, body = e.code, e.headers.items(), e.read()
    return client.parse(request.operation, status, headers, body)


def call_with_retries(
    client: peeker.Client,
    request: peeker.Request,
    *,
    attempts: int = 4,
    sleep: Callable[[float], None] = time.sleep,
) -> "peeker.Result[Any]":
    """``call`` plus the API's retry rule, decided by the core: 429 -> wait
    ``retry_after_seconds`` (+ jitter); 5xx -> exponential backoff; other
    errors -> fix the request (no retry)."""
    for attempt in range(1, attempts + 1):
        try:
            return call(client, request)
        except peeker.ApiError as e:
            print(f"  {e} [retry: {e.retry}]")
            if e.retry == "never" or attempt == attempts:
                raise
            if e.retry == "after":
                sleep((e.retry_after_seconds or 0) + random.random())
            else:
                sleep(peeker.backoff_delay_ms(attempt, random.random()) / 1000)
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
