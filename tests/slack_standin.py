"""A local stand-in for Slack: its Web API (what the SDK's base_url points at) and the response_url hooks, on a real
HTTP server on loopback. It records every call and answers as Slack does; a test can make a method fail or answer
late. Signed requests from "Slack" to Signpost are made with `signed_post`."""

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CLIENT_ID, CLIENT_SECRET = "111.222", "slack-client-secret"
WORKSPACE = {"id": "T0TEAM", "name": "Korea desk"}


@dataclass
class Call:
    method: str
    token: str
    arguments: dict


@dataclass
class SlackStandIn:
    base: str = ""
    calls: list[Call] = field(default_factory=list)
    # method -> (error or "", seconds to wait before answering)
    misbehave: dict[str, tuple[str, float]] = field(default_factory=dict)
    codes: dict[str, dict] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"{self.base}/api/"

    @property
    def response_url(self) -> str:
        return f"{self.base}/hooks/reply"

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def grant(self, code: str, *, workspace=WORKSPACE, channel=("C0CHANNEL", "forecasting")) -> None:
        """Slack will exchange `code` for a bot token of `workspace` (the admin approved the install)."""
        self.codes[code] = {"workspace": workspace, "channel": channel}


def _handler(standin: SlackStandIn):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _json(self, body: dict, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if "json" in self.headers.get("Content-Type", ""):
                arguments = json.loads(raw or b"{}")
            else:
                arguments = {key: values[0] for key, values in parse_qs(raw.decode()).items()}
            method = self.path.removeprefix("/api/") if self.path.startswith("/api/") else self.path
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            standin.calls.append(Call(method, token, arguments))
            error, delay = standin.misbehave.get(method, ("", 0.0))
            if delay:
                time.sleep(delay)
            if error:
                return self._json({"ok": False, "error": error})
            if method.startswith("/hooks/"):
                return self._json({"ok": True})
            if method == "oauth.v2.access":
                # The client's credentials come as HTTP Basic (what the SDK sends) or as form fields.
                basic = base64.b64decode(token.removeprefix("Basic ")).decode() if token.startswith("Basic ") else ""
                secret = basic.partition(":")[2] or arguments.get("client_secret")
                grant = standin.codes.pop(arguments.get("code", ""), None)
                if grant is None or secret != CLIENT_SECRET:
                    return self._json({"ok": False, "error": "invalid_code"})
                channel_id, channel_name = grant["channel"]
                return self._json(
                    {
                        "ok": True,
                        "access_token": "xoxb-" + grant["workspace"]["id"],
                        "token_type": "bot",
                        "scope": "commands,chat:write",
                        "bot_user_id": "U0BOT",
                        "team": grant["workspace"],
                        "incoming_webhook": {"channel": channel_name, "channel_id": channel_id},
                    }
                )
            if not token.startswith("xoxb-"):
                return self._json({"ok": False, "error": "not_authed"})
            return self._json({"ok": True, "channel": arguments.get("channel", ""), "ts": f"{time.time():.6f}"})

    return Handler


def start_standin() -> tuple[SlackStandIn, ThreadingHTTPServer]:
    standin = SlackStandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(standin))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    standin.base = f"http://127.0.0.1:{server.server_address[1]}"
    return standin, server


def signature(body: bytes, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_post(
    client,
    path: str,
    *,
    form: dict | None = None,
    body: dict | None = None,
    at: float | None = None,
    secret: str = SIGNING_SECRET,
):
    """POST as Slack does: form-encoded (commands, interactions) or JSON (events), signed at `at` (default now)."""
    if form is not None:
        raw, content_type = urlencode(form).encode(), "application/x-www-form-urlencoded"
    else:
        raw, content_type = json.dumps(body).encode(), "application/json"
    timestamp = int(at if at is not None else time.time())
    return client.generic(
        "POST",
        path,
        raw,
        content_type=content_type,
        HTTP_X_SLACK_REQUEST_TIMESTAMP=str(timestamp),
        HTTP_X_SLACK_SIGNATURE=signature(raw, timestamp, secret),
    )
