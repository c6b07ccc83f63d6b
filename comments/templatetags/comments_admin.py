from django import template

from ..stats import waiting_count

register = template.Library()


@register.simple_tag(takes_context=True)
def comments_waiting(context) -> int | None:
    """How many comments wait, for staff who may see comments; None for everyone else."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("comments.view_comment"):
        return None
    return waiting_count()
