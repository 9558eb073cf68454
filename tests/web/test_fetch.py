"""SSRF guard of URL fetching, against literal addresses and two live servers on loopback.

Server A (127.0.0.1) plays a public news site: the tests let the guard treat exactly that
address as public. Server B (127.0.0.2) plays an internal service. Every attack makes A
redirect to B (or to another private address) in some spelling; the guard must refuse the
hop and B must never see a request. A control test with allow_private shows B is reachable,
so its silence in the other tests is the guard's doing.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from copydesk.errors import BlockedURLError, FetchError
from copydesk.ingest import fetch

ARTICLE = (b"<html><head><title>Local news</title></head><body><article><h1>Local news</h1>"
           b"<p>The council met on Tuesday and agreed the budget after a long debate.</p>"
           b"<p>The mayor said the vote was close but fair, and thanked the residents.</p>"
           b"</article></body></html>")


class Recorder(BaseHTTPRequestHandler):
    """Serves the article, redirects, errors and big bodies; records every request."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.hits.append((self.path, self.headers.get("Host")))
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        if parts.path == "/redirect":
            self._reply(302, b"", location=query["to"][0])
        elif parts.path == "/loop":
            self._reply(302, b"", location="/loop")
        elif parts.path == "/big":
            self._reply(200, b"x" * 200_000)
        elif parts.path in {"/article", "/secret"}:
            self._reply(200, ARTICLE, content_type="text/html; charset=utf-8")
        else:
            self._reply(404, b"not here")

    def _reply(self, status, body, *, location=None, content_type="text/plain"):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


def start_server(host: str) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, 0), Recorder)
    server.hits = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def servers():
    public, internal = start_server("127.0.0.1"), start_server("127.0.0.2")
    yield public, internal
    for server in (public, internal):
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(servers, monkeypatch):
    """(A's base URL, B's server, B's port); the guard treats 127.0.0.1, and only it, as public."""
    public, internal = servers
    public.hits.clear()
    internal.hits.clear()
    real_reason = fetch.refusal_reason
    test_public = ipaddress.ip_address("127.0.0.1")
    monkeypatch.setattr(fetch, "refusal_reason",
                        lambda address: None if address == test_public else real_reason(address))
    return f"http://127.0.0.1:{public.server_port}", internal, internal.server_port


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://[::1]/", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://168.63.129.16/",
    "http://100.64.0.1/", "http://224.0.0.251/", "http://0.0.0.0/", "http://0/", "http://[::]/",
    "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0x7f000001/", "http://127.1/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://[2002:a9fe:a9fe::]/",
    "http://[64:ff9b::7f00:1]/", "http://[fe80::1%25eth0]/", "http://localhost:8000/",
    "HTTP://LOCALHOST/", "http://user:pass@127.0.0.1/",
])
def test_private_addresses_are_refused_in_every_spelling(url):
    with pytest.raises(BlockedURLError, match="address"):
        fetch.fetch_url(url, timeout=2)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://127.0.0.1/", "ftp://example.com/",
                                 "javascript:alert(1)", "http:///nohost", "http://exa mple.com/",
                                 "http://example.com:70000/", "//example.com/"])
def test_non_http_and_malformed_urls_are_refused(url):
    with pytest.raises(BlockedURLError):
        fetch.fetch_url(url, timeout=2)


def test_a_name_with_any_private_address_is_refused(monkeypatch):
    addresses = [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.1.2.3")]
    monkeypatch.setattr(fetch, "resolve", lambda host, port, url: addresses)
    with pytest.raises(BlockedURLError, match="resolves to 10.1.2.3"):
        fetch.fetch_url("http://mixed.test/", timeout=2)


def test_the_public_test_site_is_fetched(site):
    base, internal, _ = site
    document = fetch.fetch_url(f"{base}/article", timeout=5)
    assert document.content_type == "html" and "council met" in document.raw
    assert document.url == f"{base}/article" and internal.hits == []


@pytest.mark.parametrize("target", [
    "http://127.0.0.2:{port}/secret", "http://2130706434:{port}/secret", "http://0x7f.0.0.2:{port}/secret",
    "http://0177.0.0.02:{port}/secret", "http://[::ffff:127.0.0.2]:{port}/secret", "http://[::1]:{port}/secret",
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "file:///etc/passwd",
])
def test_a_redirect_to_a_private_address_is_refused_before_connecting(site, target):
    base, internal, port = site
    with pytest.raises(BlockedURLError):
        fetch.fetch_url(f"{base}/redirect?to={target.format(port=port)}", timeout=5)
    assert internal.hits == []


def test_control_with_private_urls_allowed_the_redirect_reaches_the_internal_server(servers):
    public, internal = servers
    internal.hits.clear()
    url = f"http://127.0.0.1:{public.server_port}/redirect?to=http://127.0.0.2:{internal.server_port}/secret"
    document = fetch.fetch_url(url, timeout=5, allow_private=True)
    assert "council met" in document.raw and [path for path, _ in internal.hits] == ["/secret"]


def test_the_checked_address_is_the_one_connected_to(site, monkeypatch):
    """DNS rebinding: the name resolves once per hop; the later answer (B) is never used."""
    base, internal, _ = site
    port = int(base.rsplit(":", 1)[1])
    answers = iter([[ipaddress.ip_address("127.0.0.1")]] + [[ipaddress.ip_address("127.0.0.2")]] * 5)
    calls = []
    monkeypatch.setattr(fetch, "resolve", lambda host, p, url: calls.append(host) or next(answers))
    document = fetch.fetch_url(f"http://news.test:{port}/article", timeout=5)
    assert "council met" in document.raw
    assert calls == ["news.test"] and internal.hits == []


def test_the_host_header_names_the_original_host(site, servers, monkeypatch):
    base, _, _ = site
    port = int(base.rsplit(":", 1)[1])
    monkeypatch.setattr(fetch, "resolve", lambda host, p, url: [ipaddress.ip_address("127.0.0.1")])
    fetch.fetch_url(f"http://news.test:{port}/article", timeout=5)
    assert servers[0].hits[-1] == ("/article", f"news.test:{port}")


def test_environment_proxies_are_ignored(site, monkeypatch):
    base, internal, port = site
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.2:{port}")
    monkeypatch.setenv("http_proxy", f"http://127.0.0.2:{port}")
    fetch.fetch_url(f"{base}/article", timeout=5)
    assert internal.hits == []


def test_relative_redirects_are_followed_and_checked(site):
    base, _, _ = site
    document = fetch.fetch_url(f"{base}/redirect?to=/article", timeout=5)
    assert document.url == f"{base}/article"


def test_redirect_loops_oversized_pages_and_http_errors_are_fetch_errors(site):
    base, _, _ = site
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch.fetch_url(f"{base}/loop", timeout=5)
    with pytest.raises(FetchError, match="100,000-byte limit") as too_large:
        fetch.fetch_url(f"{base}/big", timeout=5, max_bytes=100_000)
    assert too_large.value.code == "TOO_LARGE"
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch.fetch_url(f"{base}/missing", timeout=5)


def server_name_in(client_hello: bytes) -> str | None:
    """The SNI host name in a TLS ClientHello record, or None."""
    body = client_hello[5 + 4:]  # record header, handshake header
    at = 2 + 32  # client version, random
    at += 1 + body[at]  # session id
    at += 2 + int.from_bytes(body[at:at + 2], "big")  # cipher suites
    at += 1 + body[at]  # compression methods
    end = at + 2 + int.from_bytes(body[at:at + 2], "big")
    at += 2
    while at + 4 <= end:
        kind, size = int.from_bytes(body[at:at + 2], "big"), int.from_bytes(body[at + 2:at + 4], "big")
        if kind == 0:  # server_name: list length, name type, name length, name
            return body[at + 4 + 2 + 1 + 2:at + 4 + size].decode("ascii")
        at += 4 + size
    return None


def test_https_connects_to_the_checked_address_and_names_the_real_host(site, monkeypatch):
    """TLS goes to the pinned address but with the URL's host as server name (SNI and certificate)."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    seen: list[bytes] = []

    def accept_one():
        connection, _ = listener.accept()
        with connection:
            connection.settimeout(5)
            seen.append(connection.recv(16384))  # the ClientHello; then hang up

    thread = threading.Thread(target=accept_one, daemon=True)
    thread.start()
    monkeypatch.setattr(fetch, "resolve", lambda host, p, url: [ipaddress.ip_address("127.0.0.1")])
    with pytest.raises(FetchError, match="could not be fetched"):
        fetch.fetch_url(f"https://news.test:{port}/article", timeout=5)
    thread.join(timeout=5)
    listener.close()
    assert seen and seen[0][0] == 0x16 and server_name_in(seen[0]) == "news.test"


def spellings(address: ipaddress.IPv4Address) -> list[str]:
    """Ways resolvers accept to write one IPv4 address."""
    value, octets = int(address), address.packed
    return [str(address), str(value), hex(value), "0" + oct(value)[2:],
            ".".join(f"0{b:o}" for b in octets), ".".join(hex(b) for b in octets),
            f"{octets[0]}.{int.from_bytes(octets[1:], 'big')}",
            f"{octets[0]}.{octets[1]}.{int.from_bytes(octets[2:], 'big')}",
            f"[::ffff:{address}]"]


@given(st.integers(0, 2**32 - 1), st.integers(0, 8))
def test_every_spelling_of_an_address_is_read_as_that_address(value, form):
    address = ipaddress.IPv4Address(value)
    spelled = spellings(address)[form]
    literal = fetch.ip_literal(spelled.strip("[]"))
    unwrapped = literal.ipv4_mapped if literal.version == 6 else literal
    assert unwrapped == address


@given(st.sampled_from(["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
                        "100.64.0.0/10", "0.0.0.0/8", "224.0.0.0/4"]), st.integers(0, 2**32 - 1), st.integers(0, 8))
def test_no_spelling_of_a_non_public_address_gets_through(network, offset, form):
    net = ipaddress.ip_network(network)
    address = net[offset % net.num_addresses]
    with pytest.raises(BlockedURLError):
        fetch.resolve_target(f"http://{spellings(address)[form]}/")
