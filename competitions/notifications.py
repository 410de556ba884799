"""Competitions' reminders, built on the notifications app (see docs/notifications.md): a
reminder 24 hours and 1 hour before each mentoring session, the staff's weekly summary, and the
notice of a booked, moved or cancelled session.

Session reminders run every few minutes over a window rather than at an exact moment, so a
session booked (or moved) inside the window after a run is still reminded once at the next run:
the 24-hour reminder covers every session starting between 2 and 24 hours from now, the 1-hour
one every session starting within the hour. Their period is the session *and its start time*
(`session-<pk>@<start>`): a second run, a retry or overlapping windows find the delivery already
there and send nothing, and a session moved to another time is a new period, so it is reminded
again for its new time. A cancelled session is not scheduled any more and is never selected.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from curriculum.models import Cohort, Membership, Role
from notifications.registry import (
    Category,
    Kind,
    Recipient,
    daily,
    register_category,
    register_kind,
    weekly,
)
from notifications.schedules import Schedule, register_schedule

from .models import Competition, Session, SessionChangeKind, Team, TeamMember

SESSION_24H = "competitions.session_24h"
SESSION_1H = "competitions.session_1h"
STAFF_WEEKLY_SUMMARY = "competitions.staff_weekly_summary"
SESSION_CHANGED = "competitions.session_changed"

SESSIONS_PER_BATCH = 200
USER_FIELDS = ("id", "email", "language", "time_zone", "is_active")

# Which sessions a run of each reminder picks: those starting in (from, to] after now. Wide
# enough that a session booked or moved inside it after a run, or a run that did not happen,
# still gets its reminder at the next run. A session less than two hours away gets only the
# hour's reminder, not two within minutes.
WINDOWS = {
    SESSION_24H: (datetime.timedelta(hours=2), datetime.timedelta(hours=24)),
    SESSION_1H: (datetime.timedelta(0), datetime.timedelta(hours=1)),
}
_TICK = datetime.timedelta(microseconds=1)


def session_period(session) -> str:
    """One reminder of a kind per session and start time: a moved session is reminded again."""
    return f"session-{session.pk}@{session.starts_at:%Y%m%dT%H%M%z}"


def _zone_of(user):
    return user.time_zone or settings.TIME_ZONE


# --- Session reminders ---------------------------------------------------------------------------


def _sessions_in_window(run, kind):
    start, end = WINDOWS[kind]
    sessions = Session.objects.starting_between(run.now + start + _TICK, run.now + end + _TICK)
    if run.cohort:
        sessions = sessions.filter(competition__cohort__slug=run.cohort)
    return list(sessions.order_by("starts_at", "pk"))


def _session_recipients(kind):
    def recipients(run):
        sessions = _sessions_in_window(run, kind)
        for start in range(0, len(sessions), SESSIONS_PER_BATCH):
            yield _batch_for_sessions(sessions[start : start + SESSIONS_PER_BATCH])

    recipients.__name__ = f"{kind.rsplit('.', 1)[1]}_recipients"
    return recipients


def _batch_for_sessions(sessions, period=None):
    """The team's students and the mentor of each session, in one query for the students (the
    mentors come with the sessions). Each message is shared by the people of a session who read
    it in the same language and time zone."""
    members = {}
    for member in (
        TeamMember.objects.filter(
            team_id__in={session.team_id for session in sessions}, user__is_active=True
        )
        .select_related("user")
        .only("team_id", "user", *(f"user__{field}" for field in USER_FIELDS))
        .order_by("user_id")
    ):
        members.setdefault(member.team_id, []).append(member.user)
    batch = []
    for session in sessions:
        people = list(members.get(session.team_id, []))
        if session.mentor.is_active:
            people.append(session.mentor)
        context = {
            "session": session,
            "team": session.team,
            "competition": session.competition,
            "mentor": session.mentor,
        }
        for user in people:
            batch.append(
                Recipient(
                    user=user,
                    context={**context, "time_zone": _zone_of(user)},
                    url=session.get_absolute_url(),
                    share=(session.pk, _zone_of(user)),
                    period=period or session_period(session),
                )
            )
    return batch


session_24h_recipients = _session_recipients(SESSION_24H)
session_1h_recipients = _session_recipients(SESSION_1H)


# --- A booked, moved or cancelled session (an event, sent through notify()) ----------------------


def no_recipients(run):
    """An event kind: nobody is due on a schedule; `notify()` names the people."""
    return iter(())


def session_change_recipients(session, change) -> list:
    """Who is told about `change` (a SessionChange): the team's students and the mentor, each
    once for this change, with the time in their own zone."""
    session = Session.objects.with_related().get(pk=session.pk)
    recipients = _batch_for_sessions([session], period=f"change-{change.pk}")
    for recipient in recipients:
        recipient.context.update(
            change=change,
            booked=change.kind == SessionChangeKind.BOOKED,
            cancelled=change.kind == SessionChangeKind.CANCELLED,
        )
        recipient.share = (change.pk, _zone_of(recipient.user))
    return recipients


# --- The staff's weekly summary ------------------------------------------------------------------


def staff_summary_recipients(run):
    """One message per cohort with a running competition, to its staff: the teams still without
    a session by 60% of each running competition, and the sessions booked in its last hours."""
    competitions = Competition.objects.running(run.now).order_by("cohort_id", "deadline_at", "pk")
    if run.cohort:
        competitions = competitions.filter(cohort__slug=run.cohort)
    by_cohort = {}
    for competition in competitions:
        by_cohort.setdefault(competition.cohort_id, []).append(competition)
    if not by_cohort:
        return
    cohorts = Cohort.objects.in_bulk(list(by_cohort))
    staff = {}
    for membership in (
        Membership.objects.filter(cohort_id__in=by_cohort, role=Role.STAFF, user__is_active=True)
        .select_related("user")
        .only("cohort_id", "user", *(f"user__{field}" for field in USER_FIELDS))
        .order_by("user_id")
    ):
        staff.setdefault(membership.cohort_id, []).append(membership.user)
    week = weekly(run.now)
    for cohort_id, running in by_cohort.items():
        people = staff.get(cohort_id)
        if not people:
            continue
        summary = [_competition_summary(competition) for competition in running]
        context = {
            "cohort": cohorts[cohort_id],
            "competitions": summary,
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        yield [
            Recipient(
                user=user,
                context={**context, "time_zone": _zone_of(user)},
                url=reverse("competitions:board", kwargs={"pk": running[0].pk}),
                share=(cohort_id, _zone_of(user)),
                period=f"{week}:cohort-{cohort_id}",
            )
            for user in people
        ]


def _competition_summary(competition):
    return {
        "competition": competition,
        "board_url": reverse("competitions:board", kwargs={"pk": competition.pk}),
        "without_session": list(
            Team.objects.without_session_by(competition).order_by("name").only("pk", "name")
        ),
        "late_sessions": list(Session.objects.late_for(competition).order_by("starts_at", "pk")),
    }


# --- Registration --------------------------------------------------------------------------------


def register():
    register_category(
        Category(
            "sessions",
            _("Competition sessions"),
            _(
                "Reminders before your mentoring sessions, and notice when one is booked, moved "
                "or cancelled."
            ),
            roles=frozenset({Role.STUDENT, Role.COMPETITION_MENTOR}),
        )
    )
    register_category(
        Category(
            "staff",
            _("Staff summaries"),
            _("Monday's summary of teams without a session and late sessions."),
            roles=frozenset({Role.STAFF}),
        )
    )
    register_kind(
        Kind(
            key=SESSION_24H,
            category="sessions",
            template="competitions/notifications/session_24h",
            recipients=session_24h_recipients,
            period=daily,  # unused: each recipient carries its session's period
            description=_("A day before each mentoring session, to its team and mentor."),
        )
    )
    register_kind(
        Kind(
            key=SESSION_1H,
            category="sessions",
            template="competitions/notifications/session_1h",
            recipients=session_1h_recipients,
            period=daily,  # unused: each recipient carries its session's period
            description=_("An hour before each mentoring session, to its team and mentor."),
        )
    )
    register_kind(
        Kind(
            key=SESSION_CHANGED,
            category="sessions",
            template="competitions/notifications/session_changed",
            recipients=no_recipients,
            period=daily,  # unused: each recipient carries the change's period
            description=_("When a session is booked, moved or cancelled, to its team and mentor."),
        )
    )
    register_kind(
        Kind(
            key=STAFF_WEEKLY_SUMMARY,
            category="staff",
            template="competitions/notifications/staff_weekly_summary",
            recipients=staff_summary_recipients,
            period=weekly,
            description=_("Monday 08:00: teams without a session and late sessions, to staff."),
        )
    )
    for name, task, crontab, kind in [
        ("Competitions: sessions in 24 hours", "send_session_24h", "*/10 * * * *", SESSION_24H),
        ("Competitions: sessions in 1 hour", "send_session_1h", "*/5 * * * *", SESSION_1H),
        (
            "Competitions: staff weekly summary",
            "send_staff_weekly_summary",
            "0 8 * * 1",
            STAFF_WEEKLY_SUMMARY,
        ),
    ]:
        register_schedule(
            Schedule(name=name, task=f"competitions.tasks.{task}", crontab=crontab, kind=kind)
        )
