"""Control characters never reach the database: every text field is cleaned on save.

Each app connects ``strip_controls_before_save`` for its own models in
``AppConfig.ready()``; the admin's ``ControlCharactersAdminMixin`` (newsroom/admin.py)
tells the editor which fields lost something.
"""

from django.db import models

from .text import strip_control_characters


def clean_text_fields(instance) -> list[str]:
    """Remove control characters from ``instance``'s text fields; the names of those changed."""
    changed = []
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if not isinstance(value, str):
            continue
        cleaned = strip_control_characters(value, multiline=isinstance(field, models.TextField))
        if cleaned != value:
            setattr(instance, field.attname, cleaned)
            changed.append(field.name)
    return changed


def strip_controls_before_save(sender, instance, raw=False, **kwargs):
    if not raw:  # fixtures are loaded as they are
        clean_text_fields(instance)


def connect_for_app(app_config) -> None:
    """Clean every model of ``app_config`` (and its history models) before each save."""
    for model in app_config.get_models():
        models.signals.pre_save.connect(
            strip_controls_before_save,
            sender=model,
            dispatch_uid=f"strip_controls:{model._meta.label}",
        )
