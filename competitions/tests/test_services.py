"""The booking rules of competitions.services, on SQLite and PostgreSQL alike."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from competitions import services
from competitions.models import LiveLectureHours, Package, Session, SessionChange
from competitions.tests.factories import AvailabilityWindowFactory, hours_from_now
from curriculum.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def book(team, mentor, hours=48, minutes=30, **kwargs):
    return services.session_book(
        team=team,
        mentor=mentor,
        starts_at=hours_from_now(hours),
        minutes=minutes,
        by=None,
        **kwargs,
    )


def messages(error):
    return " ".join(m for ms in error.value.message_dict.values() for m in ms)


def test_a_valid_booking_is_saved_with_its_history(team, competition_mentor, staff):
    session = services.session_book(
        team=team, mentor=competition_mentor, starts_at=hours_from_now(48), minutes=30, by=staff
    )

    assert session.status == "scheduled"
    assert session.minutes == 30
    assert list(session.changes.values_list("kind", flat=True)) == ["booked"]


def test_a_mentor_is_never_booked_twice_at_once(team, competition_mentor, competition, cohort):
    other_team = factories.TeamFactory(competition=competition, name="2조")
    other_team.mentors.add(competition_mentor)
    book(team, competition_mentor, hours=48)

    with pytest.raises(ValidationError) as error:
        book(other_team, competition_mentor, hours=48)

    assert "already has a session" in messages(error)
    assert Session.objects.count() == 1


def test_a_team_is_never_booked_twice_at_once(team, competition_mentor, cohort):
    second = factories.UserFactory(name="두멘토")
    factories.MembershipFactory(user=second, cohort=cohort, role=Role.COMPETITION_MENTOR)
    team.mentors.add(second)
    book(team, competition_mentor, hours=48)

    with pytest.raises(ValidationError) as error:
        book(team, second, hours=48)

    assert "1조 already has a session" in messages(error)


def test_a_cancelled_session_frees_its_time(team, competition_mentor):
    session = book(team, competition_mentor)
    services.session_cancel(session=session, by=None, reason="멘토 사정")

    again = book(team, competition_mentor)

    assert again.pk != session.pk
    assert Session.objects.scheduled().count() == 1


@pytest.mark.parametrize(
    ("hours", "minutes", "expected"),
    [
        (-24 * 5, 30, "inside the competition"),
        (24 * 11, 30, "inside the competition"),
        (3, 30, "notice"),
        (48, 45, "package"),
        (48, 0, "end after it starts"),
    ],
)
def test_bad_times_are_refused_with_a_reason(team, competition_mentor, hours, minutes, expected):
    with pytest.raises(ValidationError) as error:
        book(team, competition_mentor, hours=hours, minutes=minutes)

    assert expected in messages(error)
    assert not Session.objects.exists()


def test_a_slot_on_the_last_day_of_the_calendar_is_outside_the_competition(
    team, competition_mentor, cohort
):
    for weekday in range(7):  # the lecture-hours rule walks every day the slot spans
        LiveLectureHours.objects.create(
            cohort=cohort, weekday=weekday, starts=datetime.time(9), ends=datetime.time(10)
        )
    last = datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.UTC)

    with pytest.raises(ValidationError) as error:
        services.session_book(
            team=team, mentor=competition_mentor, starts_at=last, minutes=30, by=None
        )

    assert "inside the competition" in messages(error)
    assert not Session.objects.exists()


def test_a_package_length_is_whole_minutes(team, competition_mentor, competition):
    start = hours_from_now(48)
    slot = services.Slot(team, competition_mentor, start, start + datetime.timedelta(seconds=1830))

    errors = services.slot_errors(slot, competition=competition, now=hours_from_now(0))

    assert "package gives" in " ".join(errors["minutes"])


def test_a_team_cannot_exceed_its_package(team, competition_mentor, competition):
    competition.package = Package.ONE_BY_SIXTY
    competition.save(update_fields=["package"])
    book(team, competition_mentor, hours=48, minutes=60)

    with pytest.raises(ValidationError) as error:
        book(team, competition_mentor, hours=72, minutes=60)

    assert "already used its mentoring package" in messages(error)


def test_a_team_of_another_competition_is_refused(team, competition_mentor, cohort):
    elsewhere = factories.CompetitionFactory(cohort=cohort, title="NLP")

    with pytest.raises(ValidationError) as error:
        book(team, competition_mentor, competition=elsewhere)

    assert "not in this competition" in messages(error)


def test_a_mentor_not_on_the_team_is_refused(team, competition_mentor, cohort):
    stranger = factories.UserFactory(name="남멘토")

    with pytest.raises(ValidationError) as error:
        book(team, stranger)

    assert "is not a mentor of 1조" in messages(error)


def test_live_lecture_hours_are_kept_free(team, competition_mentor, cohort):
    start = hours_from_now(48)
    local = start.astimezone(services.SEOUL)
    LiveLectureHours.objects.create(
        cohort=cohort,
        weekday=local.weekday(),
        starts=local.time(),
        ends=(local + datetime.timedelta(hours=1)).time()
        if local.hour < 23
        else datetime.time(23, 59),
    )

    with pytest.raises(ValidationError) as error:
        book(team, competition_mentor, hours=48)

    assert "live lectures" in messages(error)


def test_a_late_session_needs_confirmation_and_a_reason(team, competition_mentor, competition):
    late_hours = (competition.deadline_at - hours_from_now(0)).total_seconds() // 3600 - 24

    with pytest.raises(ValidationError) as error:
        book(team, competition_mentor, hours=late_hours, confirm_late=True, late_reason="  ")
    assert "too late" in messages(error)

    session = book(
        team, competition_mentor, hours=late_hours, confirm_late=True, late_reason="멘토 일정"
    )
    assert session.is_late()
    assert session.late_reason == "멘토 일정"


def test_rescheduling_keeps_history_and_tells_team_and_mentor(
    team, competition_mentor, student, django_capture_on_commit_callbacks
):
    session = book(team, competition_mentor, hours=48)

    with django_capture_on_commit_callbacks(execute=True):
        services.session_reschedule(
            session=session, starts_at=hours_from_now(50), by=None, reason="팀 요청"
        )

    session.refresh_from_db()
    assert session.starts_at == hours_from_now(50)
    change = SessionChange.objects.get(session=session, kind="rescheduled")
    assert change.old_starts_at == hours_from_now(48)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([student.email, competition_mentor.email])


def test_cancelling_tells_everyone_and_is_kept_in_history(
    team, competition_mentor, django_capture_on_commit_callbacks
):
    session = book(team, competition_mentor)

    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, by=None, reason="아픔")

    assert Session.objects.get().status == "cancelled"
    assert len(mail.outbox) == 2
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, by=None)


def test_suggestion_puts_sessions_early_and_mid_competition(team, competition_mentor, competition):
    AvailabilityWindowFactory(
        competition=competition,
        mentor=competition_mentor,
        starts_at=competition.starts_at,
        ends_at=competition.deadline_at,
    )

    proposals, unplaced = services.schedule_suggest(competition=competition)

    assert unplaced == []
    assert len(proposals) == 2
    length = competition.deadline_at - competition.starts_at
    assert proposals[0].starts_at < competition.starts_at + length / 3
    middle = competition.starts_at + length / 2
    assert abs(proposals[1].starts_at - middle) <= datetime.timedelta(hours=1)

    sessions = services.schedule_accept(competition=competition, slots=proposals, by=None)
    assert len(sessions) == 2 and Session.objects.count() == 2


def test_teams_without_a_session_by_sixty_percent(team, competition_mentor, competition):
    other = factories.TeamFactory(competition=competition, name="2조")
    book(team, competition_mentor, hours=48)

    flagged = set(competition.teams.model.objects.without_session_by(competition))

    assert flagged == {other}


# --- Concurrency on PostgreSQL ------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_bookings_save_exactly_one(cohort, competition):
    mentor = factories.UserFactory(name="동시멘토")
    factories.MembershipFactory(user=mentor, cohort=cohort, role=Role.COMPETITION_MENTOR)
    teams = []
    for n in range(5):
        team = factories.TeamFactory(competition=competition, name=f"{n + 1}조")
        team.mentors.add(mentor)
        teams.append(team)
    barrier = threading.Barrier(len(teams))
    outcomes = []

    def attempt(team, offset):
        try:
            barrier.wait()
            with translation.override("en"):
                book(team, mentor, hours=48)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(messages_of(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(t, n)) for n, t in enumerate(teams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("saved") == 1, outcomes
    assert all(
        "already has a session" in o or "at the same moment" in o for o in outcomes if o != "saved"
    )
    assert Session.objects.scheduled().count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_team_stay_within_its_package(team, competition_mentor):
    """Five bookings of one 2 x 30 team at five different times, at the same moment: two are
    saved, the others get the package's message, whichever of the lock or the database refused
    them."""
    barrier = threading.Barrier(5)
    outcomes = []

    def attempt(hours):
        try:
            barrier.wait()
            with translation.override("en"):
                book(team, competition_mentor, hours=hours)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(messages_of(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(48 + 24 * n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("saved") == 2, outcomes
    assert all("already used its mentoring package" in o for o in outcomes if o != "saved")
    assert Session.objects.scheduled().filter(team=team).count() == 2


def messages_of(error):
    return " ".join(m for ms in error.message_dict.values() for m in ms)


def test_a_session_that_took_place_cannot_be_cancelled(team, competition_mentor):
    from competitions.tests.factories import SessionFactory

    held = SessionFactory(team=team, mentor=competition_mentor, starts_at=hours_from_now(-5))

    with pytest.raises(ValidationError) as error:
        services.session_cancel(session=held, by=None)

    assert "already taken place" in " ".join(error.value.messages)
    assert Session.objects.get().status == "scheduled"
