"""Receiving Peeker webhooks in FastAPI (any Starlette app works the same way).

Run:  PEEKER_WEBHOOK_SECRET=whsec_... uvicorn fastapi_webhook:app --port 8000
Test: bindings/python/tests/test_examples.py starts this app with uvicorn on
      loopback and posts a signed delivery and a forged one.

Verify ``await request.body()``, the RAW bytes: never declare the body as a
pydantic model or read ``await request.json()`` first, since the signature covers
the exact bytes Peeker sent. Answer 2xx quickly; dedupe on ``event.id``
(:class:`peeker.Tracker` does it and keeps each order's state).
"""
from __future__ import annotations

import os
from typing import Awaitable, Callable, Optional, Sequence, Union

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

import peeker


def create_app(
    secrets: Union[str, Sequence[str], None] = None,
    *,
    on_event: Optional[Callable[[peeker.Event], Awaitable[None]]] = None,
) -> FastAPI:
    """The app. ``secrets``: the webhook secret (several during a rotation);
    default ``PEEKER_WEBHOOK_SECRET``. ``on_event`` is awaited once per new event."""
    secret = secrets if secrets is not None else os.environ["PEEKER_WEBHOOK_SECRET"]
    # One verifier for every delivery: the secrets are keyed once (it is thread-safe).
    verifier = peeker.Verifier(secret)
    app = FastAPI()
    # Handlers run on one event loop thread here, so no lock is needed. Keep the
    # state in your database in production: tracker.to_json() / Tracker.from_json().
    tracker = peeker.Tracker()
    app.state.tracker = tracker

    @app.post("/peeker/webhooks")
    async def peeker_webhook(request: Request) -> Response:
        body = await request.body()  # raw bytes, exactly as received
        try:
            event = verifier.verify(body, request.headers)
        except peeker.WebhookError as e:
            return JSONResponse({"error": e.code}, status_code=400)
        if tracker.apply(event) and on_event is not None:
            await on_event(event)
        return Response(status_code=204)

    @app.get("/orders/{order_id}")
    async def order_state(order_id: str) -> Response:
        state = tracker.order(order_id)
        if state is None:
            return JSONResponse({"error": "not_found"}, status_code=404)
        return JSONResponse(state)

    return app


if __name__ == "__main__":  # python fastapi_webhook.py
    import uvicorn

    uvicorn.run(create_app(), host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
elif os.environ.get("PEEKER_WEBHOOK_SECRET"):
    app = create_app()  # uvicorn fastapi_webhook:app
