"""Front page and listings show the stories' lead pictures, sized so nothing shifts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_section
from tests.test_reader_validators import with_picture

pytestmark = pytest.mark.django_db


def imgs(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def test_front_page_lead_picture_is_eager_and_prioritised(client):
    section = make_section()
    now = timezone.now()
    older = with_picture(make_article(section=section, published_at=now - timedelta(hours=3)))
    lead = with_picture(
        make_article(
            section=section, published_at=now - timedelta(hours=1), lead_image_alt="المرفأ"
        ),
        2000,
        1000,
    )
    html = client.get("/ar/").text
    lead_html = html[html.index('class="lead-story"') : html.index('class="section-blocks"')]
    (img,) = imgs(lead_html)
    assert 'fetchpriority="high"' in img and 'loading="lazy"' not in img
    assert 'width="800" height="400"' in img and 'alt="المرفأ"' in img
    assert re.search(r'srcset="[^"]+/480\.jpg 480w, [^"]+/800\.jpg 800w', img)
    assert lead.headline in lead_html
    blocks = html[html.index('class="section-blocks"') :]
    (thumb,) = imgs(blocks)
    assert 'loading="lazy"' in thumb and 'width="800" height="450"' in thumb
    assert older.headline in blocks


def test_a_story_without_a_picture_has_no_empty_picture_box(client):
    make_article()
    html = client.get("/ar/").text
    assert "<picture" not in html and "card--with-" not in html


def test_section_listing_shows_small_lazy_pictures(client, django_assert_max_num_queries):
    section = make_section()
    pictured = with_picture(make_article(section=section))
    make_article(section=section, headline="خبر بلا صورة")
    with django_assert_max_num_queries(6):
        html = client.get(section.get_absolute_url()).text
    (img,) = imgs(html[html.index("<main") :])
    assert 'loading="lazy"' in img and 'sizes="(min-width: 48rem) 10rem, 7.5rem"' in img
    assert html.count("card--with-thumb") == 1
    assert pictured.headline in html
