"""Bench-only pieces, routed only by ``bench.settings``.

- ``floor``: a trivial view returning a static page of a given size through the whole
  middleware stack. Every benchmark figure is also given as a ratio to it, because
  absolute numbers on shared machines drift from run to run.
- ``QueryCountMiddleware``: the number of SQL queries a request ran, in ``X-Queries``, and
  the time the whole middleware stack and view took, in ``X-Server-Time-Ms``.
"""

import time
from functools import lru_cache

from django.db import connections
from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

FILLER = "<p>نص ثابت بحجم صفحة الخبر. Static text the size of a story page.</p>\n"


@lru_cache(maxsize=16)
def _page(size: int) -> bytes:
    head = b"<!doctype html><html lang=ar dir=rtl><head><meta charset=utf-8><title>floor</title>"
    body = (FILLER * (size // len(FILLER.encode()) + 1)).encode()
    return (head + b"</head><body>" + body)[: max(size - 14, 0)] + b"</body></html>"


def floor(request):
    try:
        size = min(max(int(request.GET.get("bytes", 30_000)), 100), 2_000_000)
    except ValueError:
        size = 30_000
    return HttpResponse(_page(size), content_type="text/html; charset=utf-8")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0
        started = time.perf_counter()

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = []
        for conn in connections.all(initialized_only=False):
            wrappers.append(conn.execute_wrapper(counter))
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Queries"] = str(count)
        response["X-Server-Time-Ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
        return response


urlpatterns = [path("ar/bench-floor/", floor, name="bench-floor"), *site_urlpatterns]
