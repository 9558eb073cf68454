"""Fetch an article over http(s) with a timeout, a size cap and a guard against private addresses.

The server and batch jobs fetch URLs that strangers give them. Unless `allow_private` is set,
every hop (the first URL and each redirect) must resolve only to public addresses, so a page
cannot make copydesk read 127.0.0.1, the cloud metadata endpoint or the office network.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

from copydesk.errors import BlockedURLError, FetchError
from copydesk.model import Document

MAX_REDIRECTS = 5
USER_AGENT = "copydesk/0.1 (+https://github.com/copydesk)"


def fetch_url(url: str, *, timeout: float = 20.0, max_bytes: int = 50 * 1024 * 1024,
              allow_private: bool = False) -> Document:
    """Fetch `url` and return a Document (content sniffed, bytes decoded).

    Raises:
        BlockedURLError: the URL or a redirect points at a private or local address.
        FetchError: network failure, HTTP error status, or a body over `max_bytes`.
    """
    import httpx

    from copydesk.ingest import document_from_bytes

    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False,
                      headers={"User-Agent": USER_AGENT}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url_allowed(current, allow_private=allow_private)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        current = urljoin(current, response.headers.get("location", ""))
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"the server answered HTTP {response.status_code}",
                                         source=url)
                    body = _read_capped(response, max_bytes, url)
                    content_type = response.headers.get("content-type", "")
            except httpx.HTTPError as err:
                raise FetchError(f"could not be fetched ({type(err).__name__}: {err})",
                                 source=url) from None
            kind = "html" if "html" in content_type else "text" if "text/plain" in content_type else None
            charset = response.charset_encoding
            return document_from_bytes(body, source=url, url=str(response.url), content_type=kind,
                                       charset=charset, fetched_at=dt.datetime.now(dt.timezone.utc))
    raise FetchError(f"more than {MAX_REDIRECTS} redirects", source=url)


def _read_capped(response, max_bytes: int, url: str) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"the page is over the {max_bytes:,}-byte limit", source=url,
                             code="TOO_LARGE")
        chunks.append(chunk)
    return b"".join(chunks)


def check_url_allowed(url: str, *, allow_private: bool = False) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts that resolve to non-public addresses."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise BlockedURLError("only http(s) URLs with a host can be fetched", source=url)
    if allow_private:
        return
    for address in resolve(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), url):
        if not address.is_global or address.is_multicast:
            raise BlockedURLError(f"resolves to {address}, a private or local address "
                                  "(start the server with --allow-private-urls to permit it)",
                                  source=url)


def resolve(host: str, port: int, url: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as err:
        raise FetchError(f"the host {host!r} could not be resolved ({err.strerror})", source=url) from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        addresses.append(address)
    return addresses
