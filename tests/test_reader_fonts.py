"""The vendored web font has a glyph for every character the pages print.

Each ``@font-face`` file of site.css covers its ``unicode-range``; a character outside every
range, or inside one whose file has no glyph for it, would come from a fallback font (a
different design, often a different height) in the middle of a headline.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import ImageFont

from articles.models import Article, Author, Section, Tag

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"
CSS = (STATIC / "css" / "site.css").read_text(encoding="utf-8")
#: Printed by the pages whatever the content: digits both ways, punctuation, Persian and
#: Urdu letters in names, the guillemets Arabic quotes with.
REQUIRED = "0123456789٠١٢٣٤٥٦٧٨٩.,:;!?()-–—/%«»٪،؛؟ڤپچگ“”’"
NOT_GLYPHS = {"\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u00a0", "\u00ad"}


def faces(weight: int, family: str = "Noto Naskh Arabic") -> list[tuple[Path, list]]:
    """The web font files of ``family`` at ``weight``, with their unicode ranges."""
    found = []
    for rule in re.findall(r"@font-face\s*{(.*?)}", CSS, re.S):
        if f"font-weight: {weight};" not in rule or f'font-family: "{family}";' not in rule:
            continue
        url = re.search(r'url\("\.\./([^"]+)"\)', rule).group(1)
        ranges = []
        for part in re.search(r"unicode-range:([^;]+);", rule).group(1).split(","):
            bounds = part.strip().removeprefix("U+").split("-")
            ranges.append((int(bounds[0], 16), int(bounds[-1], 16)))
        found.append((STATIC / url, ranges))
    return found


def missing(text: str, weight: int, family: str = "Noto Naskh Arabic") -> set[str]:
    fonts = [(ImageFont.truetype(str(p), 24), ranges) for p, ranges in faces(weight, family)]
    lacking = set()
    for char in sorted(set(text)):
        if char.isspace() or char in NOT_GLYPHS:
            continue
        font = next((f for f, ranges in fonts if any(a <= ord(char) <= b for a, b in ranges)), None)
        if font is None:
            lacking.add(char)
            continue
        notdef = font.getmask("\U0010fffd")
        mask = font.getmask(char)
        if mask.size == notdef.size and bytes(mask) == bytes(notdef):
            lacking.add(char)
    return lacking


def demo_text(language: str | None = None) -> str:
    call_command("load_demo", verbosity=0)
    parts = []
    stories = Article.objects.all()
    if language:
        stories = stories.filter(language=language)
    for article in stories:
        parts += [article.headline, article.kicker, article.standfirst, article.summary]
        parts += [article.body, article.lead_image_caption, article.lead_image_credit]
    for model in (Section, Author):
        parts += [f"{o.name_ar} {o.name_en}" for o in model.objects.all()]
    parts += [t.name for t in Tag.objects.all()]
    return re.sub(r"<[^>]+>", " ", " ".join(parts))


@pytest.mark.parametrize("weight", [400, 700])
def test_the_font_covers_the_demo_content_and_what_every_page_prints(weight):
    text = demo_text() + REQUIRED
    assert missing(text, weight) == set()


def test_the_check_fails_on_a_character_the_font_lacks():
    # Devanagari and an emoji: in no range of ours.
    assert missing("क😀", 400) == {"क", "😀"}


@pytest.mark.parametrize("weight", [400, 700])
def test_english_pages_have_a_latin_face_for_their_text(weight):
    """Noto Serif sets the English stories: every Latin character of them has its glyph."""
    text = re.sub(r"[\u0600-\u06ff\ufb50-\ufeff]", "", demo_text("en"))
    assert missing(text + "0123456789.,:;!?()-–—/%“”‘’£$€", weight, "Noto Serif") == set()
    assert missing("ڤ", weight, "Noto Serif") == {"ڤ"}  # Arabic is left to Naskh
