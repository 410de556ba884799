"""The continuity part of the dashboard, as ONE context entry: a student's upcoming sessions
with the lead instructor; for mentors, the briefs of the weeks they hold now or next; for the
lead instructor and staff, the way to the radar."""

from django.utils import timezone

from curriculum.models import Role

from .continuity_models import LeadSession

UPCOMING_SHOWN = 3


def dashboard_continuity(user, cohort, roles, weeks):
    """`weeks`: the dashboard's weeks still to end (their mentors prefetched)."""
    entry = {"cohort": cohort, "lead_sessions": [], "briefs": [], "radar": False}
    if Role.STUDENT in roles:
        entry["lead_sessions"] = list(
            LeadSession.objects.upcoming_for_student(user, cohort, timezone.now())[:UPCOMING_SHOWN]
        )
    lead_or_staff = bool(roles & {Role.LEAD_INSTRUCTOR, Role.STAFF}) or user.is_superuser
    # The dashboard's weeks come with their mentors prefetched: no query here.
    entry["briefs"] = [
        week for week in weeks if week is not None and (lead_or_staff or user in week.mentors.all())
    ]
    entry["radar"] = lead_or_staff
    return entry
