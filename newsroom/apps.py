from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import roles

        post_migrate.connect(roles.sync_roles, dispatch_uid="newsroom.sync_roles")

        # Purges of the HTTP cache in front follow each committed change (newsroom.cache).
        from .cache import purge  # noqa: F401
