"""The editors' publishing desk.

Publishing is the custom permission ``articles.publish_article``. It is checked
on the server in every route that can make a story public or take it down: the
change form, the revert-from-history form and each action. Hiding a button is
never the only guard.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from taggit.models import Tag as TaggitTag

from newsroom import dates
from newsroom.admin import ControlCharactersAdminMixin
from newsroom.admin_search import NormalisedSearchMixin
from newsroom.text import normalise

from . import corrections
from .desk import DeskStoryMixin
from .forms import ArticleAdminForm, AuthorAdminForm, TagAdminForm
from .history import MINOR_CORRECTION
from .live_desk import LiveDeskMixin
from .models import Article, Author, Section, Tag
from .notes import NoteInline
from .search import matching

PUBLISH_PERM = "articles.publish_article"
#: States only someone who may publish can put a story in, or take it out of.
PUBLISHING_STATES = {Article.Status.PUBLISHED, Article.Status.UNPUBLISHED}
#: States a writer's own story may be in while the writer still edits it.
WRITER_STATES = {Article.Status.DRAFT, Article.Status.REVIEW}
TAG_SUGGESTIONS = 10


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERM)


# The newsroom's tags are ``articles.Tag``; taggit's own model stays empty, so its admin
# would only confuse the desk.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Section)
class SectionAdmin(ControlCharactersAdminMixin, admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Author)
class AuthorAdmin(ControlCharactersAdminMixin, admin.ModelAdmin):
    form = AuthorAdminForm
    list_display = ["name_ar", "name_en", "slug", "user"]
    list_select_related = ["user"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["user"]


@admin.register(Tag)
class TagAdmin(ControlCharactersAdminMixin, NormalisedSearchMixin, admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug"]
    search_fields = ["name", "normalised"]
    readonly_fields = ["normalised"]
    # الاردن finds الأردن: compare the normalised spelling too.
    normalised_search_field = "normalised"


@admin.register(Article)
class ArticleAdmin(
    ControlCharactersAdminMixin,
    LiveDeskMixin,
    DeskStoryMixin,
    NormalisedSearchMixin,
    SimpleHistoryAdmin,
):
    form = ArticleAdminForm
    list_display = [
        "headline",
        "language",
        "section",
        "desk_status",
        "published_local",
        "updated_local",
        "author_names",
        "notes_col",
    ]
    list_filter = ["status", "language", "section", "published_at"]
    search_fields = ["headline", "kicker", "standfirst", "slug"]

    def normalised_matches(self, queryset, term):
        # Through the full-text index, so الاسد finds الأسد. Editors find drafts too:
        # every story is indexed whatever its status.
        return matching(queryset, term)

    date_hierarchy = "published_at"
    list_select_related = ["section"]
    list_per_page = 100
    show_full_result_count = False
    autocomplete_fields = ["section", "authors", "translation"]
    readonly_fields = ["created_at", "updated_at", "created_by", "published_corrections"]
    actions = ["publish_now", "schedule", "send_to_review", "unpublish"]
    inlines = [NoteInline]
    fieldsets = [
        (
            _("Story"),
            {"fields": ["language", "kicker", "headline", "slug", "standfirst", "summary", "body"]},
        ),
        (
            _("Media"),
            {"fields": ["lead_image", "lead_image_caption", "lead_image_credit", "lead_image_alt"]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "breaking_until",
                    "unpublish_at",
                    "minor_correction",
                    "correction_note",
                    "published_corrections",
                    "comments_enabled",
                    "comment_mode",
                    "created_at",
                    "updated_at",
                    "created_by",
                ]
            },
        ),
        (_("Placement"), {"fields": ["section", "authors", "tags", "translation"]}),
    ]

    class Media:
        js = ["js/admin/article-form.js"]
        css = {"all": ["css/admin/article-form.css", "css/admin/editor.css"]}

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("authors")
        match = request.resolver_match
        if match and match.url_name and match.url_name.endswith("_changelist"):
            # The list shows no bodies: leave them, and the search columns, in the table.
            queryset = queryset.defer("body", "search_text", "search_vector")
        return queryset

    @admin.display(description=_("authors"))
    def author_names(self, obj):
        return "، ".join(a.name for a in obj.authors.all())

    @admin.display(description=_("status"), ordering="status")
    def desk_status(self, obj):
        """The status, with "Scheduled" for a published story whose time has not come, and
        flags on a live story and on a translation whose original changed since."""
        label = obj.get_status_display()
        if obj.status == Article.Status.PUBLISHED and not obj.is_published:
            ended = obj.unpublish_at and obj.unpublish_at <= timezone.now()
            label = _("Ended") if ended else _("Scheduled")
        if obj.is_live:
            label = format_html('{} <span class="desk-flag">{}</span>', label, _("live"))
        if obj.translation_outdated:
            return format_html(
                '{} <span class="desk-flag">{}</span>', label, _("translation out of date")
            )
        return label

    @admin.display(description=_("published corrections"))
    def published_corrections(self, obj):
        """What readers are told was corrected: added, never edited (``articles.corrections``)."""
        notes = obj.corrections.all() if obj and obj.pk else ()
        if not notes:
            return "—"
        return format_html_join(
            "", "<p>{} — {}</p>", ((dates.desk_time(n.created_at), n.text) for n in notes)
        )

    @admin.display(description=_("published"), ordering="published_at")
    def published_local(self, obj):
        return dates.desk_time(obj.published_at)

    @admin.display(description=_("last updated"), ordering="updated_at")
    def updated_local(self, obj):
        return dates.desk_time(obj.updated_at)

    # -- Tag autocomplete --

    def get_urls(self):
        suggest = path(
            "tag-suggestions/",
            self.admin_site.admin_view(self.tag_suggestions_view),
            name="articles_article_tag_suggestions",
        )
        return [suggest, *super().get_urls()]

    def tag_suggestions_view(self, request):
        """Existing tags whose normalised name contains what the editor typed (JSON)."""
        if not (request.user.has_perm("articles.view_tag") and self.has_view_permission(request)):
            raise PermissionDenied
        key = normalise(request.GET.get("q", ""))
        if not key:
            return JsonResponse({"results": []})
        tags = list(
            Tag.objects.filter(normalised__contains=key).order_by("name")[: TAG_SUGGESTIONS * 3]
        )
        # Tags that start with the typed text come first.
        tags.sort(key=lambda tag: not tag.normalised.startswith(key))
        results = [{"name": tag.name, "slug": tag.slug} for tag in tags[:TAG_SUGGESTIONS]]
        return JsonResponse({"results": results})

    # -- Roles: writers edit their own unpublished stories and never publish. --

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        return obj.created_by_id == request.user.pk and obj.status in WRITER_STATES

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        admin = self

        class DeskForm(form):
            def may_change(self, story):
                return admin.has_change_permission(request, story)

        return DeskForm

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += ["published_at", "unpublish_at", "breaking_until"]
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [(s.value, s.label) for s in Article.Status if s in WRITER_STATES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = getattr(request.user, "author", None)
        if author is not None:
            initial.setdefault("authors", [author.pk])
        return initial

    def save_model(self, request, obj, form, change):
        if not can_publish(request.user):
            before = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            if obj.status in PUBLISHING_STATES or before in PUBLISHING_STATES:
                raise PermissionDenied
        if not change:
            obj.created_by = request.user
        obj.minor_correction = form.cleaned_data.get("minor_correction", False)
        if obj.minor_correction:
            obj._change_reason = MINOR_CORRECTION
        super().save_model(request, obj, form, change)
        corrections.add(obj, form.cleaned_data.get("correction_note"), request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting writes the current story: the writer's rules apply to it, not the old one."""
        if request.method == "POST":
            current = self.get_object(request, object_id)
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # -- Actions: each checks the permission it needs, on the server. --

    def _bulk_save(self, request, articles, status, done_message, *, publish_time=None):
        """Give each story ``status`` (through ``save``, so history and redirects follow),
        then tell the editor how many: ``done_message(n)`` is a translated plural."""
        for article in articles:
            article.status = status
            if publish_time is not None:
                article.published_at = publish_time
            article._history_user = request.user
            article.save()
        count = len(articles)
        self.message_user(request, done_message(count) % {"n": count}, messages.SUCCESS)

    def confirm_action(self, request, stories, action, label, question):
        """The page asking before stories go live or come down; None once confirmed."""
        if request.POST.get("confirmed") == "yes":
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": label,
            "label": label,
            "question": question,
            "action": action,
            "stories": stories,
        }
        return TemplateResponse(request, "admin/articles/article/action_confirmation.html", context)

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        if not can_publish(request.user):
            raise PermissionDenied
        now = timezone.now()
        # A story already live keeps its original publication time.
        pending = [a for a in queryset if not a.is_published]
        question = ngettext(
            "Publish this story now? Readers will see it at once.",
            "Publish these %(n)d stories now? Readers will see them at once.",
            len(pending),
        ) % {"n": len(pending)}
        if pending and (
            page := self.confirm_action(request, pending, "publish_now", _("Publish now"), question)
        ):
            return page
        self._bulk_save(
            request,
            pending,
            Article.Status.PUBLISHED,
            lambda n: ngettext("%(n)d story published.", "%(n)d stories published.", n),
            publish_time=now,
        )

    @admin.action(description=_("Schedule at the set publication time"), permissions=["publish"])
    def schedule(self, request, queryset):
        if not can_publish(request.user):
            raise PermissionDenied
        now = timezone.now()
        if queryset.exclude(published_at__gt=now).exists():
            self.message_user(
                request,
                _(
                    "Set a publication time in the future on every selected story "
                    "before scheduling it."
                ),
                messages.ERROR,
            )
            return
        self._bulk_save(
            request,
            list(queryset),
            Article.Status.PUBLISHED,
            lambda n: ngettext("%(n)d story scheduled.", "%(n)d stories scheduled.", n),
        )

    @admin.action(description=_("Send to review"), permissions=["change"])
    def send_to_review(self, request, queryset):
        articles = list(queryset)
        if any(not self.has_change_permission(request, a) for a in articles):
            raise PermissionDenied
        if not can_publish(request.user) and any(a.status in PUBLISHING_STATES for a in articles):
            raise PermissionDenied
        self._bulk_save(
            request,
            articles,
            Article.Status.REVIEW,
            lambda n: ngettext("%(n)d story sent to review.", "%(n)d stories sent to review.", n),
        )

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        if not can_publish(request.user):
            raise PermissionDenied
        articles = list(queryset.filter(status=Article.Status.PUBLISHED))
        question = ngettext(
            "Unpublish this story? Readers will get “not found” at its address.",
            "Unpublish these %(n)d stories? Readers will get “not found” at their addresses.",
            len(articles),
        ) % {"n": len(articles)}
        if articles and (
            page := self.confirm_action(request, articles, "unpublish", _("Unpublish"), question)
        ):
            return page
        self._bulk_save(
            request,
            articles,
            Article.Status.UNPUBLISHED,
            lambda n: ngettext("%(n)d story unpublished.", "%(n)d stories unpublished.", n),
        )
