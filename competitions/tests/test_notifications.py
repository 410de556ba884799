"""Competitions' reminders through the notifications app: a session's team and mentor are
reminded a day and an hour before, once, in their language and time zone; moved and cancelled
sessions; the staff's Monday summary; the notice of a change. Tasks run inline (`eager`)."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competitions import services
from competitions.notifications import (
    SESSION_1H,
    SESSION_24H,
    SESSION_CHANGED,
    STAFF_WEEKLY_SUMMARY,
)
from competitions.tasks import send_session_1h, send_session_24h, send_staff_weekly_summary
from curriculum.models import Role
from notifications.models import Delivery
from notifications.services import notify_kind, preference_set
from tests import factories

from .factories import SessionFactory, hours_from_now

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
MONDAY_8AM = datetime.datetime(2025, 3, 10, 8, 0, tzinfo=SEOUL)
HALF_HOUR = datetime.timedelta(minutes=30)


@pytest.fixture(autouse=True)
def clock():
    """Monday 08:00 in Seoul, pinned before any fixture builds the competition."""
    with time_machine.travel(MONDAY_8AM, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(student, competition_mentor):
    """The student reads Korean in Seoul; the mentor English in New York."""
    competition_mentor.language = "en"
    competition_mentor.time_zone = "America/New_York"
    competition_mentor.save(update_fields=["language", "time_zone"])
    return student, competition_mentor


def run(task, capture):
    with capture(execute=True):
        task.delay()


def reminders(kind):
    return Delivery.objects.filter(kind=kind).select_related("user", "content")


def test_a_day_before_the_team_and_mentor_are_reminded_in_their_language_and_zone(
    team, people, django_capture_on_commit_callbacks
):
    student, mentor = people
    session = SessionFactory(
        team=team, mentor=mentor, starts_at=hours_from_now(24), meeting_url="https://meet.example/x"
    )

    run(send_session_24h, django_capture_on_commit_callbacks)

    by_email = {d.user.email: d for d in reminders(SESSION_24H)}
    assert sorted(by_email) == sorted([student.email, mentor.email])
    assert {d.url for d in by_email.values()} == {f"/competitions/sessions/{session.pk}/"}
    assert {d.read_at for d in by_email.values()} == {None}  # under the bell, unread
    messages = {message.to[0]: message for message in mail.outbox}
    korean, english = messages[student.email], messages[mentor.email]
    # 08:00 on Tuesday in Seoul is 19:00 on Monday in New York (daylight saving time).
    assert "1조" in korean.subject and "08:00" in korean.subject
    assert "멘토링 세션" in korean.body and "08:00–08:30" in korean.body
    assert "Asia/Seoul" in korean.body
    assert english.subject.startswith("Coming up: mentoring session of 1조")
    assert "19:00–19:30" in english.body and "America/New_York" in english.body
    for message in (korean, english):
        assert "https://meet.example/x" in message.body
        assert f"http://127.0.0.1:8000/competitions/sessions/{session.pk}/" in message.body
        assert "https://meet.example/x" in message.alternatives[0][0]
    assert not reminders(SESSION_1H).exists()


def test_an_hour_before_only_the_hours_reminder_goes(
    team, people, clock, django_capture_on_commit_callbacks
):
    SessionFactory(team=team, mentor=people[1], starts_at=hours_from_now(24))
    run(send_session_24h, django_capture_on_commit_callbacks)
    clock.shift(datetime.timedelta(hours=23, minutes=5))

    run(send_session_24h, django_capture_on_commit_callbacks)
    run(send_session_1h, django_capture_on_commit_callbacks)

    assert reminders(SESSION_24H).count() == 2
    assert reminders(SESSION_1H).count() == 2
    assert [m.subject for m in mail.outbox if m.to[0] == people[1].email][1].startswith(
        "In an hour: mentoring session of 1조 at 19:00"
    )


def test_a_session_less_than_two_hours_away_gets_only_the_hours_reminder(
    team, people, clock, django_capture_on_commit_callbacks
):
    SessionFactory(team=team, mentor=people[1], starts_at=hours_from_now(1) + HALF_HOUR)

    run(send_session_24h, django_capture_on_commit_callbacks)
    clock.shift(HALF_HOUR)
    run(send_session_24h, django_capture_on_commit_callbacks)
    run(send_session_1h, django_capture_on_commit_callbacks)

    assert not reminders(SESSION_24H).exists()
    assert reminders(SESSION_1H).count() == 2


def test_runs_twice_and_overlapping_windows_send_each_reminder_once(
    team, people, clock, django_capture_on_commit_callbacks
):
    SessionFactory(team=team, mentor=people[1], starts_at=hours_from_now(23))
    for _minutes in range(4):  # every 10 minutes, each window overlapping the last
        run(send_session_24h, django_capture_on_commit_callbacks)
        run(send_session_24h, django_capture_on_commit_callbacks)  # a retry
        clock.shift(datetime.timedelta(minutes=10))

    assert reminders(SESSION_24H).count() == 2
    assert len(mail.outbox) == 2


def test_a_session_booked_inside_the_window_after_a_run_is_still_reminded_once(
    team, people, clock, django_capture_on_commit_callbacks
):
    run(send_session_24h, django_capture_on_commit_callbacks)
    SessionFactory(team=team, mentor=people[1], starts_at=hours_from_now(20))
    clock.shift(datetime.timedelta(minutes=10))

    run(send_session_24h, django_capture_on_commit_callbacks)
    run(send_session_24h, django_capture_on_commit_callbacks)

    assert reminders(SESSION_24H).count() == 2
    assert len(mail.outbox) == 2


def test_a_moved_session_is_reminded_again_for_its_new_time(
    team, people, clock, django_capture_on_commit_callbacks
):
    student, mentor = people
    session = services.session_book(
        team=team, mentor=mentor, starts_at=hours_from_now(24), minutes=30, by=None
    )
    run(send_session_24h, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_reschedule(
            session=session, starts_at=hours_from_now(48), by=None, reason="팀 요청"
        )

    run(send_session_24h, django_capture_on_commit_callbacks)  # the new time is not due yet
    assert reminders(SESSION_24H).count() == 2
    clock.shift(datetime.timedelta(hours=24))
    run(send_session_24h, django_capture_on_commit_callbacks)
    run(send_session_24h, django_capture_on_commit_callbacks)

    assert reminders(SESSION_24H).filter(user=student).count() == 2
    first, second = reminders(SESSION_24H).filter(user=mentor).order_by("pk")
    assert "March 10, 2025 (Mon) 19:00" in first.body_text
    assert "March 11, 2025 (Tue) 19:00" in second.body_text  # Wednesday 08:00 in Seoul


def test_a_cancelled_session_gets_no_reminder(
    team, people, clock, django_capture_on_commit_callbacks
):
    session = services.session_book(
        team=team, mentor=people[1], starts_at=hours_from_now(23), minutes=30, by=None
    )
    services.session_cancel(session=session, by=None, reason="아픔")
    clock.shift(datetime.timedelta(hours=22, minutes=30))

    run(send_session_24h, django_capture_on_commit_callbacks)
    run(send_session_1h, django_capture_on_commit_callbacks)

    assert not Delivery.objects.filter(kind__in=[SESSION_24H, SESSION_1H]).exists()


def test_an_email_opt_out_of_sessions_keeps_the_reminder_under_the_bell(
    team, people, django_capture_on_commit_callbacks
):
    student, mentor = people
    preference_set(user=student, category="sessions", email=False)
    SessionFactory(team=team, mentor=mentor, starts_at=hours_from_now(23))

    run(send_session_24h, django_capture_on_commit_callbacks)

    kept = reminders(SESSION_24H).get(user=student)
    assert kept.email is False and kept.read_at is None
    assert [m.to[0] for m in mail.outbox] == [mentor.email]


def test_session_reminders_cost_the_same_queries_for_2_or_12_sessions(competition, cohort):
    counts = []
    for total in (2, 12):
        for n in range(total - competition.sessions.count()):
            team = factories.TeamFactory(competition=competition, name=f"q{total}-{n}")
            for m in range(3):
                member = factories.UserFactory(email=f"q{total}-{n}-{m}@example.com")
                factories.MembershipFactory(user=member, cohort=cohort, role=Role.STUDENT)
                factories.TeamMemberFactory(team=team, user=member)
            SessionFactory(team=team, starts_at=hours_from_now(10 + n % 10))
        Delivery.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = notify_kind(kind=SESSION_24H)
        assert result.created == total * 4
        counts.append(len(queries))

    assert counts[0] == counts[1], counts


def test_send_reminders_dry_run_says_what_it_would_send(team, people):
    SessionFactory(team=team, mentor=people[1], starts_at=hours_from_now(23))
    out = io.StringIO()

    call_command("send_reminders", SESSION_24H, "--dry-run", stdout=out)

    assert "2 recipient(s); would create 2 notification(s), 2 by email" in out.getvalue()
    assert "compmentor@example.com: Coming up: mentoring session of 1조" in out.getvalue()
    assert not Delivery.objects.exists()


# --- A booked, moved or cancelled session ---------------------------------------------------------


def notices_of(session, kind):
    """The notices of `session`'s change of `kind`, by recipient's email."""
    change = session.changes.get(kind=kind)
    deliveries = reminders(SESSION_CHANGED).filter(period=f"change-{change.pk}")
    return {d.user.email: d for d in deliveries}


def test_a_booking_is_told_to_team_and_mentor_by_email_and_under_the_bell(
    team, people, django_capture_on_commit_callbacks
):
    student, mentor = people
    with django_capture_on_commit_callbacks(execute=True):
        session = services.session_book(
            team=team,
            mentor=mentor,
            starts_at=hours_from_now(24),
            minutes=30,
            meeting_url="https://meet.example/x",
            by=None,
        )

    notices = notices_of(session, "booked")
    assert sorted(notices) == sorted([student.email, mentor.email])
    assert notices[student.email].read_at is None  # under the bell, unread
    assert notices[student.email].subject == "멘토링 세션 예약: 1조, 2025-3-11 08:00"
    assert "https://meet.example/x" in notices[student.email].body_text
    assert notices[mentor.email].subject == "Mentoring session booked: 1조, 03/10/2025 19:00"
    assert "A mentoring session of 1조" in notices[mentor.email].body_text
    assert "19:00–19:30" in notices[mentor.email].body_text
    assert sorted(m.to[0] for m in mail.outbox) == sorted([student.email, mentor.email])


def test_a_refused_booking_tells_nobody(team, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.session_book(
            team=team, mentor=people[1], starts_at=hours_from_now(2), minutes=30, by=None
        )

    assert not reminders(SESSION_CHANGED).exists()
    assert mail.outbox == []


def test_each_session_of_an_accepted_suggestion_is_told(
    team, people, django_capture_on_commit_callbacks
):
    from .factories import AvailabilityWindowFactory

    competition = team.competition
    AvailabilityWindowFactory(
        competition=competition,
        mentor=people[1],
        starts_at=competition.starts_at,
        ends_at=competition.deadline_at,
    )
    proposals, _unplaced = services.schedule_suggest(competition=competition)
    with django_capture_on_commit_callbacks(execute=True):
        sessions = services.schedule_accept(competition=competition, slots=proposals, by=None)

    assert len(sessions) == 2
    for session in sessions:
        assert sorted(notices_of(session, "booked")) == sorted(p.email for p in people)
    assert len(mail.outbox) == 4


def test_a_move_is_told_once_to_team_and_mentor_by_email_and_under_the_bell(
    team, people, django_capture_on_commit_callbacks
):
    student, mentor = people
    session = services.session_book(
        team=team, mentor=mentor, starts_at=hours_from_now(24), minutes=30, by=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.session_reschedule(
            session=session, starts_at=hours_from_now(50), by=None, reason="팀 요청"
        )

    notices = notices_of(session, "rescheduled")
    assert sorted(notices) == sorted([student.email, mentor.email])
    assert notices[student.email].read_at is None
    assert "이동" in notices[student.email].subject
    assert "팀 요청" in notices[student.email].body_text
    assert notices[mentor.email].subject == "Mentoring session moved: 1조, now 03/11/2025 21:00"
    assert "Was: March 10, 2025 19:00" in notices[mentor.email].body_text
    assert sorted(m.to[0] for m in mail.outbox) == sorted([student.email, mentor.email])


def test_a_refused_move_tells_nobody(team, people, django_capture_on_commit_callbacks):
    session = services.session_book(
        team=team, mentor=people[1], starts_at=hours_from_now(24), minutes=30, by=None
    )
    told = reminders(SESSION_CHANGED).count()  # of the booking
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.session_reschedule(session=session, starts_at=hours_from_now(2), by=None)

    assert reminders(SESSION_CHANGED).count() == told
    assert mail.outbox == []


def test_a_cancellation_is_told_in_each_language(team, people, django_capture_on_commit_callbacks):
    student, mentor = people
    session = services.session_book(
        team=team, mentor=mentor, starts_at=hours_from_now(24), minutes=30, by=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=None, reason="아픔")

    notices = notices_of(session, "cancelled")
    assert "취소" in notices[student.email].subject
    assert notices[mentor.email].subject.startswith("Mentoring session cancelled: 1조")
    assert len(mail.outbox) == 2


# --- The staff's weekly summary -------------------------------------------------------------------


@pytest.fixture
def summary_course(competition, team, competition_mentor, staff, cohort, other_cohort):
    """A running competition (opened 3 days ago, deadline in 10: 60% falls in 4.8 days, the last
    72 hours begin in 7): 1조 has an early session, 2조 none, 3조 only a late one."""
    SessionFactory(team=team, mentor=competition_mentor, starts_at=hours_from_now(30))
    factories.TeamFactory(competition=competition, name="2조")
    third = factories.TeamFactory(competition=competition, name="3조")
    SessionFactory(
        team=third, mentor=competition_mentor, starts_at=hours_from_now(24 * 8), late_reason="일정"
    )
    english_staff = factories.UserFactory(email="staff-en@example.com", language="en")
    factories.MembershipFactory(user=english_staff, cohort=cohort, role=Role.STAFF)
    # Staff of a cohort with no running competition get nothing.
    other_staff = factories.UserFactory(email="staff-other@example.com")
    factories.MembershipFactory(user=other_staff, cohort=other_cohort, role=Role.STAFF)
    return {"staff": staff, "english_staff": english_staff}


def test_the_staff_summary_lists_teams_without_a_session_and_late_sessions(
    summary_course, competition, django_capture_on_commit_callbacks
):
    run(send_staff_weekly_summary, django_capture_on_commit_callbacks)
    run(send_staff_weekly_summary, django_capture_on_commit_callbacks)

    summaries = {d.user.email: d for d in reminders(STAFF_WEEKLY_SUMMARY)}
    assert sorted(summaries) == ["staff-en@example.com", "staff@example.com"]
    english = summaries["staff-en@example.com"]
    assert english.subject == "AI Lab 2기: this week's competition mentoring"
    assert "2 teams without a session by 60% of the competition: 2조, 3조" in english.body_text
    assert "1 session in the last hours before the deadline" in english.body_text
    assert "3조 · 최멘토 · 03/18/2025 08:00 (일정)" in english.body_text
    board = f"http://127.0.0.1:8000/competitions/{competition.pk}/board/"
    assert board in english.body_text and board in english.content.body_html
    korean = summaries["staff@example.com"]
    assert "2조, 3조" in korean.body_text and "보드" in korean.body_text
    # One message per cohort, rendered once per language.
    assert english.content_id != korean.content_id
    assert len(mail.outbox) == 2


def test_staff_of_two_cohorts_get_a_summary_for_each(
    summary_course, other_cohort, django_capture_on_commit_callbacks
):
    staff = summary_course["staff"]
    factories.MembershipFactory(user=staff, cohort=other_cohort, role=Role.STAFF)
    factories.CompetitionFactory(cohort=other_cohort, title="NLP 경진대회")

    run(send_staff_weekly_summary, django_capture_on_commit_callbacks)

    subjects = sorted(d.subject for d in reminders(STAFF_WEEKLY_SUMMARY).filter(user=staff))
    assert len(subjects) == 2 and "AI Lab 2기" in subjects[0] and "AI Lab 3기" in subjects[1]


def test_the_staff_summary_can_be_opted_out_of_by_email(
    summary_course, django_capture_on_commit_callbacks
):
    preference_set(user=summary_course["staff"], category="staff", email=False)

    run(send_staff_weekly_summary, django_capture_on_commit_callbacks)

    assert reminders(STAFF_WEEKLY_SUMMARY).count() == 2
    assert [m.to[0] for m in mail.outbox] == ["staff-en@example.com"]


def test_the_staff_summary_costs_the_same_queries_for_2_or_20_staff(summary_course, cohort):
    counts = []
    for total in (2, 20):
        for n in range(total - cohort.memberships.filter(role=Role.STAFF).count()):
            user = factories.UserFactory(email=f"staff{total}-{n}@example.com")
            factories.MembershipFactory(user=user, cohort=cohort, role=Role.STAFF)
        Delivery.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = notify_kind(kind=STAFF_WEEKLY_SUMMARY)
        assert result.created == total
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
