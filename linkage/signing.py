"""HMAC-SHA256 request signing shared by our pushes and by the partner sandbox that verifies them.

The signed message is ``f"{timestamp}.{body}"`` (timestamp in whole Unix seconds, body the exact bytes
sent). The header carries one ``v1=<hex>`` per valid secret, so that during a rotation a partner that
still knows only the previous secret keeps verifying: ``X-BLM-Signature: v1=ab12…,v1=cd34…``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterable

SIGNATURE_HEADER = "X-BLM-Signature"
TIMESTAMP_HEADER = "X-BLM-Timestamp"
DELIVERY_HEADER = "X-BLM-Delivery-Id"
IDEMPOTENCY_HEADER = "Idempotency-Key"
PARTNER_HEADER = "X-BLM-Partner"


class SignatureError(Exception):
    """The request is not signed by a secret we know, or its timestamp is outside the tolerance."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secrets: Iterable[str], timestamp: int, body: bytes) -> str:
    return ",".join(f"v1={sign(secret, timestamp, body)}" for secret in secrets if secret)


def verify(
    *, secrets: Iterable[str], timestamp_header: str | None, signature: str | None, body: bytes,
    tolerance: int = 300, now: float | None = None,
) -> None:
    """Raise SignatureError unless one signature in the header matches one of the secrets."""
    if not timestamp_header or not signature:
        raise SignatureError("missing signature or timestamp header")
    try:
        timestamp = int(timestamp_header)
    except ValueError:
        raise SignatureError("malformed timestamp") from None
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance window")
    offered = [part.strip()[3:] for part in signature.split(",") if part.strip().startswith("v1=")]
    for secret in secrets:
        if not secret:
            continue
        expected = sign(secret, timestamp, body)
        if any(hmac.compare_digest(expected, candidate) for candidate in offered):
            return
    raise SignatureError("signature does not match")
