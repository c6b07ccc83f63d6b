"""Autosave and recovery of the story form.

While a story is open the page sends its text every ``AUTOSAVE_SECONDS`` (and when the page
closes) to the desk's autosave address. It is kept in ``Autosave``, one per editor and story,
apart from the story: an autosave never publishes, never reaches readers, search or the
history. Reopening the story, the same editor is offered the autosaved text when it is newer
than the story's last save and differs from it. Saving the story, or discarding the offer,
deletes it.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

from newsroom.dates import desk_time

from .models import Article, Autosave
from .sanitize import sanitize_html

#: The form fields an autosave keeps: the text an editor would hate to type again.
FIELDS = (
    "kicker",
    "headline",
    "standfirst",
    "summary",
    "body",
    "lead_image_caption",
    "lead_image_credit",
    "lead_image_alt",
)
#: The longest a field may be in an autosave (the body's limit is the request's).
MAX_CHARS = 500_000


def interval() -> int:
    return getattr(settings, "DESK_AUTOSAVE_SECONDS", 30)


def store(request, article: Article) -> JsonResponse:
    """Keep the posted text of ``article`` for ``request.user``; or drop it (``discard=1``)."""
    if request.POST.get("discard"):
        Autosave.objects.filter(article=article, user=request.user).delete()
        return JsonResponse({"discarded": True})
    data = {name: request.POST.get(name, "")[:MAX_CHARS] for name in FIELDS}
    saved, _created = Autosave.objects.update_or_create(
        article=article, user=request.user, defaults={"data": data}
    )
    when = desk_time(saved.saved_at)
    message = _("Unsaved changes kept at %(time)s (not published).") % {"time": when}
    return JsonResponse({"saved_at": when, "message": message})


def recovery(article: Article, user) -> dict | None:
    """The autosave to offer ``user`` on opening ``article``, or None."""
    autosave = Autosave.objects.filter(article=article, user=user).first()
    if autosave is None:
        return None
    if article.modified_at and autosave.saved_at <= article.modified_at:
        return None
    kept = {**autosave.data, "body": sanitize_html(autosave.data.get("body", ""))}
    if all(kept.get(name, "") == (getattr(article, name) or "") for name in FIELDS):
        return None
    return {"saved_at": desk_time(autosave.saved_at), "data": autosave.data}


def forget(article: Article, user) -> None:
    """The story is saved: its autosave is no longer news."""
    Autosave.objects.filter(article=article, user=user).delete()
