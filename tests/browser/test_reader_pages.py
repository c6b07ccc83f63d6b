"""Reader pages in real Chromium: direction, the text-size control, screenshots, axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.corrections import Correction
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "".join(
    f"<p>التقى وزير الخارجية اليوم نظيره الفرنسي في بيروت، وبحث معه ڤيينا والملفات {n}.</p>"
    for n in range(12)
)


@pytest.fixture
def newsroom():
    politics = make_section(name_ar="سياسة", name_en="Politics", slug="politics")
    economy = make_section(name_ar="اقتصاد", name_en="Economy", slug="economy")
    author = make_author(name_ar="ليلى حداد", name_en="Layla Haddad", slug="layla")
    english = make_article(
        language="en",
        headline="Ministers meet in Beirut",
        slug="ministers-meet",
        kicker="Diplomacy",
        standfirst="Talks on regional files in the Lebanese capital.",
        body="<p>The foreign minister met his French counterpart in Beirut today.</p>" * 6,
        section=politics,
        authors=[author],
        tags=["لبنان"],
    )
    arabic = make_article(
        headline="الحكومة تجتمع",
        slug="cabinet",
        kicker="خاص",
        body=BODY,
        section=politics,
        authors=[author],
        tags=["لبنان", "الحكومة"],
        translation=english,
    )
    for n in range(3):
        make_article(section=economy, headline=f"الليرة والأسواق {n}", tags=["لبنان"])
        make_article(language="en", section=economy, headline=f"Markets {n}", tags=["لبنان"])
    return {"arabic": arabic, "english": english, "tag": arabic.tags.get(name="لبنان")}


HEADLINE_BOX = """() => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('h1'));
    const text = range.getBoundingClientRect();
    const main = document.querySelector('main').getBoundingClientRect();
    return {left: text.left, right: text.right, width: window.innerWidth,
            mainLeft: main.left, mainRight: main.right};
}"""


def story_font_size(page) -> float:
    return page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.story__text')).fontSize)"
    )


def test_arabic_article_renders_right_to_left(page, newsroom):
    page.set_viewport_size(DESKTOP)
    page.goto("/ar/news/cabinet/")
    headline = page.locator("h1")
    expect(headline).to_have_text("الحكومة تجتمع")
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    # The headline's text hugs the right edge of the viewport, far from the left one.
    box = page.evaluate(HEADLINE_BOX)
    # On a wide screen the column is centred; compare with the main column's edges.
    assert box["mainRight"] - box["right"] < 40
    assert box["width"] - box["right"] < box["left"]
    assert box["left"] > box["width"] - box["right"] + 100


def test_english_story_is_left_to_right_inside_the_arabic_site(page, newsroom):
    page.set_viewport_size(DESKTOP)
    page.goto("/ar/news/ministers-meet/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    article = page.locator("article.story")
    expect(article).to_have_attribute("lang", "en")
    assert page.evaluate("getComputedStyle(document.querySelector('article.story')).direction") == (
        "ltr"
    )
    box = page.evaluate(HEADLINE_BOX)
    assert box["left"] - box["mainLeft"] < 40
    assert box["left"] < box["width"] - box["right"]


def test_font_buttons_change_only_the_story_text_and_survive_a_reload(page, newsroom):
    page.goto("/ar/news/cabinet/")
    control = page.locator("[data-textsize-control]").first
    expect(control).to_be_visible()
    base = story_font_size(page)
    headline_size = page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize")
    width = page.evaluate("document.querySelector('.story__text').getBoundingClientRect().width")
    increase = control.locator("[data-textsize-step='1']")
    decrease = control.locator("[data-textsize-step='-1']")
    increase.click()
    increase.click()
    bigger = story_font_size(page)
    assert bigger > base
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontSize") == (
        headline_size
    )
    assert (
        page.evaluate("document.querySelector('.story__text').getBoundingClientRect().width")
        == width
    )
    page.reload()
    assert story_font_size(page) == bigger
    # Remembered across pages too: the English story opens at the same step.
    page.goto("/ar/news/ministers-meet/")
    assert page.evaluate("document.documentElement.dataset.textsize") == "3"
    page.goto("/ar/news/cabinet/")
    for _ in range(3):
        decrease.click()
    smallest = story_font_size(page)
    assert smallest < base
    expect(decrease).to_have_attribute("aria-disabled", "true")
    # At least four steps between the smallest and the largest size.
    sizes = [smallest]
    while increase.get_attribute("aria-disabled") != "true":
        increase.click()
        sizes.append(story_font_size(page))
    assert sizes == sorted(sizes)
    assert len(set(sizes)) >= 4
    assert len(sizes) >= 4


def test_without_javascript_the_page_reads_normally(browser, live_server, newsroom):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/ar/news/cabinet/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("[data-textsize-control]").first).to_be_hidden()
    expect(page.locator(".story__text")).to_contain_text("ڤيينا")
    context.close()


@pytest.mark.parametrize(("size_name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots_of_home_and_article(
    browser, live_server, newsroom, artifacts_dir, size_name, viewport
):
    context = browser.new_context(viewport=viewport, locale="ar", base_url=live_server.url)
    page = context.new_page()
    for name, path in [
        ("home-ar", "/ar/"),
        ("article-ar", "/ar/news/cabinet/"),
        ("home-en", "/en/"),
        ("article-en", "/en/news/ministers-meet/"),
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        # The page never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=artifacts_dir / f"{name}-{size_name}.png", full_page=True)
    context.close()
    assert len(list(artifacts_dir.glob(f"*-{size_name}.png"))) == 4


def test_print_drops_navigation_and_comments(page, newsroom):
    page.goto("/ar/news/cabinet/")
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator("#comments")).to_be_hidden()
    expect(page.locator(".story__text")).to_be_visible()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_no_serious_accessibility_violations(page, newsroom, language):
    story = newsroom["arabic"] if language == "ar" else newsroom["english"]
    Correction.objects.create(article=story, text="ورد خطأ في التاريخ، والصحيح 14 آذار.")
    paths = [
        f"/{language}/",
        story.get_absolute_url(),
        f"/{language}/section/politics/",
        f"/{language}/tag/{newsroom['tag'].slug}/",
        f"/{language}/corrections/",
    ]
    axe = Axe()
    problems = []
    for path in paths:
        page.goto(path)
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{path}: {violation['id']} {targets}")
    assert problems == []
