"""Sanitising the rich text that CKEditor 5 produces."""

import re
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
_IFRAME_WITHOUT_SRC = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.S)
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
        parts = urlsplit(value)
        if parts.scheme == "https" and parts.hostname in _video_hosts():
            return value
        return None
    if tag == "oembed" and attr == "url":
        parts = urlsplit(value)
        return value if parts.scheme == "https" else None
    return value


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
    return _IFRAME_WITHOUT_SRC.sub("", cleaned)
