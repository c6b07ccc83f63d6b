"""Spam and abuse checks: word lists, links, rate limits, reader fingerprints.

Words are matched on ``newsroom.text.normalise``'d text, on whole words that
may carry the attached Arabic prefixes و ف ب ل ال (and their combinations
وال، بال، لل، فبال …). The stored and displayed text is never changed.
"""

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from newsroom.text import normalise

from .models import Word

logger = logging.getLogger(__name__)

# An optional conjunction, then an optional preposition and/or article.
# ل + ال is written لل (للكلب), so it is listed on its own.
_PREFIXES = "(?:[وف])?(?:بال|لل|ال|ب|ل)?"
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|info|biz|ru|cn|xyz|top|io|ly)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WordMatch:
    kind: str
    word: str


def _pattern(words: list[str]) -> re.Pattern | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){_PREFIXES}({alternatives})(?!\w)")


def match_words(text: str, words: list[tuple[str, str, str]] | None = None) -> WordMatch | None:
    """The first banned word found in ``text``, else the first suspect word, else None.

    ``words`` is a list of (kind, normalised word, word as written); by default
    the active words in the database.
    """
    if words is None:
        words = list(Word.objects.filter(active=True).values_list("kind", "normalized", "word"))
    folded = normalise(text)
    for kind in (Word.Kind.BANNED, Word.Kind.SUSPECT):
        entries = {n: w for k, n, w in words if k == kind}
        pattern = _pattern(list(entries))
        if pattern is None:
            continue
        found = pattern.search(folded)
        if found:
            return WordMatch(kind=kind, word=entries[found.group(1)])
    return None


def count_links(text: str) -> int:
    return len(_LINK.findall(text or ""))


def keyed_hash(value: str) -> str:
    """A keyed hash: equal inputs match, but the input cannot be read back."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"comments:{value}".encode(), hashlib.sha256).hexdigest()


def rate_limited(ip: str | None, email: str | None) -> bool:
    """Count this post against the reader's address and email; True when over a limit.

    The counters live in the cache. If the cache fails, the post is let through
    (it still goes to the moderators' queue) rather than refused or crashed.
    """
    window = settings.COMMENTS_RATE_WINDOW
    checks = []
    if ip:
        checks.append((f"comments:rate:ip:{keyed_hash(ip)}", settings.COMMENTS_RATE_PER_IP))
    if email:
        key = f"comments:rate:email:{keyed_hash(email.strip().lower())}"
        checks.append((key, settings.COMMENTS_RATE_PER_EMAIL))
    over = False
    try:
        for key, limit in checks:
            cache.add(key, 0, window)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, window)
                count = 1
            over = over or count > limit
    except Exception:  # a cache outage must not stop honest readers
        logger.warning("comment rate limit skipped: the cache is unavailable", exc_info=True)
        return False
    return over
