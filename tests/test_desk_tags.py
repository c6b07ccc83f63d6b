"""Tags as an Arabic keyboard types them: «،» separates, spaces do not, nothing trails."""

import importlib

import pytest
from django.apps import apps

from articles.models import Article, Tag, TaggedArticle
from articles.tagparse import edit_string_for_tags, parse_tags
from tests.factories import article_admin_form_data, make_article, make_section, make_user

repair = importlib.import_module("articles.migrations.0008_repair_arabic_comma_tags").repair


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("لبنان، سياسة، انتخابات", ["انتخابات", "سياسة", "لبنان"]),
        ("كرة السلة، بيروت", ["بيروت", "كرة السلة"]),
        ("كرة السلة", ["كرة السلة"]),
        ("لبنان،سياسة،", ["سياسة", "لبنان"]),
        ("لبنان؛ سياسة; اقتصاد", ["اقتصاد", "سياسة", "لبنان"]),
        ("Lebanon, central bank", ["Lebanon", "central bank"]),
        ('"Beirut, port", لبنان', ["Beirut, port", "لبنان"]),
        ("  ،  ، ", []),
        ("", []),
    ],
)
def test_typed_tags_become_the_intended_tags(typed, tags):
    assert parse_tags(typed) == tags


def test_edit_string_round_trips_and_uses_the_arabic_comma():
    names = ["كرة السلة", "لبنان", "Beirut, port"]
    tags = [Tag(name=n) for n in names]
    shown = edit_string_for_tags(tags)
    assert "، " in shown
    assert sorted(parse_tags(shown)) == sorted(names)


@pytest.mark.django_db
def test_desk_form_stores_tags_typed_with_the_arabic_comma(client):
    client.force_login(make_user("Editors"))
    data = article_admin_form_data(section=make_section().pk, tags="كرة السلة، بيروت، لبنان،")
    response = client.post("/ar/admin/articles/article/add/", data)
    assert response.status_code == 302
    story = Article.objects.get()
    assert sorted(story.tags.names()) == ["بيروت", "كرة السلة", "لبنان"]
    # The edit page shows them back the same way, ready to save unchanged.
    page = client.get(f"/ar/admin/articles/article/{story.pk}/change/")
    assert 'value="بيروت، كرة السلة، لبنان"' in page.text


@pytest.mark.django_db
def test_help_text_explains_the_separator_in_arabic(client):
    client.force_login(make_user("Editors"))
    page = client.get("/ar/admin/articles/article/add/")
    assert "افصل بين الوسوم بفاصلة" in page.text


@pytest.mark.django_db
def test_migration_merges_tags_stored_with_a_trailing_arabic_comma():
    clean = make_article(headline="أول", tags=["لبنان"])
    damaged = make_article(headline="ثان")
    both = make_article(headline="ثالث", tags=["لبنان"])
    bad = Tag.objects.create(name="لبنان،")
    bad_only = Tag.objects.create(name="سياسة،")
    for story in (damaged, both):
        TaggedArticle.objects.create(content_object=story, tag=bad)
    TaggedArticle.objects.create(content_object=damaged, tag=bad_only)

    repair(apps, None)

    assert not Tag.objects.filter(name__endswith="،").exists()
    lebanon = Tag.objects.get(name="لبنان")
    assert {s.headline for s in Article.objects.filter(tags=lebanon)} == {"أول", "ثان", "ثالث"}
    assert clean.tags.count() == 1
    assert both.tags.count() == 1
    assert sorted(damaged.tags.names()) == ["سياسة", "لبنان"]
    # A damaged tag with no clean twin is renamed in place: its address stays.
    renamed = Tag.objects.get(pk=bad_only.pk)
    assert (renamed.name, renamed.slug) == ("سياسة", bad_only.slug)
