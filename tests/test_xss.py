"""Stored and reflected XSS: a corpus of hostile strings through every field readers see.

Each payload goes into a story's headline, kicker, standfirst, summary and body,
a tag, an author's name and bio, a reader comment's name and body, the search
box, the comment form (re-rendered with the reader's text after an error) and
URL paths. Every page rendered from them is parsed and must hold no script but
the project's own (``/static/...`` files and JSON data blocks), no ``on*``
event-handler attribute and no ``javascript:``/``vbscript:``/``data:text/html`` URL.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.factories import (
    comment_post_data,
    make_article,
    make_author,
    make_comment,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</script><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    '</script><script>alert("json-ld breakout")</script>',
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=javascript:alert('XSS')>",
    "<img src=`javascript:alert(1)`>",
    "<img/src/onerror=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="https://evil.example\\@www.youtube.com/embed/x"></iframe>',
    '<iframe src="https://evil.example\t\\@www.youtube.com/embed/x"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<marquee onstart=alert(1)>x</marquee>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<p title="</p><script>alert(1)</script>">x</p>',
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<<script>alert(1)//<</script>",
    "<img src=x onerror=alert(1)//",
    "<div><p><span onclick=alert(1)>unclosed",
    '"onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "{{ 7|add:7 }}{% debug %}",
    "${alert(1)}",
    "\u202eالخبر<script>alert(1)</script>\u202c",
    "\u2066<img src=x onerror=alert(1)>\u2069",
    "تعليق\u200f<svg onload=alert(1)>",
    "<scri\u0000pt>alert(1)</scri\u0000pt>",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]

SAFE_SCRIPT_TYPES = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcdoc",
    "content",
}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data:text/html|livescript):?", re.I)


def _scheme(value: str) -> str:
    return re.sub(r"[\x00-\x20]+", "", value or "")


class ExecutableFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            kind = (values.get("type") or "").lower()
            src = values.get("src") or ""
            if src:
                # Our own scripts: /static/ files and Django's /<lang>/admin/jsi18n/.
                if not re.match(r"^/(static/|[a-z]{2}/admin/jsi18n/)", src):
                    self.problems.append(f"foreign script src={src!r}")
            elif kind not in SAFE_SCRIPT_TYPES:
                self.problems.append("inline <script>")
        if tag in {"object", "embed", "base", "applet"}:
            self.problems.append(f"<{tag}>")
        if tag == "iframe" and not re.match(
            r"^https://(www\.youtube(-nocookie)?\.com|player\.vimeo\.com)/", values.get("src") or ""
        ):
            self.problems.append(f"iframe src={values.get('src')!r}")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("meta refresh")
        if tag == "meta" and not values.get("http-equiv"):
            attrs = [(k, v) for k, v in attrs if k != "content"]  # text, not a URL to follow
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and BAD_SCHEME.match(_scheme(value)):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "javascript:" in (value or "").lower():
                self.problems.append(f"<{tag} style=javascript:>")


def assert_safe(response, where):
    assert response.status_code < 500, (where, response.status_code)
    body = response.content.decode("utf-8", "replace")
    finder = ExecutableFinder()
    finder.feed(body)
    finder.close()
    assert finder.problems == [], (where, finder.problems)
    # JSON-LD must not be broken out of: each block is whole, valid JSON.
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S):
        json.loads(block)


@pytest.fixture
def editor():
    return make_user("Editors")


@pytest.mark.parametrize("n", range(len(PAYLOADS)), ids=lambda n: f"payload{n}")
def test_stored_payload_is_inert_on_every_page(client, editor, n):
    # PostgreSQL stores no NUL character (forms refuse it before); the rest is kept.
    payload = PAYLOADS[n].replace("\x00", "")
    section = make_section(name_ar=f"قسم {payload}"[:120], name_en=f"Section {payload}"[:120])
    author = make_author(name_ar=f"كاتب {payload}"[:120], bio_ar=payload, bio_en=payload)
    article = make_article(
        headline=f"خبر {payload}"[:250],
        kicker=payload[:120],
        standfirst=payload,
        summary=payload,
        body=f"<p>{payload}</p>{payload}",
        lead_image_caption=payload[:300],
        lead_image_credit=payload[:150],
        section=section,
        authors=[author],
        tags=[f"وسم {payload}"[:90]],
    )
    pages = {
        "article": article.get_absolute_url(),
        "home": "/ar/",
        "section": section.get_absolute_url(),
        "author": author.get_absolute_url(),
        "tag": article.tags.first().get_absolute_url(),
    }
    make_comment(article, name=payload[:80], body=payload)
    make_comment(article, name=f"ردّ {payload}"[:80], body=f"ردّ {payload}")
    for where, path in pages.items():
        assert_safe(client.get(path), where)
    client.force_login(editor)
    assert_safe(client.get("/ar/admin/articles/article/"), "admin article list")
    assert_safe(client.get(f"/ar/admin/articles/article/{article.pk}/change/"), "admin form")
    client.force_login(make_user(superuser=True))
    assert_safe(client.get(reverse("admin:comments_comment_changelist")), "admin comments")


@pytest.mark.parametrize("n", range(len(PAYLOADS)), ids=lambda n: f"payload{n}")
def test_reflected_payload_is_inert(client, n):
    payload = PAYLOADS[n]
    article = make_article()
    search = reverse("articles:search")
    assert_safe(client.get(search, {"q": payload}), "search")
    assert_safe(client.get(search, {"q": payload, "page": payload}), "search page param")
    # URL paths: unknown stories, tags and sections with the payload as their slug.
    for prefix in ("/ar/news/", "/ar/tag/", "/en/section/", "/ar/author/"):
        assert_safe(client.get(prefix + quote(payload, safe="") + "/"), f"path {prefix}")
    assert_safe(client.get("/ar/" + quote(payload, safe="/")), "path root")
    # The comment form, rendered again with the reader's text after an error.
    post = reverse("comments:post", kwargs={"article_id": article.pk})
    data = comment_post_data(name=payload, email="not-an-email", body=payload, form_token=None)
    response = client.post(post, data)
    assert_safe(response, "comment form with errors")


def test_the_corpus_is_large_and_the_checker_catches_each_trick():
    assert len(PAYLOADS) >= 50
    finder = ExecutableFinder()
    finder.feed(
        "<script>x</script><img onerror=1><a href=' jav\tascript:1'>"
        '<script src="https://x/y.js"></script><iframe src="https://evil/"></iframe>'
        '<script type="application/ld+json">{}</script><script src="/static/js/a.js"></script>'
    )
    assert len(finder.problems) == 5, finder.problems
