"""Arabic-aware text helpers shared by search, moderation, tags and slugs.

There is one normaliser in the project: ``normalise``. Search indexes and
queries, banned/suspect word matching, admin search and tag matching all call
it, so a word compares equal everywhere or nowhere.
"""

import re
import unicodedata

from django.utils.text import slugify

# The folding tables are public so search can build the same folding in SQL
# (articles.search_index); nothing else should need them.

# Alef with hamza above/below, madda, wasla -> bare alef.
_ALEF_FORMS = dict.fromkeys(map(ord, "أإآٱ"), "ا")
FOLDS = {
    **_ALEF_FORMS,
    ord("ى"): "ي",  # alef maqsura typed as yaa
    ord("ة"): "ه",  # taa marbuta typed as haa
    ord("ؤ"): "و",
    ord("ئ"): "ي",
    ord("ڤ"): "ف",  # veh, used for foreign names, is searched as feh
    ord("گ"): "ك",
    ord("ی"): "ي",  # Persian yeh
    ord("ک"): "ك",  # keheh
}
# Eastern Arabic (U+0660-0669) and Persian (U+06F0-06F9) digits -> 0-9.
FOLDS.update({0x0660 + i: str(i) for i in range(10)})
FOLDS.update({0x06F0 + i: str(i) for i in range(10)})

# Tashkeel, Quranic annotation marks, superscript alef, tatweel, and the
# zero-width characters that can hide inside a word.
DROPPED = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
    "\u0640\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]"
)

# Embedding, override and isolate controls: they can reorder what a reader
# sees. Direction marks (U+200E/U+200F) and joiners (U+200C/U+200D) stay.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters that render as nothing: a name made only of these is empty.
_INVISIBLE = re.compile(
    "[\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0]"
)


def normalise(text: str) -> str:
    """Fold ``text`` to the form used for comparing words.

    NFKC, alef/yaa/taa-marbuta folding, diacritics, tatweel and zero-width
    characters removed, Eastern Arabic digits made Western, Latin case-folded,
    runs of white space collapsed. Idempotent, and total on any ``str``
    (lone surrogates are dropped rather than raising).
    """
    if not text:
        return ""
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = unicodedata.normalize("NFKC", text)
    text = DROPPED.sub("", text)
    text = text.translate(FOLDS).casefold()
    # casefold/NFKC can expose new foldable characters; a second pass keeps
    # the function idempotent.
    text = unicodedata.normalize("NFKC", text)
    text = DROPPED.sub("", text).translate(FOLDS)
    return " ".join(text.split())


def clean_user_text(text: str) -> str:
    """NFC-normalise reader input and strip bidi embedding/override/isolate controls."""
    text = (text or "").encode("utf-8", "ignore").decode("utf-8")
    text = unicodedata.normalize("NFC", text)
    return BIDI_CONTROLS.sub("", text)


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing at all: only spaces and invisible characters."""
    return not _INVISIBLE.sub("", text or "")


def arabic_slugify(value: str, max_length: int = 200) -> str:
    """A URL slug that keeps Arabic letters but drops diacritics and tatweel."""
    value = unicodedata.normalize("NFKC", value or "")
    value = DROPPED.sub("", value)
    slug = slugify(value, allow_unicode=True)
    return slug[:max_length].strip("-")
