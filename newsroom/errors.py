"""Error pages (``handler400``/``403``/``404``/``500``) that never touch the request body.

Django's own error views are wrapped in ``requires_csrf_token``, which runs the CSRF
check again and so reads ``request.POST`` once more. When the body was the problem (a
form in a charset other than UTF-8, a broken multipart upload) that second read raises
inside the error handler and the client gets a 500. These views read only the path
and headers; the 404 page keeps the site's header and footer (its context processors
read no body either).
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def _standalone(template: str, status: int) -> HttpResponse:
    # No request: no context processor, so nothing can reach for the body.
    return HttpResponse(
        render_to_string(template), status=status, content_type="text/html; charset=utf-8"
    )


def bad_request(request, exception=None) -> HttpResponse:
    return _standalone("400.html", 400)


def permission_denied(request, exception=None) -> HttpResponse:
    return _standalone("403.html", 403)


def page_not_found(request, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request) -> HttpResponse:
    return _standalone("500.html", 500)
