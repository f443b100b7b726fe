"""Receiving Peeker webhooks in Flask.

Run:  PEEKER_WEBHOOK_SECRET=whsec_... flask --app flask_webhook run --port 8000
Test: bindings/python/tests/test_examples.py starts this app on loopback and posts a
      signed delivery and a forged one.

The three rules of a webhook handler:
1. Verify the RAW body bytes (``request.get_data()``), before anything parses them:
   the signature covers the exact bytes Peeker sent, and ``request.get_json()``
   followed by ``json.dumps`` gives other bytes.
2. Answer 2xx quickly (Peeker gives up after 15 s and retries); do slow work later.
3. Be idempotent: deliveries repeat and arrive out of order. Dedupe on
   ``event.id``; :class:`peeker.Tracker` does that and keeps each order's state.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Optional, Sequence, Tuple, Union

from flask import Flask, request

import peeker


def create_app(
    secrets: Union[str, Sequence[str], None] = None,
    *,
    on_event: Optional[Callable[[peeker.Event], None]] = None,
) -> Flask:
    """The app. ``secrets``: the webhook secret (several during a rotation);
    default ``PEEKER_WEBHOOK_SECRET``. ``on_event`` is called once per new event."""
    secret = secrets if secrets is not None else os.environ["PEEKER_WEBHOOK_SECRET"]
    # One verifier for every delivery: the secrets are keyed once (it is thread-safe).
    verifier = peeker.Verifier(secret)
    app = Flask(__name__)
    # The tracker dedupes on event ids and merges events arriving in any order.
    # Keep it in your database in production: tracker.to_json() / Tracker.from_json().
    # peeker.Tracker is thread-safe (the development server is threaded).
    tracker = peeker.Tracker()
    app.config["PEEKER_TRACKER"] = tracker

    @app.post("/peeker/webhooks")
    def peeker_webhook() -> Tuple[Any, int]:
        try:
            event = verifier.verify(request.get_data(), request.headers)
        except peeker.WebhookError as e:
            # e.code is stable: signature_mismatch, timestamp_out_of_tolerance,
            # missing_header, ... e.message names the likely cause. Never 2xx here.
            app.logger.warning("refused a webhook delivery: %s", e)
            return {"error": e.code}, 400
        if tracker.apply(event) and on_event is not None:
            on_event(event)  # enqueue slow work here; do not block the answer
        return "", 204

    @app.get("/orders/<order_id>")
    def order_state(order_id: str) -> Tuple[Any, int]:
        """What your UI would show: status, domains connected, open actions."""
        state = tracker.order(order_id)
        return (state, 200) if state is not None else ({"error": "not_found"}, 404)

    return app


if __name__ == "__main__":  # python flask_webhook.py
    create_app().run(host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
