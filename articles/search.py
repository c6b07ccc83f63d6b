"""Querying the search index: cleaning a reader's query, ranking, excerpts.

Queries are parsed with ``websearch_to_tsquery`` (which never raises on any
input) in both configurations, so a query finds stories in either language. An
Arabic query is tried in its stemmer form (``search_index.stemmer_form``, a final
ه read as ة), which together with the index makes الاسد find الأسد, مدينه find
المدينة and الحكومه find حكومة. A query reads only the GIN index and, for ranking,
the newest ``RANK_WINDOW`` matches; nothing is normalised per row at query time.

SQLite (the development default): a normalised text column, ``search_text``, must
contain each normalised query word.

What the index holds, and the receivers keeping it current: ``articles.search_index``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.db import connection, connections
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsroom.text import clean_user_text, normalise

from .models import Article, Section
from .search_index import (
    MARK_START,
    MARK_STOP,
    UNSAFE,
    is_postgresql,
    plain_text,
    stemmer_form,
    text_search_configs,
)

#: Characters of a query that are looked at; the rest is ignored.
MAX_QUERY_LENGTH = 200
#: Words of a query used by the SQLite fallback (each is one LIKE).
MAX_QUERY_WORDS = 8
#: Only the newest this-many matches are ranked (and shown): ranking reads each
#: match's vector, and a word found in half the archive has tens of thousands.
RANK_WINDOW = 300
#: Plain text given to ts_headline per story (its cost grows with the length).
EXCERPT_SOURCE_CHARS = 20_000
_HEADLINE_OPTIONS = (
    f'StartSel="{MARK_START}", StopSel="{MARK_STOP}", MaxWords=35, MinWords=15, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)
_WORD = re.compile(r"\w+")


# -- The reader's query -------------------------------------------------------------


def clean_query(raw: str) -> str:
    """A reader's query, made safe to send to the database and normalised.

    Controls and NUL bytes become spaces, lone surrogates are dropped (by
    ``normalise``), and the result is at most ``MAX_QUERY_LENGTH`` characters.
    Idempotent: a cleaned query can be passed again.
    """
    text = UNSAFE.sub(" ", (raw or "")[: MAX_QUERY_LENGTH * 4])
    return normalise(text)[:MAX_QUERY_LENGTH].strip()


def echo_query(raw: str) -> str:
    """The reader's query as typed, safe to show back in the search box (not normalised)."""
    text = UNSAFE.sub(" ", (raw or "")[: MAX_QUERY_LENGTH * 4])
    return " ".join(clean_user_text(text).split())[:MAX_QUERY_LENGTH]


def query_words(query: str) -> list[str]:
    """The words of a cleaned query (operators and punctuation dropped)."""
    words = []
    for word in _WORD.findall(query):
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


# -- Querying -----------------------------------------------------------------------


def _tsquery_parts(text: str, using: str = "default") -> list[tuple[str, str]]:
    """(configuration, query) pairs whose OR is the reader's query: its stemmer form
    in both configurations, so it finds stories in either language."""
    if not clean_query(text):
        return []
    query = stemmer_form(clean_query(text))
    arabic, english = text_search_configs(using)
    parts = [(arabic, query)]
    if english != arabic:
        parts.append((english, query))
    return parts


def _tsquery(text: str, using: str = "default") -> SearchQuery:
    parts = [
        SearchQuery(q, config=cfg, search_type="websearch")
        for cfg, q in _tsquery_parts(text, using)
    ]
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


def matching(queryset: QuerySet, text: str) -> QuerySet:
    """``queryset`` narrowed to stories matching the reader's ``text`` (not ordered).

    PostgreSQL: the stored vector against the query in both configurations (GIN).
    SQLite: every normalised query word inside the normalised ``search_text``.
    """
    query = clean_query(text)
    if not query:
        return queryset.none()
    if is_postgresql(connections[queryset.db]):
        return queryset.filter(search_vector=_tsquery(text, queryset.db))
    words = query_words(query)
    if not words:
        return queryset.none()
    condition = Q()
    for word in words:
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition)


def search_articles(text: str, *, language: str = "", section: Section | None = None):
    """Published stories matching the reader's ``text``, best first.

    Reads only through ``Article.objects.published()``. On PostgreSQL the newest
    ``RANK_WINDOW`` matches are ranked (headline above standfirst above body), then
    by time, and come as ``RankedMatches``; on SQLite the matches come newest first.
    """
    stories = Article.objects.published()
    if language:
        stories = stories.filter(language=language)
    if section is not None:
        stories = stories.filter(section=section)
    found = matching(stories, text)
    if not clean_query(text) or not is_postgresql(connections[found.db]):
        return found.select_related("section").order_by("-published_at", "-pk")
    return RankedMatches(
        _ranked_window(found, text),
        Article.objects.published()
        .select_related("section")
        .defer("search_text", "search_vector")
        .using(found.db),
    )


def _tsquery_sql(parts: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """SQL for the OR of ``_tsquery_parts`` (what ``_tsquery`` builds), and its params."""
    sql = " || ".join(["websearch_to_tsquery(%s::regconfig, %s)"] * len(parts))
    return f"({sql})", [value for part in parts for value in part]


def _ranked_window(found: QuerySet, text: str) -> list[tuple[int, float]]:
    """(pk, rank) of the newest ``RANK_WINDOW`` stories of ``found``, best first.

    One query (the planner walks article_recent_idx for a common word, the GIN index for
    a rare one); its length is the count, so counting needs no other pass. ts_rank reads
    each vector again, so it runs outside the LIMIT: on the window's rows only, never
    on every match of a bitmap scan.
    """
    window = found.order_by("-published_at", "-pk").values_list(
        "pk", "published_at", "search_vector"
    )[:RANK_WINDOW]
    window_sql, window_params = window.query.sql_with_params()
    tsquery_sql, tsquery_params = _tsquery_sql(_tsquery_parts(text, found.db))
    sql = (
        f"SELECT w.pk, ts_rank(w.v, {tsquery_sql}) AS rank "  # noqa: S608 - all params
        f"FROM ({window_sql}) AS w(pk, at, v) ORDER BY rank DESC, w.at DESC, w.pk DESC"
    )
    with connections[found.db].cursor() as cursor:
        cursor.execute(sql, [*tsquery_params, *window_params])
        return [(pk, rank) for pk, rank in cursor.fetchall()]


class RankedMatches:
    """The ranked window's stories, for ``Paginator``: counted without a query, and
    sliced by loading only the slice's stories (still through ``published()``)."""

    def __init__(self, ranked: list[tuple[int, float]], stories: QuerySet):
        self.ranked = ranked
        self.stories = stories

    def count(self) -> int:
        return len(self.ranked)

    def __len__(self) -> int:
        return len(self.ranked)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._load(self.ranked[index])
        [story] = self._load([self.ranked[index]])
        return story

    def _load(self, ranked: list[tuple[int, float]]) -> list[Article]:
        loaded = self.stories.in_bulk([pk for pk, _ in ranked]) if ranked else {}
        stories = []
        for pk, rank in ranked:
            if pk in loaded:  # not withdrawn since the window was read
                loaded[pk].rank = rank
                stories.append(loaded[pk])
        return stories


@dataclass
class Hit:
    article: Article
    excerpt: SafeString


def _marks_to_html(text: str) -> SafeString:
    """Escape everything, then turn only our private-use marks into <mark>."""
    escaped = escape(text)
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    # Every character of the input was escaped above; the marks are ours.
    return mark_safe(escaped)


def _source_text(article: Article) -> str:
    text = " ".join(p for p in (article.standfirst, plain_text(article.body)) if p)
    return UNSAFE.sub(" ", text)[:EXCERPT_SOURCE_CHARS]


def _mark_word(token: str, words: list[str]) -> str:
    """``token`` with its letters marked when its normal form contains a query word.

    Punctuation around the word (not diacritics) stays outside the mark.
    """
    if not any(w in normalise(token) for w in words):
        return token
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] in "PS":
        end -= 1
    return f"{token[:start]}{MARK_START}{token[start:end]}{MARK_STOP}{token[end:]}"


def _python_excerpt(text: str, words: list[str], size: int = 30) -> str:
    """Excerpt around the first word whose normal form contains a query word, marked."""
    tokens = text.split()
    first = next((i for i, t in enumerate(tokens) if any(w in normalise(t) for w in words)), 0)
    start = max(0, first - size // 3)
    marked = [_mark_word(tok, words) for tok in tokens[start : start + size]]
    prefix = "… " if start else ""
    suffix = " …" if start + size < len(tokens) else ""
    return prefix + " ".join(marked) + suffix


def with_excerpts(articles, text: str) -> list[Hit]:
    """The page's stories with highlighted, escaped excerpts (``ts_headline`` on PostgreSQL)."""
    articles = list(articles)
    if not articles:
        return []
    sources = [_source_text(a) for a in articles]
    parts = _tsquery_parts(text) if is_postgresql() else []
    if parts:
        arabic, english = text_search_configs()
        configs = [english if a.language == "en" else arabic for a in articles]
        tsquery_sql, tsquery_params = _tsquery_sql(parts)
        sql = (
            "SELECT ts_headline(d.cfg::regconfig, d.doc, q.q, %s) "  # noqa: S608 - all params
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS d(cfg, doc, n) "
            f"CROSS JOIN (SELECT {tsquery_sql} AS q) q ORDER BY d.n"
        )
        params = [_HEADLINE_OPTIONS, configs, sources, *tsquery_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            excerpts = [row[0] for row in cursor.fetchall()]
    else:
        words = query_words(clean_query(text))
        excerpts = [_python_excerpt(source, words) for source in sources]
    return [Hit(a, _marks_to_html(e)) for a, e in zip(articles, excerpts, strict=True)]
