"""Outgoing HTTP, one policy for every call Signpost makes to an address a user gave (webhook receivers, news
sources): http(s) only, public destinations only, one total deadline, bounded size; a GET follows redirects only by
checking every hop as if it were the first.

- **Where.** The host is resolved (numeric forms included: `127.1`, `2130706433`, `[::ffff:127.0.0.1]` are
  addresses too) and every address must be a public unicast address; IPv6 forms that carry an IPv4 address
  (IPv4-mapped and -compatible, NAT64, 6to4, Teredo) are unwrapped and the IPv4 address checked as well. Only the
  ports in ALLOWED_PORTS are used. The connection goes to the address that was checked (the Host header and the
  TLS server name stay the original host), so a DNS answer that changes between check and connection cannot
  point the request at an internal service. Refusals never repeat what a name resolved to.
- **When.** Everything (resolution, connection, TLS, sending, the status line, headers and body) happens within
  one deadline: every socket operation waits at most the time left, so a receiver trickling a byte at a time
  cannot hold a worker past it.

Development and tests may opt in to loopback and private addresses on any port (SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES
for receivers, SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES for sources); production refuses to start with either on.
"""

import concurrent.futures
import http.client
import io
import ipaddress
import select
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

ALLOWED_SCHEMES = ("http", "https")
ALLOWED_PORTS = (80, 443, 8080, 8443)
MAX_RESPONSE_BYTES = 64 * 1024
# One refusal for a name that does not resolve and for one that resolves inside: two texts would tell whoever
# registers a webhook which internal host names exist.
NOT_PUBLIC = "The URL's host does not resolve to a public internet address; Signpost only calls public addresses."
_resolver = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="outbound-dns")


class OutboundError(Exception):
    """The request was refused before sending (bad URL, forbidden destination)."""


@dataclass(frozen=True)
class Response:
    status: int | None
    body: str
    latency_ms: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


def check_url(url: str, *, allow_private: bool = False) -> Target:
    """The URL's parts when it is an http(s) URL without credentials on an allowed port; OutboundError otherwise."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise OutboundError(f"Only http and https URLs are allowed, not {scheme or 'a URL without a scheme'}.")
    if not parts.hostname:
        raise OutboundError("The URL has no host.")
    if parts.username or parts.password:
        raise OutboundError("Credentials in the URL are not allowed; use the signature to authenticate.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise OutboundError("The URL's port is not a number between 0 and 65535.") from None
    if not allow_private and port not in ALLOWED_PORTS:
        raise OutboundError(f"Only ports {', '.join(map(str, ALLOWED_PORTS))} are allowed.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, parts.hostname, port, path)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries (the forms routers and stacks translate to IPv4)."""
    embedded = []
    if address.ipv4_mapped is not None:
        embedded.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        embedded.append(address.sixtofour)
    if address.teredo is not None:
        embedded.extend(address.teredo)
    packed = address.packed
    if packed[:12] == bytes(12) and packed[12:] != bytes(4):  # IPv4-compatible ::a.b.c.d (deprecated, still routed)
        embedded.append(ipaddress.IPv4Address(packed[12:]))
    if address in ipaddress.IPv6Network("64:ff9b::/96"):  # NAT64, well-known prefix
        embedded.append(ipaddress.IPv4Address(packed[12:]))
    return embedded


LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")


def is_public_address(text: str) -> bool:
    """Global unicast only: no loopback, private, link-local, shared, reserved, multicast or unspecified address,
    and no IPv6 form of one."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    if address.is_multicast or address.is_unspecified or address.is_reserved or address.is_loopback:
        return False
    if address.is_link_local or address.is_private or not address.is_global:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        if address.is_site_local or address in LOCAL_NAT64:
            return False
        return all(is_public_address(str(inner)) for inner in _embedded_ipv4(address))
    return True


def resolve(host: str, port: int, *, timeout: float) -> list[str]:
    """Every address the host resolves to (a numeric host is its own address), within `timeout` seconds."""
    future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        answers = future.result(timeout=max(timeout, 0.001))
    except (OSError, UnicodeError, concurrent.futures.TimeoutError):
        raise OutboundError(NOT_PUBLIC) from None
    return [str(answer[4][0]) for answer in answers]


def destination(url: str, *, allow_private: bool, timeout: float, allow_loopback: bool = False) -> tuple[Target, str]:
    """(the URL's parts, the address to connect to) when the URL may be called; OutboundError otherwise.
    `allow_private` admits every address; `allow_loopback` only this machine's (a local news site in tests and
    demos), so a redirect to a private network is still refused."""
    target = check_url(url, allow_private=allow_private or allow_loopback)
    addresses = resolve(target.host, target.port, timeout=timeout)
    if not addresses:
        raise OutboundError(NOT_PUBLIC)
    if not allow_private and not all(_allowed(address, allow_loopback) for address in addresses):
        raise OutboundError(NOT_PUBLIC)
    return target, addresses[0]


def _allowed(address: str, allow_loopback: bool) -> bool:
    if is_public_address(address):
        return True
    return allow_loopback and ipaddress.ip_address(address.split("%", 1)[0]).is_loopback


# --- one deadline for the whole exchange ------------------------------------------------------------------------


class _Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        remaining = self.ends - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"No response within {self.seconds:g} s.")
        return remaining


class _DeadlineReader(io.RawIOBase):
    """What http.client reads the response through: each read waits at most the time left."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self._sock, self._deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(self._deadline.left())
        return self._sock.recv_into(buffer)


class _DeadlineSocket:
    """A connected socket whose every operation waits at most the time left until the deadline."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self._sock, self._deadline = sock, deadline

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self._deadline.left())
        self._sock.sendall(data)

    def makefile(self, mode: str = "rb", *args: object, **kwargs: object) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def close(self) -> None:
        # http.client closes its socket as soon as it has the headers of a `Connection: close` response, while the
        # body is still to be read through makefile(); the connection closes the real socket when it is done.
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _tls(sock: socket.socket, host: str, deadline: _Deadline) -> ssl.SSLSocket:
    """The TLS handshake, non-blocking, so that it too ends at the deadline."""
    wrapped = ssl.create_default_context().wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
    wrapped.setblocking(False)
    while True:
        try:
            wrapped.do_handshake()
            break
        except ssl.SSLWantReadError:
            ready = select.select([wrapped], [], [], deadline.left())[0]
        except ssl.SSLWantWriteError:
            ready = select.select([], [wrapped], [], deadline.left())[1]
        if not ready:
            deadline.left()  # raises when the time is up
    wrapped.setblocking(True)
    return wrapped


class _Connection(http.client.HTTPConnection):
    """HTTP(S) to a checked address, everything within one deadline."""

    def __init__(self, target: Target, address: str, deadline: _Deadline):
        super().__init__(target.host, target.port)
        self._target, self._address, self._deadline = target, address, deadline
        self._raw: socket.socket | None = None

    def connect(self) -> None:
        self._raw = socket.create_connection((self._address, self.port), timeout=self._deadline.left())
        if self._target.scheme == "https":
            self._raw = _tls(self._raw, self.host, self._deadline)
        self.sock = _DeadlineSocket(self._raw, self._deadline)

    def release(self) -> None:
        """Close the real socket (http.client's own close() runs before the body is read: see _DeadlineSocket)."""
        self.close()
        if self._raw is not None:
            self._raw.close()
            self._raw = None


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float, allow_private: bool) -> Response:
    """POST `body` within `timeout` seconds in all; never raises for network trouble (it is reported in
    `Response.error`), only OutboundError for a refused URL or destination."""
    started = time.monotonic()
    deadline = _Deadline(timeout)
    target, address = destination(url, allow_private=allow_private, timeout=deadline.left())
    connection = _Connection(target, address, deadline)
    try:
        connection.request("POST", target.path, body=body, headers={**headers, "Connection": "close"})
        response = connection.getresponse()
        text = response.read(MAX_RESPONSE_BYTES).decode("utf-8", "replace")
        return Response(status=response.status, body=text, latency_ms=_since(started))
    except (OSError, http.client.HTTPException, ssl.SSLError) as error:
        return Response(status=None, body="", latency_ms=_since(started), error=_describe(error, timeout))
    finally:
        connection.release()


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _describe(error: Exception, timeout: float) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return f"No response within {timeout:g} s."
    return f"{type(error).__name__}: {error}"[:500]


# --- GET, for news sources --------------------------------------------------------------------------------------

MAX_REDIRECTS = 5
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Fetched:
    """A GET's outcome: the last response's status, headers (lower-case names) and body, the URL it came from."""

    url: str
    status: int | None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""
    too_large: bool = False


def get(url: str, headers: Mapping[str, str], *, timeout: float, allow_loopback: bool, max_bytes: int) -> Fetched:
    """GET `url` within `timeout` seconds in all, redirects included (each hop's destination checked anew, at most
    MAX_REDIRECTS), reading at most `max_bytes` of the body (`too_large` when there was more). Network trouble is
    reported in `Fetched.error`; a refused URL or destination, at any hop, raises OutboundError."""
    deadline = _Deadline(timeout)
    for _ in range(MAX_REDIRECTS + 1):
        try:
            target, address = destination(
                url, allow_private=False, allow_loopback=allow_loopback, timeout=deadline.left()
            )
        except TimeoutError as error:
            return Fetched(url, None, error=_describe(error, timeout))
        connection = _Connection(target, address, deadline)
        try:
            connection.request("GET", target.path, headers={**headers, "Connection": "close"})
            response = connection.getresponse()
            received = {name.lower(): value for name, value in response.getheaders()}
            location = received.get("location")
            if response.status in REDIRECTS and location:
                url = urljoin(url, location)
                continue
            body = response.read(max_bytes + 1) if response.status == 200 else b""
            return Fetched(url, response.status, received, body[:max_bytes], too_large=len(body) > max_bytes)
        except (OSError, http.client.HTTPException, ssl.SSLError) as error:
            return Fetched(url, None, error=_describe(error, timeout))
        finally:
            connection.release()
    return Fetched(url, None, error=f"More than {MAX_REDIRECTS} redirects.")
