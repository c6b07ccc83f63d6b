"""Cross-cutting security pieces: the Content Security Policy and login throttling.

Reader pages get the strict policy from ``settings.CONTENT_SECURITY_POLICY`` (no
``unsafe-inline`` for scripts or styles; a nonce when a template asks for
``request.csp_nonce``). Only the admin (``/<lang>/admin/``) gets the looser style
policy CKEditor 5 needs: it injects ``<style>`` elements at run time. Scripts stay
``'self'`` everywhere.
"""

import re

from axes.backends import AxesStandaloneBackend
from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PATH = re.compile(r"^/[a-z]{2}(?:-[a-z]+)?/admin/")

#: Added to the reader policy on admin pages only.
ADMIN_POLICY_UPDATE = {
    "style-src": [UNSAFE_INLINE],
    "img-src": ["blob:"],
}


def is_admin_path(path: str) -> bool:
    return bool(ADMIN_PATH.match(path))


class NewsroomCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's extra allowances under ``/<lang>/admin/``."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            update = dict(parts.update or {})
            for directive, sources in ADMIN_POLICY_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts


class AxesBackend(AxesStandaloneBackend):
    """django-axes' throttling backend, which sits first in ``AUTHENTICATION_BACKENDS``.

    Every web login (the admin's login form) carries a request and is throttled.
    A call without a request (a management command, or the test client's
    ``login()``) cannot come from the network; with ``NEWSROOM_AXES_ALLOW_NO_REQUEST``
    (set only in the test settings) it passes on to the next backend instead of
    raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None and getattr(settings, "NEWSROOM_AXES_ALLOW_NO_REQUEST", False):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page shown while an account or an address is locked out (HTTP 429)."""
    from axes.helpers import get_cool_off
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0
    response = render(request, "security/locked_out.html", {"cooloff_minutes": minutes}, status=429)
    response["Retry-After"] = str(int(cool_off.total_seconds())) if cool_off else "900"
    return response


def client_ip(request) -> str | None:
    """The client's address: what logins and comments are throttled and hashed by.

    ``COMMENTS_IP_HEADER`` names the header a trusted proxy sets (its last hop is
    the client); without a proxy it is ``REMOTE_ADDR``.
    """
    value = request.META.get(settings.COMMENTS_IP_HEADER) or request.META.get("REMOTE_ADDR") or ""
    return value.split(",")[-1].strip()[:45] or None
