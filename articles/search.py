"""Arabic-aware full-text search: keeping the index current, and querying it.

PostgreSQL: each story has a stored ``search_vector`` (GIN-indexed) with headline
weight A, kicker/standfirst/summary B, body C (tags stripped), tag and section
names D, built with the ``arabic`` configuration for Arabic stories and
``english`` for English ones (``simple`` where the server lacks one). The vector
is built by one SQL expression (``_vector_update_sql``), so saving one story and
re-indexing 100,000 run the same code. Inside it, ``newsroom.text.normalise`` is
applied as SQL generated from the normaliser's own tables (NFKC, lower, drop,
fold); ``tests/test_search_pg.py`` checks the two agree.

The Arabic Snowball stemmer folds hamza, tashkeel and tatweel itself, but stems
المدينة and مدينة alike (مدين) while it stems the folded المدينه as مدينه. So an
Arabic story is indexed twice over, normalised and as written, and a query is
tried normalised, as written and with a final ه read as ة. Together these make
الاسد find الأسد, مدينه find المدينة and الحكومه find حكومة.

Queries are parsed with ``websearch_to_tsquery`` (which never raises on any
input) in both configurations, so a query finds stories in either language. A
query reads only the GIN index and, for ranking, the newest ``RANK_WINDOW``
matches; nothing is normalised per row at query time.

SQLite (the development default) has no full-text search here: a normalised text
column, ``search_text``, must contain each normalised query word.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, connections
from django.db.models import F, Q, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from newsroom.text import DROPPED, FOLDS, clean_user_text, normalise

from .models import Article, Section, Tag, TaggedArticle

#: Characters of a query that are looked at; the rest is ignored.
MAX_QUERY_LENGTH = 200
#: Words of a query used by the SQLite fallback (each is one LIKE).
MAX_QUERY_WORDS = 8
#: Only the newest this-many matches are ranked (and shown): ranking reads each
#: match's vector, and a word found in half the archive has tens of thousands.
RANK_WINDOW = 300
#: Plain text given to ts_headline per story (its cost grows with the length).
EXCERPT_SOURCE_CHARS = 20_000

# Highlight marks: private-use characters, removed from the text beforehand, so
# that after escaping everything only these become <mark> tags.
_START, _STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = (
    f'StartSel="{_START}", StopSel="{_STOP}", MaxWords=35, MinWords=15, '
    'MaxFragments=2, FragmentDelimiter=" … "'
)
# C0 controls (NUL cannot be sent to PostgreSQL at all) and the highlight marks.
_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{_START}{_STOP}]")
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")
# A final haa (after normalise, also every taa marbuta) not followed by an Arabic letter.
# The same pattern runs in Python and in PostgreSQL's regex engine.
_FINAL_HAA = "ه(?![\u0620-\u064a\u066e-\u06d3])"


def is_postgresql(conn=None) -> bool:
    return (conn or connection).vendor == "postgresql"


# -- Normalising -----------------------------------------------------------------


def clean_query(raw: str) -> str:
    """A reader's query, made safe to send to the database and normalised.

    Controls and NUL bytes become spaces, lone surrogates are dropped (by
    ``normalise``), and the result is at most ``MAX_QUERY_LENGTH`` characters.
    Idempotent: a cleaned query can be passed again.
    """
    text = _UNSAFE.sub(" ", (raw or "")[: MAX_QUERY_LENGTH * 4])
    return normalise(text)[:MAX_QUERY_LENGTH].strip()


def echo_query(raw: str) -> str:
    """The reader's query as typed, safe to show back in the search box (not normalised)."""
    text = _UNSAFE.sub(" ", (raw or "")[: MAX_QUERY_LENGTH * 4])
    return " ".join(clean_user_text(text).split())[:MAX_QUERY_LENGTH]


def stemmer_form(text: str) -> str:
    """``normalise(text)`` with a word-final ه written ة, the form given to the stemmers.

    normalise folds ة to ه, but the Arabic Snowball stemmer strips the article
    from المدينة and مدينة alike (مدين) and not from the folded المدينه. Writing the
    final letter back as ة, on stories and queries alike, keeps both rules.
    """
    return re.sub(_FINAL_HAA, "ة", normalise(text))


def query_words(query: str) -> list[str]:
    """The words of a cleaned query (operators and punctuation dropped)."""
    words = []
    for word in _WORD.findall(query):
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def plain_text(html_text: str) -> str:
    """Readable text of sanitised body HTML, for excerpts."""
    text = html.unescape(strip_tags(_TAG.sub(" ", html_text or "")))
    return " ".join(_UNSAFE.sub(" ", text).split())


def _stemmer_form_sql(expr: str) -> tuple[str, list[str]]:
    """SQL computing ``stemmer_form`` of ``expr``, generated from the normaliser's tables.

    NFKC (skipped when already normal: it is the slowest step), the characters
    normalise drops, the letter folds, the digit folds (only where there are
    Eastern digits: translate() is slow, and costs more per key), then the final-ة
    rule. Case is left to the text search parser, which lower-cases every word.
    Measured on 3,000-character Arabic bodies; see the README's search section.
    """
    letters = {k: v for k, v in FOLDS.items() if not v.isdigit()}
    digits = {k: v for k, v in FOLDS.items() if v.isdigit()}
    nfkc = f"CASE WHEN {expr} IS NFKC NORMALIZED THEN {expr} ELSE normalize({expr}, NFKC) END"
    folded = f"translate(regexp_replace({nfkc}, %s, '', 'g'), %s, %s)"
    # OFFSET 0 keeps PostgreSQL from inlining t, which would compute it three times.
    sql = (
        "(SELECT regexp_replace(CASE WHEN t ~ %s THEN translate(t, %s, %s) ELSE t END, "  # noqa: S608
        f"%s, 'ة', 'g') FROM (SELECT {folded} AS t OFFSET 0) AS z)"
    )
    return sql, [
        "[" + "".join(map(chr, digits)) + "]",
        "".join(map(chr, digits)),
        "".join(digits.values()),
        _FINAL_HAA,
        DROPPED.pattern,
        "".join(map(chr, letters)),
        "".join(letters.values()),
    ]


# -- PostgreSQL configurations ------------------------------------------------------


@cache
def _configs(alias: str) -> tuple[str, str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname IN ('arabic', 'english')")
        present = {row[0] for row in cursor.fetchall()}
    return (
        "arabic" if "arabic" in present else "simple",
        "english" if "english" in present else "simple",
    )


def search_configs(using: str = "default") -> tuple[str, str]:
    """The (Arabic, English) text search configurations, ``simple`` where missing."""
    return _configs(using)


# -- Indexing ---------------------------------------------------------------------

# PostgreSQL refuses a tsvector over 1 MB (about 1.3 MB of varied text), and refusing
# it would refuse the whole save. Only the first this-many characters of a story's body
# and of its kicker, standfirst and summary together are indexed: far beyond any news
# story (a long one is 10,000), and safely under the limit even when every word differs.
MAX_INDEXED_BODY = 200_000
MAX_INDEXED_DECK = 50_000


def _vector_update_sql(where: str, using: str) -> tuple[str, list]:
    """One UPDATE that rebuilds ``search_vector`` for the stories matching ``where``."""
    conn = connections[using]
    qn = conn.ops.quote_name
    article, section = qn(Article._meta.db_table), qn(Section._meta.db_table)
    tagged, tag = qn(TaggedArticle._meta.db_table), qn(Tag._meta.db_table)
    arabic, english = search_configs(using)

    cfg = "(CASE a.language WHEN 'en' THEN %s ELSE %s END)::regconfig"
    parts, params = [], []
    sources = [
        ("a.headline", "A"),
        (f"left(concat_ws(' ', a.kicker, a.standfirst, a.summary), {MAX_INDEXED_DECK})", "B"),
        # The text search parser skips HTML tags and entities by itself.
        (f"left(a.body, {MAX_INDEXED_BODY})", "C"),
        ("concat_ws(' ', s.name_ar, s.name_en)", "D"),
    ]
    for expr, weight in sources:
        form, form_params = _stemmer_form_sql(expr)
        parts.append(f"setweight(to_tsvector({cfg}, {form}), '{weight}')")
        params += [english, arabic, *form_params]
    # Tag names are stored normalised already (Tag.normalized).
    tag_names = (
        f"(SELECT string_agg(t.normalized, ' ') FROM {tagged} ta "  # noqa: S608 - quoted names
        f"JOIN {tag} t ON t.id = ta.tag_id WHERE ta.content_object_id = a.id)"
    )
    parts.append(
        f"setweight(to_tsvector({cfg}, regexp_replace(coalesce({tag_names}, ''), %s, 'ة', 'g')), "
        "'D')"
    )
    params += [english, arabic, _FINAL_HAA]
    sql = (
        f"UPDATE {article} AS a SET search_vector = {' || '.join(parts)} "  # noqa: S608
        f"FROM {section} s WHERE s.id = a.section_id AND ({where})"
    )
    return sql, params


def _search_text(article: Article, tag_names=None) -> str:
    if tag_names is None:
        tag_names = [t.name for t in article.tags.all()] if article.pk else []
    section = article.section
    parts = [
        article.headline,
        article.kicker,
        article.standfirst,
        article.summary,
        plain_text(article.body),
        section.name_ar,
        section.name_en,
        *tag_names,
    ]
    return normalise(" ".join(p for p in parts if p))


def _reindex_where(where: str, params: list, using: str = "default") -> int:
    sql, sql_params = _vector_update_sql(where, using)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, sql_params + params)
        return cursor.rowcount


def reindex_queryset(queryset: QuerySet, batch_size: int = 500) -> int:
    """Rebuild the index of the stories in ``queryset``; returns how many."""
    using = queryset.db
    if is_postgresql(connections[using]):
        ids = list(queryset.values_list("pk", flat=True))
        if not ids:
            return 0
        return _reindex_where("a.id = ANY(%s)", [ids], using)
    count = 0
    stories = queryset.select_related("section").prefetch_related("tags").order_by("pk")
    batch = []
    for story in stories.iterator(chunk_size=batch_size):
        story.search_text = _search_text(story, [t.name for t in story.tags.all()])
        batch.append(story)
        if len(batch) >= batch_size:
            count += Article.objects.using(using).bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        count += Article.objects.using(using).bulk_update(batch, ["search_text"])
    return count


def reindex_all(using: str = "default") -> int:
    """Rebuild every story's index: on PostgreSQL with one SQL UPDATE.

    For stories written with ``bulk_create`` (which skips ``save``), e.g. by the
    benchmark seeder. Returns the number of stories indexed. On PostgreSQL every row is
    rewritten, then vacuumed and analysed (only analysed inside a transaction).
    """
    conn = connections[using]
    if is_postgresql(conn):
        count = _reindex_where("TRUE", [], using)
        # Fresh statistics on the vectors let the planner choose between the GIN index
        # (a rare word) and walking the newest stories (a common one); VACUUM (not
        # possible inside a transaction) frees the rewritten rows' old versions, which
        # every GIN lookup would otherwise visit.
        table = conn.ops.quote_name(Article._meta.db_table)
        with conn.cursor() as cursor:
            if conn.in_atomic_block:
                cursor.execute(f"ANALYZE {table}")
            else:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        return count
    return reindex_queryset(Article.objects.using(using).all())


def update_search_index(article: Article, using: str | None = None) -> None:
    """Index one saved story (called from ``Article.save``)."""
    using = using or article._state.db or "default"
    if is_postgresql(connections[using]):
        _reindex_where("a.id = %s", [article.pk], using)
    else:
        text = _search_text(article)
        Article.objects.using(using).filter(pk=article.pk).update(search_text=text)
        article.search_text = text


# Tags and section names are part of a story's index: keep it current when they change.


@receiver(m2m_changed, sender=TaggedArticle)
def _tags_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Article):
        update_search_index(instance, using)
    elif pk_set:
        reindex_queryset(Article.objects.using(using).filter(pk__in=pk_set))


@receiver(post_save, sender=Tag)
def _tag_saved(sender, instance, created, using, **kwargs):
    if not created:
        reindex_queryset(Article.objects.using(using).filter(tags=instance))


@receiver(pre_delete, sender=Tag)
def _tag_deleting(sender, instance, using, **kwargs):
    instance._search_article_ids = list(
        Article.objects.using(using).filter(tags=instance).values_list("pk", flat=True)
    )


@receiver(post_delete, sender=Tag)
def _tag_deleted(sender, instance, using, **kwargs):
    ids = getattr(instance, "_search_article_ids", None)
    if ids:
        reindex_queryset(Article.objects.using(using).filter(pk__in=ids))


@receiver(post_save, sender=Section)
def _section_saved(sender, instance, created, using, **kwargs):
    if not created:
        reindex_queryset(Article.objects.using(using).filter(section=instance))


# -- Querying -----------------------------------------------------------------------


def _tsquery_parts(text: str, using: str = "default") -> list[tuple[str, str]]:
    """(configuration, query) pairs whose OR is the reader's query: its stemmer form
    in both configurations, so it finds stories in either language."""
    if not clean_query(text):
        return []
    query = stemmer_form(clean_query(text))
    arabic, english = search_configs(using)
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
    by time; on SQLite the matches come newest first.
    """
    stories = Article.objects.published()
    if language:
        stories = stories.filter(language=language)
    if section is not None:
        stories = stories.filter(section=section)
    found = matching(stories, text)
    if not clean_query(text) or not is_postgresql(connections[found.db]):
        return found.select_related("section").order_by("-published_at", "-pk")
    # One query for the window (the planner walks article_recent_idx for a common word,
    # the GIN index for a rare one); counting and paging then touch only these rows.
    newest = list(found.order_by("-published_at", "-pk").values_list("pk", flat=True)[:RANK_WINDOW])
    return (
        Article.objects.published()
        .filter(pk__in=newest)
        .annotate(rank=SearchRank(F("search_vector"), _tsquery(text, found.db)))
        .order_by("-rank", "-published_at", "-pk")
        .select_related("section")
    )


@dataclass
class Hit:
    article: Article
    excerpt: SafeString


def _marks_to_html(text: str) -> SafeString:
    """Escape everything, then turn only our private-use marks into <mark>."""
    escaped = escape(text)
    escaped = escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")
    # Every character of the input was escaped above; the marks are ours.
    return mark_safe(escaped)


def _source_text(article: Article) -> str:
    text = " ".join(p for p in (article.standfirst, plain_text(article.body)) if p)
    return _UNSAFE.sub(" ", text)[:EXCERPT_SOURCE_CHARS]


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
    return f"{token[:start]}{_START}{token[start:end]}{_STOP}{token[end:]}"


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
        arabic, english = search_configs()
        configs = [english if a.language == "en" else arabic for a in articles]
        tsquery_sql = " || ".join(["websearch_to_tsquery(%s::regconfig, %s)"] * len(parts))
        sql = (
            "SELECT ts_headline(d.cfg::regconfig, d.doc, q.q, %s) "  # noqa: S608 - all params
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS d(cfg, doc, n) "
            f"CROSS JOIN (SELECT {tsquery_sql} AS q) q ORDER BY d.n"
        )
        params = [_HEADLINE_OPTIONS, configs, sources]
        for cfg, q in parts:
            params += [cfg, q]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            excerpts = [row[0] for row in cursor.fetchall()]
    else:
        words = query_words(clean_query(text))
        excerpts = [_python_excerpt(source, words) for source in sources]
    return [Hit(a, _marks_to_html(e)) for a, e in zip(articles, excerpts, strict=True)]


# -- Admin ----------------------------------------------------------------------------


class NormalisedSearchAdminMixin:
    """Admin changelist search that also matches through the normaliser and the index.

    The admin's own ``search_fields`` still apply (a slug, a fragment of a word); a
    story whose normalised text matches is found as well, so الاسد finds الأسد.
    Editors find drafts too: every story is indexed whatever its status.
    """

    def get_search_results(self, request, queryset, search_term):
        # NUL bytes and lone surrogates cannot be sent to PostgreSQL at all.
        term = _UNSAFE.sub(" ", (search_term or "").encode("utf-8", "ignore").decode("utf-8"))
        results, may_have_duplicates = super().get_search_results(request, queryset, term)
        if clean_query(term):
            results = results | matching(queryset, term)
        return results, may_have_duplicates
