"""Slow, idle and oversized clients against a real uvicorn server configured as `copydesk serve` is.

Loopback only; every connection count and wait is bounded. The limits are shortened (1-2 s) so
the tests are quick; docs/security.md gives the defaults.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Self

import pytest
from webapp_support import (
    MarkerStage,
    exchange,
    post_json,
    read_until_closed,
    running_server,
)

from copydesk.web.settings import Settings

SHORT = 1.5  # head and body timeouts in these tests, seconds
ARTICLE = {"text": "The council approved the harbour budget on Tuesday after a long debate."}
LEAKS = ("Traceback", 'File "', ".py", "secret", "RuntimeError", "Exception")


def status_of(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


def body_of(response: bytes) -> str:
    return response.partition(b"\r\n\r\n")[2].decode("utf-8", "replace")


def timed_get(port: int, path: str = "/v1/health") -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


class SlowClients:
    """`count` connections of each kind: silent, head a byte at a time, body a byte at a time."""

    HEAD = b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Padding: " + b"a" * 400
    BODY_HEAD = b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"

    def __init__(self, port: int, count: int):
        self.sockets: list[socket.socket] = []
        self.payloads: dict[socket.socket, bytes] = {}
        for kind in ("silent", "head", "body"):
            for _ in range(count):
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                self.sockets.append(connection)
                if kind == "head":
                    self.payloads[connection] = self.HEAD
                elif kind == "body":
                    connection.sendall(self.BODY_HEAD)
                    self.payloads[connection] = b'{"text": "' + b"x" * 380
        self.opened_at = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop_trickling()
        for connection in self.sockets:
            connection.close()

    def _trickle(self) -> None:
        """One byte per connection every 0.1 s, until the server closes it or the test stops."""
        position = dict.fromkeys(self.payloads, 0)
        while not self._stop.wait(0.1):
            for connection, payload in list(self.payloads.items()):
                try:
                    connection.send(payload[position[connection]:position[connection] + 1])
                    position[connection] += 1
                except OSError:
                    del self.payloads[connection]

    def stop_trickling(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def closed_by_server_before(self, deadline: float) -> int:
        """How many connections the server had closed by `deadline` (a time.monotonic value)."""
        closed = 0
        for connection in self.sockets:
            connection.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                read_until_closed(connection)
                closed += 1
            except TimeoutError:
                continue
        return closed


@pytest.mark.slow
def test_a_normal_client_is_served_promptly_while_slow_clients_hold_connections() -> None:
    settings = Settings(head_timeout=SHORT, body_timeout=SHORT, max_connections=128)
    with running_server(settings) as port, SlowClients(port, count=15) as slow:
        time.sleep(0.3)  # every slow client connected and trickling
        latencies = []
        for _ in range(5):
            status, seconds = timed_get(port)
            latencies.append(seconds)
            assert status == 200
            started = time.perf_counter()
            status, body = post_json(port, ARTICLE)
            latencies.append(time.perf_counter() - started)
            assert status == 200, body
        assert max(latencies) < 1.0, f"normal requests took up to {max(latencies):.2f} s next to 45 slow clients"
        slow.stop_trickling()
        closed = slow.closed_by_server_before(slow.opened_at + SHORT + 3.0)
        assert closed == len(slow.sockets), f"only {closed} of {len(slow.sockets)} slow connections were dropped"


@pytest.mark.slow
def test_idle_connections_over_the_limit_shed_load_with_503_until_their_head_deadline() -> None:
    settings = Settings(head_timeout=1.0, max_connections=8)
    with running_server(settings) as port:
        idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(8)]
        try:
            time.sleep(0.2)
            response = exchange(port, b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert status_of(response) == 503 and body_of(response) == "Service Unavailable"
            time.sleep(1.5)  # past the head deadline: the idle connections are closed
            assert timed_get(port)[0] == 200
        finally:
            for connection in idle:
                connection.close()


def test_a_declared_oversized_body_is_refused_before_it_is_sent() -> None:
    with running_server(Settings(max_bytes=10_000)) as port, \
            socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           b"Content-Length: 50000000\r\n\r\n")  # and not one byte of the 50 MB
        response = read_until_closed(connection)
    assert status_of(response) == 413
    assert json.loads(body_of(response))["error"]["code"] == "TOO_LARGE"


CHECKED = ("empty text", "private URL", "internal error")  # these reach the one-at-a-time checker


def erroring_requests() -> dict[str, tuple[int, bytes]]:
    """Raw requests that each end in an error status: name -> (expected status, request bytes)."""
    def head(*headers: str) -> bytes:
        lines = "".join(f"{header}\r\n" for header in ("Host: 127.0.0.1", "Content-Type: application/json", *headers))
        return f"POST /v1/check HTTP/1.1\r\n{lines}\r\n".encode()

    def post(body: bytes) -> bytes:
        return head(f"Content-Length: {len(body)}") + body

    def chunked(body: bytes) -> bytes:
        size = 4096
        return head("Transfer-Encoding: chunked") + b"".join(
            b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size]) for i in range(0, len(body), size)) + b"0\r\n\r\n"

    return {
        "empty text": (400, post(b'{"text": "   "}')),
        "private URL": (403, post(b'{"url": "http://127.0.0.1:1/admin"}')),
        "internal error": (500, post(b'{"text": "FAIL-PAGE about a council vote."}')),
        "unknown path": (404, b"GET /no/such/page HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        "wrong method": (405, b"DELETE /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        "head cut off": (408, b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
        "body cut off": (408, post(b'{"text": "abc"}')[:-5]),
        "declared too large": (413, head("Content-Length: 20000")),
        "streamed too large": (413, chunked(b'{"text": "' + b"x" * 12_000 + b'"}')),
        "invalid JSON": (422, post(b'{"text": "unterminated')),
        "malformed request line": (400, b"THIS IS NOT HTTP\r\n\r\n"),
        # h11 measures a head while it is incomplete: 8 KB without its end is over the 4 KB limit.
        "head over the size limit": (400, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 8192),
    }


@pytest.mark.slow
def test_no_error_response_leaks_a_traceback_or_internal_detail() -> None:
    settings = Settings(max_bytes=10_000, timeout=1.0, workers=1, max_pending=1, head_timeout=SHORT,
                        body_timeout=SHORT, max_header_bytes=4096)
    requests = erroring_requests()
    with running_server(settings, MarkerStage(seconds=1.5)) as port:
        with ThreadPoolExecutor(4) as pool:  # requests that never reach the checker run side by side
            others = {name: pool.submit(exchange, port, request)
                      for name, (_, request) in requests.items() if name not in CHECKED}
            answers = {name: exchange(port, requests[name][1]) for name in CHECKED}
            answers.update({name: future.result() for name, future in others.items()})
        with ThreadPoolExecutor(1) as pool:  # a check over the time limit holds the only place: the next is busy
            slow = pool.submit(post_json, port, {"text": "SLOW-PAGE about a council vote."})
            time.sleep(0.3)
            busy = post_json(port, ARTICLE)
            over_time = slow.result()
    assert (over_time[0], json.loads(over_time[1])["error"]["code"]) == (422, "TIME_LIMIT")
    assert (busy[0], json.loads(busy[1])["error"]["code"]) == (429, "BUSY")
    for name, (expected, _) in requests.items():
        assert status_of(answers[name]) == expected, (name, answers[name][:300])
        if not name.endswith(("request line", "size limit")):  # those two are uvicorn's plain-text 400s
            error = json.loads(body_of(answers[name]))["error"]
            assert error["code"] and error["message"], name
    bodies = {**{name: answer.decode("utf-8", "replace") for name, answer in answers.items()},
              "time limit": over_time[1].decode(), "busy": busy[1].decode()}
    for name, text in bodies.items():
        assert not [leak for leak in LEAKS if leak in text], (name, text[:500])


def drip_server(listener: socket.socket, stop: threading.Event, gap: float = 0.4) -> None:
    """Answers one request with a 100-byte page sent a byte every `gap` seconds, and hangs up after
    8 bytes so that an unfixed fetch fails after 8 gaps, not 100."""
    connection, _ = listener.accept()
    with connection:
        connection.recv(65536)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n")
        for _ in range(8):
            if stop.wait(gap):
                return
            try:
                connection.sendall(b"a")
            except OSError:
                return


def fetch_time(timeout: float, gap: float, error: str | None = None) -> float:
    """Seconds until fetching from a drip server with `gap` between bytes fails (with `error`)."""
    from copydesk.errors import FetchError
    from copydesk.ingest.fetch import fetch_url

    stop = threading.Event()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        server = threading.Thread(target=drip_server, args=(listener, stop, gap), daemon=True)
        server.start()
        started = time.monotonic()
        try:
            with pytest.raises(FetchError, match=error):
                fetch_url(f"http://127.0.0.1:{listener.getsockname()[1]}/", timeout=timeout, allow_private=True)
            return time.monotonic() - started
        finally:
            stop.set()
            server.join(timeout=5)


@pytest.mark.slow
def test_a_page_sent_a_byte_at_a_time_is_cut_off_at_the_fetch_timeout() -> None:
    elapsed = fetch_time(timeout=1.0, gap=0.4, error="did not arrive within 1 seconds")
    assert elapsed < 2.5, f"the fetch ran {elapsed:.1f} s with a 1 s timeout"


@pytest.mark.slow
def test_a_read_started_just_before_the_deadline_does_not_wait_a_whole_timeout_more() -> None:
    # Bytes 1.9 s apart with a 2 s timeout: each read alone is within the timeout, but the
    # second would end past the deadline; the read step (a quarter of it, at least 1 s) cuts it.
    elapsed = fetch_time(timeout=2.0, gap=1.9)
    assert elapsed < 2.0 + 1.0 + 0.5, f"the fetch ran {elapsed:.1f} s with a 2 s timeout"
