"""Mission due dates in the user's private calendar feed (competitions/calendar.py): every mission
with a due time in the cohorts where the user is a student, in one query."""

from django.utils.translation import gettext as _

from competitions.calendar import CalendarItem
from curriculum.models import Role
from notifications.services import absolute_url

from .models import Mission


def mission_due_items(user):
    missions = (
        Mission.objects.filter(
            due_at__isnull=False,
            week__cohort__memberships__user=user,
            week__cohort__memberships__role=Role.STUDENT,
        )
        .select_related("week__phase", "week__cohort")
        .order_by("due_at", "pk")
    )
    return [
        CalendarItem(
            uid=f"mission-{mission.pk}-due@baton",
            title=_("Mission due: %(title)s") % {"title": mission.title},
            starts_at=mission.due_at,
            description=f"{mission.week.cohort.name} · {mission.week.label} · "
            f"{mission.get_difficulty_display()}",
            url=absolute_url(mission.week.get_absolute_url()),
            updated_at=mission.updated_at,
        )
        for mission in missions
    ]
