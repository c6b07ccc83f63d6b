from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Stories")

    def ready(self):
        from newsroom.model_text import connect_for_app

        from . import search_index

        connect_for_app(self)
        search_index.connect_receivers()

        from . import dependencies

        # Which cached pages a change to stories, sections, tags or authors touches.
        dependencies.connect()
