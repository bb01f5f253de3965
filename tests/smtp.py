"""A real SMTP server on loopback for tests: records what it accepts, refuses chosen recipients for good (550) or
for now (451), and can stall mid-DATA like a server or network hanging."""

import re
import socketserver
import threading
from collections import Counter
from contextlib import contextmanager


class SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.hang = False
        self.stalled = threading.Event()  # a message reached us and we are not answering
        self.release = threading.Event()
        self.accepted: list[str] = []
        self.refused: set[str] = set()  # 550 at RCPT TO
        self.busy: set[str] = set()  # 451 at RCPT TO
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def deliveries(self) -> Counter:
        """How many accepted messages each recipient got."""
        with self.lock:
            return Counter(re.search(r"^To: (.+)$", m, re.M).group(1).strip() for m in self.accepted)


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        server: SmtpServer = self.server
        self.reply("220 localhost test SMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            upper = command.upper()
            if upper.startswith(("EHLO", "HELO")):
                self.reply("250 localhost")
            elif upper.startswith("RCPT"):
                address = re.search(r"<([^>]*)>", command).group(1)
                if address in server.refused:
                    self.reply("550 5.1.1 No such mailbox")
                elif address in server.busy:
                    self.reply("451 4.3.0 Try again later")
                else:
                    self.reply("250 OK")
            elif upper.startswith(("MAIL", "RSET", "NOOP")):
                self.reply("250 OK")
            elif upper == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                message = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    message.append(data.decode(errors="replace"))
                if server.hang:
                    server.stalled.set()
                    server.release.wait(120)
                    return
                with server.lock:
                    server.accepted.append("".join(message))
                self.reply("250 OK queued")
            elif upper == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


@contextmanager
def smtp_server():
    server = SmtpServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


def use_smtp(settings, server: SmtpServer) -> None:
    """Point Django's email at the test server (pytest-django otherwise keeps mail in memory)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
