"""Serving the app with uvicorn, with limits that keep slow or idle clients from starving others.

uvicorn closes an idle kept-alive connection, but not one that is opened and left silent, nor
one that sends its request head a byte at a time: either holds a file descriptor and a place
under `limit_concurrency` for as long as the client likes, and enough of them make the server
answer everyone else with 503. `HeadDeadlineProtocol` gives every request head a deadline; the
body has its own in the app (`copydesk.web.limits.BodyLimits`).
"""

from __future__ import annotations

import asyncio
import json

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from copydesk.web.settings import Settings


def head_timeout_response(seconds: float) -> bytes:
    """A complete 408 response, written by hand: h11 cannot answer a request it has not parsed."""
    body = json.dumps({"error": {"code": "REQUEST_TIMEOUT",
                                 "message": f"the request head did not arrive within {seconds:g} seconds"}})
    return (f"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
            f"connection: close\r\n\r\n{body}").encode()


class HeadDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol, plus a deadline for each request head.

    The head must arrive whole within `head_timeout` seconds of the connection opening or of the
    previous response; otherwise the connection is closed, after a 408 if part of a head had come.
    """

    head_timeout: float = 10.0
    _head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_deadline()
        super().connection_lost(exc)

    def _arm_head_deadline(self) -> None:
        self._disarm_head_deadline()
        if not self.transport.is_closing():
            self._head_deadline = self.loop.call_later(self.head_timeout, self._head_deadline_passed)

    def _disarm_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_deadline_passed(self) -> None:
        self._head_deadline = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return  # a head arrived in time; its body is timed by the app
        partial_head, _ = self.conn.trailing_data
        if partial_head:
            self.transport.write(head_timeout_response(self.head_timeout))
        self.transport.close()


def protocol_for(settings: Settings) -> type[HeadDeadlineProtocol]:
    """The protocol class uvicorn instantiates per connection, with this server's head timeout."""
    return type("HeadDeadlineProtocol", (HeadDeadlineProtocol,), {"head_timeout": settings.head_timeout})


def uvicorn_config(app, settings: Settings, *, host: str, port: int, log_level: str = "info") -> uvicorn.Config:
    """uvicorn's configuration with every connection-level limit of `settings` set explicitly."""
    return uvicorn.Config(
        app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False,
        http=protocol_for(settings), ws="none",  # no WebSocket routes: upgrades are plain requests
        limit_concurrency=settings.max_connections, timeout_keep_alive=settings.keep_alive,
        h11_max_incomplete_event_size=settings.max_header_bytes)
