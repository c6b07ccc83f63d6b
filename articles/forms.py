"""Forms of the editors' desk."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from newsroom.text import arabic_slugify

from . import saving
from .image_metadata import strip_private_metadata
from .models import Article, Author, Tag
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
    minor_correction = forms.BooleanField(
        label=_("Minor correction"),
        required=False,
        help_text=_("A typo fix: do not change the story’s “last updated” time."),
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

    def clean(self):
        cleaned = super().clean()
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
        return cleaned

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
