"""The seed workflow with ``peeker.AsyncClient`` (``pip install 'peeker-sdk[httpx]'``),
for FastAPI, aiohttp or any asyncio backend: import a customer's domains, wait
for the import, place the order, wait for it to complete. Several customers run
at once on one connection pool; every wait is the core's poller (the documented
60 s cadence), every retry the core's decision (a 5xx is repeated only for a
request the API deduplicates, never for a swap).

Run:  PEEKER_API_KEY=pk_test_... python async_flow.py [BASE_URL]
      (the offline sandbox: ``peeker-sandbox serve --port 8080``, then
      ``python async_flow.py http://127.0.0.1:8080``)
Test: bindings/python/tests/test_async.py runs ``main()`` against the sandbox,
      with a ``sleep`` that moves the sandbox's clock instead of waiting.
"""
from __future__ import annotations

import asyncio
import os
import sys
import time
from typing import Any, Awaitable, Callable, List, Optional

import peeker

Sleep = Callable[[float], Awaitable[Any]]

CUSTOMERS = [
    ("alex@acme.com", ["acme-mail.com", "team-acme.com"]),
    ("sam@globex.com", ["globex-mail.com", "team-globex.com"]),
]


async def onboard(client: peeker.AsyncClient, user: str, domains: List[str], bundle_id: str, *,
                  sleep: Sleep, clock: Callable[[], float]) -> peeker.Order:
    """One customer, end to end; returns the order as it ended."""
    imported = await client.send(client.import_domains(domains))
    print(f"{user}: import {imported.data['id']} ({imported.request_id})")
    done = await client.wait_for_import(imported.data["id"], sleep=sleep, clock=clock)
    if done.data["status"] != "completed":  # action_required: show the nameservers again
        raise RuntimeError(f"{user}: import {done.data['id']} is {done.data['status']}")
    body: peeker.OrderBody = {
        "user": user,
        "bundle_id": bundle_id,
        "sequencer": {"provider": "smartlead", "client_id": 366903, "login_email": "ops@acme.com",
                      "login_password": os.environ.get("SMARTLEAD_PASSWORD", "their-smartlead-password")},
        "domains": domains,
        "personas": [{"first_name": "Alex", "last_name": "Rivera",
                      "profile_picture_url": "https://cdn.acme.com/alex.jpg"}],
    }
    placed = await client.send(client.create_order(body))  # deduplicated by the API: safe to retry
    final = await client.wait_for_order(placed.data["id"], sleep=sleep, clock=clock)
    order: peeker.Order = final.data
    print(f"{user}: order {order['id']} {order['status']}")
    return order


async def main(api_key: str, base_url: Optional[str] = None, *, sleep: Sleep = asyncio.sleep,
               clock: Callable[[], float] = time.monotonic) -> List[peeker.Order]:
    """Every customer of ``CUSTOMERS`` at once; returns their orders."""
    async with peeker.AsyncClient(api_key, base_url=base_url, user_agent="async-flow-example/1.0") as client:
        bundle: peeker.Bundle = (await client.send(client.create_bundle(
            {"name": "Starter", "monthly_sending_volume": 1760, "google_percent": 100,
             "microsoft_percent": 0}))).data
        return list(await asyncio.gather(*(onboard(client, user, domains, bundle["id"], sleep=sleep, clock=clock)
                                           for user, domains in CUSTOMERS)))


if __name__ == "__main__":
    asyncio.run(main(os.environ["PEEKER_API_KEY"], sys.argv[1] if len(sys.argv) > 1 else None))
