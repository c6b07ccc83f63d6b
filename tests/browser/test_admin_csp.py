"""CKEditor 5 works under the admin's Content Security Policy; reader pages violate nothing."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)

# Playwright's init scripts are not subject to the page's policy: this listener
# records every violation the browser reports.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
    sample: e.sample,
  });
});
"""


def watch(page):
    console = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.add_init_script(LISTEN)
    return console


def log_in(page, user):
    page.goto("/ar/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-Xy7!secret")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()


def test_editor_writes_in_ckeditor_under_the_admin_policy(page, artifacts_dir):
    editor = make_user("Editors")
    console = watch(page)
    log_in(page, editor)
    response = page.goto("/ar/admin/articles/article/add/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]

    editable = page.locator(".ck-editor__editable").first
    expect(editable).to_be_visible()
    editable.click()
    page.keyboard.type("نص تجريبي في المحرر")
    expect(editable).to_contain_text("نص تجريبي في المحرر")
    # The toolbar (built by the editor's own script) is there, in Arabic.
    expect(page.locator(".ck-toolbar").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "admin-add-under-csp.png", full_page=True)

    violations = page.evaluate("window.__cspViolations")
    script_violations = [v for v in violations if v["directive"].startswith("script-src")]
    assert script_violations == [], script_violations
    editor_violations = [v for v in violations if "ckeditor" in (v["source"] or "")]
    assert editor_violations == [], editor_violations
    assert violations == [], violations
    assert console == [], console


def test_reader_article_page_has_no_policy_violations(page, artifacts_dir):
    article = make_article(tags=["سوريا"])
    console = watch(page)
    response = page.goto(article.get_absolute_url())
    assert response.status == 200
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    expect(page.locator("h1").first).to_be_visible()
    # Use the page's own script (the font-size control) when it is there.
    bigger = page.locator("button[data-font-step='up'], button.font-larger, #font-larger")
    if bigger.count():
        bigger.first.click()
    assert page.evaluate("window.__cspViolations") == []
    assert console == []
    page.screenshot(path=artifacts_dir / "article-under-csp.png")
