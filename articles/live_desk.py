"""The desk's live page for a story: a compact "new update" form above the stream.

Built for a phone: one form, one tap to post, and the page comes back with the form empty
for the next update. Editors switch a story to live, close it, and allow writers to post
to it; every route checks its permission on the server (``articles.live``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from . import live
from .models import LiveUpdate


class LiveUpdateForm(forms.ModelForm):
    class Meta:
        model = LiveUpdate
        fields = ["title", "body", "key_event", "pinned"]


class LiveDeskMixin:
    """The live page, posting, editing and removing updates, and the coverage switches."""

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            path("<path:object_id>/live/", view(self.live_view), name="articles_article_live"),
            path(
                "<path:object_id>/live/coverage/",
                view(self.live_coverage_view),
                name="articles_article_live_coverage",
            ),
            path(
                "<path:object_id>/live/<int:update_id>/",
                view(self.live_update_view),
                name="articles_article_live_update",
            ),
            path(
                "<path:object_id>/live/<int:update_id>/remove/",
                view(self.live_remove_view),
                name="articles_article_live_remove",
            ),
        ]
        return [*urls, *super().get_urls()]

    # -- helpers --

    def _live_story(self, request, object_id):
        story = self.get_object(request, unquote(object_id))
        if story is None:
            raise Http404
        if not self.has_view_or_change_permission(request, story):
            raise PermissionDenied
        return story

    def _live_update(self, request, story, update_id) -> LiveUpdate:
        update = get_object_or_404(
            LiveUpdate.objects.visible().select_related("article"),
            pk=update_id,
            article=story,
        )
        if not live.may_change(request.user, update):
            raise PermissionDenied
        return update

    def _live_url(self, story) -> str:
        return reverse("admin:articles_article_live", args=[story.pk])

    def _live_context(self, request, story, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "story": story,
            "title": _("Live coverage: %(headline)s") % {"headline": story.headline},
            **extra,
        }

    # -- views --

    def live_view(self, request, object_id):
        """GET: the form and the stream. POST: post an update, then the page again, empty."""
        story = self._live_story(request, object_id)
        may_post = live.may_post(request.user, story)
        form = None
        if may_post:
            form = LiveUpdateForm(request.POST or None, instance=LiveUpdate(article=story))
            if request.method == "POST" and form.is_valid():
                live.save_update(form.instance, request.user)
                messages.success(request, _("Update posted."))
                return HttpResponseRedirect(self._live_url(story))
        elif request.method == "POST":
            raise PermissionDenied
        updates = list(
            story.live_updates.visible().select_related("author").order_by("-created_at", "-pk")
        )
        for update in updates:
            update.article = story
            update.changeable = live.may_change(request.user, update)
        removed = story.live_updates.filter(removed_at__isnull=False).select_related("removed_by")
        context = self._live_context(
            request,
            story,
            form=form,
            updates=updates,
            removed=list(removed.order_by("-removed_at")),
            may_run=live.may_run_coverage(request.user),
            media=form.media if form else forms.Media(),
        )
        return TemplateResponse(request, "admin/articles/article/live.html", context)

    def live_update_view(self, request, object_id, update_id):
        """Edit one update: readers see it marked "edited" with the time."""
        story = self._live_story(request, object_id)
        update = self._live_update(request, story, update_id)
        form = LiveUpdateForm(request.POST or None, instance=update)
        if request.method == "POST" and form.is_valid():
            live.save_update(form.instance, request.user)
            messages.success(request, _("Update saved."))
            return HttpResponseRedirect(self._live_url(story))
        context = self._live_context(request, story, form=form, update=update, media=form.media)
        return TemplateResponse(request, "admin/articles/article/live_update.html", context)

    def live_remove_view(self, request, object_id, update_id):
        """Confirm on GET, remove on POST: readers never see the update again."""
        story = self._live_story(request, object_id)
        update = self._live_update(request, story, update_id)
        if request.method == "POST":
            live.remove_update(update, request.user)
            messages.success(request, _("Update removed."))
            return HttpResponseRedirect(self._live_url(story))
        context = self._live_context(request, story, update=update)
        return TemplateResponse(request, "admin/articles/article/live_remove.html", context)

    def live_coverage_view(self, request, object_id):
        """Start, close or reopen the coverage, or set whether writers may post (editors)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self._live_story(request, object_id)
        if not live.may_run_coverage(request.user):
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "open":
            live.open_coverage(story, request.user)
            messages.success(
                request, _("The story is live: readers' pages now follow its updates.")
            )
        elif action == "close":
            live.close_coverage(story, request.user)
            messages.success(request, _("Live coverage closed. Its updates stay on the story."))
        elif action in ("writers", "editors"):
            live.allow_writers(story, request.user, action == "writers")
            messages.success(request, _("Who may post updates was saved."))
        else:
            messages.error(request, _("Unknown action."))
        return HttpResponseRedirect(self._live_url(story))
