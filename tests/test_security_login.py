"""Admin login throttling (django-axes) and staff password strength."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import make_user

LOGIN = "/en/admin/login/?next=/en/admin/"
PASSWORD = "pw-Xy7!secret"
LIMIT = 5


WRONG = "wrong-password"


def attempt(username, password=WRONG, ip="203.0.113.7", login=LOGIN):
    return Client(REMOTE_ADDR=ip).post(login, {"username": username, "password": password})


@pytest.mark.django_db
def test_account_locks_after_repeated_failures_even_with_the_right_password(settings):
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    editor = make_user("Editors")
    for _ in range(LIMIT - 1):
        response = attempt(editor.username)
        assert response.status_code == 200  # the form again, with its error
    locked = attempt(editor.username)
    assert locked.status_code == 429
    assert "Too many failed login attempts" in locked.text
    assert locked["Retry-After"] == "900"
    # The right password no longer helps while the lock holds.
    again = attempt(editor.username, PASSWORD)
    assert again.status_code == 429
    assert "_auth_user_id" not in again.client.session


@pytest.mark.django_db
def test_failures_from_elsewhere_do_not_keep_an_editor_out():
    """A script failing from many addresses cannot lock the desk out during breaking news."""
    editor = make_user("Editors")
    for n in range(LIMIT * 2):
        attempt(editor.username, ip=f"198.51.100.{n + 1}")
    response = attempt(editor.username, PASSWORD, ip="192.0.2.99")
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"


@pytest.mark.django_db
def test_the_lock_holds_for_the_address_that_failed():
    editor = make_user("Editors")
    for _ in range(LIMIT):
        attempt(editor.username, ip="198.51.100.1")
    assert attempt(editor.username, PASSWORD, ip="198.51.100.1").status_code == 429
    assert attempt(editor.username, PASSWORD, ip="192.0.2.99").status_code == 302


@pytest.mark.django_db
def test_address_locks_after_failures_on_many_accounts():
    victim = make_user("Editors")
    for n in range(LIMIT):
        attempt(f"guess{n}", ip="203.0.113.50")
    response = attempt(victim.username, PASSWORD, ip="203.0.113.50")
    assert response.status_code == 429
    # Another address logs the same account in normally.
    elsewhere = attempt(victim.username, PASSWORD, ip="203.0.113.51")
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_lock_lifts_after_the_cool_off():
    editor = make_user("Editors")
    for _ in range(LIMIT):
        attempt(editor.username)
    assert attempt(editor.username, PASSWORD).status_code == 429
    for row in AccessAttempt.objects.all():
        row.attempt_time -= timedelta(minutes=16)
        row.save()
    response = attempt(editor.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"


@pytest.mark.django_db
def test_success_resets_the_failure_count():
    editor = make_user("Editors")
    for _ in range(LIMIT - 1):
        attempt(editor.username)
    assert attempt(editor.username, PASSWORD).status_code == 302
    for _ in range(LIMIT - 1):
        assert attempt(editor.username).status_code == 200


@pytest.mark.django_db
def test_lockout_page_speaks_arabic():
    editor = make_user("Editors")
    for _ in range(LIMIT):
        response = attempt(editor.username, login="/ar/admin/login/")
    assert response.status_code == 429
    assert '<html lang="ar" dir="rtl">' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("weak", ["12345678901", "password123", "short1!", "newsdesk-editor"])
def test_staff_account_with_a_weak_password_is_refused(client, weak):
    admin = make_user(superuser=True)
    client.force_login(admin)
    response = client.post(
        "/en/admin/auth/user/add/",
        {
            "username": "newsdesk-editor",
            "usable_password": "true",
            "password1": weak,
            "password2": weak,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newsdesk-editor").exists()
    assert "errorlist" in response.text


@pytest.mark.django_db
def test_staff_account_with_a_strong_password_is_created(client):
    admin = make_user(superuser=True)
    client.force_login(admin)
    strong = "Cedar-Harbour-47-quiet"
    response = client.post(
        "/en/admin/auth/user/add/",
        {
            "username": "newsdesk",
            "usable_password": "true",
            "password1": strong,
            "password2": strong,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="newsdesk").check_password(strong)


@pytest.mark.django_db
def test_staff_password_change_refuses_a_weak_password(client):
    editor = make_user("Editors")
    client.force_login(editor)
    response = client.post(
        "/en/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "abc12345", "new_password2": "abc12345"},
    )
    assert response.status_code == 200
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
