"""Email to readers: the confirmation link, reply notices, the "my comments" link.

Plain text from ``comments/email/<name>_subject.txt`` and ``<name>_body.txt`` (the ``text``
template engine, which does not HTML-escape), in the language given. Sent after the
transaction commits by the callers; a failing mail server is logged and never loses
or undoes anything the reader did.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def send_to_reader(
    email: str, name: str, context: dict, *, language: str, headers: dict | None = None
) -> bool:
    """Render and send one message; False (logged) when it could not be sent."""
    try:
        with translation.override(language):
            subject = render_to_string(f"comments/email/{name}_subject.txt", context, using="text")
            body = render_to_string(f"comments/email/{name}_body.txt", context, using="text")
        message = EmailMessage(
            " ".join(subject.split()),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [email],
            headers=headers or {},
        )
        message.send(fail_silently=False)
    except Exception:
        logger.exception("could not send the %s email", name)
        return False
    return True


def sign_email(email: str, salt: str) -> str:
    """A token naming an address, for a link that proves the reader received the email."""
    return TimestampSigner(salt=salt).sign_object({"e": email.strip().lower()}, compress=True)


def read_email(token: str, salt: str, max_age: int | None) -> tuple[str | None, bool]:
    """(address, expired): the address when the token is genuine and young enough."""
    if not token or len(token) > 500:
        return None, False
    try:
        data = TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)
    except SignatureExpired:
        return None, True
    except (BadSignature, ValueError):
        return None, False
    email = data.get("e") if isinstance(data, dict) else None
    return (email if isinstance(email, str) and email else None), False
