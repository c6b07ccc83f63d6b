from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from articles.demo import demo_loaded

        from .demo import add_demo_comments

        demo_loaded.connect(add_demo_comments, dispatch_uid="comments.demo")
