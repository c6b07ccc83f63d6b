import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_arabic_home_renders_right_to_left(page, artifacts_dir):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ar/$"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.screenshot(path=artifacts_dir / "home-ar.png", full_page=True)
