"""peeker.AsyncClient (the httpx extra) against the offline sandbox: a full flow
with the core's poller, the retry policy through the sandbox's faults (the same
core decision as Client.send), the per-attempt timeout, typed errors."""
from __future__ import annotations

import asyncio
import socket
from typing import Any, List

import httpx
import peeker
import pytest
from test_sandbox import inject_faults
from test_waiters import seed_order, simulated, still_sandbox  # noqa: F401 (fixture)

BUNDLE = {"name": "a", "monthly_sending_volume": 1760, "google_percent": 100, "microsoft_percent": 0}


def test_full_flow_waiters_and_pages(still_sandbox: str) -> None:  # noqa: F811
    key = "pk_test_python_async"
    waits, sync_sleep, clock = simulated(still_sandbox, key)

    async def sleep(seconds: float) -> None:
        sync_sleep(seconds)

    async def flow() -> None:
        async with peeker.AsyncClient(key, base_url=still_sandbox) as client:
            imported = await client.send(client.import_domains(["acme-mail.com", "team-acme.com"]))
            assert imported.status in (200, 201, 202) and imported.request_id.startswith("req_")
            bundle = (await client.send(client.create_bundle(BUNDLE))).data
            order = (await client.send(client.create_order(seed_order(bundle["id"])))).data
            done = await client.wait_for_order(order["id"], sleep=sleep, clock=clock)
            assert done.data["status"] == "completed" and done.request_id.startswith("req_")
            assert set(waits) == {60.0} and 14 <= len(waits) <= 16, waits
            ids = [o["id"] async for page in client.pages(client.list_orders(per_page=1)) for o in page.items]
            assert ids == [order["id"]]
            with pytest.raises(peeker.ApiError) as ei:
                await client.send(client.get_order("ord_nope"))
            assert ei.value.status == 404 and ei.value.request_id
        assert client._http.is_closed

    asyncio.run(flow())


def test_async_flow_example_onboards_customers_at_once(still_sandbox: str, examples_on_path: str,  # noqa: F811
                                                      capsys: Any) -> None:
    import async_flow

    key = "pk_test_python_async_example"
    waits, sync_sleep, clock = simulated(still_sandbox, key)

    async def sleep(seconds: float) -> None:
        sync_sleep(seconds)

    orders = asyncio.run(async_flow.main(key, still_sandbox, sleep=sleep, clock=clock))
    assert [o["status"] for o in orders] == ["completed", "completed"]
    assert len({o["id"] for o in orders}) == 2 and [o["domain_count"] for o in orders] == [2, 2]
    assert waits and set(waits) == {60.0}, waits  # the documented cadence, from the core's poller
    out = capsys.readouterr().out
    assert out.count("order ord_") == 2 and "completed" in out


def test_retry_policy_through_faults(still_sandbox: str) -> None:  # noqa: F811
    sync = peeker.Client("pk_test_python_async_faults", base_url=still_sandbox)
    sleeps: List[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def flow() -> None:
        async with httpx.AsyncClient() as http:
            client = peeker.AsyncClient("pk_test_python_async_faults", base_url=still_sandbox, http=http)
            inject_faults(sync, 2, 503)
            swap = client.create_swap({"type": "premium", "domain_id": "dom_1", "replacement_domain": "new-acme.com"})
            with pytest.raises(peeker.ApiError) as ei:
                await client.send(swap, sleep=sleep)
            assert ei.value.status == 503 and sleeps == []  # a swap is sent once
            with pytest.raises(peeker.ApiError):
                await peeker.AsyncClient("pk_test_python_async_faults", base_url=still_sandbox, max_attempts=1,
                                         http=http).send(client.me())
            bundle = (await client.send(client.create_bundle(BUNDLE))).data
            inject_faults(sync, 2, 503)
            order = (await client.send(client.create_order(seed_order(bundle["id"])), sleep=sleep,
                                       jitter=lambda: 0.5)).data
            assert sleeps == [0.375, 0.75]
            rows = [o["id"] async for page in client.pages(client.list_orders()) for o in page.items]
            assert rows == [order["id"]]
            await client.aclose()
            assert not http.is_closed  # the caller's client stays open

    asyncio.run(flow())


def test_per_attempt_timeout_and_typed_errors() -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections, never answers
    base = f"http://127.0.0.1:{silent.getsockname()[1]}"
    sleeps: List[Any] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def flow() -> None:
        async with peeker.AsyncClient("pk_test_python_async", base_url=base, timeout=0.2, max_attempts=2) as c:
            with pytest.raises(httpx.TimeoutException):
                await c.send(c.me(), sleep=sleep, jitter=lambda: 0.0)
            assert len(sleeps) == 1  # retry-safe GET: one retry, then the timeout is raised
            with pytest.raises(httpx.TimeoutException):
                await c.send(c.create_swap({"type": "premium", "domain_id": "dom_1",
                                            "replacement_domain": "new-acme.com"}), sleep=sleep)
            assert len(sleeps) == 1  # a swap that may have been carried out is not re-sent

    try:
        asyncio.run(flow())
    finally:
        silent.close()
    with pytest.raises(peeker.RequestError):
        peeker.AsyncClient("not-a-key")


def test_import_without_httpx_names_the_extra() -> None:
    import subprocess
    import sys
    code = ("import sys; sys.modules['httpx'] = None\nimport peeker\n"
            "try:\n    peeker.AsyncClient('pk_test_x')\nexcept ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "pip install 'peeker-sdk[httpx]'" in out.stdout
