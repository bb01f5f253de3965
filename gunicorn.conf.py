"""Gunicorn reads this file from the working directory (the image's /app, the benchmark's checkout)."""

import gc
import json

from gunicorn import util


def post_worker_init(worker):
    # Move the loaded application (Django, DRF, every module) out of the collector's reach: otherwise each full
    # collection walks all of it again, a pause of about 90 ms that bench/api.py saw in about 1 request of 75.
    gc.freeze()


def write_error_as_json(sock, status_int, reason, mesg):
    """Gunicorn answers a request it refuses before the application sees it (a request line over its limit: 414;
    headers too large: 431; a malformed request: 400) with an HTML page of its own. Clients of the API expect the
    one error shape everywhere, and gunicorn has no setting or hook for these pages, so its writer is replaced
    (workers are forked after this file runs, so they all use it)."""
    message = f"{reason}: {mesg}" if mesg else reason
    body = json.dumps({"errors": [{"field": None, "message": message}]}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    util.write_nonblock(sock, head + body)


util.write_error = write_error_as_json
