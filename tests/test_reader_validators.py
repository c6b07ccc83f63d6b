"""What the Nu HTML checker and feed readers found on reader pages and feeds."""

import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

MEDIA_NS = "http://search.yahoo.com/mrss/"


def jpeg(width=1600, height=900) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, "JPEG")
    return SimpleUploadedFile("lead.jpg", buffer.getvalue(), "image/jpeg")


def with_picture(article: Article, width=1600, height=900) -> Article:
    article.lead_image.save("lead.jpg", jpeg(width, height), save=False)
    Article.objects.filter(pk=article.pk).update(lead_image=article.lead_image.name)
    article.refresh_from_db()
    return article


def test_search_results_time_has_no_fraction_of_a_second(client):
    make_article(headline="مرفأ بيروت يستعيد نشاطه")
    html = client.get("/ar/search/", {"q": "مرفأ"}).text
    stamps = re.findall(r'<time datetime="([^"]+)"', html)
    assert stamps
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp), stamp


@pytest.mark.parametrize(
    ("body", "standfirst"),
    [
        ('<p>قال الوزير "السلام ممكن" & أضاف إن المرفأ سيعود.</p>', ""),
        ("<p>المرفأ يعود.</p>", 'قال الوزير "السلام ممكن" & أضاف إن المرفأ سيعود.'),
    ],
)
def test_search_excerpts_are_escaped_once(client, body, standfirst):
    make_article(headline="خبر المرفأ", body=body, standfirst=standfirst)
    html = client.get("/ar/search/", {"q": "المرفأ"}).text
    excerpt = re.search(r'<p class="search-excerpt">(.*?)</p>', html, re.S).group(1)
    assert "&amp;quot;" not in excerpt and "&amp;amp;" not in excerpt
    # What a reader sees once the browser decodes the entities:
    text = re.sub(r"</?mark>", "", excerpt).replace("&quot;", '"').replace("&amp;", "&")
    text = text.replace("&#x27;", "'")
    assert '"السلام ممكن" & أضاف' in text


def feed_items(client, url="/ar/feed/"):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content).findall("./channel/item")  # noqa: S314 - our own feed


def test_feed_guids_are_the_permalinks(client):
    article = make_article()
    (item,) = feed_items(client)
    guid = item.find("guid")
    assert guid.text == f"http://testserver{article.get_absolute_url()}"
    assert guid.get("isPermaLink", "true") == "true"
    assert item.find("link").text == guid.text


def test_feed_items_carry_the_lead_picture(client, settings):
    with_picture(make_article())
    make_article(headline="خبر بلا صورة")
    items = {item.find("title").text: item for item in feed_items(client)}
    pictured = next(item for title, item in items.items() if title != "خبر بلا صورة")
    enclosure = pictured.find("enclosure")
    assert enclosure.get("type") == "image/jpeg"
    assert re.fullmatch(r"http://testserver/media/renditions/\w+/\d+\.jpg", enclosure.get("url"))
    assert int(enclosure.get("length")) > 0
    media = pictured.find(f"{{{MEDIA_NS}}}content")
    assert media.get("url") == enclosure.get("url")
    assert media.get("medium") == "image"
    assert int(media.get("width")) > 0 and int(media.get("height")) > 0
    path = settings.MEDIA_ROOT / enclosure.get("url").removeprefix("http://testserver/media/")
    assert path.stat().st_size == int(enclosure.get("length"))
    assert items["خبر بلا صورة"].find("enclosure") is None


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_json_ld_has_publisher_logo_and_three_image_shapes(client, settings):
    article = with_picture(make_article(), 2000, 1000)
    data = _json_ld(client.get(article.get_absolute_url()).text)
    logo = data["publisher"]["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"].startswith("http://testserver/static/")
    assert logo["url"].endswith(".png")
    assert client.get(logo["url"].removeprefix("http://testserver")).status_code == 200
    shapes = set()
    for url in data["image"]:
        path = settings.MEDIA_ROOT / url.removeprefix("http://testserver/media/")
        with Image.open(path) as image:
            width, height = image.size
        assert width * height >= 50_000, url
        shapes.add(round(width / height, 2))
    assert shapes == {1.0, 1.33, 1.78}


def test_json_ld_without_a_picture_still_has_the_logo(client):
    article = make_article()
    data = _json_ld(client.get(article.get_absolute_url()).text)
    assert "image" not in data
    assert data["publisher"]["logo"]["url"].endswith(".png")
