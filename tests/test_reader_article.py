"""The article page, top to bottom, as a reader sees it."""

import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from articles import renditions
from articles.models import Article
from tests.factories import make_article, make_author, make_section, make_user

pytestmark = pytest.mark.django_db


WINTER = datetime(2023, 3, 14, 19, 40, tzinfo=UTC)
SUMMER = datetime(2023, 7, 10, 18, 5, tzinfo=UTC)


def set_times(article, published, updated=None):
    Article.objects.filter(pk=article.pk).update(published_at=published, updated_at=updated)
    article.refresh_from_db()
    return article


def translated(language: str, msgid: str) -> str:
    with translation.override(language):
        return gettext(msgid)


def jpeg_upload(width=2000, height=1000, name="beirut.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def article_text(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def test_arabic_date_line_and_last_updated_in_beirut_winter(client):
    article = set_times(make_article(), WINTER - timedelta(hours=3), WINTER)
    html = client.get(article.get_absolute_url()).text
    assert '<time class="story__dateline" datetime="2023-03-14T18:40:00+02:00">' in html
    assert "الثلاثاء 2023/03/14</time>" in html
    label = translated("ar", "Last updated:")
    assert f'{label} <time datetime="2023-03-14T21:40:00+02:00">21:40</time> (بيروت)' in html


def test_last_updated_is_right_in_beirut_summer(client):
    article = set_times(make_article(), SUMMER - timedelta(hours=1), SUMMER)
    html = client.get(article.get_absolute_url()).text
    assert '<time datetime="2023-07-10T21:05:00+03:00">21:05</time> (بيروت)' in html


def test_english_story_date_line_and_last_updated(client):
    article = set_times(make_article(language="en", headline="Talks in Beirut"), WINTER, WINTER)
    html = client.get(article.get_absolute_url()).text
    assert "Tuesday 14 March 2023</time>" in html
    assert 'Last updated: <time datetime="2023-03-14T21:40:00+02:00">21:40</time> (Beirut)' in html


def test_last_updated_never_precedes_publication(client):
    article = set_times(make_article(), WINTER, WINTER - timedelta(days=1))
    html = client.get(article.get_absolute_url()).text
    assert '<time datetime="2023-03-14T21:40:00+02:00">21:40</time>' in html


def test_every_time_carries_a_machine_readable_instant(client):
    article = set_times(make_article(), WINTER, WINTER)
    make_article(section=article.section)  # a related card brings its own <time>
    html = client.get(article.get_absolute_url()).text
    times = re.findall(r"<time([^>]*)>", html)
    assert len(times) >= 3
    for attributes in times:
        value = re.search(r'datetime="([^"]+)"', attributes).group(1)
        assert datetime.fromisoformat(value).tzinfo is not None


def test_kicker_headline_standfirst_byline_and_section(client):
    section = make_section(name_ar="لبنان", slug="lebanon")
    first = make_author(name_ar="ليلى حداد", slug="layla")
    second = make_author(name_ar="سامر خوري", slug="samer")
    article = make_article(
        kicker="خاص",
        headline="الحكومة تجتمع اليوم.. والمعارضة تقاطع",
        standfirst="جلسة استثنائية في السراي.",
        section=section,
        authors=[first, second],
    )
    html = client.get(article.get_absolute_url()).text
    body = article_text(html)
    assert '<p class="kicker">خاص</p>' in body
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", html) == ["الحكومة تجتمع اليوم.. والمعارضة تقاطع"]
    assert "<title>الحكومة تجتمع اليوم.. والمعارضة تقاطع |" in html
    assert '<p class="story__standfirst">جلسة استثنائية في السراي.</p>' in body
    assert f'<a href="{first.get_absolute_url()}" rel="author">ليلى حداد</a>' in body
    assert f'<a href="{second.get_absolute_url()}" rel="author">سامر خوري</a>' in body
    assert f'<a class="story__section" href="{section.get_absolute_url()}">لبنان</a>' in body
    # Top to bottom: kicker, headline, standfirst, byline.
    positions = [body.index(s) for s in ("kicker", "<h1", "story__standfirst", "story__byline")]
    assert positions == sorted(positions)


def test_text_size_control_once_before_the_body_hidden_without_js(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).text
    body = article_text(html)
    controls = [m.start() for m in re.finditer(r"<div class=\"textsize\"", body)]
    text = body.index('class="story__text"')
    assert len(controls) == 1
    assert controls[0] < text
    # Hidden until the script runs, so the page reads normally without JavaScript.
    assert body.count("data-textsize-control hidden>") == 1
    increase = translated("ar", "Increase font size")
    decrease = translated("ar", "Decrease font size")
    assert f'data-textsize-step="1" aria-controls="story-text" aria-label="{increase}">' in body
    assert f'data-textsize-step="-1" aria-controls="story-text" aria-label="{decrease}">' in body
    group = translated("ar", "Font size")
    assert f'role="group" aria-label="{group}"' in body
    assert re.search(r'<script src="[^"]*js/textsize\.js" defer></script>', html)
    assert "style=" not in html
    assert re.search(r"<script(?![^>]*(src=|application/ld\+json))[^>]*>", html) is None


def test_lead_image_as_responsive_renditions_with_caption_and_credit(client):
    article = make_article(
        lead_image_caption="ساحة الشهداء", lead_image_credit="وكالة", lead_image_alt="ساحة"
    )
    article.lead_image.save("beirut.jpg", jpeg_upload(), save=True)
    html = client.get(article.get_absolute_url()).text
    body = article_text(html)
    picture = body[body.index("<picture>") : body.index("</picture>")]
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', picture).group(1)
    jpeg = re.search(r'<source type="image/jpeg" srcset="([^"]+)"', picture).group(1)
    assert [w.split()[-1] for w in webp.split(", ")] == ["480w", "800w", "1200w", "1600w"]
    assert [w.split()[-1] for w in jpeg.split(", ")] == ["480w", "800w", "1200w", "1600w"]
    assert re.search(r'<img src="[^"]+/800\.jpg" width="800" height="400" alt="ساحة"', picture)
    assert '<span class="caption">ساحة الشهداء</span>' in body
    assert "وكالة" in body[body.index("<figcaption>") : body.index("</figcaption>")]
    # Files exist on disk under MEDIA_ROOT, in both formats.
    for url in [w.split()[0] for w in webp.split(", ") + jpeg.split(", ")]:
        path = settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL)
        assert path.exists()
    with Image.open(settings.MEDIA_ROOT / webp.split()[0].removeprefix(settings.MEDIA_URL)) as im:
        assert im.format == "WEBP"
        assert im.size == (480, 240)
    # The image precedes the body text.
    assert body.index("<picture>") < body.index('class="story__text"')


def test_renditions_are_made_once_not_per_request(client, monkeypatch):
    article = make_article()
    article.lead_image.save("once.jpg", jpeg_upload(900, 600), save=True)
    client.get(article.get_absolute_url())

    def fail(*args, **kwargs):
        raise AssertionError("renditions were made again")

    monkeypatch.setattr(renditions, "_render_all", fail)
    picture = renditions.picture_for(Article.objects.get(pk=article.pk).lead_image)
    assert [r.width for r in picture.sources["image/webp"]] == [480, 800, 900]


def test_a_broken_image_leaves_the_story_readable(client):
    article = make_article()
    article.lead_image.save("broken.jpg", SimpleUploadedFile("broken.jpg", b"not an image"))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "<picture>" not in response.text


def test_tags_link_to_their_pages(client):
    article = make_article(tags=["بشار الأسد", "لبنان"])
    html = client.get(article.get_absolute_url()).text
    for tag in article.tags.all():
        assert f'<a href="{tag.get_absolute_url()}" rel="tag" dir="auto">{tag.name}</a>' in html
    assert "/tag/%D8%A8%D8%B4%D8%A7%D8%B1-%D8%A7%D9%84%D8%A3%D8%B3%D8%AF/" in html


def test_link_to_the_translation_with_hreflang(client):
    english = make_article(language="en", headline="Ministers meet in Beirut")
    arabic = make_article(translation=english)
    html = client.get(arabic.get_absolute_url()).text
    label = translated("en", "Read this story in English")
    assert f'<a href="{english.get_absolute_url()}" hreflang="en" lang="en">{label}</a>' in html
    back = client.get(english.get_absolute_url()).text
    assert f'href="{arabic.get_absolute_url()}" hreflang="ar" lang="ar">' in back


def test_an_unpublished_translation_is_not_linked(client):
    english = make_article(language="en", headline="Draft", status=Article.Status.DRAFT)
    arabic = make_article(translation=english)
    html = client.get(arabic.get_absolute_url()).text
    assert english.get_absolute_url() not in html
    assert 'hreflang="en" href' not in html


def test_related_stories_shared_tags_first_then_section_excluding_itself(client):
    section = make_section()
    article = make_article(section=section, tags=["انتخابات", "برلمان"])
    old = timezone.now() - timedelta(days=10)
    two_tags = make_article(tags=["انتخابات", "برلمان"], published_at=old, headline="قصة وسمين")
    one_tag = make_article(tags=["برلمان"], headline="قصة وسم")
    same_section = make_article(section=section, headline="قصة القسم")
    make_article(headline="قصة أخرى")  # nothing in common
    make_article(section=section, status=Article.Status.DRAFT, headline="مسودة القسم")
    make_article(section=section, language="en", headline="English neighbour")
    html = client.get(article.get_absolute_url()).text
    related = html[html.index('<section class="related"') :]
    related = related[: related.index("</section>")]
    headlines = re.findall(r'class="card__headline"><a href="[^"]+">([^<]+)</a>', related)
    assert headlines == [two_tags.headline, one_tag.headline, same_section.headline]
    assert article.headline not in related


def related_headlines(html: str) -> list[str]:
    related = html[html.index('<section class="related"') :]
    related = related[: related.index("</section>")]
    return re.findall(r'class="card__headline"><a href="[^"]+">([^<]+)</a>', related)


def test_related_choice_is_kept_but_never_shows_an_unpublished_story(client):
    article = make_article(tags=["مرفأ"])
    first = make_article(tags=["مرفأ"], headline="قصة المرفأ الأولى")
    second = make_article(tags=["مرفأ"], headline="قصة المرفأ الثانية")
    url = article.get_absolute_url()
    assert set(related_headlines(client.get(url).text)) == {first.headline, second.headline}

    first.status = Article.Status.UNPUBLISHED
    first.save()  # the story page itself is unchanged: only the kept choice could show it
    assert related_headlines(client.get(url).text) == [second.headline]


def test_retagging_a_story_chooses_its_related_stories_again(client):
    article = make_article(tags=["مرفأ"])
    harbour = make_article(tags=["مرفأ"], headline="قصة المرفأ")
    budget = make_article(tags=["موازنة"], headline="قصة الموازنة")
    url = article.get_absolute_url()
    assert related_headlines(client.get(url).text) == [harbour.headline]

    article.tags.set(["موازنة"])
    article.save()
    assert related_headlines(client.get(url).text)[0] == budget.headline


def test_comments_block_follows_the_story(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).text
    assert html.index("</article>") < html.index('id="comments"')


def test_english_story_is_left_to_right_inside_the_arabic_site(client):
    article = make_article(language="en", headline="Talks in Beirut", slug="talks")
    response = client.get("/ar/news/talks/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    assert re.search(r'<article class="story" lang="en" dir="ltr"', response.text)
    assert "(Beirut)" in article_text(response.text)
    # Its canonical address is under its own language.
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in (
        response.text
    )


def test_arabic_story_is_right_to_left_inside_the_english_site(client):
    make_article(slug="lebanon-talks")
    html = client.get("/en/news/lebanon-talks/").text
    assert '<html lang="en" dir="ltr">' in html
    assert re.search(r'<article class="story" lang="ar" dir="rtl"', html)


@override_settings(NEWSROOM_DIGITS="eastern")
def test_eastern_digits_on_arabic_pages(client):
    article = set_times(make_article(), WINTER, WINTER)
    html = client.get(article.get_absolute_url()).text
    assert "الثلاثاء ٢٠٢٣/٠٣/١٤</time>" in html
    assert ">٢١:٤٠</time> (بيروت)" in html
    assert 'datetime="2023-03-14T21:40:00+02:00"' in html


@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.UNPUBLISHED]
)
def test_unpublished_stories_are_404_for_readers(client, status):
    article = make_article(status=status)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_story_is_404_until_its_time(client):
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_marked_noindex(client):
    article = make_article(status=Article.Status.DRAFT)
    client.force_login(make_user(superuser=True))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert translated("ar", "Preview: readers cannot see this story yet.") in response.text


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_news_article_json_ld(client):
    author = make_author(name_ar="ليلى حداد")
    article = set_times(make_article(authors=[author]), WINTER - timedelta(hours=2), WINTER)
    article.lead_image.save("ld.jpg", jpeg_upload(1000, 500), save=False)
    Article.objects.filter(pk=article.pk).update(lead_image=article.lead_image.name)
    html = client.get(article.get_absolute_url()).text
    data = _json_ld(html)
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/renditions/\w+/1000\.jpg">',
        html,
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["datePublished"] == "2023-03-14T19:40:00+02:00"
    assert data["dateModified"] == "2023-03-14T21:40:00+02:00"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "ليلى حداد",
            "url": f"http://testserver{author.get_absolute_url()}",
        }
    ]
    assert data["publisher"]["name"] == settings.NEWSROOM_NAME["ar"]
    assert data["image"][-1].startswith("http://testserver/media/renditions/")
    assert data["mainEntityOfPage"]["@id"] == f"http://testserver{article.get_absolute_url()}"


def test_json_ld_cannot_be_broken_out_of(client):
    article = make_article(headline="</script><script>alert(1)</script> عنوان")
    html = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)" not in html
    assert _json_ld(html)["headline"].startswith("</script><script>alert(1)")


def test_title_description_canonical_social_cards_and_alternates(client):
    english = make_article(language="en", headline="Ministers meet")
    article = make_article(
        translation=english, summary="ملخص الخبر <b>", headline="الوزراء يجتمعون"
    )
    html = client.get(article.get_absolute_url()).text
    canonical = f"http://testserver{article.get_absolute_url()}"
    assert "<title>الوزراء يجتمعون | " in html
    assert '<meta name="description" content="ملخص الخبر &lt;b&gt;">' in html
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="الوزراء يجتمعون">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert f'<link rel="alternate" hreflang="ar" href="{canonical}">' in html
    assert (
        f'<link rel="alternate" hreflang="en" href="http://testserver{english.get_absolute_url()}">'
        in html
    )


def test_language_switcher_goes_to_the_translation(client):
    english = make_article(language="en", headline="Ministers meet")
    article = make_article(translation=english)
    html = client.get(article.get_absolute_url()).text
    assert f'<a class="language-switch" href="{english.get_absolute_url()}" hreflang="en"' in html


def test_language_switcher_without_translation_goes_to_the_other_front_page(client):
    # An Arabic story with no English version: "English" leads to the English site, not
    # to the Arabic story inside it.
    article = make_article(slug="only-arabic")
    html = client.get(article.get_absolute_url()).text
    assert '<a class="language-switch" href="/en/" hreflang="en"' in html


def test_language_switcher_on_a_foreign_story_keeps_the_story(client):
    # An English story read inside the Arabic site switches to the same story in English.
    article = make_article(slug="only-english", language="en", headline="Only English")
    html = client.get("/ar/news/only-english/").text
    assert '<a class="language-switch" href="/en/news/only-english/" hreflang="en"' in html
    assert article.get_absolute_url() == "/en/news/only-english/"


def test_old_slug_redirects_permanently(client):
    article = make_article(slug="old-name")
    article.slug = "new-name"
    article.save()
    response = client.get("/ar/news/old-name/")
    assert response.status_code == 301
    assert response["Location"] == "/ar/news/new-name/"


def _rich_story():
    section = make_section()
    authors = [make_author() for _ in range(4)]
    tags = [f"وسم {n}" for n in range(6)]
    english = make_article(language="en", headline="Translation", section=section)
    article = make_article(section=section, authors=authors, tags=tags, translation=english)
    article.lead_image.save("budget.jpg", jpeg_upload(1200, 800), save=True)
    for n in range(8):
        extra = {"section": section} if n % 2 else {}
        make_article(tags=tags[:n], authors=authors[:2], **extra)
    return article


WITHOUT_COMMENTS = {
    **settings.TEMPLATES[0],
    "APP_DIRS": False,
    "OPTIONS": {
        **settings.TEMPLATES[0]["OPTIONS"],
        "loaders": [
            ("django.template.loaders.locmem.Loader", {"comments/block.html": ""}),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    },
}


def test_article_page_own_queries_stay_within_five(client, django_assert_max_num_queries):
    article = _rich_story()
    # Five of its own, plus the site-wide breaking-news lookup (articles/breaking.py: once
    # per worker every 15 seconds; the test starts with nothing kept).
    with override_settings(TEMPLATES=[WITHOUT_COMMENTS]), django_assert_max_num_queries(6):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('rel="tag"') == 6
    assert response.text.count('rel="author"') == 4


def test_whole_article_page_stays_within_eight_queries(client, django_assert_max_num_queries):
    article = _rich_story()
    with django_assert_max_num_queries(8):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
