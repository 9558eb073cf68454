"""ASGI middleware that refuses a request body over a size limit (413) or slower than a time limit (408)."""

from __future__ import annotations

import asyncio
import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyRefused(HTTPException):
    """Raised from `receive` when the body passes a limit.

    An HTTPException, so FastAPI's body parsing passes it on instead of turning it into a 400.
    `Connection: close`, because the rest of the body is never read.
    """

    def __init__(self, status: int, code: str, message: str):
        super().__init__(status, message, headers={"Connection": "close"})
        self.code = code

    @classmethod
    def too_large(cls, max_bytes: int) -> BodyRefused:
        return cls(413, "TOO_LARGE", f"the request body is over the {max_bytes:,}-byte limit")

    @classmethod
    def too_slow(cls, seconds: float) -> BodyRefused:
        return cls(408, "REQUEST_TIMEOUT", f"the request body did not arrive within {seconds:g} seconds")


class BodyLimits:
    """Answer 413 when a body is over `max_bytes`, 408 when it takes over `timeout` seconds to arrive.

    A declared Content-Length over the limit is refused before reading anything; a chunked body is
    counted as it arrives, so a client cannot stream past the limit by not declaring it. The time
    counts from the moment the request head is complete, so a client sending its body a byte at
    a time holds a connection for `timeout` seconds at most.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float):
        self.app, self.max_bytes, self.timeout = app, max_bytes, timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _refuse(send, BodyRefused.too_large(self.max_bytes))
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        received, body_complete, started = 0, False, False

        async def limited_receive() -> Message:
            nonlocal received, body_complete
            if body_complete:  # later calls wait for a disconnect, which has no time limit
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                raise BodyRefused.too_slow(self.timeout) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyRefused.too_large(self.max_bytes)
                body_complete = not message.get("more_body", False)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyRefused as refusal:
            if not started:
                await _refuse(send, refusal)


async def _refuse(send: Send, refusal: BodyRefused) -> None:
    body = json.dumps({"error": {"code": refusal.code, "message": refusal.detail}}).encode()
    await send({"type": "http.response.start", "status": refusal.status_code,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
