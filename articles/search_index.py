"""The search index: what each story's ``search_vector`` holds, and keeping it current.

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
Arabic story is indexed in its stemmer form (``stemmer_form``), which writes a
final ه back as ة; queries are put in the same form by ``articles.search``.

SQLite (the development default) has no full-text search here: a normalised text
column, ``search_text``, is kept instead.

Querying lives in ``articles.search``, which imports this module (never the other
way). The receivers are connected in ``ArticlesConfig.ready``.
"""

from __future__ import annotations

import html
import re
from functools import cache

from django.db import connection, connections
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.html import strip_tags

from newsroom.text import DROPPED, FOLDS, normalise

from .models import SEARCHED_FIELDS, Article, Section, Tag, TaggedArticle

# Highlight marks for excerpts (``articles.search``): private-use characters,
# removed from indexed and queried text so that only ours become <mark> tags.
MARK_START, MARK_STOP = "\ue000", "\ue001"
# C0 controls (NUL cannot be sent to PostgreSQL at all) and the highlight marks.
UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f{MARK_START}{MARK_STOP}]")
_TAG = re.compile(r"<[^>]*>")
# A final haa (after normalise, also every taa marbuta) not followed by an Arabic letter.
# The same pattern runs in Python and in PostgreSQL's regex engine.
FINAL_HAA = "ه(?![\u0620-\u064a\u066e-\u06d3])"


def is_postgresql(conn=None) -> bool:
    return (conn or connection).vendor == "postgresql"


# -- Normal forms ----------------------------------------------------------------


def stemmer_form(text: str) -> str:
    """``normalise(text)`` with a word-final ه written ة, the form given to the stemmers.

    normalise folds ة to ه, but the Arabic Snowball stemmer strips the article
    from المدينة and مدينة alike (مدين) and not from the folded المدينه. Writing the
    final letter back as ة, on stories and queries alike, keeps both rules.
    """
    return re.sub(FINAL_HAA, "ة", normalise(text))


def plain_text(html_text: str) -> str:
    """Readable text of sanitised body HTML, for excerpts."""
    text = html.unescape(strip_tags(_TAG.sub(" ", html_text or "")))
    return " ".join(UNSAFE.sub(" ", text).split())


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
        FINAL_HAA,
        DROPPED.pattern,
        "".join(map(chr, letters)),
        "".join(letters.values()),
    ]


# -- PostgreSQL configurations ------------------------------------------------------


@cache
def text_search_configs(using: str = "default") -> tuple[str, str]:
    """The (Arabic, English) text search configurations, ``simple`` where missing."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname IN ('arabic', 'english')")
        present = {row[0] for row in cursor.fetchall()}
    return (
        "arabic" if "arabic" in present else "simple",
        "english" if "english" in present else "simple",
    )


# -- Indexing ---------------------------------------------------------------------


def _vector_update_sql(where: str, using: str) -> tuple[str, list]:
    """One UPDATE that rebuilds ``search_vector`` for the stories matching ``where``."""
    conn = connections[using]
    qn = conn.ops.quote_name
    article, section = qn(Article._meta.db_table), qn(Section._meta.db_table)
    tagged, tag = qn(TaggedArticle._meta.db_table), qn(Tag._meta.db_table)
    arabic, english = text_search_configs(using)

    cfg = "(CASE a.language WHEN 'en' THEN %s ELSE %s END)::regconfig"
    parts, params = [], []
    sources = [
        ("a.headline", "A"),
        ("concat_ws(' ', a.kicker, a.standfirst, a.summary)", "B"),
        # The text search parser skips HTML tags and entities by itself.
        ("a.body", "C"),
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
    params += [english, arabic, FINAL_HAA]
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
    """Index one saved story (after each save; see ``_article_saved``)."""
    using = using or article._state.db or "default"
    if is_postgresql(connections[using]):
        _reindex_where("a.id = %s", [article.pk], using)
    else:
        text = _search_text(article)
        Article.objects.using(using).filter(pk=article.pk).update(search_text=text)
        article.search_text = text


# The receivers that keep the index current, connected by ``connect_receivers``
# (from ``ArticlesConfig.ready``): a story's own saves, and tags and section names,
# which are part of its index.


def _article_saved(sender, instance, raw, using, update_fields, **kwargs):
    if raw:  # loaddata: the fixture's rows are indexed by ``reindex_search``
        return
    if update_fields is None or set(update_fields) & SEARCHED_FIELDS:
        update_search_index(instance, using)


def _tags_changed(sender, instance, action, reverse, pk_set, using, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Article):
        update_search_index(instance, using)
    elif pk_set:
        reindex_queryset(Article.objects.using(using).filter(pk__in=pk_set))


def _tag_saved(sender, instance, created, using, **kwargs):
    if not created:
        reindex_queryset(Article.objects.using(using).filter(tags=instance))


def _tag_deleting(sender, instance, using, **kwargs):
    instance._search_article_ids = list(
        Article.objects.using(using).filter(tags=instance).values_list("pk", flat=True)
    )


def _tag_deleted(sender, instance, using, **kwargs):
    ids = getattr(instance, "_search_article_ids", None)
    if ids:
        reindex_queryset(Article.objects.using(using).filter(pk__in=ids))


def _section_saved(sender, instance, created, using, **kwargs):
    if not created:
        reindex_queryset(Article.objects.using(using).filter(section=instance))


def connect_receivers() -> None:
    """Keep the index current; called once from ``ArticlesConfig.ready``."""
    uid = "articles.search_index."
    post_save.connect(_article_saved, sender=Article, dispatch_uid=uid + "article")
    m2m_changed.connect(_tags_changed, sender=TaggedArticle, dispatch_uid=uid + "tags")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid=uid + "tag_saved")
    pre_delete.connect(_tag_deleting, sender=Tag, dispatch_uid=uid + "tag_deleting")
    post_delete.connect(_tag_deleted, sender=Tag, dispatch_uid=uid + "tag_deleted")
    post_save.connect(_section_saved, sender=Section, dispatch_uid=uid + "section")
