"""An editor writes and publishes an Arabic story in the Arabic admin, in real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, Tag
from tests.browser.conftest import DESKTOP
from tests.factories import make_section, make_user

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "افتتاح سوق للمزارعين في ساحة البلدة"
BODY = "افتتحت البلدية صباح اليوم سوقاً أسبوعية للمزارعين في الساحة القديمة."


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="ar", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_editor_writes_and_publishes_an_arabic_story(desk, artifacts_dir):
    page = desk
    editor = make_user("Editors")
    make_section(name_ar="اقتصاد", name_en="Economy", slug="economy")
    Tag.objects.create(name="الأردن")

    # Log in through the real Arabic login form.
    page.goto("/ar/admin/login/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "pw-Xy7!secret")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ar/admin/$"))

    page.goto("/ar/admin/articles/article/add/")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.fill("#id_headline", HEADLINE)

    # CKEditor 5: Arabic UI, right-to-left content, switching with the story's language.
    editable = page.locator(".ck-editor__editable")
    expect(editable).to_have_attribute("dir", "rtl")
    editable.click()
    page.keyboard.type(BODY)
    expect(editable).to_contain_text(BODY)
    page.select_option("#id_language", "en")
    expect(editable).to_have_attribute("dir", "ltr")
    expect(page.locator("#id_headline")).to_have_attribute("dir", "ltr")
    page.select_option("#id_language", "ar")
    expect(editable).to_have_attribute("dir", "rtl")

    # Section through the admin's autocomplete.
    page.locator("#id_section").locator("xpath=following-sibling::span[1]").click()
    page.locator(".select2-container--open .select2-search__field").fill("اقتصاد")
    page.locator(".select2-results__option", has_text="اقتصاد").click()

    # A tag picked from the suggestions: typed without the hamza, the existing tag is offered.
    page.locator("#id_tags").press_sequentially("الاردن")
    suggestion = page.locator("#id_tags_suggestions li", has_text="الأردن")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.locator("#id_tags")).to_have_value(re.compile("^الأردن، "))
    page.screenshot(path=artifacts_dir / "admin-story-form-ar.png", full_page=True)

    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    story = Article.objects.get(headline=HEADLINE)
    assert story.status == Article.Status.DRAFT
    assert BODY in story.body

    # Publish with the "Publish now" action on the story list.
    page.goto("/ar/admin/articles/article/")
    page.locator(f'input[name=_selected_action][value="{story.pk}"]').check()
    page.select_option("select[name=action]", "publish_now")
    page.locator("button[name=index]").click()
    # Going live asks first, naming the story.
    expect(page.locator(".action-stories")).to_contain_text(HEADLINE)
    page.locator("#content-main input[type=submit]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    story.refresh_from_db()
    assert story.is_published
    assert [t.name for t in story.tags.all()] == ["الأردن"]

    # Readers see it at its Arabic address.
    page.context.clear_cookies()
    page.goto(story.get_absolute_url())
    expect(page.locator("h1")).to_contain_text(HEADLINE)
    expect(page.locator("article")).to_contain_text(BODY)
    expect(page.locator("article").first).to_have_attribute("dir", "rtl")
    page.screenshot(path=artifacts_dir / "published-story-ar.png", full_page=True)
