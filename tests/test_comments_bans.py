"""Bans: an address or a domain, for 1 day, 7 days or for ever; the post is refused with a
neutral message and nothing typed is lost; every ban and lift is in the decision log."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import bans
from comments.models import Ban, Comment, Decision
from tests.factories import comment_post_data, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

BANS = "/en/admin/comments/ban/"


@pytest.fixture
def article():
    return make_article()


def post(client, article, **data):
    return client.post(f"/ar/comments/story/{article.pk}/", comment_post_data(**data))


@pytest.mark.parametrize(
    ("target", "email"),
    [
        ("troll@example.org", "troll@example.org"),
        ("Troll@Example.org", " TROLL@example.ORG "),
        ("spam.example", "anyone@spam.example"),
        ("@spam.example", "other@SPAM.example"),
    ],
)
def test_a_banned_address_or_domain_is_refused_with_its_text_kept(
    client, article, settings, target, email
):
    settings.COMMENTS_MIN_SECONDS = 0
    bans.put_on(target, "7d", "insults")
    response = post(client, article, email=email, body="نص لن يُنشر")
    assert response.status_code == 403
    html = response.content.decode()
    assert "لا يمكننا قبول تعليقات من هذا العنوان" in html
    assert "نص لن يُنشر" in html  # nothing typed is lost
    assert not Comment.objects.exists()


def test_the_refusal_is_neutral(client, article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    bans.put_on("troll@example.org", "forever", "secret reason")
    html = client.post(
        f"/en/comments/story/{article.pk}/", comment_post_data(email="troll@example.org")
    ).content.decode()
    assert "We cannot accept comments from this address" in html
    assert "secret reason" not in html
    assert "banned" not in html.lower()


def test_a_ban_on_a_domain_leaves_other_domains_and_subdomains_alone(client, article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    bans.put_on("spam.example", "1d", "bot farm")
    assert post(client, article, email="a@mail.spam.example").status_code == 302
    assert post(client, article, email="b@example.org").status_code == 302
    assert Comment.objects.count() == 2


def test_an_expired_ban_no_longer_refuses(client, article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    ban = bans.put_on("troll@example.org", "1d", "cool off")
    assert bans.is_banned("troll@example.org")
    Ban.objects.filter(pk=ban.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not bans.is_banned("troll@example.org")
    assert post(client, article, email="troll@example.org").status_code == 302


@pytest.mark.parametrize(("duration", "days"), [("1d", 1), ("7d", 7), ("forever", None)])
def test_durations(duration, days):
    ban = bans.put_on("a@example.org", duration, "why")
    if days is None:
        assert ban.expires_at is None
    else:
        assert ban.expires_at - ban.created_at == timedelta(days=days)


def test_a_moderator_bans_from_the_admin_and_it_is_logged(client):
    moderator = make_user("Moderators")
    client.force_login(moderator)
    form = client.get(BANS + "add/", {"target": "troll@example.org"}).content.decode()
    assert 'value="troll@example.org"' in form
    response = client.post(
        BANS + "add/",
        {"target": "troll@example.org", "duration": "7d", "reason": "repeated insults"},
    )
    assert response.status_code == 302
    ban = Ban.objects.get()
    assert ban.created_by == moderator
    assert timedelta(days=6, hours=23) < ban.expires_at - timezone.now() <= timedelta(days=7)
    entry = Decision.objects.get(ban=ban)
    assert (entry.after, entry.moderator) == ("banned", moderator)
    assert "repeated insults" in entry.reason
    listing = client.get(BANS).content.decode()
    assert "troll@example.org" in listing and "in force" in listing


def test_a_bad_target_gets_a_clear_error_not_a_500(client):
    client.force_login(make_user("Moderators"))
    response = client.post(
        BANS + "add/", {"target": "not an address", "duration": "1d", "reason": "x"}
    )
    assert response.status_code == 200
    assert "Write an email address" in response.content.decode()
    bans.put_on("dup@example.org", "1d", "x")
    response = client.post(
        BANS + "add/", {"target": "dup@example.org", "duration": "1d", "reason": "x"}
    )
    assert "already banned" in response.content.decode()
    assert Ban.objects.count() == 1


def test_lifting_lets_the_commenter_post_again_and_is_logged(client, article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    moderator = make_user("Moderators")
    ban = bans.put_on("troll@example.org", "forever", "insults", user=moderator)
    client.force_login(moderator)
    client.post(BANS, {"action": "lift", "_selected_action": [ban.pk], "index": 0})
    ban.refresh_from_db()
    assert ban.lifted_at is not None
    log = list(Decision.objects.filter(ban=ban).values_list("after", "moderator"))
    assert log == [("banned", moderator.pk), ("lifted", moderator.pk)]
    assert "lifted" in client.get(BANS).content.decode()
    page = client.get(f"{BANS}{ban.pk}/change/").content.decode()
    log = page.split('id="decisions-group"', 1)[1]
    assert "Ban lifted" in log and "Banned" in log and moderator.username in log
    client.logout()
    assert post(client, article, email="troll@example.org").status_code == 302
    assert not bans.lift(ban)  # lifting twice changes nothing


def test_only_moderators_ban_or_lift(client):
    ban = bans.put_on("troll@example.org", "7d", "x")
    client.force_login(make_user("Editors"))
    assert client.get(BANS + "add/").status_code == 403
    response = client.post(
        BANS + "add/", {"target": "a@example.org", "duration": "1d", "reason": "x"}
    )
    assert response.status_code == 403
    client.post(BANS, {"action": "lift", "_selected_action": [ban.pk], "index": 0})
    ban.refresh_from_db()
    assert ban.lifted_at is None
    assert Ban.objects.count() == 1


def test_the_queue_marks_a_banned_commenter(client):
    client.force_login(make_user("Moderators"))
    make_comment(make_article(), email="troll@spam.example", status="pending", body="x y z")
    bans.put_on("spam.example", "7d", "bots")
    html = client.get("/en/admin/comments/comment/").content.decode()
    assert 'class="history-banned"' in html
    assert 'class="history-ban"' not in html  # no second ban offered
