"""The drill's own traffic beside wrk: plain HTTP requests, a prober and comment posters."""

import html
import http.client
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

# --------------------------------------------------------------------------- HTTP


@dataclass
class Reply:
    status: int
    headers: dict
    body: str
    seconds: float
    cookies: dict = field(default_factory=dict)


def request(port, method, path, *, body=None, headers=None, timeout=10.0) -> Reply:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key.strip()] = rest.split(";", 1)[0]
        return Reply(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            data.decode("utf-8", "replace"),
            time.monotonic() - started,
            cookies,
        )
    finally:
        conn.close()


class FormFinder(HTMLParser):
    """The comment form on a story page: its action and hidden inputs."""

    def __init__(self):
        super().__init__()
        self.action = None
        self.fields = {}
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "/comments/story/" in (attrs.get("action") or ""):
            self.action = html.unescape(attrs["action"])
            self._inside = True
        elif (
            tag == "input"
            and self._inside
            and attrs.get("name")
            and (attrs.get("type") or "text") == "hidden"
        ):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


# --------------------------------------------------------------------------- probes


class Prober(threading.Thread):
    """Samples a few pages ten times a second: the clients' view of each outage."""

    def __init__(self, port, paths, stop):
        super().__init__(daemon=True)
        self.port, self.paths, self.stop = port, paths, stop
        self.samples: list[tuple[float, int, float]] = []

    def run(self):
        n = 0
        while not self.stop.is_set():
            # A fresh query string each time: a page-cache miss that must reach the database.
            path = f"{self.paths[n % len(self.paths)]}?drill-probe={n}"
            n += 1
            started = time.time()
            try:
                reply = request(self.port, "GET", path, timeout=15)
                self.samples.append((started, reply.status, reply.seconds))
            except OSError:
                self.samples.append((started, 0, time.time() - started))
            time.sleep(0.1)


@dataclass
class CommentLog:
    accepted: dict = field(default_factory=dict)  # marker -> body
    refused: Counter = field(default_factory=Counter)  # status -> count
    unanswered: list = field(default_factory=list)
    sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class CommentPoster(threading.Thread):
    """A reader: GET a story (CSRF cookie, form token), wait like a person, POST."""

    def __init__(self, port, paths, stop, log_, run_id, worker, wait):
        super().__init__(daemon=True)
        self.port, self.paths, self.stop, self.log = port, paths, stop, log_
        self.run_id, self.worker, self.wait = run_id, worker, wait

    def run(self):
        seq = 0
        while not self.stop.is_set():
            seq += 1
            path = self.paths[(self.worker * 7 + seq) % len(self.paths)]
            try:
                page = request(self.port, "GET", path)
            except OSError:
                time.sleep(0.5)
                continue
            finder = FormFinder()
            finder.feed(page.body)
            csrf = page.cookies.get("csrftoken")
            if page.status != 200 or not finder.action or not csrf:
                time.sleep(0.5)
                continue
            if self.stop.wait(self.wait):
                return
            marker = f"drill-{self.run_id}-{self.worker}-{seq}"
            body = f"تعليق من تمرين الموثوقية رقم {seq}: الخدمة صامدة؟ {marker}"
            form = {
                **finder.fields,
                "csrfmiddlewaretoken": finder.fields.get("csrfmiddlewaretoken", csrf),
                "name": f"قارئ {self.worker}",
                "email": f"reader-{self.run_id}-{self.worker}-{seq}@drill.invalid",
                "body": body,
                "website": "",
            }
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
            }
            with self.log.lock:
                self.log.sent += 1
            try:
                reply = request(
                    self.port,
                    "POST",
                    finder.action,
                    body=urllib.parse.urlencode(form),
                    headers=headers,
                )
            except OSError:
                with self.log.lock:
                    self.log.unanswered.append(marker)
                continue
            with self.log.lock:
                if reply.status in (302, 303) and "#comments" in reply.headers.get("location", ""):
                    self.log.accepted[marker] = body
                else:
                    self.log.refused[reply.status] += 1
