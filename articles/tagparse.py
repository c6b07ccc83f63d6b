"""Tags as an Arabic keyboard types them.

taggit's own parser knows only the Latin comma and splits on spaces when there is none, so
``لبنان، سياسة`` was stored as the one tag ``لبنان، سياسة`` (or ``لبنان،``) and ``كرة السلة``
became two tags. Here the Arabic comma «،», the Latin comma and either semicolon («؛», ``;``)
separate tags, spaces never do (a multi-word tag needs no quotes), and no tag keeps a
separator at its ends. Double quotes still protect a name holding a comma.

``NormalisedTagManager`` then resolves each typed name to the existing tag that normalises
alike (الاردن is الأردن).

Wired in through taggit's ``TAGGIT_TAGS_FROM_STRING`` and ``TAGGIT_STRING_FROM_TAGS``
settings, so the admin form, its history form and ``article.tags.set()`` callers agree.
"""

import re

from django.utils import translation
from taggit.managers import _TaggableManager

from newsroom.text import normalise

SEPARATORS = ",،;؛"
_SPLIT = re.compile(f"[{SEPARATORS}]")
_QUOTED = re.compile(r'"([^"]*)"')
# Separators, spaces, quotes and the tatweel a keyboard may leave at either end of a name.
_EDGES = f"{SEPARATORS}\"'\u0640\u200f\u200e \t\r\n\u00a0"


def clean_tag_name(name: str) -> str:
    """One tag name without separators at its ends and with single spaces inside."""
    return " ".join(name.strip(_EDGES).split()).strip(_EDGES)


def parse_tags(tagstring: str) -> list[str]:
    """Tag names in ``tagstring``, sorted and unique (taggit's contract)."""
    if not tagstring:
        return []
    names = []
    # Quoted names first: they may hold a separator.
    for quoted in _QUOTED.findall(tagstring):
        names.append(clean_tag_name(quoted))
    rest = _QUOTED.sub(",", tagstring)
    names.extend(clean_tag_name(part) for part in _SPLIT.split(rest))
    return sorted({name for name in names if name})


def edit_string_for_tags(tags) -> str:
    """The tags as the desk shows them for editing, joined by the interface's comma."""
    arabic = (translation.get_language() or "ar")[:2] != "en"
    names = []
    for tag in tags:
        name = tag.name
        names.append(f'"{name}"' if _SPLIT.search(name) else name)
    return ("، " if arabic else ", ").join(sorted(names))


class NormalisedTagManager(_TaggableManager):
    """Resolves a typed tag name to the existing tag that normalises alike."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        names = [t for t in tags if isinstance(t, str)]
        if names:
            keys = {name: normalise(name) for name in names}
            existing = {
                tag.normalised: tag
                for tag in self.through.tag_model().objects.filter(
                    normalised__in=set(keys.values())
                )
            }
            resolved, seen = [], set()
            for tag in tags:
                if isinstance(tag, str):
                    key = keys[tag]
                    if key in seen:
                        continue
                    seen.add(key)
                    tag = existing.get(key, tag)
                resolved.append(tag)
            tags = resolved
        return super()._to_tag_model_instances(tags, tag_kwargs)
