from django import template

from ..models import MissionStatus

register = template.Library()


@register.simple_tag
def mission_statuses():
    return MissionStatus.choices


@register.filter
def percent(value):
    """0.734 -> 73 (for facility shares); None stays empty."""
    if value is None:
        return ""
    return round(value * 100)


@register.filter
def contains(collection, item):
    return item in (collection or ())
