"""Read replicas: readers read the replica, a writer reads their own writes from the primary.

A second PostgreSQL database stands in as the replica (newsroom/settings/test.py adds
it as ``replica`` on PostgreSQL). Rows written only to the primary play the part of
changes the replica has not received yet.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from articles.models import Article, Section
from newsroom.db_router import PIN_COOKIE, PrimaryReplicaRouter

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "replica" not in settings.DATABASES, reason="the replica test needs PostgreSQL"
    ),
    pytest.mark.django_db(databases=["default", "replica"]),
]

ROUTED = override_settings(
    DATABASE_ROUTERS=["newsroom.db_router.PrimaryReplicaRouter"],
    DATABASE_REPLICAS=["replica"],
    NEWSROOM_REPLICA_PIN_SECONDS=10,
    NEWSROOM_PAGE_CACHE_SECONDS=0,
)


def story_on(alias: str, headline: str, section_slug: str = "world") -> Article:
    section, _ = Section.objects.using(alias).get_or_create(
        slug=section_slug, defaults={"name_ar": "العالم", "name_en": "World"}
    )
    article = Article(headline=headline, section=section, status=Article.Status.PUBLISHED)
    article.save(using=alias)
    return article


def test_router_sends_reads_to_replicas_writes_and_migrations_to_the_primary():
    router = PrimaryReplicaRouter()
    with override_settings(DATABASE_REPLICAS=["replica"]):
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) == "default"
        assert router.allow_migrate("default", "articles")
        assert not router.allow_migrate("replica", "articles")


@ROUTED
def test_readers_read_the_replica_and_a_writer_reads_their_own_write():
    assert connection.vendor == "postgresql"
    story_on("replica", "خبر وصل إلى النسخة")
    lagging = story_on("default", "خبر لم يصل بعد إلى النسخة")
    url = f"/ar/section/{lagging.section.slug}/"

    reader = Client()
    page = reader.get(url).content.decode()
    assert "خبر وصل إلى النسخة" in page
    assert "خبر لم يصل بعد إلى النسخة" not in page

    # An editor posts (any unsafe request writes to the primary) and is pinned there.
    editor = Client()
    posted = editor.post("/ar/", {})
    assert PIN_COOKIE in posted.cookies
    assert posted.cookies[PIN_COOKIE]["max-age"] == 10
    page = editor.get(url).content.decode()
    assert "خبر لم يصل بعد إلى النسخة" in page

    # Other readers still read the replica.
    assert "خبر لم يصل بعد إلى النسخة" not in Client().get(url).content.decode()


@ROUTED
def test_writes_go_to_the_primary_even_from_a_routed_request():
    section = Section.objects.create(slug="economy", name_ar="اقتصاد")
    assert Section.objects.using("default").filter(pk=section.pk).exists()
    assert not Section.objects.using("replica").filter(slug="economy").exists()
