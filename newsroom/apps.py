from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import roles

        post_migrate.connect(roles.sync_roles, dispatch_uid="newsroom.sync_roles")

        from . import cache

        # Any change to what readers see makes every cached page stale at once.
        cache.connect_signals()
