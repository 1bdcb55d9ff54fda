"""Ingest by URL never reaches a private, loopback, link-local or metadata address.

Name resolution is stubbed and every outgoing connection fails the test, so nothing here sends
traffic anywhere; the only real sockets are to HTTP servers of our own on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from claims.fetching import (
    FetchError,
    FetchLimits,
    FetchRefused,
    FetchTransient,
    address_problem,
    fetch_page,
    page_text,
    url_problem,
)

pytestmark = pytest.mark.timeout(60)

FORBIDDEN = [
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.10",
    "127.0.0.1",
    "169.254.169.254",  # cloud metadata
    "100.100.100.200",  # Alibaba metadata (shared address space)
    "0.0.0.0",  # noqa: S104 (an address we refuse, not one we bind)
    "::1",
    "::ffff:10.0.0.1",  # IPv4-mapped IPv6
    "::ffff:169.254.169.254",
    "fe80::1",
    "fd00:ec2::254",  # AWS metadata over IPv6 (unique local)
    "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
    "224.0.0.1",
]
PUBLIC = "93.184.216.34"
NO_LOOPBACK = FetchLimits(timeout=2, total_timeout=5)
LOOPBACK_OK = FetchLimits(timeout=2, total_timeout=5, allow_loopback=True)


def _getaddrinfo_returning(*addresses: str) -> Callable[..., list[Any]]:
    def fake(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        infos: list[Any] = []
        for address in addresses:
            if ipaddress.ip_address(address).version == 6:
                infos.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0)))
            else:
                infos.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)))
        return infos

    return fake


@pytest.fixture
def no_outgoing_connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Fail on any connection attempt; return the addresses that were attempted."""
    attempts: list[Any] = []

    def refuse(address: Any, *args: Any, **kwargs: Any) -> Any:
        attempts.append(address)
        pytest.fail(f"a connection to {address} was attempted")

    def refuse_method(self: socket.socket, address: Any) -> Any:
        return refuse(address)

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse_method)
    return attempts


@pytest.mark.parametrize("address", FORBIDDEN)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is not None


def test_a_public_address_is_allowed() -> None:
    assert address_problem(ipaddress.ip_address(PUBLIC)) is None


@pytest.mark.parametrize("address", FORBIDDEN)
def test_a_name_resolving_to_a_non_public_address_is_refused_before_any_connection(
    address: str, monkeypatch: pytest.MonkeyPatch, no_outgoing_connections: list[Any]
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _getaddrinfo_returning(address))

    with pytest.raises(FetchRefused, match="non-public address"):
        fetch_page("http://news.example.org/story", limits=NO_LOOPBACK)

    assert no_outgoing_connections == []


def test_a_name_with_one_public_and_one_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch, no_outgoing_connections: list[Any]
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _getaddrinfo_returning(PUBLIC, "10.1.2.3"))

    with pytest.raises(FetchRefused):
        fetch_page("https://news.example.org/", limits=NO_LOOPBACK)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8000/",
        "http://[::ffff:10.0.0.1]/",
        "http://127.0.0.1:6379/",
        "http://0x7f000001/",  # 127.0.0.1 written in hex: resolved, then refused
    ],
)
def test_ip_literal_urls_are_refused_without_connecting(
    url: str, monkeypatch: pytest.MonkeyPatch, no_outgoing_connections: list[Any]
) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _getaddrinfo_returning("127.0.0.1"))

    with pytest.raises(FetchRefused):
        fetch_page(url, limits=NO_LOOPBACK)


def test_the_vetted_address_is_the_one_connected_to_not_a_second_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN a name that answers a public address first and a private one afterwards (rebinding)
    answers = iter([PUBLIC, "10.0.0.1", "10.0.0.1"])
    lookups: list[str] = []

    def rebinding(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        lookups.append(host)
        return _getaddrinfo_returning(next(answers))(host, port)

    connected: list[Any] = []

    def record(self: socket.socket, address: Any) -> Any:
        connected.append(address)
        raise ConnectionRefusedError("stubbed: no traffic leaves this test")

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket.socket, "connect", record)

    # WHEN it is fetched
    with pytest.raises(FetchTransient):
        fetch_page("http://rebind.example.org/", limits=NO_LOOPBACK)

    # THEN the socket went to the address that was checked, looked up once
    assert lookups == ["rebind.example.org"]
    assert connected == [(PUBLIC, 80)]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/file", "Only http and https"),
        ("file:///etc/passwd", "Only http and https"),
        ("gopher://127.0.0.1:6379/_FLUSHALL", "Only http and https"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http:///nohost", "no host"),
        ("http://[::1/", "malformed"),
    ],
)
def test_urls_that_are_not_plain_http_are_refused(url: str, message: str) -> None:
    problem = url_problem(url)
    assert problem is not None
    assert message in problem


# --- A real HTTP server on 127.0.0.1 (the only traffic these tests send) -----------------


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}

    def do_GET(self) -> None:
        self.routes.get(self.path, _not_found)(self)

    def log_message(self, *args: Any) -> None:
        pass


def _not_found(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(404)
    handler.end_headers()


def _serve(routes: dict[str, Callable[[BaseHTTPRequestHandler], None]]) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _send(status: int, body: bytes = b"", **headers: str) -> Callable[..., None]:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


ARTICLE_HTML = (
    b"<html><head><title>Jobs report</title></head><body><nav>Home | World</nav><article>"
    b"<h1>Jobs report</h1><p>The ministry said unemployment fell to 4.1% in 2024, the lowest "
    b"since 1990. Economists had expected a smaller fall.</p><p>Exports rose by 12% over the "
    b"year, the statistics office said on Tuesday.</p></article>"
    b"<footer>Terms of use</footer></body></html>"
)


@pytest.fixture
def servers() -> Iterator[list[ThreadingHTTPServer]]:
    started: list[ThreadingHTTPServer] = []
    yield started
    for server in started:
        server.shutdown()
        server.server_close()


def _url(server: ThreadingHTTPServer, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_a_loopback_server_redirecting_to_another_loopback_port_is_refused_in_production(
    servers: list[ThreadingHTTPServer],
) -> None:
    # GIVEN a page on one loopback port that redirects to a "private" service on another
    target = _serve({"/admin": _send(200, b"secret", Content_Type="text/html")})
    servers.append(target)
    entry = _serve({"/": _send(302, Location=_url(target, "/admin"))})
    servers.append(entry)

    # WHEN it is fetched with production limits (loopback not allowed), THEN it is refused
    with pytest.raises(FetchRefused, match="loopback"):
        fetch_page(_url(entry, "/"), limits=NO_LOOPBACK)


def test_a_redirect_to_a_private_address_is_refused_on_that_hop(
    servers: list[ThreadingHTTPServer],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN (loopback allowed, as in tests) a page that redirects to a name on the LAN
    entry = _serve({"/": _send(301, Location="http://intranet.example.org/")})
    servers.append(entry)
    monkeypatch.setattr(socket, "getaddrinfo", _getaddrinfo_returning("192.168.0.5"))

    # WHEN fetched, THEN the redirect hop is vetted and refused
    with pytest.raises(FetchRefused, match=r"192\.168\.0\.5"):
        fetch_page(_url(entry, "/"), limits=LOOPBACK_OK)


def test_redirects_are_followed_up_to_the_limit(servers: list[ThreadingHTTPServer]) -> None:
    loop = _serve({})
    servers.append(loop)
    loop.RequestHandlerClass.routes = {  # type: ignore[attr-defined]
        "/a": _send(302, Location="/b"),
        "/b": _send(302, Location="/a"),
    }

    with pytest.raises(FetchError, match="More than 2 redirects"):
        fetch_page(
            _url(loop, "/a"),
            limits=FetchLimits(timeout=2, total_timeout=5, max_redirects=2, allow_loopback=True),
        )


def test_a_followed_redirect_gives_the_article_text(servers: list[ThreadingHTTPServer]) -> None:
    target = _serve({"/story": _send(200, ARTICLE_HTML, Content_Type="text/html; charset=utf-8")})
    servers.append(target)
    entry = _serve({"/": _send(301, Location=_url(target, "/story"))})
    servers.append(entry)

    page = fetch_page(_url(entry, "/"), limits=LOOPBACK_OK)
    text = page_text(page)

    assert page.url == _url(target, "/story")
    assert "unemployment fell to 4.1% in 2024" in text.text
    assert "Terms of use" not in text.text
    assert text.title == "Jobs report"


@pytest.mark.parametrize(
    ("response", "error", "message"),
    [
        (_send(200, b"\x89PNG...", Content_Type="image/png"), FetchError, "image/png"),
        (_send(200, b"x" * 5000, Content_Type="text/html"), FetchError, "byte limit"),
        (_send(404), FetchError, "HTTP 404"),
        (_send(503), FetchTransient, "HTTP 503"),
        (_send(302), FetchError, "without a Location"),
    ],
)
def test_pages_we_cannot_use_are_refused_with_a_clear_error(
    response: Callable[..., None],
    error: type[Exception],
    message: str,
    servers: list[ThreadingHTTPServer],
) -> None:
    server = _serve({"/": response})
    servers.append(server)

    with pytest.raises(error, match=message):
        fetch_page(
            _url(server, "/"),
            limits=FetchLimits(timeout=2, total_timeout=5, max_bytes=4096, allow_loopback=True),
        )


def test_a_body_over_the_cap_without_content_length_is_cut_off(
    servers: list[ThreadingHTTPServer],
) -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.close_connection = True
        for _ in range(64):
            handler.wfile.write(b"<p>" + b"y" * 1024 + b"</p>")

    server = _serve({"/": endless})
    servers.append(server)

    with pytest.raises(FetchError, match="byte limit"):
        fetch_page(
            _url(server, "/"),
            limits=FetchLimits(timeout=2, total_timeout=5, max_bytes=8192, allow_loopback=True),
        )


def test_a_server_that_never_answers_times_out_as_transient(
    servers: list[ThreadingHTTPServer],
) -> None:
    gate = threading.Event()

    def silent(handler: BaseHTTPRequestHandler) -> None:
        gate.wait(10)

    server = _serve({"/": silent})
    servers.append(server)
    try:
        with pytest.raises(FetchTransient):
            fetch_page(
                _url(server, "/"),
                limits=FetchLimits(timeout=0.5, total_timeout=2, allow_loopback=True),
            )
    finally:
        gate.set()
