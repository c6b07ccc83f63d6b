"""Pagination that stays fast on page 500 of a 100,000-story archive."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from newsroom.cache import fragment

#: Listings go this many stories deep (500 pages of 20); older stories are reached
#: through the date archive. Counting further would cost a scan of every match.
MAX_ITEMS = 10_000
COUNT_SECONDS = 60


class IndexedPaginator(Paginator):
    """An offset paginator that pays for the offset in the index, not in the table.

    A page first reads only the ids of its stories (an index-only scan that can skip
    thousands of entries cheaply), then loads those stories by primary key. The count
    is capped at ``MAX_ITEMS``.
    """

    #: Set by the view to keep the count (see ``PublishedMixin.count_key``), and the
    #: dependency key of its listing (``newsroom.cache``).
    count_key: tuple | None = None
    listing_key: str | None = None

    @cached_property
    def count(self) -> int:
        def count():
            return self.object_list[:MAX_ITEMS].count()

        if self.count_key is None:
            return count()
        # Counted once a minute per worker (and after each change to the listing): what is published
        # also changes with the clock, as scheduled stories go live.
        keys = (self.listing_key,) if self.listing_key else ()
        return fragment(self.count_key, count, keys=keys, max_age=COUNT_SECONDS)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids).order_by()}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)
