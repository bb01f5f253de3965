"""A local news site on loopback for the monitor's tests: a feed with ETags, article pages wrapped in navigation
and "most read" boxes, a wire copy under another address, an off-topic story, and the pages that go wrong (a
redirect into a private network, a trickle, a huge page, an image, a page robots.txt forbids, a bad encoding)."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

AID = (
    "South Korea is considering sending artillery shells directly to Ukraine after North Korean troops were "
    "deployed to the Kursk region to fight for Russia, officials in Seoul said on Wednesday. The defence ministry "
    "said a decision on lethal aid could come before the end of the year, and that Seoul would work with its allies "
    "on countermeasures. Analysts expect the European Union to adopt new sanctions on Pyongyang within weeks."
)
OFF_TOPIC = (
    "The city council approved a new cycling lane along the river on Tuesday after a long debate about parking. "
    "Residents said the lane would make commuting safer, while shop owners worried about deliveries. Work is "
    "expected to begin in the spring and to last about four months, the council's transport office said."
)


def page(title: str, text: str, *, published: str = "2026-11-18T09:00:00+00:00", canonical: str = "") -> bytes:
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in text.split(". ") if sentence.strip())
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f'<!doctype html><html lang="en"><head><title>{title} | Example News</title>{link}'
        f'<meta property="article:published_time" content="{published}"><meta name="author" content="Kim Lee"></head>'
        '<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        f"<main><article><h1>{title}</h1>{paragraphs}</article></main>"
        "<aside><h2>Most read</h2><ul><li>Ten celebrity weddings</li><li>Football results in full</li></ul></aside>"
        "<footer>Copyright Example News. All rights reserved.</footer></body></html>"
    ).encode()


@dataclass
class NewsSite:
    url: str = ""
    pages: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)  # path: (status, content type, body)
    redirects: dict[str, str] = field(default_factory=dict)
    trickle: set[str] = field(default_factory=set)
    etag: str = '"v1"'
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def feed(self, paths: list[str]) -> None:
        items = "".join(
            f"<item><title>Story {path}</title><link>{self.url}{path}</link>"
            "<pubDate>Wed, 18 Nov 2026 09:30:00 GMT</pubDate></item>"
            for path in paths
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example World</title>{items}</channel></rss>'
        self.pages["/feed.xml"] = (200, "application/rss+xml", body.encode())

    def hits(self, path: str) -> int:
        return sum(1 for requested, _ in self.requests if requested == path)


@contextmanager
def news_site() -> Iterator[NewsSite]:
    site = NewsSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, dict(self.headers.items())))
            if self.path in site.redirects:
                self.send_response(302)
                self.send_header("Location", site.redirects[self.path])
                self.end_headers()
                return
            if self.path == "/feed.xml" and self.headers.get("If-None-Match") == site.etag:
                self.send_response(304)
                self.end_headers()
                return
            status, content_type, body = site.pages.get(self.path, (404, "text/plain", b"Not found"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if self.path == "/feed.xml":
                self.send_header("ETag", site.etag)
            self.end_headers()
            if self.path in site.trickle:
                for byte in body[:50]:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
                return
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    site.pages["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
