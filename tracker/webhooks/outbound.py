"""Outgoing HTTP for webhooks: http(s) only, bounded time and size, no redirects, optionally public addresses only.

Plain `http.client`, so that nothing here follows a redirect to another scheme or host behind our back. When
private addresses are refused, the host is resolved once, every address is checked, and the connection goes to
the checked address (the Host header and TLS server name stay the original host), so a DNS answer that changes
between the check and the connection cannot point the request at an internal service.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")
MAX_RESPONSE_BYTES = 64 * 1024


class OutboundError(Exception):
    """The request was refused before sending (bad URL, forbidden address)."""


@dataclass(frozen=True)
class Response:
    status: int | None
    body: str
    latency_ms: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def check_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path-and-query) of an http(s) URL; OutboundError for anything else."""
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
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname, port, path


def _public_address(host: str, port: int) -> str:
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OutboundError(f"Cannot resolve {host}: {error.strerror}.") from None
    addresses = [answer[4][0] for answer in answers]
    for address in addresses:
        if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
            raise OutboundError(f"{host} resolves to {address}, a private or reserved address; refused.")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, address: str, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, *, address: str, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float, allow_private: bool) -> Response:
    """POST `body`; never raises for network trouble (it is reported in `Response.error`), only for a refused URL."""
    scheme, host, port, path = check_url(url)
    started = time.monotonic()
    if allow_private:
        connection_class = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        connection = connection_class(host, port, timeout=timeout)
    else:
        address = _public_address(host, port)
        connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(host, port, address=address, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(MAX_RESPONSE_BYTES).decode("utf-8", "replace")
        return Response(status=response.status, body=text, latency_ms=_since(started))
    except (OSError, http.client.HTTPException) as error:
        return Response(status=None, body="", latency_ms=_since(started), error=_describe(error, timeout))
    finally:
        connection.close()


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _describe(error: Exception, timeout: float) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return f"No response within {timeout:g} s."
    return f"{type(error).__name__}: {error}"[:500]
