"""Text direction per block of a story's body.

The rich-text editor writes every paragraph in the story's direction. An English quotation in
an Arabic story then starts at the wrong edge and its punctuation lands on the wrong side.
On save, each block takes the direction of its first strong character (the rule of the
Unicode bidirectional algorithm's paragraph level, and of ``dir="auto"``), written as ``dir``
only where it differs from the direction the block inherits. Computing it once at save keeps
the page free of ``dir="auto"``, which browsers would recompute on every render, and lets
readers' style sheets and screen readers see the direction in the markup.
"""

import html
import re
import unicodedata

#: Elements whose direction is set; inline elements (``span``, ``bdi``) keep the editor's.
BLOCKS = frozenset("p h2 h3 h4 li ul ol blockquote figcaption caption td th pre div".split())
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_DIR = re.compile(r"""\sdir\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)""", re.I)


def first_strong(text: str) -> str | None:
    """``"ltr"`` or ``"rtl"`` after the first strongly directional character, else ``None``."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def _inner_text(body: str, start: int, name: str) -> str:
    """The text of the element whose opening tag ends at ``start``, without its tags."""
    depth = 1
    for match in _TAG.finditer(body, start):
        if match.group(2).lower() != name or match.group(3).rstrip().endswith("/"):
            continue
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return html.unescape(_TAG.sub(" ", body[start : match.start()]))
    return html.unescape(_TAG.sub(" ", body[start:]))


def with_block_directions(body: str, base: str) -> str:
    """``body`` with ``dir`` on each block whose first strong character differs from its parent.

    ``base`` is the story's direction. A block with no strong character inherits, and so
    does one that agrees with its parent: their old ``dir`` is removed, so a paragraph
    rewritten from English into Arabic loses a stale ``dir="ltr"``.
    """
    out = []
    stack = [base]  # the direction each open block gives its children
    names = []
    last = 0
    for match in _TAG.finditer(body):
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if name not in BLOCKS:
            continue
        if closing:
            while name in names:
                stack.pop()
                if names.pop() == name:
                    break
            continue
        parent = stack[-1]
        own = first_strong(_inner_text(body, match.end(), name)) or parent
        attrs = _DIR.sub("", attrs)
        if own != parent:
            attrs = f' dir="{own}"' + attrs
        out.append(body[last : match.start()])
        out.append(f"<{name}{attrs}>")
        last = match.end()
        names.append(name)
        stack.append(own)
    out.append(body[last:])
    return "".join(out)
