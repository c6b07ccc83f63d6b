"""The Arabic catalogue is complete, not fuzzy, and its compiled .mo is shipped and current."""

from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"
CATALOGUES = sorted(LOCALE.glob("ar/LC_MESSAGES/*.po"))


def _entries(po_path):
    return [e for e in polib.pofile(str(po_path)) if not e.obsolete]


def test_the_arabic_catalogue_exists():
    assert [p.name for p in CATALOGUES][:1] == ["django.po"]
    assert (LOCALE / "ar" / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.name)
def test_every_arabic_message_is_translated(po_path):
    entries = _entries(po_path)
    missing = [e.msgid for e in entries if not e.translated()]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not missing, f"untranslated in {po_path.name}: {missing[:20]}"
    assert not fuzzy, f"fuzzy in {po_path.name}: {fuzzy[:20]}"


def test_the_compiled_catalogue_matches_the_po_file():
    """A msgstr edited in the .po but not compiled would never reach a reader."""
    stale = []
    with translation.override("ar"):
        for entry in _entries(LOCALE / "ar" / "LC_MESSAGES" / "django.po"):
            if entry.msgid_plural:
                got = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                want = entry.msgstr_plural.get(1, None)
                # Arabic has six plural forms; form for n=1 is index 1.
                if want is not None and got != want:
                    stale.append(entry.msgid)
            elif entry.msgctxt:
                if translation.pgettext(entry.msgctxt, entry.msgid) != entry.msgstr:
                    stale.append(entry.msgid)
            elif translation.gettext(entry.msgid) != entry.msgstr:
                stale.append(entry.msgid)
    assert not stale, f"compile the catalogue (make messages): {stale[:20]}"


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        ("%(n)s update", "%(n)s updates"),
        ("%(n)s removed update", "%(n)s removed updates"),
        ("%(n)d story published.", "%(n)d stories published."),
        ("%(n)d story scheduled.", "%(n)d stories scheduled."),
        ("%(n)d story sent to review.", "%(n)d stories sent to review."),
        ("%(n)d story unpublished.", "%(n)d stories unpublished."),
        ("%(count)d comment changed.", "%(count)d comments changed."),
        (
            "%(counter)s comment is waiting for moderation",
            "%(counter)s comments are waiting for moderation",
        ),
        ("(%(counter)s comment)", "(%(counter)s comments)"),
        ("%(counter)s story found.", "%(counter)s stories found."),
    ],
)
def test_arabic_counts_of_none_one_and_two_are_said_in_words(singular, plural):
    """Arabic says 'خبر واحد' and 'خبران', never '1 خبر' or '2 خبرين' (nor '0 تحديث')."""
    with translation.override("ar"):
        for n in (0, 1, 2):
            said = translation.ngettext(singular, plural, n) % {"n": n, "count": n, "counter": n}
            assert str(n) not in said, said
        # From three on, the number is written, in its own plural form.
        assert "11" in translation.ngettext(singular, plural, 11) % {
            "n": 11,
            "count": 11,
            "counter": 11,
        }
