"""The newsroom's staff roles, kept in step with the permissions after every migrate.

Groups are synced on ``post_migrate`` rather than in a one-off data migration,
so a permission added by a later migration (a new model, a new custom
permission) reaches its role without another migration.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

WRITERS = "Writers"
EDITORS = "Editors"
MODERATORS = "Moderators"

# "app_label.*" means every permission of that app.
ROLES: dict[str, list[str]] = {
    WRITERS: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_section",
        "articles.view_author",
        "articles.view_tag",
        "articles.add_tag",
        # Live updates: posted only to stories whose editor allowed writers (articles.live).
        "articles.add_liveupdate",
        "articles.change_liveupdate",
        "articles.view_liveupdate",
    ],
    EDITORS: [
        "articles.*",
        "taggit.*",
        # Editors word the comments disclaimer; commenters' emails and addresses
        # stay with the moderators.
        "comments.change_disclaimer",
        "comments.view_disclaimer",
    ],
    MODERATORS: ["comments.*"],
}
# Deleting is never part of a role: stories are unpublished, comments rejected.
EXCLUDED_ACTIONS = ("delete_",)


def role_permissions(role: str, using: str = DEFAULT_DB_ALIAS):
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    query = Q(pk__in=[])
    for spec in ROLES[role]:
        app_label, codename = spec.split(".", 1)
        if codename == "*":
            query |= Q(content_type__app_label=app_label)
        else:
            query |= Q(content_type__app_label=app_label, codename=codename)
    perms = Permission.objects.using(using).filter(query)
    for prefix in EXCLUDED_ACTIONS:
        perms = perms.exclude(codename__startswith=prefix)
    if role == EDITORS:
        # Editors see comments but do not moderate them.
        perms = perms.exclude(codename__in=["moderate_comment"])
    return perms


def sync_roles(sender=None, using: str = DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    """Create the role groups and set their permissions (idempotent)."""
    if sender is not None and sender.label != "newsroom":
        return
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group

    # Make sure every app's permissions exist before assigning them.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role in ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set(role_permissions(role, using))
