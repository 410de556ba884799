from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def hours_duration(hours):
    """Hours (a Decimal such as 1.5) as a duration: "1 h 30 min"."""
    try:
        return duration(round(float(hours) * 60))
    except (TypeError, ValueError):
        return ""


@register.filter
def duration(minutes):
    """Minutes as people say them: "45 min", "1 h 30 min" (in Korean "1시간 30분")."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    if not rest:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
