"""The per-reader values of a cached page: cut out once when it is stored, filled per hit.

The CSRF token (``csrfmiddlewaretoken``), the comment form token (``form_token``) and the
CSP nonce are cut out of the stored page at the places the cache found them (form fields,
``nonce`` attributes), and every hit gets fresh values there and nowhere else: text in a
story that looks like a token is left alone.
"""

from __future__ import annotations

import re

from django.middleware.csrf import get_token

#: The per-reader values the cache cuts out of a stored page: hidden form fields by name,
#: and the CSP nonce. The CSRF token is Django's; apps add theirs with ``per_reader_field``.
CSRF, NONCE = "csrfmiddlewaretoken", "nonce"
#: Not a value: where two stored pieces of a page meet (``joined``).
JOIN = ""
_fields: dict[str, object] = {CSRF: lambda request: get_token(request)}


def per_reader_field(name: str, issue) -> None:
    """Fill ``<input name="{name}" value="…">`` with ``issue(request)`` on every hit.

    Called from an app's ``AppConfig.ready()`` (comments: its form token).
    """
    _fields[name] = issue


def _pattern(nonce: str | None) -> re.Pattern:
    parts = [
        rb'(?<=name="' + name.encode() + rb'" value=")(?P<f' + str(i).encode() + rb'>[^"]*)(?=")'
        for i, name in enumerate(_fields)
    ]
    if nonce:
        parts.append(rb'(?<=nonce=")(?P<nonce>' + re.escape(nonce.encode()) + rb')(?=")')
    return re.compile(b"|".join(parts))


def _csp_nonce(request) -> str | None:
    nonce = getattr(request, "_csp_nonce", None)
    return nonce if isinstance(nonce, str) else None


def cut_tokens(request, content: bytes) -> tuple[list[bytes], list[str]]:
    """The page split around its per-reader values: (pieces, slots), len(pieces) = slots + 1.

    Only the values of the form fields and ``nonce`` attributes found here become slots.
    """
    names = list(_fields)
    pieces, slots, at = [], [], 0
    for match in _pattern(_csp_nonce(request)).finditer(content):
        group = match.lastgroup
        slots.append(NONCE if group == NONCE else names[int(group[1:])])
        pieces.append(content[at : match.start()])
        at = match.end()
    pieces.append(content[at:])
    return pieces, slots


def fill_tokens(request, pieces: list[bytes], slots: list[str], *, shared: bool) -> bytes:
    """This reader's values in the slots; empty tokens for a shared cache (filled by script)."""
    values = {JOIN: b""}
    for slot in set(slots) - {JOIN}:
        if slot == NONCE:
            values[slot] = str(getattr(request, "csp_nonce", "")).encode()
        else:
            values[slot] = b"" if shared else str(_fields[slot](request)).encode()
    out = [pieces[0]]
    for slot, piece in zip(slots, pieces[1:], strict=True):
        out += [values[slot], piece]
    return b"".join(out)


def personal(slots: list[str], shared: bool) -> bool:
    return not shared and any(slot not in (NONCE, JOIN) for slot in slots)


def joined(cuts: list[tuple[list[bytes], list[str]]]) -> tuple[list[bytes], list[str]]:
    """Consecutive cut pieces of a page as one (pieces, slots).

    Where two cuts meet, a ``JOIN`` slot (filled with nothing) stands between them: the
    pieces are the cuts' own bytes, not copies, so a kept page holds its text once.
    """
    pieces, slots = [], []
    for more_pieces, more_slots in cuts:
        if pieces:
            slots.append(JOIN)
        pieces += more_pieces
        slots += more_slots
    return pieces or [b""], slots


def has_tokens(slots: list[str]) -> bool:
    """Whether a page has values filled per response (a reader's tokens, a nonce)."""
    return any(slot != JOIN for slot in slots)
