"""Factories of the competitions app's own models (the root ones cover Competition and Team)."""

import datetime

import factory
from django.utils import timezone

from competitions.models import AvailabilityWindow, NoteTag, Session, SessionNote, SessionStatus
from tests.factories import TeamFactory, UserFactory


def local_input(moment):
    """A moment as a datetime-local field takes it, in the current time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def booking(team, mentor, hours=48, **extra):
    """The board's booking form filled in: `team` with `mentor`, `hours` from now, 30 minutes."""
    return {
        "team": team.pk,
        "mentor": mentor.pk,
        "starts_at": local_input(hours_from_now(hours)),
        "minutes": 30,
        "meeting_url": "https://meet.example.com/abc",
        **extra,
    }


def hours_from_now(hours):
    return timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(
        hours=hours
    )


class SessionFactory(factory.django.DjangoModelFactory):
    """A session written straight to the table (for page tests); bookings go through services."""

    class Meta:
        model = Session

    team = factory.SubFactory(TeamFactory)
    competition = factory.SelfAttribute("team.competition")
    package = factory.SelfAttribute("competition.package")
    status = SessionStatus.SCHEDULED
    slot = factory.LazyAttribute(
        lambda s: (
            Session.objects.first_free_slot(s.team) if s.status == SessionStatus.SCHEDULED else 1
        )
    )
    mentor = factory.SubFactory(UserFactory)
    starts_at = factory.LazyFunction(lambda: hours_from_now(48))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(minutes=30))


class NoteTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoteTag
        django_get_or_create = ["slug"]

    slug = "ensembling"
    name = "Ensembling"


class SessionNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionNote

    session = factory.SubFactory(SessionFactory)
    author = factory.SelfAttribute("session.mentor")
    body = "로짓을 앙상블해 보세요."


class AvailabilityWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AvailabilityWindow

    starts_at = factory.LazyFunction(lambda: hours_from_now(24))
    ends_at = factory.LazyAttribute(lambda w: w.starts_at + datetime.timedelta(hours=4))


def one_of_each(team, mentor):
    """A row of every model of the competition mentoring track, for the admin smoke tests."""
    import datetime as _dt

    from competitions.models import LiveLectureHours, ScoreEntry

    team.mentors.add(mentor)
    session = SessionFactory(team=team, mentor=mentor)
    note = SessionNoteFactory(session=session)
    note.tags.add(NoteTagFactory())
    AvailabilityWindowFactory(competition=team.competition, mentor=mentor)
    LiveLectureHours.objects.create(
        cohort=team.competition.cohort, weekday=0, starts=_dt.time(9), ends=_dt.time(12)
    )
    ScoreEntry.objects.create(team=team, recorded_on=_dt.date(2025, 3, 10), score="0.81")
    return session
