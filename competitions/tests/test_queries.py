"""Every competitions page issues the same number of queries on a small and a large data set."""

import datetime

import pytest

from competitions.models import (
    AvailabilityWindow,
    CalendarFeed,
    NoteTag,
    Session,
    SessionNote,
    Team,
)
from competitions.tests.factories import hours_from_now
from core.tests import LARGE, SMALL, build_dataset, count_queries

pytestmark = pytest.mark.django_db


def _populate(data):
    """Sessions with tagged notes for every team of the viewer's cohort, and availability."""
    tag, _created = NoteTag.objects.get_or_create(slug="tooling", defaults={"name": "도구"})
    competition = data.cohort.competitions.running().order_by("starts_at").first()
    teams = list(Team.objects.filter(competition__cohort=data.cohort).prefetch_related("mentors"))
    sessions = Session.objects.bulk_create(
        Session(
            competition_id=team.competition_id,
            team=team,
            mentor=team.mentors.all()[0],
            starts_at=hours_from_now(hours + n),
            ends_at=hours_from_now(hours + n) + datetime.timedelta(minutes=30),
            package=team.competition.package,
            slot=slot,
        )
        for n, team in enumerate(teams)
        for slot, hours in enumerate((-200, 200), start=1)
    )
    notes = SessionNote.objects.bulk_create(
        SessionNote(session=s, body=f"tmux {n}") for n, s in enumerate(sessions)
    )
    SessionNote.tags.through.objects.bulk_create(
        SessionNote.tags.through(sessionnote=note, notetag=tag) for note in notes
    )
    mentors = {m for team in teams for m in team.mentors.all()}
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(
            competition=competition,
            mentor=mentor,
            starts_at=competition.starts_at,
            ends_at=competition.deadline_at,
        )
        for mentor in mentors
    )
    own = Session.objects.filter(team__members=data.student).order_by("starts_at").first()
    return competition, own


PAGES = {
    "tips": ("student", lambda c, s: "/competitions/tips/"),
    "tips-filtered": ("student", lambda c, s: "/competitions/tips/?q=tmux&tag=tooling&track=cv"),
    "tips-by-tag-name": ("student", lambda c, s: "/competitions/tips/?q=Tooling"),
    "session": ("student", lambda c, s: f"/competitions/sessions/{s.pk}/"),
    "session-staff": ("staff", lambda c, s: f"/competitions/sessions/{s.pk}/"),
    "session-ics": ("student", lambda c, s: f"/competitions/sessions/{s.pk}/session.ics"),
    "suggest": ("staff", lambda c, s: f"/competitions/{c.pk}/board/suggest/"),
    "calendar": ("student", lambda c, s: "/competitions/calendar/"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_the_query_count_does_not_grow_with_data(client, page):
    persona, url = PAGES[page]
    counts = {}
    for size, spec in [("small", SMALL), ("large", LARGE)]:
        data = build_dataset(tag=size, **spec)
        competition, own = _populate(data)
        counts[size] = count_queries(client, getattr(data, persona), url(competition, own))

    assert len(counts["small"]) == len(counts["large"]), counts


def test_the_feed_has_a_constant_query_count(client):
    counts = {}
    for size, spec in [("small", SMALL), ("large", LARGE)]:
        data = build_dataset(tag=size, **spec)
        _populate(data)
        feed = CalendarFeed.objects.create(user=data.student)
        client.logout()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/competitions/calendar/{feed.token}.ics").status_code == 200
        counts[size] = len(context.captured_queries)

    assert counts["small"] == counts["large"], counts
