from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import Article, Author, Section, Tag

PUBLISH_PERM = "articles.publish_article"


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERM)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_en", "slug", "user"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["user"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "normalized"]
    readonly_fields = ["normalized"]


class ArticleAdminForm(forms.ModelForm):
    minor_correction = forms.BooleanField(
        label=_("Minor correction"),
        required=False,
        help_text=_("A typo fix: do not change the story's “last updated” time."),
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin fieldsets choose the fields


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline",
        "language",
        "section",
        "status",
        "published_local",
        "updated_local",
        "author_names",
    ]
    list_filter = ["status", "language", "section", "published_at"]
    search_fields = ["headline", "kicker", "standfirst", "slug"]
    date_hierarchy = "published_at"
    list_select_related = ["section"]
    list_per_page = 50
    show_full_result_count = False
    autocomplete_fields = ["section", "authors", "translation"]
    readonly_fields = ["created_at", "updated_at", "created_by"]
    actions = ["publish_now", "schedule", "send_to_review", "unpublish"]
    fieldsets = [
        (_("Story"), {"fields": ["language", "kicker", "headline", "slug", "standfirst",
                                  "summary", "body"]}),
        (_("Media"), {"fields": ["lead_image", "lead_image_caption", "lead_image_credit",
                                  "lead_image_alt"]}),
        (_("Placement"), {"fields": ["section", "authors", "tags", "translation"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "minor_correction",
                                       "comments_enabled", "created_at", "updated_at",
                                       "created_by"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description=_("authors"))
    def author_names(self, obj):
        return "، ".join(a.name for a in obj.authors.all())

    @admin.display(description=_("published"), ordering="published_at")
    def published_local(self, obj):
        if not obj.published_at:
            return "—"
        return date_format(timezone.localtime(obj.published_at), "Y-m-d H:i")

    @admin.display(description=_("last updated"), ordering="updated_at")
    def updated_local(self, obj):
        if not obj.updated_at:
            return "—"
        return date_format(timezone.localtime(obj.updated_at), "Y-m-d H:i")

    # -- Roles: writers edit their own unpublished stories and never publish. --

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        return obj.created_by_id == request.user.pk and obj.status in (
            Article.Status.DRAFT,
            Article.Status.REVIEW,
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields.append("published_at")
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [
                (Article.Status.DRAFT, Article.Status.DRAFT.label),
                (Article.Status.REVIEW, Article.Status.REVIEW.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = getattr(request.user, "author", None)
        if author is not None:
            initial.setdefault("authors", [author.pk])
        return initial

    def save_model(self, request, obj, form, change):
        publishing_states = {Article.Status.PUBLISHED, Article.Status.UNPUBLISHED}
        if not can_publish(request.user):
            before = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
            if obj.status in publishing_states or before in publishing_states:
                raise PermissionDenied
        if not change:
            obj.created_by = request.user
        obj.minor_correction = form.cleaned_data.get("minor_correction", False)
        super().save_model(request, obj, form, change)

    # -- Actions: each checks the permission it needs, on the server. --

    def _transition(self, request, queryset, status, message, *, publish_time=None):
        count = 0
        for article in queryset:
            article.status = status
            if publish_time is not None:
                article.published_at = publish_time
            article.save()
            count += 1
        self.message_user(request, message(count), messages.SUCCESS)

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._transition(
            request, queryset, Article.Status.PUBLISHED,
            lambda n: ngettext("%(n)d story published.", "%(n)d stories published.", n) % {"n": n},
            publish_time=timezone.now(),
        )

    @admin.action(description=_("Schedule at the set publication time"), permissions=["publish"])
    def schedule(self, request, queryset):
        undated = queryset.filter(published_at__isnull=True)
        if undated.exists():
            self.message_user(
                request,
                _("Set a publication time on every selected story before scheduling it."),
                messages.ERROR,
            )
            return
        self._transition(
            request, queryset, Article.Status.PUBLISHED,
            lambda n: ngettext("%(n)d story scheduled.", "%(n)d stories scheduled.", n)
            % {"n": n},
        )

    @admin.action(description=_("Send to review"), permissions=["change"])
    def send_to_review(self, request, queryset):
        allowed = [a for a in queryset if self.has_change_permission(request, a)]
        if len(allowed) != len(queryset):
            raise PermissionDenied
        self._transition(
            request, Article.objects.filter(pk__in=[a.pk for a in allowed]),
            Article.Status.REVIEW,
            lambda n: ngettext("%(n)d story sent to review.", "%(n)d stories sent to review.", n)
            % {"n": n},
        )

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._transition(
            request, queryset, Article.Status.UNPUBLISHED,
            lambda n: ngettext("%(n)d story unpublished.", "%(n)d stories unpublished.", n)
            % {"n": n},
        )

    def has_publish_permission(self, request):
        return can_publish(request.user)
