"""The signed, time-stamped token every comment form carries.

A bot that posts the form the moment it loads it, replays an old page, or
forges the value is refused, and a token sends one comment (its hash is stored
with the comment under a unique constraint). The token names no reader and no
story, so a cached page can carry a fresh one: the page cache calls ``issue_token()`` for
every response it serves and puts the value into ``<input name="form_token">``.
"""

import hashlib
import secrets
import time
from enum import Enum

from django.conf import settings
from django.core import signing

_SALT = "comments.form-token"


class TokenProblem(Enum):
    TAMPERED = "tampered"
    TOO_OLD = "too_old"
    TOO_FAST = "too_fast"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_SALT)


def issue_token(*, issued_at: float | None = None) -> str:
    """A fresh token. ``issued_at`` (a Unix time) is for tests only."""
    nonce = f"{secrets.token_urlsafe(8)}|{time.time() if issued_at is None else issued_at:.3f}"
    return _signer().sign(nonce)


def token_key(value: str) -> str:
    """What a comment stores of the token it was sent with (see ``Comment.form_token``)."""
    return hashlib.sha256(value.encode()).hexdigest()


def check_token(value: str | None, *, now: float | None = None) -> TokenProblem | None:
    """None when the token is good, else what is wrong with it."""
    if not value or len(value) > 200:
        return TokenProblem.TAMPERED
    try:
        nonce = _signer().unsign(value, max_age=settings.COMMENTS_TOKEN_MAX_AGE)
        issued_at = float(nonce.split("|", 1)[1])
    except signing.SignatureExpired:
        return TokenProblem.TOO_OLD
    except (signing.BadSignature, ValueError, IndexError):
        return TokenProblem.TAMPERED
    age = (time.time() if now is None else now) - issued_at
    if age > settings.COMMENTS_TOKEN_MAX_AGE:
        return TokenProblem.TOO_OLD
    if age < settings.COMMENTS_MIN_SECONDS:
        return TokenProblem.TOO_FAST
    return None
