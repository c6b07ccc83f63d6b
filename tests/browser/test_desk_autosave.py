"""Autosave in real Chromium: text typed before a crash is offered back on reopening."""

import pytest
from playwright.sync_api import expect

from articles.desk_models import Autosave
from articles.models import Article
from tests.browser.test_desk_screens import open_desk
from tests.browser.test_reader_mostread import wait_for
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)

TYPED = "وأضاف الوزير أن الجلسة المقبلة ستُعقد الأسبوع القادم."


def test_text_typed_before_a_crash_is_recovered(browser, live_server, artifacts_dir, settings):
    settings.DESK_AUTOSAVE_SECONDS = 1  # the desk's 30 s, shortened for the test
    story = make_article(headline="الحكومة تقر الموازنة", status=Article.Status.DRAFT)
    editor = make_user("Editors")
    change = f"/ar/admin/articles/article/{story.pk}/change/"

    page = open_desk(browser, live_server, editor)
    page.goto(change)
    page.fill("#id_headline", "الحكومة تقر الموازنة بعد جلسة طويلة")
    body = page.locator(".ck-editor__editable")
    body.click()
    page.keyboard.press("End")
    page.keyboard.type(" " + TYPED)
    expect(page.locator("#autosave-status")).to_contain_text("من دون نشر")
    # An autosave may have gone out while the text was being typed: wait for one holding it.
    wait_for(lambda: any(TYPED in str(a.data) for a in Autosave.objects.filter(article=story)))
    # The browser crashes: the page is gone without saving.
    page.context.close()

    story.refresh_from_db()
    assert story.headline == "الحكومة تقر الموازنة"
    assert TYPED not in story.body

    page = open_desk(browser, live_server, editor)
    page.goto(change)
    offer = page.locator("#autosave-recovery")
    expect(offer).to_contain_text("الحكومة تقر الموازنة بعد جلسة طويلة")
    page.screenshot(path=artifacts_dir / "recovery-1366.png", full_page=True)
    page.locator("#autosave-restore").click()
    expect(offer).to_be_hidden()
    expect(page.locator("#id_headline")).to_have_value("الحكومة تقر الموازنة بعد جلسة طويلة")
    expect(page.locator(".ck-editor__editable")).to_contain_text(TYPED)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    story.refresh_from_db()
    assert TYPED in story.body
    expect(page.locator("#autosave-recovery")).to_have_count(0)
    page.context.close()
