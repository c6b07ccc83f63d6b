from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from articles.demo import demo_loaded
        from newsroom.cache.pages import per_reader_field
        from newsroom.model_text import connect_for_app

        from . import dependencies, parts, replies, stats
        from .demo import add_demo_comments
        from .tokens import issue_token

        connect_for_app(self)

        # A cached page's comment form gets each reader's own form token.
        per_reader_field("form_token", lambda request: issue_token())

        # Which cached pages a change to comments and the disclaimer touches (newsroom.cache).
        dependencies.connect()
        # The moderators' figures are counted again after each decision.
        stats.connect()

        # A published reply emails the comment's author, when they asked (comments/replies.py).
        replies.connect()

        # The comments block, refreshed alone in a cached story page (newsroom.cache.parts).
        parts.connect()

        # The demo newsroom's reader comments (make run).
        demo_loaded.connect(add_demo_comments, dispatch_uid="comments.demo")
