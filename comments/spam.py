"""Spam and abuse checks: word lists, links, rate limits, reader fingerprints.

Words are matched on ``newsroom.text.normalise``'d text, on whole words that
may carry the attached Arabic prefixes و ف ب ل ال (and their combinations
وال، بال، لل، فبال …). A word of three letters or more is also caught spaced out
(``ك ل ب``; tatweel is already gone after normalise). The stored and displayed text
is never changed.
"""

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from newsroom import arabizi
from newsroom.text import arabizi_readings, normalise

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
    alternatives = "|".join(_spaced(w) for w in words)
    return re.compile(rf"(?<!\w){_PREFIXES}({alternatives})(?!\w)")


def _spaced(word: str) -> str:
    """The word's pattern: its letters may be spaced out (normalise leaves single spaces)."""
    if len(word) < 3 or " " in word:
        return re.escape(word)
    return " ?".join(re.escape(letter) for letter in word)


def match_words(text: str, words: list[tuple] | None = None) -> WordMatch | None:
    """The first banned word found in ``text``, else the first suspect word, else None.

    ``words`` is a list of (kind, normalised word, word as written[, also in Arabizi]);
    by default the active words in the database. A word marked for Arabizi is also
    looked for in the Arabic readings of the text's Latin words
    (``newsroom.text.arabizi_readings``) and by consonant skeleton, whatever vowels the
    reader typed (``newsroom.arabizi``).
    """
    if words is None:
        words = list(
            Word.objects.filter(active=True).values_list("kind", "normalised", "word", "arabizi")
        )
    folded = normalise(text)
    readings = None
    for kind in (Word.Kind.BANNED, Word.Kind.SUSPECT):
        entries = {w[1]: w[2] for w in words if w[0] == kind}
        found = _search(entries, [folded])
        arabizi = {w[1]: w[2] for w in words if w[0] == kind and len(w) > 3 and w[3]}
        if found is None and arabizi:
            readings = arabizi_readings(text) if readings is None else readings
            found = _search(arabizi, readings) or _by_skeleton(arabizi, text)
        if found is not None:
            return WordMatch(kind=kind, word=found)
    return None


def _by_skeleton(entries: dict[str, str], text: str) -> str | None:
    """A word spelt in Arabizi with any vowels (7aramiyye, kazzab): ``newsroom.arabizi``."""
    found = arabizi.find(text, tuple(sorted(entries)))
    return entries[found] if found else None


def _search(entries: dict[str, str], texts: list[str]) -> str | None:
    """The word (as written) of the first entry found in any of ``texts``."""
    pattern = _pattern(list(entries))
    if pattern is None:
        return None
    for text in texts:
        found = pattern.search(text)
        if found:
            key = found.group(1)
            return entries.get(key) or entries[key.replace(" ", "")]
    return None


def count_links(text: str) -> int:
    return len(_LINK.findall(text or ""))


def keyed_hash(value: str) -> str:
    """A keyed hash: equal inputs match, but the input cannot be read back."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"comments:{value}".encode(), hashlib.sha256).hexdigest()


def count_in_window(key: str, window: int) -> int:
    """Add one to the cache counter ``key``, which lives ``window`` seconds; its new value.

    Raises whatever the cache raises: callers let the reader through when it is down.
    """
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def report_limited(ip: str | None) -> bool:
    """Count a report against the reader's address; True when over the hourly limit."""
    key = f"comments:reports:ip:{keyed_hash(ip or 'unknown')}"
    try:
        count = count_in_window(key, 3600)
    except Exception:  # a cache outage must not stop honest readers
        logger.warning("report rate limit skipped: the cache is unavailable", exc_info=True)
        return False
    return count > settings.COMMENTS_REPORTS_PER_ADDRESS


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
            over = count_in_window(key, window) > limit or over
    except Exception:  # a cache outage must not stop honest readers
        logger.warning("comment rate limit skipped: the cache is unavailable", exc_info=True)
        return False
    return over
