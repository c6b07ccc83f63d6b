"""Sanitising the rich text that CKEditor 5 produces.

nh3 (ammonia, with html5ever's parser) keeps the tags and attributes CKEditor 5 makes.
An iframe is kept only when its ``src`` is a plain ``https://`` address on an allowed
video host: a ``src`` with a backslash, a user name or password, a port, white space or
control characters is refused, because Python's URL parser and browsers (which follow
the WHATWG URL standard) read such an address differently, and the host we checked
must be the host the browser loads. An iframe left without a ``src`` is then removed
by walking the sanitised document's tags (never by pattern-matching its text).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = set(
    """
    p br h2 h3 h4 strong b em i u s sub sup a ul ol li blockquote figure figcaption img picture
    source table thead tbody tfoot tr th td caption col colgroup span div hr code pre mark bdi bdo
    oembed iframe
    """.split()
)
ALLOWED_ATTRIBUTES = {
    "*": {"dir", "lang"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "source": {"srcset", "type", "media", "sizes"},
    "figure": {"class"},
    "oembed": {"url"},
    "iframe": {"src", "width", "height", "allowfullscreen", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
}
# Video hosts whose embeds editors may place in a story.
DEFAULT_VIDEO_HOSTS = ("www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com")
# Characters on which Python's parser and a browser's disagree, or that a browser strips.
_AMBIGUOUS_URL = re.compile(r"[\\\x00-\x20\x7f]")
_DIRECTIONS = {"rtl", "ltr", "auto"}
_FIGURE_CLASSES = {"image", "table", "media", "image-style-side", "image_resized"}


def _video_hosts() -> set[str]:
    return set(getattr(settings, "NEWSROOM_VIDEO_HOSTS", DEFAULT_VIDEO_HOSTS))


def _filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "dir":
        return value if value.lower() in _DIRECTIONS else None
    if attr == "class":
        kept = [c for c in value.split() if c in _FIGURE_CLASSES]
        return " ".join(kept) or None
    if tag == "iframe" and attr == "src":
        return _video_src(value)
    if tag == "oembed" and attr == "url":
        parts = urlsplit(value)
        return value if parts.scheme == "https" else None
    return value


def _video_src(value: str) -> str | None:
    if _AMBIGUOUS_URL.search(value) or not value.isascii():
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme != "https" or parts.netloc != parts.hostname:  # userinfo or port
        return None
    return value if parts.hostname in _video_hosts() else None


class _EmptyIframeRemover(HTMLParser):
    """Re-emits sanitised HTML unchanged except for iframes that have no ``src``.

    The input is nh3's serialisation (well-formed, attributes quoted, an iframe's fallback
    text escaped), so every token is copied back as it was read.
    """

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skipping = False

    def handle_starttag(self, tag, attrs):
        if tag == "iframe" and not dict(attrs).get("src"):
            self.skipping = True
        elif not self.skipping:
            self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        if not self.skipping:
            self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping = tag != "iframe"
        else:
            self.out.append(f"</{tag}>")

    def _text(self, text):
        if not self.skipping:
            self.out.append(text)

    def handle_data(self, data):
        self._text(data)

    def handle_entityref(self, name):
        self._text(f"&{name};")

    def handle_charref(self, name):
        self._text(f"&#{name};")


def _remove_empty_iframes(html: str) -> str:
    if "<iframe" not in html:
        return html
    remover = _EmptyIframeRemover()
    remover.feed(html)
    remover.close()
    return "".join(remover.out)


def sanitize_html(html: str) -> str:
    """Keep what CKEditor 5 produces; drop scripts, handlers, bad URLs and foreign iframes."""
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An iframe whose src was refused is an empty box: remove it entirely.
    return _remove_empty_iframes(cleaned)
