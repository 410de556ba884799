"""The schedule board of one competition: teams and mentors against its days (no query per row)."""

import dataclasses
import datetime

from django.utils import timezone

from .models import AvailabilityWindow, LiveLectureHours, Session, Team
from .services import late_cutoff, package_slots

MAX_DAYS = 62
FINAL_WEEK = datetime.timedelta(days=7)


@dataclasses.dataclass
class Day:
    date: datetime.date
    today: bool = False
    final_week: bool = False  # the deadline's day or one of the six before
    late: bool = False  # some of it falls in the last SESSION_LATE_HOURS
    deadline: bool = False


@dataclasses.dataclass
class Row:
    label: str
    cells: list  # (Day, [sessions]) for each day
    mentors: str = ""  # who coaches the team
    flagged: bool = False
    booked: int = 0


def competition_days(competition, now=None):
    first = timezone.localtime(competition.starts_at).date()
    last = timezone.localtime(competition.deadline_at).date()
    count = min((last - first).days + 1, MAX_DAYS)
    today = timezone.localdate(now or timezone.now())
    cutoff = late_cutoff(competition)
    days = []
    for n in range(count):
        date = first + datetime.timedelta(days=n)
        ends = timezone.make_aware(datetime.datetime.combine(date, datetime.time.max))
        days.append(
            Day(
                date=date,
                today=date == today,
                final_week=date > last - FINAL_WEEK,
                late=ends > cutoff,
                deadline=date == last,
            )
        )
    return days


def zones(days):
    """The header's bands over the days, left to right: (kind, number of days), where kind is
    "" (before the deadline week), "final_week" (the deadline week before the late zone) or
    "late" (the days that reach into the last hours)."""
    bands = []
    for day in days:
        kind = "late" if day.late else "final_week" if day.final_week else ""
        if bands and bands[-1][0] == kind:
            bands[-1] = (kind, bands[-1][1] + 1)
        else:
            bands.append((kind, 1))
    return bands


def board_context(competition, *, hide_cancelled=False, now=None):
    now = now or timezone.now()
    days = competition_days(competition, now)
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
    team_rows = _rows(teams, scheduled, days, "team_id", flagged, lambda t: t.name)
    for row, team in zip(team_rows, teams, strict=True):
        row.mentors = ", ".join(m.display_name for m in team.mentors.all())
    return {
        "days": days,
        "zones": zones(days),
        "team_rows": team_rows,
        "mentor_rows": _rows(
            sorted(mentors.values(), key=lambda m: m.display_name),
            scheduled,
            days,
            "mentor_id",
            set(),
            lambda m: m.display_name,
        ),
        "sessions": scheduled if hide_cancelled else sessions,
        "cancelled_count": len(sessions) - len(scheduled),
        "hide_cancelled": hide_cancelled,
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
    index = {day.date: n for n, day in enumerate(days)}
    rows = {}
    for obj in objects:
        cells = [(day, []) for day in days]
        rows[obj.pk] = Row(label=label(obj), cells=cells, flagged=obj.pk in flagged)
    for session in sessions:
        row = rows.get(getattr(session, key))
        position = index.get(timezone.localtime(session.starts_at).date())
        if row is None or position is None:
            continue
        row.cells[position][1].append(session)
        row.booked += 1
    return list(rows.values())
