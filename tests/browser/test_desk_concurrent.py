"""Two editors open one story in real Chromium: the second sees the first, a stale save is
refused with both versions shown."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.test_desk_screens import PHONE, WIDE, open_desk
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_second_editor_is_warned_and_a_stale_save_is_refused(browser, live_server, artifacts_dir):
    story = make_article(headline="الحكومة تقر الموازنة", status=Article.Status.DRAFT)
    change = f"/ar/admin/articles/article/{story.pk}/change/"
    layla = open_desk(
        browser, live_server, make_user("Editors", first_name="ليلى", last_name="حداد")
    )
    sami = open_desk(browser, live_server, make_user("Editors", first_name="سامي", last_name="نصر"))

    layla.goto(change)
    expect(layla.locator("#presence-warning")).to_have_count(0)
    sami.goto(change)
    expect(sami.locator("#presence-warning")).to_contain_text("ليلى حداد")
    expect(sami.locator("#presence-warning")).to_contain_text("(بيروت)")

    layla.fill("#id_headline", "الحكومة تقر موازنة 2027")
    layla.locator("input[name=_continue]").click()
    expect(layla.locator(".messagelist")).to_be_visible()

    sami.fill("#id_headline", "مجلس الوزراء يقر الموازنة")
    sami.locator("input[name=_continue]").click()
    conflict = sami.locator("#save-conflict")
    expect(conflict).to_contain_text("ليلى حداد")
    expect(conflict.locator(".desk-version-theirs")).to_contain_text("الحكومة تقر موازنة 2027")
    expect(conflict.locator(".desk-version-yours")).to_contain_text("مجلس الوزراء يقر الموازنة")
    # The editor's own text is still in the form, not lost.
    expect(sami.locator("#id_headline")).to_have_value("مجلس الوزراء يقر الموازنة")
    sami.screenshot(path=artifacts_dir / "conflict-1366.png", full_page=True)
    sami.set_viewport_size(PHONE)
    sami.screenshot(path=artifacts_dir / "conflict-390.png", full_page=True)
    sami.set_viewport_size(WIDE)
    story.refresh_from_db()
    assert story.headline == "الحكومة تقر موازنة 2027"
