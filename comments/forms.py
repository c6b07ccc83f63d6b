from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.text import clean_user_text, is_blank

from .models import Comment
from .tokens import TokenProblem, check_token

TOKEN_MESSAGES = {
    TokenProblem.TOO_FAST: _("That was very quick. Please check your comment and send it again."),
    TokenProblem.TOO_OLD: _(
        "This form has expired. Your text is kept below: please send it again."
    ),
    TokenProblem.TAMPERED: _(
        "We could not verify this form. Your text is kept below: please send it again."
    ),
}


class CleanCharField(forms.CharField):
    """A CharField that NFC-normalises, strips bidi controls and refuses invisible-only text."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_user_text(value).strip() if value else value

    def validate(self, value):
        super().validate(value)
        if self.required and is_blank(value):
            raise ValidationError(self.error_messages["required"], code="required")


def email_field(*, help_text) -> forms.EmailField:
    """A reader's email address, as every reader-facing form asks for it."""
    return forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=help_text,
        error_messages={"required": _("Please enter your email address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )


class CommentForm(forms.Form):
    name = CleanCharField(
        label=_("Name"),
        max_length=80,
        error_messages={"required": _("Please enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    email = email_field(help_text=_("Required, never shown."))
    body = CleanCharField(
        label=_("Comment"),
        strip=False,
        error_messages={"required": _("Please write a comment.")},
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    notify = forms.BooleanField(label=_("Email me when my comment is decided"), required=False)
    notify_replies = forms.BooleanField(
        label=_("Email me when someone replies (after you confirm your address)"), required=False
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # The honeypot: hidden from people by CSS, filled by naive bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.article = article
        self.max_length = settings.COMMENTS_MAX_LENGTH
        # No maxlength: the browser would cut a pasted comment silently. The page counts
        # characters as the reader types (js/comment-count.js) and the server says what is over.
        self.fields["body"].widget.attrs["data-max-chars"] = str(self.max_length)
        self.fields["body"].help_text = _("Plain text, up to %(count)s characters.") % {
            "count": self.max_length
        }
        self.parent_comment = None

    def clean_name(self):
        # One line: a name never carries line breaks or runs of spaces.
        return " ".join(self.cleaned_data["name"].split())

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > self.max_length:
            raise ValidationError(
                gettext("Please shorten your comment to %(limit)s characters (it has %(count)s).")
                % {"limit": self.max_length, "count": len(body)},
                code="max_length",
            )
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id or self.article is None:
            return None
        parent = (
            Comment.objects.approved()
            .filter(pk=parent_id, article=self.article)
            .only("pk", "parent_id", "name")
            .first()
        )
        if parent is None:
            raise ValidationError(
                _(
                    "The comment you are replying to is not available. "
                    "Send again to post yours as a new comment."
                )
            )
        # One level of replies: a reply to a reply joins its parent's thread.
        self.parent_comment = parent
        return parent.parent_id or parent.pk

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(
                _("Your comment could not be sent. Please leave the last field empty."),
                code="honeypot",
            )
        problem = check_token(self.data.get("form_token"))
        if problem is not None:
            raise ValidationError(TOKEN_MESSAGES[problem], code=f"token_{problem.value}")
        return cleaned
