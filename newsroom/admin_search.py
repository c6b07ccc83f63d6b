"""One admin changelist search for every model with normalised text.

An editor types الاسد and expects الأسد: each admin that searches Arabic text
uses ``NormalisedSearchMixin`` and says which stored, normalised field to look
in (``normalised_search_field``). Every normalised word of the term must occur
in that field. The admin's own ``search_fields`` still apply unless
``normalised_search_only`` is set. A model with a better index (stories: the
full-text index) overrides ``normalised_matches``.

The term is made safe for the database first: NUL bytes and other C0 controls
become spaces, lone surrogates are dropped.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from newsroom.text import normalise

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_search_term(term: str) -> str:
    """``term`` without what PostgreSQL cannot take (NUL, lone surrogates) or controls."""
    return _CONTROLS.sub(" ", (term or "").encode("utf-8", "ignore").decode("utf-8"))


class NormalisedSearchMixin:
    #: A field holding ``normalise()``d text, searched word by word.
    normalised_search_field = ""
    #: Search only the normalised field, not ``search_fields`` as well.
    normalised_search_only = False

    def normalised_matches(self, queryset: QuerySet, term: str) -> QuerySet:
        """Rows of ``queryset`` whose normalised field contains each word of ``term``."""
        condition = Q()
        for word in normalise(term).split():
            condition &= Q(**{f"{self.normalised_search_field}__contains": word})
        return queryset.filter(condition)

    def get_search_results(self, request, queryset, search_term):
        term = safe_search_term(search_term)
        if not normalise(term).strip():
            if self.normalised_search_only:
                return queryset, False
            return super().get_search_results(request, queryset, term)
        if self.normalised_search_only:
            return self.normalised_matches(queryset, term), False
        results, may_have_duplicates = super().get_search_results(request, queryset, term)
        return results | self.normalised_matches(queryset, term), may_have_duplicates
