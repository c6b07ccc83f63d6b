"""Control characters pasted into the desk's text (Word's line break U+000B, NUL's cousins).

XML 1.0 cannot carry them: one in a headline made every RSS feed answer 500 and the
News sitemap invalid. They are removed on save, the admin says so, and feeds and
sitemaps never fail on what is already stored.
"""

from xml.etree import ElementTree

import pytest

from articles.models import Article, Author, Section
from comments.models import Word
from tests.factories import article_admin_form_data, make_article, make_section, make_user

pytestmark = pytest.mark.django_db

CONTROLS = "\x01\x08\x0b\x0c\x1b\x7f\x85\x9f"


def test_a_story_saved_with_controls_keeps_only_the_text():
    article = make_article(
        headline="خبر\x0bعاجل",
        kicker="عاجل\x1b",
        standfirst="سطر\x0bسطر",
        summary="ملخص\x0cقصير",
        lead_image_caption="صورة\x85",
    )
    article.refresh_from_db()
    assert article.headline == "خبر عاجل"
    assert article.kicker == "عاجل"
    assert article.standfirst == "سطر\nسطر"
    assert article.summary == "ملخص\nقصير"
    assert article.lead_image_caption == "صورة"


def test_other_models_lose_controls_too():
    section = make_section(name_ar="قسم\x0bسياسي", name_en="Poli\x01tics")
    author = Author.objects.create(name_ar="كاتب\x0b", slug="w-1", bio_ar="سيرة\x0bقصيرة")
    word = Word.objects.create(kind="banned", word="كلب\x0b")
    section.refresh_from_db()
    author.refresh_from_db()
    word.refresh_from_db()
    assert section.name_ar == "قسم سياسي" and section.name_en == "Politics"
    assert author.name_ar == "كاتب" and author.bio_ar == "سيرة\nقصيرة"
    assert word.word == "كلب"


def test_tabs_and_new_lines_stay_in_long_text():
    article = make_article(standfirst="أ\tب\nج\r\nد")
    article.refresh_from_db()
    assert article.standfirst == "أ\tب\nج\r\nد"


def test_the_admin_removes_them_and_says_so(client):
    client.force_login(make_user("Editors"))
    data = article_admin_form_data(
        headline="خبر\x0bعاجل من بيروت", summary="ملخص\x0bالخبر", section=make_section().pk
    )
    response = client.post("/en/admin/articles/article/add/", data, follow=True)
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.headline == "خبر عاجل من بيروت"
    assert article.summary == "ملخص\nالخبر"
    page = response.content.decode()
    assert "control characters" in page and "headline" in page


def stored_raw(**fields):
    """A story whose fields were written before the cleaning existed."""
    article = make_article(language="ar")
    Article.objects.filter(pk=article.pk).update(**fields)
    return article


@pytest.mark.parametrize("path", ["/ar/feed/", "/news-sitemap.xml", "/sitemap-articles.xml"])
def test_feeds_and_sitemaps_never_fail_on_stored_controls(client, path):
    article = stored_raw(headline=f"خبر{CONTROLS}عاجل", summary=f"ملخص{CONTROLS}")
    if "feed" in path:
        path = "/ar/feed/"
    response = client.get(path)
    assert response.status_code == 200
    ElementTree.fromstring(response.content)  # noqa: S314 (our own response, well-formed XML)
    if path != "/sitemap-articles.xml":
        assert "خبر" in response.content.decode()
    assert article.pk


def test_section_and_tag_feeds_never_fail_on_stored_controls(client):
    section = make_section()
    article = make_article(section=section, tags=["سوريا"])
    Article.objects.filter(pk=article.pk).update(headline="خبر\x0bعاجل")
    Section.objects.filter(pk=section.pk).update(name_ar="قسم\x0b")
    for path in (f"/ar/section/{section.slug}/feed/", article.tags.first().get_absolute_url()):
        feed = path if path.endswith("/feed/") else path + "feed/"
        response = client.get(feed)
        assert response.status_code == 200, feed
        ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
