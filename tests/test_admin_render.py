"""Every admin page renders for a superuser: a misspelt admin option fails silently otherwise."""

import pytest
from django.contrib import admin
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from articles.models import Tag
from tests.factories import make_article, make_author, make_user

pytestmark = pytest.mark.django_db

MODEL_ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _debug_templates(settings):
    """Template debugging on, so a broken template raises with its details."""
    templates = [dict(t, OPTIONS=dict(t["OPTIONS"])) for t in settings.TEMPLATES]
    for template in templates:
        template["OPTIONS"]["debug"] = True
    return templates


@pytest.fixture
def superuser_client(client, settings):
    client.force_login(make_user(superuser=True))
    story = make_article(tags=["الأردن"], authors=[make_author()])
    assert Tag.objects.exists() and story.pk
    return client


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    "model", [m for m, _ in MODEL_ADMINS], ids=[m._meta.label for m, _ in MODEL_ADMINS]
)
def test_changelist_add_and_change_pages_render(superuser_client, settings, model, language):
    opts = model._meta
    with override_settings(TEMPLATES=_debug_templates(settings)), translation.override(language):
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        # A singleton's changelist may redirect to its only change page: follow it.
        response = superuser_client.get(changelist, follow=True)
        assert response.status_code == 200, changelist
        model_admin = admin.site._registry[model]
        request = response.wsgi_request
        if model_admin.has_add_permission(request):
            assert superuser_client.get(add).status_code == 200, add
        obj = model_admin.get_queryset(request).first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert superuser_client.get(change).status_code == 200, change
            history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
            assert superuser_client.get(history).status_code == 200, history


def test_every_registered_model_was_checked():
    assert len(MODEL_ADMINS) >= 5  # articles' four models and auth's two at least
