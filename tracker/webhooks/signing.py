"""Webhook signatures: `X-Signpost-Signature: t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`."""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Signpost-Signature"


TIMESTAMP_HEADER = "X-Signpost-Timestamp"


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of `{timestamp}.{body}` with the webhook's secret."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(*, secrets: list[str], timestamp: int, body: bytes) -> str:
    """`t=<timestamp>,v1=<hex>[,v1=<hex>]`: one v1 per valid secret (two during a rotation)."""
    parts = [f"t={timestamp}"] + [f"v1={signature(secret=s, timestamp=timestamp, body=body)}" for s in secrets]
    return ",".join(parts)


def signature_verify(*, secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """What a receiver does: the timestamp is recent and one v1 signature matches (compared in constant time)."""
    fields = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for name, value in fields if name == "t"]
    if len(timestamps) != 1 or not timestamps[0].isdigit() or abs(now - int(timestamps[0])) > tolerance:
        return False
    expected = signature(secret=secret, timestamp=int(timestamps[0]), body=body)
    return any(hmac.compare_digest(expected, value) for name, value in fields if name == "v1")
