# ruff: noqa: S608 - table and column names come from model metadata, never from input
"""A realistic newsroom for the benchmark: ``Command`` here, which bench/run.py runs.

Arabic and English stories of realistic length across sections, 5–10 tags each, one to
three authors, translation pairs, a few drafts and scheduled stories; reader comments,
mostly approved, some pending, with one level of replies. Rows go in with PostgreSQL's
``COPY`` (``bulk_create`` elsewhere), never one ``save()`` per row, so 100,000 stories
and 1,000,000 comments take a few minutes on two cores.

Everything it creates carries ``bench`` in its slugs; a second run first deletes what an
earlier run made, so the command can be run again. Two stories are planted for the
article scenarios: ``bench-story-20-comments`` (10 tags, 3 authors, 20 approved comments)
and ``bench-story-200-comments`` (10 tags, 3 authors, 200 approved comments and replies).
"""

from __future__ import annotations

import itertools
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, connections, transaction
from django.utils import timezone

from articles.models import Article, Author, Section, Tag, TaggedArticle
from bench.seed_rows import (
    AR_NAMES,
    AR_SURNAMES,
    AR_TAGS,
    AR_WORDS,
    EN_NAMES,
    EN_TAGS,
    EN_WORDS,
    SECTIONS,
    CopyWriter,
    Progress,
    paragraph,
    sentence,
)
from newsroom.text import normalise


class Command(BaseCommand):
    help = "Seed a large, realistic newsroom for the benchmark (bulk inserts; reruns reset)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=100_000)
        parser.add_argument("--comments", type=int, default=1_000_000)
        parser.add_argument("--authors", type=int, default=200)
        parser.add_argument("--tags", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--no-reindex", action="store_true", help="skip the search index")

    def handle(self, *args, **opts):
        self.rng = random.Random(opts["seed"])
        self.err = sys.stderr
        started = time.monotonic()
        self.reset()
        with transaction.atomic():
            sections = self.make_sections()
            authors = self.make_authors(opts["authors"])
            tags = self.make_tags(opts["tags"])
            stories = self.make_stories(opts["stories"], sections, authors, tags)
            self.make_comments(opts["comments"], stories)
            self.fix_sequences()
        # The index first: it rewrites every story, and the statistics must describe the
        # stories' vectors (analysed while still NULL, the planner expects a word to match
        # one story, and sorts every match of a common word instead of walking the newest).
        if not opts["no_reindex"]:
            self.reindex()
        if connection.vendor == "postgresql":
            # VACUUM sets the visibility map, so counts can use index-only scans as they
            # will once autovacuum has passed, and frees the rows the index rewrote;
            # inside a transaction (tests) only ANALYZE.
            self.err.write("Vacuuming and analysing...\n")
            with connection.cursor() as cursor:
                if connection.in_atomic_block:
                    cursor.execute("ANALYZE")
                else:
                    cursor.execute("VACUUM (ANALYZE)")
        self.make_admin()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {opts['stories']:,} stories and {self.comment_count:,} comments "
                f"in {time.monotonic() - started:.0f}s."
            )
        )

    # --- reset ---------------------------------------------------------------------------

    def reset(self) -> None:
        stories = Article.objects.filter(section__slug__startswith="bench-")
        if not stories.exists() and not Section.objects.filter(slug__startswith="bench-").exists():
            return
        self.err.write("Removing the previous bench data...\n")
        with transaction.atomic(), connection.cursor() as cursor:
            ids = "SELECT id FROM articles_article WHERE section_id IN " + (
                "(SELECT id FROM articles_section WHERE slug LIKE 'bench-%%')"
            )
            comment_model = _comment_model()
            if comment_model is not None:
                for related in comment_model._meta.related_objects:
                    table = related.related_model._meta.db_table
                    column = related.field.column
                    cursor.execute(
                        f'DELETE FROM "{table}" WHERE "{column}" IN (SELECT id FROM '
                        f'"{comment_model._meta.db_table}" WHERE article_id IN ({ids}))'
                    )
                cursor.execute(
                    f'DELETE FROM "{comment_model._meta.db_table}" WHERE article_id IN ({ids})'
                )
            for related in Article._meta.related_objects:
                model = related.related_model
                if model is Article or (comment_model is not None and model is comment_model):
                    continue
                if related.many_to_many:
                    continue
                cursor.execute(
                    f'DELETE FROM "{model._meta.db_table}" WHERE "{related.field.column}" '
                    f"IN ({ids})"
                )
            for field in Article._meta.local_many_to_many:
                through = field.remote_field.through._meta
                for column in [f.column for f in through.fields if f.related_model is Article]:
                    cursor.execute(f'DELETE FROM "{through.db_table}" WHERE "{column}" IN ({ids})')
            cursor.execute(f"UPDATE articles_article SET translation_id = NULL WHERE id IN ({ids})")
            cursor.execute(f"DELETE FROM articles_article WHERE id IN ({ids})")
            cursor.execute("DELETE FROM articles_section WHERE slug LIKE 'bench-%%'")
            cursor.execute(
                'DELETE FROM "articles_taggedarticle" WHERE tag_id IN '
                "(SELECT id FROM articles_tag WHERE slug LIKE 'bench-%%')"
            )
            cursor.execute("DELETE FROM articles_tag WHERE slug LIKE 'bench-%%'")
            cursor.execute("DELETE FROM articles_author WHERE slug LIKE 'bench-%%'")

    # --- the newsroom --------------------------------------------------------------------

    def make_sections(self) -> list[tuple[Section, int]]:
        made = []
        for position, (slug, ar, en, weight) in enumerate(SECTIONS):
            section = Section.objects.create(slug=slug, name_ar=ar, name_en=en, position=position)
            made.append((section, weight))
        return made

    def make_authors(self, n: int) -> list[Author]:
        rng = self.rng
        authors = [
            Author(
                slug=f"bench-author-{i}",
                name_ar=f"{rng.choice(AR_NAMES)} {rng.choice(AR_SURNAMES)}",
                name_en=f"{rng.choice(EN_NAMES)} {i}",
                bio_ar=sentence(rng, AR_WORDS, 20),
            )
            for i in range(n)
        ]
        return Author.objects.bulk_create(authors, batch_size=1000)

    def make_tags(self, n: int) -> list[Tag]:
        taken = set(Tag.objects.values_list("normalised", flat=True))
        tags = []
        for i in range(n):
            pool = AR_TAGS if i % 5 else EN_TAGS
            base = pool[i % len(pool)]
            name = base if i < len(pool) else f"{base} {i}"
            if normalise(name) in taken:
                name = f"{name} {i}"
            tags.append(Tag(name=name, slug=f"bench-{base}-{i}", normalised=normalise(name)[:100]))
        return Tag.objects.bulk_create(tags, batch_size=1000)

    def make_stories(self, n, sections, authors, tags) -> list[tuple[int, str, datetime]]:
        rng = self.rng
        now = timezone.now()
        ar_paras = [paragraph(rng, AR_WORDS) for _ in range(300)]
        en_paras = [paragraph(rng, EN_WORDS) for _ in range(150)]
        start_id = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        columns = [
            "id", "language", "headline", "slug", "kicker", "standfirst", "summary", "body",
            "section", "translation", "status", "comments_enabled", "created_at",
            "published_at", "updated_at", "modified_at",
        ]  # fmt: skip
        writer = CopyWriter(Article, columns)
        tag_writer = CopyWriter(TaggedArticle, ["content_object", "tag"])
        author_through = Article.authors.through
        author_writer = CopyWriter(author_through, ["article", "author"])
        section_ids = [s.pk for s, _ in sections]
        weights = [w for _, w in sections]
        # A few tags are everywhere, most are rare (cumulative weights: bisect, not a scan).
        tag_cum = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(tags))))
        tag_ids = [t.pk for t in tags]
        author_ids = [a.pk for a in authors]
        span = timedelta(days=5 * 365).total_seconds()
        stories = []
        progress = Progress("stories", n, self.err)
        pair_next = False
        for i in range(n):
            pk = start_id + i
            # Every tenth Arabic story has an English translation right after it.
            if pair_next:
                language, translation, pair_next = "en", pk - 1, False
            else:
                language = "ar" if rng.random() < 0.8 else "en"
                translation = None
                if language == "ar" and i % 10 == 0 and i + 1 < n:
                    translation, pair_next = pk + 1, True
            words, paras = (AR_WORDS, ar_paras) if language == "ar" else (EN_WORDS, en_paras)
            headline = f"{sentence(rng, words, 5)} .. {sentence(rng, words, 4)}"
            roll = rng.random()
            published_at = now - timedelta(seconds=rng.random() * span)
            status = Article.Status.PUBLISHED
            if roll < 0.02:
                status, published_at = Article.Status.DRAFT, None
            elif roll < 0.03:
                published_at = now + timedelta(hours=rng.randint(1, 72))  # scheduled
            slug = f"bench-{i}"
            if i < 2:
                slug = ("bench-story-20-comments", "bench-story-200-comments")[i]
                language, translation, pair_next = "ar", None, False
                status, published_at = Article.Status.PUBLISHED, now - timedelta(hours=i + 1)
            created = (published_at or now) - timedelta(hours=2)
            writer.add(
                [
                    pk, language, headline, slug, sentence(rng, words, 2),
                    sentence(rng, words, 25), sentence(rng, words, 15),
                    "".join(f"<p>{p}</p>" for p in rng.sample(paras, rng.randint(8, 12))),
                    rng.choices(section_ids, weights)[0], translation, status, True,
                    created, published_at, published_at or created, published_at or created,
                ]
            )  # fmt: skip
            if i < 2:
                story_tags = rng.sample(tag_ids[:50], 10)
            else:
                story_tags = set(rng.choices(tag_ids, cum_weights=tag_cum, k=rng.randint(5, 10)))
            for tag_id in story_tags:
                tag_writer.add([pk, tag_id])
            for author_id in rng.sample(author_ids, 3 if i < 2 else rng.randint(1, 3)):
                author_writer.add([pk, author_id])
            if status == Article.Status.PUBLISHED and published_at <= now:
                stories.append((pk, language, published_at))
            if i % 1000 == 0:
                progress.update(i)
        # Translations point forward; foreign keys are checked at commit (deferred).
        writer.flush()
        tag_writer.flush()
        author_writer.flush()
        progress.finish()
        return stories

    def make_comments(self, n: int, stories) -> None:
        self.comment_count = 0
        model = _comment_model()
        if model is None or n <= 0 or not stories:
            if n > 0:
                self.err.write("No comments app yet: skipping comments.\n")
            return
        rng = self.rng
        now = timezone.now()
        bodies = [sentence(rng, AR_WORDS, rng.randint(10, 60)) for _ in range(400)]
        bodies += [sentence(rng, EN_WORDS, rng.randint(10, 60)) for _ in range(100)]
        normal_bodies = [normalise(b) for b in bodies]
        names = [f"{a} {b}" for a in AR_NAMES for b in AR_SURNAMES]
        names += EN_NAMES
        normal_names = [normalise(x) for x in names]
        start_id = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        columns = [
            "id", "article", "parent", "name", "email", "body", "search_text", "status",
            "created_at", "decided_at",
        ]  # fmt: skip
        writer = CopyWriter(model, columns)
        progress = Progress("comments", n, self.err)
        pk = start_id

        def add(article_id, published_at, parent=None, status="approved"):
            nonlocal pk
            b, nm = rng.randrange(len(bodies)), rng.randrange(len(names))
            email = f"reader{pk}@example.org"
            created = published_at + timedelta(minutes=rng.randint(1, 60 * 24 * 3))
            created = min(created, now)
            writer.add(
                [
                    pk, article_id, parent, names[nm], email, bodies[b],
                    f"{normal_names[nm]} {email} {normal_bodies[b]}", status, created,
                    None if status == "pending" else created + timedelta(minutes=30),
                ]
            )  # fmt: skip
            pk += 1
            return pk - 1

        # The two planted stories: 20 approved comments, and 200 approved comments and replies.
        planted = {pk_: at for pk_, _, at in stories[:2]}
        first, second = list(planted)[:2]
        for _ in range(20):
            add(first, planted[first])
        parents = []
        for j in range(200):
            if j % 4 == 3 and parents:
                add(second, planted[second], parent=rng.choice(parents))
            else:
                parents.append(add(second, planted[second]))
        # The rest: most stories get a few, popular ones many; about 90 % approved.
        pool = stories[2:] or stories
        pool_cum = list(itertools.accumulate(1 / (r + 10) for r in range(len(pool))))
        remaining = n - (pk - start_id)
        batch = 10_000
        done = pk - start_id
        while remaining > 0:
            k = min(batch, remaining)
            for article_id, _, published_at in rng.choices(pool, cum_weights=pool_cum, k=k):
                roll = rng.random()
                status = "approved" if roll < 0.9 else "pending" if roll < 0.97 else "rejected"
                add(article_id, published_at, status=status)
            remaining -= k
            done += k
            progress.update(done)
        writer.flush()
        progress.finish()
        self.comment_count = writer.count

    def fix_sequences(self) -> None:
        if connection.vendor != "postgresql":
            return
        models = [Article, Section, Author, Tag, TaggedArticle, Article.authors.through]
        comment_model = _comment_model()
        if comment_model is not None:
            models.append(comment_model)
        with connection.cursor() as cursor:
            for model in models:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
                )

    def reindex(self) -> None:
        """The search engineer's ``reindex_all()``; on PostgreSQL split over two connections."""
        try:
            from articles.search_index import reindex_all, reindex_queryset
        except ImportError:
            return
        started = time.monotonic()
        self.err.write("Building the search index...")
        self.err.flush()
        if connection.vendor == "postgresql":
            ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
            halves = [ids[: len(ids) // 2], ids[len(ids) // 2 :]]

            def index(part):
                try:
                    return reindex_queryset(Article.objects.filter(pk__in=part)) if part else 0
                finally:
                    connections.close_all()

            with ThreadPoolExecutor(max_workers=2) as pool:
                count = sum(pool.map(index, halves))
        else:
            count = reindex_all()
        self.err.write(f" {count:,} stories in {time.monotonic() - started:.0f}s\n")

    def make_admin(self) -> None:
        user_model = get_user_model()
        user, _ = user_model.objects.get_or_create(
            username="bench-admin",
            defaults={"email": "bench-admin@example.org", "is_staff": True, "is_superuser": True},
        )
        user.set_unusable_password()  # the harness sets a password of its own per run
        user.save()


def _comment_model():
    try:
        return apps.get_model("comments", "Comment")
    except LookupError:
        return None
