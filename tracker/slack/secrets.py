"""Bot tokens at rest: encrypted with Fernet (AES-128-CBC with an HMAC, from `cryptography`) under
SIGNPOST_SLACK_TOKEN_KEY, or a key derived from DJANGO_SECRET_KEY when that is empty (development)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = settings.SIGNPOST_SLACK_TOKEN_KEY
    if not key:
        digest = hashlib.sha256(b"signpost-slack-token-key:" + settings.SECRET_KEY.encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key.encode())


def token_encrypt(token: str) -> str:
    return _fernet().encrypt(token.encode()).decode()


def token_decrypt(encrypted: str) -> str:
    """The token, or "" when it cannot be read (the key changed): the installation then needs a reinstall."""
    if not encrypted:
        return ""
    try:
        return _fernet().decrypt(encrypted.encode()).decode()
    except InvalidToken:
        return ""
