"""Forms of the editors' desk."""

from datetime import timedelta

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .desk import city
from .models import Article, Author
from .validators import validate_image
from .widgets import TagAutocompleteWidget


class VerifiedImageField(forms.ImageField):
    """An image field that checks size, pixel count and real format before Django's own check.

    Running first gives a clear message for an oversized picture or a
    decompression bomb instead of Django's generic "not a valid image".
    """

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            validate_image(data)
        return super().to_python(data)


class ArticleAdminForm(forms.ModelForm):
    minor_correction = forms.BooleanField(
        label=_("Minor correction"),
        required=False,
        help_text=_("A typo fix: do not change the story’s “last updated” time."),
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
            "comments_enabled",
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
        super().__init__(*args, **kwargs)
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "%(city)s time, 24-hour clock. A time in the future schedules the story: "
                "readers see it from then on."
            ) % {"city": city()}

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


class AuthorAdminForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ["name_ar", "name_en", "slug", "bio_ar", "bio_en", "photo", "user"]
        field_classes = {"photo": VerifiedImageField}
