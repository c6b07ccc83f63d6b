"""The production shape, run for real: Caddy (deploy/Caddyfile) in front of gunicorn started by
scripts/web.sh after scripts/build-static.sh and scripts/release.sh -- the very scripts the
Dockerfile and docker-compose.yml call -- with DEBUG=0, a random secret, PostgreSQL and Redis.

Needs caddy, PostgreSQL (DATABASE_URL) and Redis (REDIS_TEST_URL); without them it skips, unless
REQUIRE_PRODUCTION=1 (CI), where it fails.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
CADDYFILE = ROOT / "deploy" / "Caddyfile"
YEAR = "max-age=31536000"
PASSWORD = "smoke-" + secrets.token_urlsafe(16)
HEADLINE = "صورة من المعرض الجديد في وسط البلد"
COMMENT = "تغطية ممتازة، شكراً لفريق التحرير."


def _missing(reason):
    if os.environ.get("REQUIRE_PRODUCTION") == "1":
        pytest.fail(f"REQUIRE_PRODUCTION=1 but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(script: str, env: dict) -> None:
    result = subprocess.run(
        [str(ROOT / "scripts" / script)], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, f"scripts/{script} failed:\n{result.stdout}\n{result.stderr}"


def _wait_healthy(url: str, processes: list, timeout: float = 60) -> None:
    """Poll until the proxy answers /healthz with 200; stop early if a server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise AssertionError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.1)  # a polling interval, not a wait for something to happen
    raise AssertionError(f"{url} did not answer 200 within {timeout} s")


def _manage(env: dict, *args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


ACCOUNTS = f"""
from django.contrib.auth.models import Group, User
from newsroom import roles
roles.sync_roles()
for name, role in (("editor", "Editors"), ("moderator", "Moderators")):
    user = User.objects.create_user(name, name + "@example.org", {PASSWORD!r}, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
"""


def _database(base_url: str, name: str, action: str) -> None:
    import psycopg2

    parts = urlsplit(base_url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        if action == "create":
            cursor.execute(f'CREATE DATABASE "{name}"')
        else:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    caddy = shutil.which("caddy")
    if not caddy:
        _missing("caddy is not installed (apt-get install caddy)")
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_TEST_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        _missing("the production stack needs DATABASE_URL (PostgreSQL) and REDIS_TEST_URL")

    folder = tmp_path_factory.mktemp("production")
    name = f"newsroom_smoke_{os.getpid()}"
    _database(database_url, name, "drop")
    _database(database_url, name, "create")
    web_port, proxy_port = _free_port(), _free_port()
    base = f"http://127.0.0.1:{proxy_port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    env.update(
        PYTHON=sys.executable,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=urlunsplit(urlsplit(database_url)._replace(path=f"/{name}")),
        REDIS_URL=redis_url,
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        # Plain HTTP on loopback: no TLS to redirect to (a real domain gets Caddy's HTTPS).
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        BIND=f"127.0.0.1:{web_port}",
        WEB_CONCURRENCY="2",
        SITE_ADDRESS=base,
        NEWSROOM_SITE_URL=base,
        UPSTREAM=f"127.0.0.1:{web_port}",
        CADDY_ADMIN="off",
        XDG_DATA_HOME=str(folder / "caddy-data"),
        XDG_CONFIG_HOME=str(folder / "caddy-config"),
        # A script types faster than the comment form's bot check allows.
        COMMENTS_MIN_SECONDS="0",
    )
    _run("build-static.sh", env)
    _run("release.sh", env)
    _manage(env, "load_demo")
    _manage(env, "shell", "-c", ACCOUNTS)
    web_log = (folder / "web.log").open("w")
    caddy_log = (folder / "caddy.log").open("w")
    processes = [
        subprocess.Popen(
            [str(ROOT / "scripts" / "web.sh")],
            env=env,
            stdout=web_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
        subprocess.Popen(
            [caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
            env=env,
            stdout=caddy_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        ),
    ]
    try:
        _wait_healthy(f"{base}/healthz", processes)
        yield base
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        web_log.close()
        caddy_log.close()
        _database(database_url, name, "drop")


def _get(url: str, encoding: str | None = None):
    headers = {"Accept-Encoding": encoding} if encoding else {}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


def _page(browser, base: str, width: int = 390, height: int = 844):
    viewport = {"width": width, "height": height}
    context = browser.new_context(viewport=viewport, locale="ar", base_url=base)
    context.set_default_timeout(15_000)
    return context.new_page()


@pytest.fixture
def reader(browser, stack):
    page = _page(browser, stack)
    yield page
    page.context.close()


def _log_in(page, username: str, next_url: str) -> None:
    page.goto(f"/ar/admin/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def test_home_and_story_load_with_their_pictures_css_and_font_through_the_proxy(reader, stack):
    answers = {}
    reader.on("response", lambda response: answers.setdefault(response.url, response))
    reader.goto("/")
    expect(reader).to_have_url(re.compile(r"/ar/$"))
    expect(reader.locator("html")).to_have_attribute("dir", "rtl")
    reader.wait_for_load_state("load")

    css = [url for url in answers if re.search(r"/static/css/site\.[0-9a-f]{12}\.css$", url)]
    assert css, "the page links no fingerprinted site.css"
    headers = answers[css[0]].all_headers()
    assert answers[css[0]].status == 200
    assert YEAR in headers["cache-control"] and "immutable" in headers["cache-control"]
    assert headers["content-encoding"] in ("br", "gzip", "zstd")
    # The Arabic font is used by the page, so the browser fetched it: fingerprinted and long-lived.
    reader.evaluate("document.fonts.ready")
    fonts = [url for url in answers if re.search(r"/static/fonts/.+\.[0-9a-f]{12}\.woff2$", url)]
    assert fonts, "no fingerprinted Arabic font was fetched"
    assert answers[fonts[0]].status == 200
    assert YEAR in answers[fonts[0]].all_headers()["cache-control"]

    reader.locator("main article a[href*='/ar/']").first.click()
    reader.wait_for_load_state("load")
    _assert_picture_from_the_proxy(reader.locator("article figure img").first)


def _assert_picture_from_the_proxy(picture) -> None:
    """Shown in the page, and answered 200 by the proxy as an image that is never sniffed."""
    expect(picture).to_be_visible()
    source = picture.evaluate("img => img.currentSrc")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), f"broken: {source}"
    assert "/media/" in source
    status, headers, _ = _get(source)
    assert status == 200
    assert headers["Content-Type"].startswith("image/")
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_editor_uploads_a_picture_and_publishes_then_a_reader_comments(
    browser, stack, reader, tmp_path
):
    from PIL import Image

    photo = tmp_path / "photo.jpg"
    Image.new("RGB", (800, 500), (30, 110, 160)).save(photo, "JPEG", quality=85)

    desk = _page(browser, stack, 1280, 900)
    _log_in(desk, "editor", "/ar/admin/articles/article/add/")
    desk.fill("#id_headline", HEADLINE)
    editable = desk.locator(".ck-editor__editable")
    editable.click()
    desk.keyboard.type("افتتح المعرض أبوابه صباح اليوم.")
    # CKEditor's own upload button: the picture goes through the upload view to MEDIA_ROOT.
    desk.locator(".ck-file-dialog-button input[type=file]").first.set_input_files(photo)
    expect(editable.locator("img[src*='/media/']")).to_have_count(1)
    desk.locator("#id_section").locator("xpath=following-sibling::span[1]").click()
    desk.locator(".select2-results__option").first.click()
    desk.locator("input[name=_save]").click()
    expect(desk.locator(".messagelist")).to_be_visible()
    row = desk.locator("#result_list tbody tr", has_text=HEADLINE)
    row.locator("input[name=_selected_action]").check()
    desk.select_option("select[name=action]", "publish_now")
    desk.locator("button[name=index]").click()
    # Going live asks first, naming the story.
    expect(desk.locator(".action-stories")).to_contain_text(HEADLINE)
    desk.locator("#content-main input[type=submit]").click()
    expect(desk.locator(".messagelist")).to_be_visible()
    desk.context.close()

    # A reader finds it on the front page, with the editor's picture, and comments.
    reader.goto("/ar/")
    reader.get_by_role("link", name=HEADLINE).first.click()
    expect(reader.locator("h1")).to_contain_text(HEADLINE)
    _assert_picture_from_the_proxy(reader.locator("article img[src*='/media/']").first)
    story = reader.url
    reader.fill("#id_name", "ليلى حداد")
    reader.fill("#id_email", "layla@example.org")
    reader.fill("#id_body", COMMENT)
    reader.locator("#comment-form button[type=submit]").click()
    expect(reader.locator(".comments-message")).to_be_visible()
    assert COMMENT not in reader.content()

    # A moderator approves it in the queue; the reader then sees it under the story.
    moderator = _page(browser, stack, 1280, 900)
    _log_in(moderator, "moderator", "/ar/admin/comments/comment/")
    row = moderator.locator("#result_list tbody tr", has_text="ليلى حداد")
    row.locator('button[formaction$="/moderate/approve/"]').click()
    expect(moderator.locator(".messagelist")).to_be_visible()
    moderator.context.close()
    reader.goto(story)
    expect(reader.locator(".comment-list .comment").first).to_contain_text(COMMENT)


@pytest.mark.parametrize("path", ["/ar/", "/ar/feed/", "/sitemap-articles.xml"])
def test_html_feeds_and_sitemaps_are_compressed_at_the_proxy(stack, path):
    status, headers, plain = _get(stack + path, "identity")
    assert status == 200 and headers.get("Content-Encoding") is None
    for encoding in ("gzip", "zstd"):
        status, headers, body = _get(stack + path, encoding)
        assert headers["Content-Encoding"] == encoding, (dict(headers), len(plain))
        assert len(body) < len(plain) / 2


def test_healthz_favicon_and_django_errors_through_the_proxy(stack):
    status, headers, body = _get(stack + "/healthz")
    assert body == b'{"status": "ok"}'
    status, headers, body = _get(stack + "/favicon.ico")
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
    with pytest.raises(urllib.error.HTTPError) as missing:
        _get(stack + "/media/no-such-file.jpg")
    assert missing.value.code == 404
