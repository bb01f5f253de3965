"""Writes a client may safely retry: the same Idempotency-Key and body replay the first answer."""

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.accounts.permissions import is_signed_in
from tracker.lib.errors import error_body
from tracker.ops.models import IdempotentRequest

IDEMPOTENCY_HEADER = "Idempotency-Key"


def _fingerprint(request: Request) -> str:
    digest = hashlib.sha256()
    digest.update((request.method or "").encode())
    digest.update(request.get_full_path().encode())
    digest.update(request.body)
    return digest.hexdigest()


def idempotent(request: Request, write: Callable[[], Response]) -> Response:
    """Run `write` once per Idempotency-Key (per user): a retry with the same key and request gets the first
    response back (with `Idempotent-Replayed: true`) and changes nothing; the same key with another request is
    an error. Without the header, `write` just runs."""
    key, user = request.headers.get(IDEMPOTENCY_HEADER), request.user
    if key is None or not is_signed_in(user):  # keys are per account; the endpoints that take one need an account
        return write()
    key = key.strip()
    if not key or len(key) > 100 or not key.isprintable():
        return Response(error_body({IDEMPOTENCY_HEADER: ["Use 1 to 100 printable characters."]}), status=400)
    fingerprint = _fingerprint(request)

    def replay(record: IdempotentRequest) -> Response:
        if record.fingerprint != fingerprint:
            return Response(
                error_body({IDEMPOTENCY_HEADER: ["This key was already used for a different request."]}),
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        response = Response(record.body, status=record.status_code)
        response["Idempotent-Replayed"] = "true"
        return response

    existing = IdempotentRequest.objects.filter(user=user, key=key).first()
    if existing is not None:
        return replay(existing)
    try:
        with transaction.atomic():
            response = write()
            if response.status_code >= 500:
                return response
            body = json.loads(JSONRenderer().render(response.data) or b"null")
            try:
                with transaction.atomic():
                    IdempotentRequest.objects.create(
                        user=user, key=key, fingerprint=fingerprint, status_code=response.status_code, body=body
                    )
            except IntegrityError:
                raise _KeyTaken from None
    except _KeyTaken:
        # A concurrent request with the same key won; ours is rolled back whole (its forecast too).
        return replay(IdempotentRequest.objects.get(user=user, key=key))
    return response


class _KeyTaken(Exception):
    pass
