"""Shared fixtures: a scripted HTTP stub on loopback, and the examples directory."""
from __future__ import annotations

import http.server
import json
import os
import sys
import threading
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

EXAMPLES = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "examples"))

Reply = Tuple[int, Dict[str, str], bytes]


class Stub:
    """An HTTP server on 127.0.0.1 whose answers are scripted per test: a
    ``route(method, path_with_query, headers, body) -> (status, headers, body)``
    function. Every request is recorded."""

    def __init__(self) -> None:
        self.requests: List[Dict[str, Any]] = []
        self.route: Callable[[str, str, Dict[str, str], bytes], Reply] = lambda *a: (404, {}, b"")
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                headers = {k: v for k, v in self.headers.items()}
                stub.requests.append({"method": self.command, "path": self.path, "headers": headers, "body": body})
                status, rh, rb = stub.route(self.command, self.path, headers, body)
                self.send_response(status)
                for k, v in rh.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(rb)))
                self.end_headers()
                self.wfile.write(rb)

            do_GET = do_POST = do_PATCH = do_DELETE = _handle

            def log_message(self, *args: Any) -> None:  # quiet
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that timed out on purpose: a broken pipe here is expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}/partner/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def json_reply(status: int, obj: Any, request_id: Optional[str] = "req_stub") -> Reply:
    h = {"Content-Type": "application/json"}
    if request_id:
        h["Peeker-Request-Id"] = request_id
    return status, h, json.dumps(obj).encode()


@pytest.fixture
def stub() -> Iterator[Stub]:
    s = Stub()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def examples_on_path() -> Iterator[str]:
    sys.path.insert(0, EXAMPLES)
    try:
        yield EXAMPLES
    finally:
        sys.path.remove(EXAMPLES)
