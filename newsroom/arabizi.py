"""Arabizi skeletons: is a Latin word (7arami, kazzab, 5ayen) an Arabic word typed in Latin?

Readers spell Arabizi vowels any way they like, so a word is compared by its consonant
skeleton, not letter by letter. ``arabic_skeletons`` gives a word's forms once (precompute
them per word); ``spellings`` reads a Latin token as every Arabic skeleton it may stand for,
keeping only those that can still become one of the wanted forms, so it stays cheap.

Rules (docs/moderation.md): digits and letters map to letters as in ``newsroom.text.ARABIZI``;
letters Arabizi does not tell apart fold together (ذ ظ ز → ز, ض د → د, ط ث ت → ت, ص س → س,
ء dropped); doubled letters collapse; a non-final e is a short vowel and is dropped;
a/aa → ا or nothing; i/ee/ii/y → ي or nothing; o/u/oo/ou/uu/w → و or nothing; a final
a/e/ah/eh → ة (ه), ا or nothing. A word matches in its full form, or without the long vowels
inside it (its first and last letters kept: حرامي → حرمي, so 7aram is not حرامي) when that
leaves three letters or more (خاين → خن is too short: only 5ayen/khayen, not khan).
"""

import re
from functools import lru_cache

from .text import ARABIZI, normalise

_FOLD = str.maketrans({"ذ": "ز", "ظ": "ز", "ض": "د", "ط": "ت", "ث": "ت", "ص": "س", "ء": None})
_LONG = re.compile("[اوي]")
_REPEATS = re.compile(r"(.)\1+")
_UNIT = re.compile("|".join(re.escape(k) for k in sorted(ARABIZI, key=len, reverse=True)) + "|.")
_VOWELS = {
    **dict.fromkeys(("a", "aa"), ("ا", "")),
    "e": ("",),
    **dict.fromkeys(("i", "ee", "ii", "y"), ("ي", "")),
    **dict.fromkeys(("o", "u", "oo", "ou", "uu", "w"), ("و", "")),
}
_FINAL = {"a": ("ه", "ا", ""), "e": ("ه", "ا", "")}
#: Arabic prefixes typed attached in Arabizi: wel kalb, elkalb, bel7mar.
PREFIXES = ("", "w", "el", "al", "il", "l", "wel", "wal", "wil", "bel", "bil", "fel", "lel", "lil")


def _squeeze(text: str) -> str:
    return _REPEATS.sub(r"\1", text)


def arabic_skeletons(word: str) -> frozenset[str]:
    """The forms of an Arabic word a Latin spelling is compared with (see the module)."""
    full = _squeeze(normalise(word).replace(" ", "").translate(_FOLD))
    forms = {full}
    if len(full) > 2:
        bare = _squeeze(full[0] + _LONG.sub("", full[1:-1]) + full[-1])
        if len(bare) >= 3:
            forms.add(bare)
    return frozenset(f for f in forms if f)


def _options(units: list[str], index: int) -> tuple[str, ...]:
    unit = units[index]
    last = index == len(units) - 1
    if last and unit in _FINAL:
        return _FINAL[unit]
    if unit in _VOWELS:
        return _VOWELS[unit]
    if unit == "'":
        return ("",)
    return (ARABIZI.get(unit, unit).translate(_FOLD),)


def spellings(token: str, prefixes: frozenset[str]) -> set[str]:
    """The Arabic skeletons ``token`` (normalised Latin) may stand for, among ``prefixes``."""
    tokens = {token}
    if len(token) > 3 and token[-2:] in ("ah", "eh"):
        tokens.add(token[:-1])  # 7aramiyyeh, kalbah: the h only marks the final vowel
    found = set()
    for word in tokens:
        units = _UNIT.findall(word)
        partial = {""}
        for index in range(len(units)):
            grown = set()
            for head in partial:
                for letter in _options(units, index):
                    text = head if head.endswith(letter) and letter else head + letter
                    if text in prefixes:
                        grown.add(text)
            partial = grown
            if not partial:
                break
        found |= partial
    return found


@lru_cache(maxsize=32)
def index(words: tuple[str, ...]) -> tuple[dict[str, str], frozenset[str]]:
    """Each skeleton of ``words`` with the word it stands for, and all their prefixes."""
    forms = {}
    for word in words:
        for form in arabic_skeletons(word):
            forms.setdefault(form, word)
    prefixes = frozenset(f[:n] for f in forms for n in range(len(f) + 1))
    return forms, prefixes


_LATIN_WORD = re.compile(r"[a-z0-9']*[a-z][a-z0-9']*")


def find(text: str, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` (Arabic) that a Latin word of ``text`` spells, else None."""
    forms, prefixes = index(words)
    if not forms:
        return None
    for match in _LATIN_WORD.finditer(normalise(text)):
        token = match.group()
        for prefix in PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 2:
                hits = [s for s in spellings(token[len(prefix) :], prefixes) if s in forms]
                if hits:  # the longest: 7aramiyye is حرامية, though it could spell حرامي
                    return forms[max(hits, key=len)]
    return None
