"""Share links on the story page: the canonical address, plain links, no third-party code."""

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def share_links(html: str) -> dict[str, str]:
    box = html[html.index("data-share ") : html.index("data-share-status")]
    found = re.findall(r'<a class="share__link share__(\w+)" href="([^"]+)"', box)
    return {name: href.replace("&amp;", "&") for name, href in found}


def test_share_links_carry_the_canonical_address(client):
    article = make_article(headline="الحكومة تقر خطة المرفأ")
    # A tracking parameter in the address the reader came by is not passed on.
    html = client.get(article.get_absolute_url(), {"utm_source": "x", "fbclid": "1"}).text
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert canonical == f"http://testserver{article.get_absolute_url()}"
    links = share_links(html)
    assert set(links) == {"whatsapp", "telegram", "x", "facebook", "email"}
    assert parse_qs(urlsplit(links["whatsapp"]).query)["text"] == [
        f"الحكومة تقر خطة المرفأ {canonical}"
    ]
    assert parse_qs(urlsplit(links["telegram"]).query)["url"] == [canonical]
    assert parse_qs(urlsplit(links["x"]).query)["url"] == [canonical]
    assert parse_qs(urlsplit(links["facebook"]).query)["u"] == [canonical]
    assert links["email"].startswith("mailto:?subject=")
    assert parse_qs(urlsplit(links["email"]).query)["body"] == [canonical]
    assert quote(canonical, safe="") in links["facebook"]
    assert f'data-share-url="{canonical}"' in html


def test_sharing_loads_only_the_sites_own_script(client):
    article = make_article()
    html = client.get(article.get_absolute_url()).text
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert any(s.endswith("js/share.js") for s in scripts)
    assert all(s.startswith("/static/") for s in scripts)
    assert "<iframe" not in html
