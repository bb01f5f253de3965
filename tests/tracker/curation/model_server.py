"""A local stand-in for an OpenAI-compatible chat-completions server (what llama.cpp's server, Ollama and vLLM
speak), on loopback: it replays the answers in tests/fixtures/drafter_answers.json, one per request, in the order a
test scripts them, and misbehaves on request (slow, an HTTP error, content that is no JSON). It records every
request it gets."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ANSWERS = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "drafter_answers.json").read_text())


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    delay: float = 0.0


@dataclass
class ModelServer:
    url: str = ""
    replies: list[Reply] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str], dict]] = field(default_factory=list)  # path, headers, JSON body

    def answer(self, name: str) -> None:
        """Queue the recorded answer `name` (a JSON object, or text that is not JSON)."""
        recorded = ANSWERS["answers"][name]
        self.replies.append(Reply(recorded if isinstance(recorded, str) else json.dumps(recorded)))


def _completion(content: str) -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-stand-in",
            "object": "chat.completion",
            "model": "stand-in",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 900, "completion_tokens": 120, "total_tokens": 1020},
        }
    ).encode()


@contextmanager
def model_server() -> Iterator[ModelServer]:
    server_state = ModelServer()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            server_state.requests.append((self.path, dict(self.headers), body))
            reply = server_state.replies.pop(0) if server_state.replies else Reply(status=503)
            time.sleep(reply.delay)
            payload = _completion(reply.content) if reply.status == 200 else b'{"error": "unavailable"}'
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the caller's deadline ended the exchange first

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server_state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        server.shutdown()
        server.server_close()
