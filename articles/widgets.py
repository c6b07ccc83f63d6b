"""Widgets of the editors' desk."""

from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from taggit.forms import TagWidget


class TagAutocompleteWidget(TagWidget):
    """taggit's comma-separated text box, offering existing tags as the editor types.

    ``static/js/admin/article-form.js`` asks the desk's tag-suggestion endpoint
    (which matches Arabic spelling variants through ``newsroom.text.normalise``)
    and lists the answers under the box.
    """

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "class": "vTextField", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        try:
            widget_attrs["data-suggest-url"] = reverse("admin:articles_article_tag_suggestions")
        except NoReverseMatch:  # outside the admin: a plain text box still works
            return context
        widget_attrs["data-tag-autocomplete"] = ""
        widget_attrs["aria-autocomplete"] = "list"
        if widget_attrs.get("id"):
            widget_attrs["aria-controls"] = f"{widget_attrs['id']}_suggestions"
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        widget_id = (attrs or {}).get("id") or self.attrs.get("id")
        if not widget_id:
            return html
        # One box holding the input and its list, so the list opens under the input.
        return format_html(
            '<div class="tag-box">{}<ul class="tag-suggestions" id="{}_suggestions" '
            'role="listbox" aria-label="{}" hidden></ul></div>',
            html,
            widget_id,
            _("Existing tags"),
        )
