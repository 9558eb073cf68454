"""Fetch an article over http(s) with a timeout, a size cap and a guard against private addresses.

The server and batch jobs fetch URLs that strangers give them. Unless `allow_private` is set,
a URL may only reach public addresses, so a page cannot make copydesk read 127.0.0.1, the
cloud metadata endpoint or the office network. The guard holds against the usual tricks:

- every hop is checked: redirects are followed here, one at a time, never by the HTTP client;
- the host is resolved once per hop and the connection goes to that checked address (the
  Host header and TLS name stay the original host), so DNS cannot answer differently between
  the check and the connect (DNS rebinding);
- every address a name resolves to must be public, not just the first;
- IPv4 in decimal, octal, hex or short form (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`),
  IPv6, IPv4-mapped/compatible IPv6, 6to4, Teredo and NAT64 forms are unwrapped before the check;
- proxies from the environment are ignored, so a request cannot be relayed around the check.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from copydesk.errors import BlockedURLError, FetchError
from copydesk.model import Document

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_REDIRECTS = 5
USER_AGENT = "copydesk/0.1 (+https://github.com/copydesk)"
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Cloud metadata and platform endpoints. Most are link-local or private anyway; Azure's
# wire server (168.63.129.16) is a public address and must be named.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "168.63.129.16", "100.100.100.200", "fd00:ec2::254"))
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
# Digits, hex digits, 'x' and dots only: a host that inet_aton would read as an IPv4 address.
_NUMERIC_HOST = re.compile(r"^[0-9a-fx.]+$", re.IGNORECASE)
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f\\]")


@dataclass(frozen=True, slots=True)
class Target:
    """One hop: what the URL names, and the checked address to connect to."""

    url: str
    scheme: str
    host: str  # as the server should see it (Host header, TLS name), IDNA-encoded
    port: int
    path: str  # path and query, at least "/"
    address: IPAddress

    @property
    def connect_url(self) -> str:
        host = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        return f"{self.scheme}://{host}:{self.port}{self.path}"

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def fetch_url(url: str, *, timeout: float = 20.0, max_bytes: int = 50 * 1024 * 1024,
              allow_private: bool = False) -> Document:
    """Fetch `url` and return a Document (content sniffed, bytes decoded).

    Args:
        url: an http(s) URL.
        timeout: seconds for the whole fetch, every hop included. The deadline is checked as
            each piece of the page arrives, and no single read waits longer than a quarter of
            `timeout` (at least 1 s), so a server sending its page a few bytes at a time is cut
            off within a quarter of `timeout` after it (a pause that long also ends the fetch).
        max_bytes: the largest body accepted; larger pages are refused, not truncated.
        allow_private: permit loopback, private and other non-public addresses.

    Raises:
        BlockedURLError: the URL or a redirect is not http(s) or points at a non-public address.
        FetchError: network failure, HTTP error status, too many redirects, a body over `max_bytes`,
            or a page that did not arrive within `timeout`.
    """
    import httpx

    deadline = Deadline(timeout, url)
    current = url
    # The transport, not a Client: no redirect handling (which parses Location by its own rules
    # and fails on spellings we must refuse ourselves) and no proxies or .netrc from the environment.
    # A fresh transport per hop, so no connection made for one host name serves another.
    for _ in range(MAX_REDIRECTS + 1):
        target = resolve_target(current, allow_private=allow_private)
        try:
            with httpx.HTTPTransport() as transport:
                outcome = _get(transport, target, deadline, max_bytes, url)
        except httpx.HTTPError as err:
            raise FetchError(f"could not be fetched ({type(err).__name__}: {err})", source=url) from None
        if isinstance(outcome, str):  # a redirect: check the next hop from the top
            current = outcome
            continue
        body, content_type, charset = outcome
        return _document(body, url=url, final_url=target.url, content_type=content_type, charset=charset)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects", source=url)


class Deadline:
    """The time a whole fetch may take; raises FetchError once it has passed."""

    def __init__(self, seconds: float, url: str):
        self.seconds, self.url = seconds, url
        self.ends = time.monotonic() + seconds
        # A read that starts just before the deadline may wait this long past it.
        self.read_step = max(1.0, seconds / 4)

    def left(self) -> float:
        """Seconds left; FetchError when none are."""
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"the page did not arrive within {self.seconds:g} seconds", source=self.url,
                             code="FETCH_TIMEOUT")
        return remaining


def _get(transport, target: Target, deadline: Deadline, max_bytes: int,
         url: str) -> str | tuple[bytes, str, str | None]:
    """GET one hop from its checked address: the redirect location, or (body, content type, charset)."""
    import httpx

    left = deadline.left()
    extensions = {"timeout": httpx.Timeout(left, read=min(left, deadline.read_step)).as_dict()}
    if target.scheme == "https":
        extensions["sni_hostname"] = target.host  # TLS name and certificate check use the real host
    headers = {"Host": target.host_header, "User-Agent": USER_AGENT,
               "Accept": "text/html, text/plain;q=0.9, */*;q=0.5"}
    response = transport.handle_request(httpx.Request("GET", target.connect_url, headers=headers,
                                                      extensions=extensions))
    try:
        if response.status_code in REDIRECT_STATUSES:
            location = response.headers.get("location", "")
            if not location:
                raise FetchError(f"the server answered HTTP {response.status_code} without a location",
                                 source=url)
            return urljoin(target.url, location.strip())
        if response.status_code >= 400:
            raise FetchError(f"the server answered HTTP {response.status_code}", source=url)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise _too_large(max_bytes, url)
        body = _read_capped(response, max_bytes, deadline, url)
        return body, response.headers.get("content-type", ""), response.charset_encoding
    finally:
        response.close()


def _document(body: bytes, *, url: str, final_url: str, content_type: str, charset: str | None) -> Document:
    from copydesk.ingest import document_from_bytes

    kind = "html" if "html" in content_type else "text" if "text/plain" in content_type else None
    return document_from_bytes(body, source=url, url=final_url, content_type=kind, charset=charset,
                               fetched_at=dt.datetime.now(dt.timezone.utc))


def _read_capped(response, max_bytes: int, deadline: Deadline, url: str) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        deadline.left()
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(max_bytes, url)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(max_bytes: int, url: str) -> FetchError:
    return FetchError(f"the page is over the {max_bytes:,}-byte limit", source=url, code="TOO_LARGE")


def resolve_target(url: str, *, allow_private: bool = False) -> Target:
    """Parse `url`, resolve its host once and check every address; the Target to connect to.

    Raises:
        BlockedURLError: not an http(s) URL with a host, or (unless `allow_private`) a host
            that is or resolves to any non-public address.
        FetchError: the host does not resolve.
    """
    if _BAD_URL_CHARS.search(url):
        raise BlockedURLError("the URL contains spaces, control characters or backslashes", source=url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        hostname, port = parts.hostname, parts.port
    except ValueError:
        raise BlockedURLError("the URL's port is not a number from 0 to 65535", source=url) from None
    if scheme not in DEFAULT_PORTS or not hostname:
        raise BlockedURLError("only http(s) URLs with a host can be fetched", source=url)
    host = _idna(hostname, url)
    port = port or DEFAULT_PORTS[scheme]
    addresses = [literal] if (literal := ip_literal(host)) else resolve(host, port, url)
    if not allow_private:
        for address in addresses:
            refusal = refusal_reason(address)
            if refusal:
                raise BlockedURLError(f"{'is' if literal else 'resolves to'} {address}, {refusal} "
                                      "(--allow-private-urls permits it)", source=url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(url=url, scheme=scheme, host=host, port=port, path=path, address=addresses[0])


def _idna(hostname: str, url: str) -> str:
    try:
        return hostname.encode("idna").decode("ascii") if not hostname.isascii() else hostname
    except UnicodeError:
        raise BlockedURLError("the host name is not a valid international domain name", source=url) from None


def ip_literal(host: str) -> IPAddress | None:
    """The address a host names literally, in any spelling resolvers accept, else None."""
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])  # dotted IPv4 or IPv6, zone id dropped
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:  # inet_aton reads 2130706433, 0177.0.0.1, 0x7f.1 and 127.1 as resolvers do
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def refusal_reason(address: IPAddress) -> str | None:
    """Why `address` may not be fetched without allow_private, or None if it is public."""
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for inner in _embedded_ipv4(address):
        reason = refusal_reason(inner)
        if reason:
            return f"{reason} (written as IPv6)"
    checks = (("a loopback", address.is_loopback), ("an unspecified", address.is_unspecified),
              ("a link-local", address.is_link_local), ("a multicast", address.is_multicast),
              ("a private", address.is_private))
    for name, matched in checks:
        if matched:
            return f"{name} address"
    if not address.is_global:  # shared (CGNAT 100.64/10), reserved, documentation, benchmarking
        return "a reserved or non-public address"
    return None


def _embedded_ipv4(address: IPAddress) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries: mapped, compatible, 6to4, Teredo, NAT64."""
    if address.version != 6:
        return []
    embedded = [address.ipv4_mapped, address.sixtofour, address.teredo[1] if address.teredo else None]
    packed = address.packed
    if address in NAT64_PREFIX or (packed[:12] == bytes(12) and packed[12] != 0):
        embedded.append(ipaddress.IPv4Address(packed[12:]))  # NAT64 or IPv4-compatible ::a.b.c.d
    return [a for a in embedded if a is not None]


def resolve(host: str, port: int, url: str) -> list[IPAddress]:
    """Every address `host` resolves to, in resolver order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        reason = err.strerror if isinstance(err, socket.gaierror) else str(err)
        raise FetchError(f"the host {host!r} could not be resolved ({reason})", source=url) from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    if not addresses:
        raise FetchError(f"the host {host!r} has no addresses", source=url)
    return addresses
