"""Fetch an article page by URL without letting the URL reach into our own network (SSRF).

A submitted URL is attacker-controlled: it may name, directly or through DNS or a redirect, the
database, the cloud metadata service or an admin interface on the LAN. So every hop is resolved
once, every address it resolves to is checked, and the socket is opened to the vetted address
itself (never by name again), which defeats DNS rebinding between the check and the connect.
Redirects are followed by hand, each one vetted the same way.

No Django imports: the limits come in as arguments, so this is testable on its own.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

USER_AGENT = "factcheck-fetcher/1.0 (+article ingest)"
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Statuses that may well succeed later; other 4xx answers will not.
TRANSIENT_STATUSES = {408, 425, 429}
# NAT64 prefix: the last 32 bits are an IPv4 address, which is what the packet really reaches.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """The URL will not give an article, whatever we retry (permanent)."""


class FetchRefused(FetchError):
    """The URL, or a redirect from it, points at an address we never connect to."""


class FetchTransient(Exception):
    """The fetch failed in a way that may pass (timeout, connection reset, 5xx)."""


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int = 5 * 1024 * 1024
    timeout: float = 10.0  # each connect and each read
    total_timeout: float = 30.0  # the whole fetch, redirects included
    max_redirects: int = 5
    allow_loopback: bool = False  # tests only; settings refuse it in production


@dataclass(frozen=True)
class FetchedPage:
    url: str  # after redirects
    content_type: str
    charset: str | None
    content: bytes


@dataclass(frozen=True)
class PageText:
    title: str
    text: str


def address_problem(ip: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Return why we must not connect to ``ip``, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:10.0.0.1 and 64:ff9b::a00:1 reach the IPv4 address inside them.
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.is_loopback:
        return None if allow_loopback else f"{ip} is a loopback address"
    if ip.is_link_local:
        return f"{ip} is a link-local address (this includes cloud metadata services)"
    if ip.is_private:
        return f"{ip} is a private address"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved or not ip.is_global:
        return f"{ip} is not a public address"
    return None


def url_problem(url: str, *, allow_loopback: bool = False) -> str | None:
    """Return why ``url`` cannot be fetched, judging only what needs no DNS lookup.

    The API calls this at submit time, so an obviously bad URL is a 400, not a failed task.
    """
    problem = _syntax_problem(url)
    if problem:
        return problem
    literal = _ip_literal(urlsplit(url).hostname or "")
    if literal is not None:
        problem = address_problem(literal, allow_loopback=allow_loopback)
        if problem:
            return f"The URL points at a non-public address: {problem}."
    return None


def _syntax_problem(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"The URL is malformed: {exc}."
    if parts.scheme not in ("http", "https"):
        return "Only http and https URLs can be fetched."
    if not parts.hostname:
        return "The URL has no host."
    if parts.username is not None or parts.password is not None:
        return "URLs with a user name or password are not fetched."
    if port == 0:
        return "The URL's port is not valid."
    return None


def _ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None


def resolve_public(host: str, port: int, *, allow_loopback: bool = False) -> str:
    """Resolve ``host`` and return an address we may connect to.

    Every address the name resolves to must be public: a name that mixes a public and a
    private address is refused, because we cannot tell which one a later lookup would pick.
    """
    literal = _ip_literal(host)
    if literal is not None:
        problem = address_problem(literal, allow_loopback=allow_loopback)
        if problem:
            raise FetchRefused(f"The URL points at a non-public address: {problem}.")
        return str(literal)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno in (socket.EAI_AGAIN,):
            raise FetchTransient(f"DNS lookup of {host} failed for now: {exc}") from exc
        raise FetchError(f"{host} does not resolve: {exc}") from exc
    addresses = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        # IPv6 sockaddrs may carry a zone ("fe80::1%eth0"); the address is before the %.
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        problem = address_problem(ip, allow_loopback=allow_loopback)
        if problem:
            raise FetchRefused(f"{host} resolves to a non-public address: {problem}.")
        addresses.append(str(ip))
    if not addresses:
        raise FetchError(f"{host} has no addresses.")
    return addresses[0]


def _connect(address: str, port: int, timeout: float | None) -> socket.socket:
    """Open a TCP connection to an IP address, with no name lookup of any kind."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect((address, port))
    except BaseException:
        sock.close()
        raise
    return sock


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to a vetted address; the Host header still names the host."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = _connect(self._address, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a vetted address; the certificate is still checked against the host name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = _connect(self._address, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def fetch_page(url: str, *, limits: FetchLimits) -> FetchedPage:
    """Fetch ``url`` (following up to ``limits.max_redirects`` redirects) and return the page.

    Raises ``FetchRefused`` for a non-public address, ``FetchError`` for anything else that
    will not change on a retry, ``FetchTransient`` for what may.
    """
    deadline = time.monotonic() + limits.total_timeout
    current = url
    for _hop in range(limits.max_redirects + 1):
        problem = _syntax_problem(current)  # addresses are vetted by resolve_public
        if problem:
            raise FetchError(problem)
        location, page = _fetch_once(current, limits=limits, deadline=deadline)
        if page is not None:
            return page
        current = urljoin(current, location)
    raise FetchError(f"More than {limits.max_redirects} redirects.")


def _fetch_once(
    url: str, *, limits: FetchLimits, deadline: float
) -> tuple[str, FetchedPage | None]:
    """Do one request; return ``(redirect location, None)`` or ``("", page)``."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    address = resolve_public(host, port, allow_loopback=limits.allow_loopback)
    timeout = max(0.1, min(limits.timeout, deadline - time.monotonic()))
    conn_class = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    conn = conn_class(host, port, address=address, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        conn.request(
            "GET",
            path,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8",
                "Accept-Encoding": "identity",  # a size cap on compressed bytes caps nothing
            },
        )
        response = conn.getresponse()
        if response.status in REDIRECT_STATUSES:
            location = response.getheader("Location", "")
            if not location:
                raise FetchError(f"HTTP {response.status} without a Location header.")
            return location, None
        if response.status in TRANSIENT_STATUSES or response.status >= 500:
            raise FetchTransient(f"HTTP {response.status} from {host}.")
        if response.status != 200:
            raise FetchError(f"HTTP {response.status} from {host}.")
        content_type, charset = _content_type(response.getheader("Content-Type", ""))
        if content_type not in ACCEPTED_TYPES:
            raise FetchError(
                f"The page is {content_type or 'of no declared type'}, not HTML or plain text."
            )
        declared = response.getheader("Content-Length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes:
            raise FetchError(f"The page is over the {limits.max_bytes:,}-byte limit.")
        content = _read_capped(response, limits=limits, deadline=deadline)
        return "", FetchedPage(url=url, content_type=content_type, charset=charset, content=content)
    except ssl.SSLCertVerificationError as exc:
        raise FetchError(f"The TLS certificate of {host} is not valid: {exc}") from exc
    except (TimeoutError, ConnectionError) as exc:
        raise FetchTransient(f"{host}: {type(exc).__name__}: {exc}") from exc
    except http.client.HTTPException as exc:
        raise FetchError(f"{host} did not answer in HTTP: {type(exc).__name__}") from exc
    except OSError as exc:
        raise FetchTransient(f"{host}: {type(exc).__name__}: {exc}") from exc
    finally:
        conn.close()


def _content_type(header: str) -> tuple[str, str | None]:
    main, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip("\"' ").lower()
    return main.strip().lower(), charset


def _read_capped(
    response: http.client.HTTPResponse, *, limits: FetchLimits, deadline: float
) -> bytes:
    """Read the body, refusing it past the size cap or the overall deadline (slow drip)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchTransient(f"The page took longer than {limits.total_timeout:g}s to load.")
        chunk = response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"The page is over the {limits.max_bytes:,}-byte limit.")
        chunks.append(chunk)


def page_text(page: FetchedPage) -> PageText:
    """Return the article text of a fetched page (trafilatura drops menus, ads and footers)."""
    if page.content_type == "text/plain":
        return PageText(title="", text=_decode(page))
    import trafilatura  # heavy import, needed only by the fetch task

    document = trafilatura.bare_extraction(
        _decode(page), url=page.url, include_comments=False, with_metadata=True
    )
    text = getattr(document, "text", "") or ""
    title = getattr(document, "title", "") or ""
    if not text.strip():
        raise FetchError("No article text was found on the page.")
    return PageText(title=title.strip()[:500], text=text)


def _decode(page: FetchedPage) -> str:
    try:
        return page.content.decode(page.charset or "utf-8", errors="replace")
    except LookupError:  # a charset name Python does not know
        return page.content.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class PostAnswer:
    status: int
    body: bytes  # at most ``limits.max_bytes``


def post_json(url: str, *, body: bytes, headers: dict[str, str], limits: FetchLimits) -> PostAnswer:
    """POST ``body`` to ``url`` under the same address rules as ``fetch_page``; any status back.

    Used for webhook deliveries: the target is partner-supplied, so it is resolved once, every
    address vetted, and the socket pinned to the vetted address. Redirects are not followed (a
    3xx is just the answer). Raises ``FetchRefused``, ``FetchError`` or ``FetchTransient``.
    """
    problem = _syntax_problem(url)
    if problem:
        raise FetchError(problem)
    deadline = time.monotonic() + limits.total_timeout
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    address = resolve_public(host, port, allow_loopback=limits.allow_loopback)
    conn_class = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    conn = conn_class(host, port, address=address, timeout=limits.timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={"User-Agent": USER_AGENT, "Content-Type": "application/json", **headers},
        )
        response = conn.getresponse()
        content = b""
        while len(content) < limits.max_bytes and time.monotonic() < deadline:
            chunk = response.read(min(64 * 1024, limits.max_bytes - len(content)))
            if not chunk:
                break
            content += chunk
        return PostAnswer(status=response.status, body=content)
    except ssl.SSLCertVerificationError as exc:
        raise FetchError(f"The TLS certificate of {host} is not valid: {exc}") from exc
    except (TimeoutError, ConnectionError) as exc:
        raise FetchTransient(f"{host}: {type(exc).__name__}: {exc}") from exc
    except http.client.HTTPException as exc:
        raise FetchTransient(f"{host} did not answer in HTTP: {type(exc).__name__}") from exc
    except OSError as exc:
        raise FetchTransient(f"{host}: {type(exc).__name__}: {exc}") from exc
    finally:
        conn.close()
