"""Forms of the editors' desk."""

from datetime import timedelta

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from newsroom.dates import desk_time
from newsroom.text import arabic_slugify

from . import checklist, corrections, presence, saving
from .desk import city
from .image_metadata import strip_private_metadata
from .models import Article, Author, Tag
from .sanitize import sanitize_html
from .tags import existing_spelling
from .validators import validate_image
from .widgets import TagAutocompleteWidget


class VerifiedImageField(forms.ImageField):
    """An image field that checks size, pixel count and real format before Django's own check.

    Running first gives a clear message for an oversized picture or a
    decompression bomb instead of Django's generic "not a valid image". The kept file
    has lost its location and device metadata.
    """

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            validate_image(data)
            data = strip_private_metadata(data)
        return super().to_python(data)


class ArticleAdminForm(forms.ModelForm):
    #: When the story was last saved as this editor loaded it: a newer save is not overwritten.
    loaded_at = forms.CharField(required=False, widget=forms.HiddenInput)
    minor_correction = forms.BooleanField(
        label=_("Minor correction"),
        required=False,
        help_text=_("A typo fix: do not change the story’s “last updated” time."),
    )
    correction_note = forms.CharField(
        label=_("Correction note"),
        required=False,
        max_length=corrections.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For a published story that was wrong: say what was wrong and what is right. "
            "Readers see it at the end of the story and on the corrections page. Not for a "
            "minor correction."
        ),
    )
    take_over_old_address = forms.BooleanField(
        label=_("Take over an old address"),
        required=False,
        help_text=_(
            "The slug is a published story’s old address. Tick to use it anyway: readers "
            "keep being sent to that story until this one is published."
        ),
    )

    #: Set by the admin for the request's user: may they change this other story?
    may_change = None

    def clean_translation(self):
        translation = self.cleaned_data.get("translation")
        if self.may_change is None:
            return translation
        story = Article.objects.get(pk=self.instance.pk) if self.instance.pk else Article()
        story.translation = translation
        for other in saving.translation_changes(story):
            if not self.may_change(other):
                raise forms.ValidationError(
                    _(
                        "Pairing these stories also changes “%(headline)s”, which you cannot "
                        "edit. Ask an editor to pair them."
                    ),
                    params={"headline": other.headline},
                    code="translation_not_yours",
                )
        return translation

    def _check_old_address(self, cleaned) -> None:
        """A slug an old address still holds needs the editor's explicit take-over."""
        slug = arabic_slugify(cleaned.get("slug") or "")
        if slug and not cleaned.get("take_over_old_address"):
            self.instance.language = cleaned.get("language") or self.instance.language
            held = saving.redirect_holding(self.instance, slug)
            if held is not None:
                self.add_error(
                    "slug",
                    _(
                        "This address still leads readers to “%(headline)s”. Choose another "
                        "slug, or tick “Take over an old address” to use it."
                    )
                    % {"headline": held.article.headline},
                )

    def _check_correction(self, cleaned) -> None:
        """A correction note goes with a change readers see, to a story they can see."""
        if not cleaned.get("correction_note", "").strip():
            return
        if cleaned.get("minor_correction"):
            self.add_error(
                "correction_note",
                _(
                    "A minor correction is not announced: untick “Minor correction” or leave "
                    "the note empty."
                ),
            )
        elif not self.instance.pk or not self.instance.is_published:
            self.add_error(
                "correction_note",
                _("Only a story readers can already see is corrected in public."),
            )
        elif cleaned.get("status") != Article.Status.PUBLISHED:
            self.add_error(
                "correction_note",
                _("This save takes the story off the site: a correction note would not be seen."),
            )

    class Meta:
        model = Article
        fields = [
            "language",
            "kicker",
            "headline",
            "slug",
            "standfirst",
            "summary",
            "body",
            "lead_image",
            "lead_image_caption",
            "lead_image_credit",
            "lead_image_alt",
            "section",
            "authors",
            "tags",
            "translation",
            "status",
            "published_at",
            "unpublish_at",
            "comments_enabled",
            "comment_mode",
        ]
        field_classes = {"lead_image": VerifiedImageField}
        widgets = {"tags": TagAutocompleteWidget}
        help_texts = {
            "tags": _(
                "Separate tags with commas (، or ,). A tag may be several words, such as "
                "كرة السلة, with no quotes. Existing tags are offered as you type."
            )
        }

    def __init__(self, *args, **kwargs):
        data = kwargs.get("data", args[0] if args else None)
        if data is not None and "_publish" in data:
            # The publish box's button: this save makes the story published (the field's
            # choices still refuse it to anyone without the right to publish).
            data = data.copy()
            data["status"] = Article.Status.PUBLISHED
            if "data" in kwargs:
                kwargs["data"] = data
            else:
                args = (data, *args[1:])
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk and self.instance.modified_at:
            self.initial.setdefault("loaded_at", self.instance.modified_at.isoformat())
        if "unpublish_at" in self.fields:
            self.fields["unpublish_at"].help_text = _(
                "Optional, %(city)s time: from then on readers no longer see the story (the "
                "end of an embargo or of a time-limited notice). No job to run."
            ) % {"city": city()}
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "%(city)s time, 24-hour clock. A time in the future schedules the story: "
                "readers see it from then on."
            ) % {"city": city()}

    def clean(self):
        cleaned = super().clean()
        self._check_old_address(cleaned)
        self._check_correction(cleaned)
        starts, ends = cleaned.get("published_at"), cleaned.get("unpublish_at")
        if starts and ends and ends <= starts:
            self.add_error(
                "unpublish_at", _("The story must leave the site after it is published.")
            )
        self.checklist = []
        going_live = cleaned.get("status") == Article.Status.PUBLISHED and (
            not self.instance.pk
            or Article.objects.filter(pk=self.instance.pk)
            .exclude(status=Article.Status.PUBLISHED)
            .exists()
        )
        if going_live:
            self.checklist = checklist.problems(cleaned, self.instance)
            if self.checklist and checklist.blocks():
                raise forms.ValidationError(self.checklist)
        self.conflict = stale_save(self)
        if self.conflict:
            self.conflict["yours_headline"] = self.data.get("headline", "")
            self.conflict["yours_body"] = clean_html(self.data.get("body", ""))
            # Saving again, having seen their version, is a deliberate choice.
            data = self.data.copy()
            data["loaded_at"] = self.conflict["stored"].isoformat()
            self.data = data
            raise forms.ValidationError(
                _(
                    "%(name)s saved this story at %(time)s, after you opened it. Their "
                    "version is shown above yours: copy what you need into the form, or "
                    "save again to replace their version with yours."
                )
                % {"name": self.conflict["by"], "time": self.conflict["at"]}
            )
        return cleaned

    def clean_published_at(self):
        """The form shows whole seconds: re-sent unchanged, the stored time stays as it was.

        Without this every save moved a time set by ``timezone.now()`` by its fraction of a
        second, and the story's history showed a change nobody made.
        """
        value = self.cleaned_data.get("published_at")
        stored = self.instance.published_at if self.instance.pk else None
        if value and stored and abs(value - stored) < timedelta(seconds=1):
            return stored
        return value


def stale_save(form) -> dict | None:
    """Someone else's save since ``form``'s editor loaded the story: who, when, what."""
    instance = form.instance
    loaded = parse_datetime(form.cleaned_data.get("loaded_at") or "")
    if not instance.pk or loaded is None:
        return None
    theirs = Article.objects.filter(pk=instance.pk, modified_at__gt=loaded).first()
    if theirs is None:
        return None
    record = theirs.history.order_by("-history_date").select_related("history_user").first()
    user = record.history_user if record else None
    return {
        "stored": theirs.modified_at,
        "by": presence.display_name(user) if user else _("Someone"),
        "at": desk_time(theirs.modified_at),
        "theirs": theirs,
        "theirs_body": clean_html(theirs.body),
    }


def clean_html(html: str):
    """Story HTML safe to show in the desk: sanitised the way saving sanitises it."""
    return mark_safe(sanitize_html(html))


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        self.instance.name = name
        same = existing_spelling(self.instance)
        if same is not None:
            raise forms.ValidationError(
                _("This is another spelling of the existing tag “%(tag)s”. Use that tag instead."),
                params={"tag": same.name},
                code="tag_spelling",
            )
        return name


class AuthorAdminForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ["name_ar", "name_en", "slug", "bio_ar", "bio_en", "photo", "user"]
        field_classes = {"photo": VerifiedImageField}
