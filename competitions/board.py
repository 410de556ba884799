"""The schedule board of one competition: teams and mentors against its days (no query per row)."""

import dataclasses
import datetime

from django.utils import timezone

from .models import AvailabilityWindow, LiveLectureHours, Session, Team
from .services import late_cutoff, package_slots

MAX_DAYS = 62


@dataclasses.dataclass
class Row:
    label: str
    cells: list
    flagged: bool = False
    booked: int = 0


def competition_days(competition):
    first = timezone.localtime(competition.starts_at).date()
    last = timezone.localtime(competition.deadline_at).date()
    count = min((last - first).days + 1, MAX_DAYS)
    return [first + datetime.timedelta(days=n) for n in range(count)]


def board_context(competition, now=None):
    now = now or timezone.now()
    days = competition_days(competition)
    teams = list(competition.teams.prefetch_related("mentors").order_by("name"))
    sessions = list(
        Session.objects.filter(competition=competition)
        .select_related("team", "mentor")
        .order_by("starts_at")
    )
    cutoff = late_cutoff(competition)
    for session in sessions:
        session.late = session.starts_at >= cutoff
    scheduled = [s for s in sessions if not s.is_cancelled]
    flagged = set(Team.objects.without_session_by(competition).values_list("pk", flat=True))
    mentors = {m.pk: m for team in teams for m in team.mentors.all()}
    count, minutes = package_slots(competition)
    checkpoint = competition.starts_at + (competition.deadline_at - competition.starts_at) * 0.6
    return {
        "days": days,
        "team_rows": _rows(teams, scheduled, days, "team_id", flagged, lambda t: t.name),
        "mentor_rows": _rows(
            sorted(mentors.values(), key=lambda m: m.display_name),
            scheduled,
            days,
            "mentor_id",
            set(),
            lambda m: m.display_name,
        ),
        "sessions": sessions,
        "windows": list(
            AvailabilityWindow.objects.filter(competition=competition)
            .select_related("mentor")
            .order_by("starts_at")
        ),
        "lecture_hours": list(LiveLectureHours.objects.filter(cohort_id=competition.cohort_id)),
        "late_cutoff": cutoff,
        "checkpoint": checkpoint,
        "package": (count, minutes),
        "flagged_count": len(flagged),
        "today": timezone.localdate(now),
    }


def _rows(objects, sessions, days, key, flagged, label):
    index = {day: n for n, day in enumerate(days)}
    rows = {}
    for obj in objects:
        rows[obj.pk] = Row(label=label(obj), cells=[[] for _ in days], flagged=obj.pk in flagged)
    for session in sessions:
        row = rows.get(getattr(session, key))
        position = index.get(timezone.localtime(session.starts_at).date())
        if row is None or position is None:
            continue
        row.cells[position].append(session)
        row.booked += 1
    return list(rows.values())
