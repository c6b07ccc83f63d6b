"""A story's history as an editor reads it.

django-simple-history lists each version with its raw values: ``published`` for a status,
the body as HTML cut to "[447 chars]", times with microseconds, English column headers.
Here each change is shown in the desk's language: choices by their labels, times in the
newsroom's zone, yes/no for tick boxes, and text as the words removed and added, in the
story's own direction. A publication time that moved by less than a second (a form that
re-sent it without its fractions) is no change at all. Minor corrections are marked.
"""

import difflib
import html
from datetime import datetime, timedelta

from django.db import models
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.template_utils import HistoricalRecordContextHelper

from newsroom.dates import desk_time

from .desk import yes_no
from .models import DIRECTIONS

#: ``history_change_reason`` of a save the editor ticked as a minor correction.
MINOR_CORRECTION = "minor-correction"
#: Unchanged words kept around a change, on each side.
CONTEXT_WORDS = 6

# django-simple-history's own Arabic is wrong in places («إختر … ادناه», «تم انشاءه»);
# the project's catalogue, searched first, corrects these messages for every screen.
LIBRARY_MESSAGES = (
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("You may edit it again below"),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("View history: %s"),
    gettext_noop("Change history: %s"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Change History"),
    gettext_noop("History"),
)
HISTORY_TYPES = {
    "+": gettext_lazy("Created"),
    "~": gettext_lazy("Changed"),
    "-": gettext_lazy("Deleted"),
}


def plain_words(value) -> list[str]:
    """The words a reader sees in ``value`` (HTML tags dropped, entities decoded)."""
    return html.unescape(strip_tags(str(value or ""))).split()


def word_diff(old, new, direction: str = "rtl") -> SafeString:
    """The words removed (``<del>``) and added (``<ins>``), with a little context."""
    before, after = plain_words(old), plain_words(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = before[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if len(words) > 2 * CONTEXT_WORDS and not (first and last):
                head = [] if first else words[:CONTEXT_WORDS]
                tail = [] if last else words[-CONTEXT_WORDS:]
                words = [*head, "…", *tail]
            parts.append(format_html("<span>{}</span>", " ".join(words)))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", " ".join(before[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", " ".join(after[j1:j2])))
    return format_html(
        '<div class="history-diff" dir="{}">{}</div>',
        direction,
        format_html_join(" ", "{}", ((part,) for part in parts)),
    )


class StoryHistoryHelper(HistoricalRecordContextHelper):
    """Each change of a version as ``{"field", "diff"}``, ready for the desk's template."""

    def context_for_delta_changes(self, delta):
        direction = DIRECTIONS.get(getattr(self.record, "language", "ar"), "rtl")
        rows = []
        for change in delta.changes:
            field = self.model._meta.get_field(change.field)
            if _same_moment(change.old, change.new):
                continue
            rows.append(
                {"field": field.verbose_name, "diff": self.describe(field, change, direction)}
            )
        return rows

    def describe(self, field, change, direction) -> SafeString:
        text = field.get_internal_type() in {"TextField", "CharField", "SlugField"}
        if text and not field.choices:
            return word_diff(change.old, change.new, direction)
        return format_html(
            '<span class="history-value">{}</span> ← <span class="history-value">{}</span>'
            if direction == "rtl"
            else '<span class="history-value">{}</span> → <span class="history-value">{}</span>',
            display(field, change.old),
            display(field, change.new),
        )


def display(field, value) -> str:
    """One stored value as the desk shows it."""
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return yes_no(value)
    if isinstance(value, datetime):
        return desk_time(value)
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return str(value)


def _same_moment(old, new) -> bool:
    return (
        isinstance(old, datetime)
        and isinstance(new, datetime)
        and abs(old - new) < timedelta(seconds=1)
    )


def history_type_label(record) -> str:
    return str(HISTORY_TYPES.get(record.history_type, record.history_type))


def is_minor(record) -> bool:
    return record.history_change_reason == MINOR_CORRECTION


def describe_record(record) -> dict:
    """What the history list shows of one version besides its changes."""
    return {
        "record": record,
        "when": desk_time(record.history_date),
        "what": history_type_label(record),
        "status": display(record.instance_type._meta.get_field("status"), record.status),
        "minor": is_minor(record),
    }
