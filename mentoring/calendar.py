"""What the mentoring track adds to the user's private calendar feed (competitions/calendar.py),
each in one query: the due times of missions in the cohorts where the user is a student, and the
lead instructor's sessions the user takes part in."""

from django.urls import reverse
from django.utils.translation import gettext as _

from competitions.calendar import CalendarItem
from curriculum.models import Role
from notifications.services import absolute_url

from .continuity_models import LeadSession, SessionKind
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


def lead_session_items(user):
    sessions = (
        LeadSession.objects.concerning(user)
        .select_related("cohort", "lead", "student")
        .order_by("starts_at", "pk")
    )
    return [_lead_session_item(session, user) for session in sessions]


def _lead_session_item(session, user):
    if session.kind == SessionKind.GROUP:
        title = _("Group mentoring: %(topic)s") % {"topic": session.topic}
        people = session.lead.display_name
    else:
        title = _("One-to-one mentoring: %(topic)s") % {"topic": session.topic}
        people = f"{session.lead.display_name} · {session.student.display_name}"
    # The lead opens the session's page (to record it); students find theirs on the dashboard.
    page = (
        reverse("mentoring:lead_session", args=[session.cohort.slug, session.pk])
        if session.lead_id == user.pk
        else "/"
    )
    return CalendarItem(
        uid=f"lead-session-{session.pk}@baton",
        title=title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        description=f"{session.cohort.name} · {people}",
        url=absolute_url(page),
        updated_at=session.updated_at,
    )
