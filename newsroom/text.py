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
    ord("ھ"): "ه",  # heh doachashmee (Urdu, Persian keyboards)
    ord("ہ"): "ه",  # heh goal
    ord("ۀ"): "ه",  # heh with yeh above
}
# Look-alikes of Latin letters, from Unicode's confusables data (UTS #39,
# confusables.txt): the Cyrillic and Greek letters drawn exactly like a Latin one,
# and the dotless i. ``іdiot`` with a Cyrillic і is the word ``idiot``. Only
# single letters are folded, so the SQL ``translate()`` in search can do the same.
CONFUSABLES = {
    # Cyrillic, lower case then capitals
    **dict(zip(map(ord, "аеорсухіјѕԁԛԝһӏ"), "aeopcyxijsdqwhl", strict=True)),
    **dict(zip(map(ord, "АВЕКМНОРСТХУІЈЅ"), "abekmhopctxyijs", strict=True)),
    # Greek, lower case then capitals
    **dict(zip(map(ord, "αοινρ"), "aoivp", strict=True)),
    **dict(zip(map(ord, "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"), "abezhikmnoptyx", strict=True)),
    ord("ı"): "i",
}
FOLDS.update(CONFUSABLES)
# Eastern Arabic (U+0660-0669) and Persian (U+06F0-06F9) digits -> 0-9.
FOLDS.update({0x0660 + i: str(i) for i in range(10)})
FOLDS.update({0x06F0 + i: str(i) for i in range(10)})

# Tashkeel, Quranic annotation marks, superscript alef, tatweel, the combining dot
# above (``i\u0307`` is ``i``), and every Default_Ignorable_Code_Point of Unicode
# (DerivedCoreProperties.txt): characters a renderer draws as nothing, which can hide
# inside a word (joiners, the Arabic letter mark, variation selectors, Hangul fillers,
# the Mongolian vowel separator, tag characters ...).
DEFAULT_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
DROPPED = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
    "\u0640\u0307" + DEFAULT_IGNORABLE + "]"
)

# Embedding, override and isolate controls: they can reorder what a reader
# sees. Direction marks (U+200E/U+200F) and joiners (U+200C/U+200D) stay.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters that render as nothing: a name made only of these is empty.
_INVISIBLE = re.compile("[\\s" + DEFAULT_IGNORABLE + "]")


def normalise(text: str) -> str:
    """Fold ``text`` to the form used for comparing words.

    NFKC, alef/yaa/taa-marbuta and Persian letter folding, diacritics, tatweel and
    every default-ignorable character removed, Cyrillic and Greek look-alikes of
    Latin letters folded to them, Eastern Arabic digits made Western, Latin
    case-folded, runs of white space collapsed. Idempotent, and total on any ``str``
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


# Arabizi: Arabic typed with Latin letters, and digits for the letters Latin lacks
# (7mar for حمار, 3ars for عرص). Longest spellings first; documented in docs/moderation.md.
ARABIZI = {
    **{"3'": "غ", "7'": "خ", "6'": "ظ", "9'": "ض"},
    **{"sh": "ش", "ch": "ش", "kh": "خ", "gh": "غ", "th": "ث", "dh": "ذ"},
    # long vowels
    **{"aa": "ا", "ee": "ي", "ii": "ي", "oo": "و", "ou": "و", "uu": "و"},
    **{"2": "ء", "3": "ع", "5": "خ", "6": "ط", "7": "ح", "9": "ق"},
    **dict(zip("btjgdrzsfvqklmnhwyp", "بتججدرزسففقكلمنهويب", strict=True)),  # not c: club
    "x": "كس",
}
#: Short vowels: written out in one reading, dropped in the others (Arabic omits them).
ARABIZI_VOWELS = dict(zip("aeiou", "اييوو", strict=True))
_ARABIZI_UNIT = re.compile(
    "|".join(re.escape(k) for k in sorted(ARABIZI, key=len, reverse=True)) + "|."
)
_LATIN_WORD = re.compile(r"[a-z0-9']*[a-z][a-z0-9']*")


def _from_arabizi(word: str, *, vowels: bool, final: str) -> str:
    units = _ARABIZI_UNIT.findall(word)
    letters = []
    for index, unit in enumerate(units):
        if unit not in ARABIZI_VOWELS:
            letters.append(ARABIZI.get(unit, unit if unit != "'" else ""))
        elif vowels:
            letters.append(ARABIZI_VOWELS[unit])
        elif index == 0:
            letters.append("ا")  # a word-initial vowel sits on an alef: ahmar -> احمر
        elif index == len(units) - 1 and final:
            # A final a/e is often ة (7elwe) or ا (dunya); a final i/o/u is ي or و (3'abi).
            letters.append(final if unit in "ae" else ARABIZI_VOWELS[unit])
    return "".join(letters)


def arabizi_readings(text: str) -> list[str]:
    """The Arabic readings of ``text``'s Arabizi words, normalised; empty when it has none.

    Every word with a Latin letter is read four ways: all vowels written (7mar -> حمار),
    short vowels dropped (kalb -> كلب), and dropped except a final one, a/e read as ة or
    ا (7elwe -> حلوه, dunya -> دنيا) and i/o/u as ي or و (3'abi -> غبي). Arabic in the
    text is kept as it is.
    """
    folded = normalise(text)
    if not _LATIN_WORD.search(folded):
        return []
    readings = {}
    for vowels, final in ((True, ""), (False, ""), (False, "ه"), (False, "ا")):
        reading = _LATIN_WORD.sub(
            lambda m, v=vowels, f=final: _from_arabizi(m.group(), vowels=v, final=f), folded
        )
        readings[normalise(reading)] = True
    return list(readings)


# C0 and C1 control characters and DEL. XML 1.0 cannot carry most of them (a feed or
# sitemap would fail), and none means anything in a story. Tab, LF and CR are kept in
# long text; the breaks Word and old systems paste (VT, FF, NEL) become a new line there
# and a space in a one-line field.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_PASTED_BREAKS = re.compile("[\x0b\x0c\x85]")
_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85]")


def strip_control_characters(text: str, *, multiline: bool) -> str:
    """``text`` without control characters (see above); unchanged when it has none."""
    breaks, joiner = (_PASTED_BREAKS, "\n") if multiline else (_LINE_BREAKS, " ")
    cleaned = _CONTROLS.sub("", breaks.sub(joiner, text))
    if cleaned == text:
        return text
    return cleaned if multiline else " ".join(cleaned.split(" ")).strip()


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
