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

        from . import live

        # Live updates touch their story's live key (and its card's, for key events).
        live.connect()

        from .demo import demo_loaded
        from .demo.live import add_live_coverage

        # The demo newsroom's live story (make run).
        demo_loaded.connect(add_live_coverage, dispatch_uid="articles.demo.live")
