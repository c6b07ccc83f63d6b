"""What the page cache stores for a page, and how a stale part of it is rendered again.

An entry holds the page's pieces around its per-reader tokens (``pieces``, ``slots``: the
form a hit is served from), the versions of the keys the page declared outside its parts
(``versions``) and, for each refreshable part (``parts.py``), its own keys' versions, its
renderer's name and arguments and its cut HTML. The page is the shell's ``segments``
with the parts between them, flattened once when stored or refreshed, never per hit.
"""

from __future__ import annotations

import hashlib
import time

from django.utils.http import quote_etag

from . import keys as dependency
from . import parts as page_parts
from .tokens import cut_tokens, joined


def build(request, shell: list[bytes], htmls: list[bytes], state: dict, recorded: dict) -> dict:
    """A new entry from the page split around its parts; ``recorded``: every key's version."""
    stored_parts = []
    for found, html in zip(state["parts"], htmls, strict=True):
        keys = found["keys"] or {dependency.EVERYTHING}
        stored_parts.append(
            {
                "name": found["name"],
                "args": found["args"],
                "language": found["language"],
                "versions": {k: recorded[k] for k in keys},
                "cut": cut_tokens(request, html),
            }
        )
    now = time.time()
    entry = {
        "versions": {k: v for k, v in recorded.items() if k in state["shell_keys"]},
        "segments": [cut_tokens(request, piece) for piece in shell],
        "parts": stored_parts,
        "rendered_at": now,
        "modified_at": now,
    }
    entry["versions"][dependency.EPOCH] = recorded[dependency.EPOCH]
    return flatten(entry)


def flatten(entry: dict) -> dict:
    """The pieces and slots a hit is served from, and their ETag, from segments and parts."""
    cuts = [entry["segments"][0]]
    for stored, segment in zip(entry["parts"], entry["segments"][1:], strict=True):
        cuts += [stored["cut"], segment]
    entry["pieces"], entry["slots"] = joined(cuts)
    # Computed once here rather than on every hit; only pages without per-reader tokens
    # carry it (see PageCacheMiddleware._from_entry).
    entry["etag"] = quote_etag(
        hashlib.md5(b"".join(entry["pieces"]), usedforsecurity=False).hexdigest()
    )
    return entry


FLAT = ("pieces", "slots", "etag")


def shared_form(entry: dict) -> dict:
    """What goes to the shared cache: the flattened page is rebuilt where it is read."""
    return {name: value for name, value in entry.items() if name not in FLAT}


def loaded(entry: dict | None) -> dict | None:
    """An entry read from the shared cache, ready to serve (flattened once per worker)."""
    if entry is not None and "pieces" not in entry:
        entry = flatten(entry)
    return entry


def keys_of(entry: dict) -> set[str]:
    """Every key the entry's page shows (its own and its parts')."""
    found = set(entry["versions"])
    for stored in entry.get("parts", ()):
        found.update(stored["versions"])
    return found


def stale_parts(entry: dict, current: dict) -> list[int]:
    return [
        i
        for i, stored in enumerate(entry.get("parts", ()))
        if any(current[k] != v for k, v in stored["versions"].items())
    ]


def refreshed(request, entry: dict, stale: list[int]) -> tuple[dict, bool] | None:
    """The entry with its ``stale`` parts rendered again, and whether it may be stored.

    None when a part cannot be rendered on its own (the whole page is rendered then).
    """
    new_parts, rendered = list(entry["parts"]), []
    for index in stale:
        with dependency.collecting(report=False) as found:
            html = page_parts.refresh(request, entry["parts"][index])
        if html is None:
            return None
        rendered.append((index, found or {dependency.EVERYTHING}, html))
    # One fresh reading for every part rendered (and the fragments they rendered).
    shown = set().union(*(keys for _, keys, _ in rendered))
    recorded = dependency.unchanged_since(shown)
    storable = recorded is not None
    if recorded is None:  # a key moved while they rendered: serve them, never store them
        recorded = dict.fromkeys(shown, -1)
    for index, keys, html in rendered:
        new_parts[index] = {
            **entry["parts"][index],
            "versions": {k: recorded[k] for k in keys},
            "cut": cut_tokens(request, html),
        }
    return flatten({**entry, "parts": new_parts, "modified_at": time.time()}), storable
