"""Test pipelines and app factories for the web tests (imported by name; conftest only holds fixtures)."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient

from copydesk.model import Report
from copydesk.pipeline import DateWindowFromMetadata, Pipeline
from copydesk.web.app import Settings, create_app


class SlowStage:
    """A stage that takes `seconds`, to exercise the time limit and the admission limit."""

    name, requires, provides = "slow", ("date_window",), ()

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __call__(self, report: Report) -> None:
        time.sleep(self.seconds)


class FailingStage:
    """A stage with a bug, to check that clients never see a traceback."""

    name, requires, provides = "failing", (), ()

    def __call__(self, report: Report) -> None:
        raise RuntimeError("secret internal detail /srv/copydesk/stage.py line 12")


def app_with(*stages, **settings) -> TestClient:
    """A client of an app running `stages` after the date stage, with `settings`."""
    pipeline = Pipeline([DateWindowFromMetadata(), *stages])
    return TestClient(create_app(Settings(**settings), pipeline=pipeline), raise_server_exceptions=False)


class MarkerStage:
    """Behaves by the text: "SLOW-PAGE" takes `seconds`, "FAIL-PAGE" raises a detailed internal error."""

    name, requires, provides = "markers", ("date_window",), ()

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __call__(self, report: Report) -> None:
        if "SLOW-PAGE" in report.article.text:
            time.sleep(self.seconds)
        if "FAIL-PAGE" in report.article.text:
            raise RuntimeError('Traceback: File "/srv/copydesk/stage.py", line 12: secret internal detail')


@contextmanager
def running_server(settings: Settings, *stages) -> Iterator[int]:
    """A real uvicorn server on a free loopback port, configured as `copydesk serve` is; yields the port."""
    import uvicorn

    from copydesk.web.server import uvicorn_config

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    app = create_app(settings, pipeline=Pipeline([DateWindowFromMetadata(), *stages]))
    server = uvicorn.Server(uvicorn_config(app, settings, host="127.0.0.1", port=0, log_level="critical"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.02)
    try:
        yield listener.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()


def exchange(port: int, request: bytes, timeout: float = 10.0) -> bytes:
    """Send raw bytes on a fresh connection; everything the server answers until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request)
        return read_until_closed(connection)


def read_until_closed(connection: socket.socket) -> bytes:
    chunks = []
    try:
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def post_json(port: int, body: dict, timeout: float = 10.0) -> tuple[int, bytes]:
    """POST /v1/check with `body`; the status and the response body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/v1/check", body=json.dumps(body), headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()
