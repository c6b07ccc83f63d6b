"""Parts of a cached page refreshed on their own, like an edge-side include inside the app.

A story page shows its comment thread (``thread:<id>``) inside a page that otherwise
changes rarely. When a moderator approves a comment, only the thread moved: the page
cache then renders the thread part again and keeps the rest of the stored page, instead
of running the view, the whole template and its queries.

- An app registers a part's renderer in its ``AppConfig.ready()``:
  ``register("comments", render)``, where ``render(request, args)`` returns the part's
  HTML for a later request (or None when it cannot, e.g. the story is gone: the whole
  page is then rendered again).
- The template tag that shows the part calls ``part("comments", args, render_now)``.
  While the page cache is rendering a page it may store, the part's HTML is marked in
  the page (with a mark only this request knows) and its own dependency keys are
  recorded beside it; otherwise the HTML is returned as is.
- The page cache (``pages.py``) cuts the marks out, stores the page's other pieces under
  the keys the rest of the page declared, and each part under its own keys. On a request
  where only parts' keys moved, it calls their renderers and splices the results in.

A part must not sit inside a ``{% keep %}`` fragment (a kept fragment would keep one
request's marks) and must depend only on its ``args``, the request's language and the
keys it declares.
"""

from __future__ import annotations

import contextvars
import re
import secrets
from collections.abc import Callable
from contextlib import contextmanager

from django.utils import translation
from django.utils.safestring import mark_safe

from . import keys as dependency

_renderers: dict[str, Callable] = {}
_recording: contextvars.ContextVar[dict | None] = contextvars.ContextVar("parts", default=None)


def register(name: str, render: Callable) -> None:
    """``render(request, args) -> str | None``: the part again, for a later request."""
    _renderers[name] = render


def part(name: str, args: dict, render: Callable[[], str]) -> str:
    """``render()``'s HTML, marked for the page cache when it is recording parts."""
    recording = _recording.get()
    if recording is None or name not in _renderers:
        return render()
    with dependency.collecting(report=False) as found:
        html = render()
    index = len(recording["parts"])
    recording["parts"].append(
        {"name": name, "args": args, "keys": found, "language": translation.get_language()}
    )
    mark = recording["mark"]
    return mark_safe(f"<!--{mark}:{index}-->{html}<!--/{mark}-->")


@contextmanager
def recording():
    """Record the parts rendered inside (``state["parts"]``), each between marks."""
    state = {"mark": "part-" + secrets.token_hex(8), "parts": []}
    token = _recording.set(state)
    try:
        yield state
    finally:
        _recording.reset(token)


def split(content: bytes, state: dict) -> tuple[list[bytes], list[bytes]]:
    """(the page's pieces around its parts, each part's HTML); len(pieces) = parts + 1."""
    if not state["parts"]:
        return [content], []
    mark = state["mark"].encode()
    pattern = re.compile(rb"<!--" + mark + rb":(\d+)-->(.*?)<!--/" + mark + rb"-->", re.S)
    pieces, htmls, at = [], [], 0
    for match in pattern.finditer(content):
        pieces.append(content[at : match.start()])
        htmls.append(match.group(2))
        at = match.end()
    pieces.append(content[at:])
    if len(htmls) != len(state["parts"]):  # a part was dropped or repeated: keep none
        return [pattern.sub(rb"\2", content)], []
    return pieces, htmls


def refresh(request, stored: dict) -> bytes | None:
    """The part rendered again for ``request``, or None when it cannot be."""
    render = _renderers.get(stored["name"])
    if render is None:
        return None
    with translation.override(stored["language"]):
        html = render(request, stored["args"])
    return None if html is None else str(html).encode()
