"""A real HTTP server on loopback that records what it receives: the other end of webhook tests."""

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # Status codes to answer with, in order; the last one repeats. A tuple (status, seconds) answers late.
    responses: list = field(default_factory=lambda: [200])
    redirect_to: str = ""

    def next_response(self):
        answer = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        return answer if isinstance(answer, tuple) else (answer, 0.0)


@contextmanager
def webhook_receiver(responses=None):
    state = Receiver(url="")
    if responses is not None:
        state.responses = list(responses)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.requests.append(Received(self.path, dict(self.headers.items()), body))
            status, delay = state.next_response()
            time.sleep(delay)
            payload = f'{{"received": {len(state.requests)}}}'.encode()
            try:
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", state.redirect_to or "/elsewhere")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (a timeout test)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/signpost"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
