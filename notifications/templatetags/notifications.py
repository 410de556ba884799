from django import template

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context):
    """The bell of the header: the unread count, from the database."""
    user = context["user"]
    return {"unread": unread_count(user) if user.is_authenticated else 0}
