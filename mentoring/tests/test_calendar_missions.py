"""A student's private calendar feed carries the due times of their cohort's missions."""

import datetime

import pytest
import vobject
from django.utils import timezone

from competitions.models import CalendarFeed

from .conftest import MissionFactory

pytestmark = pytest.mark.django_db


def events(client, user):
    token = CalendarFeed.objects.get_or_create(user=user)[0].token
    response = client.get(f"/competitions/calendar/{token}.ics")
    assert response.status_code == 200
    return vobject.readOne(response.content.decode()).contents.get("vevent", [])


def test_a_students_feed_has_their_missions_due_times_in_seoul(
    client, student, current_week, other_cohort
):
    due = (timezone.now() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    mission = MissionFactory(week=current_week, title="Train a CNN", due_at=due)
    MissionFactory(week=current_week, title="No deadline", due_at=None)
    MissionFactory(week=other_cohort.weeks.get(number=3), title="Elsewhere", due_at=due)

    feed = {event.uid.value: event for event in events(client, student)}

    event = feed[f"mission-{mission.pk}-due@baton"]
    assert "Train a CNN" in event.summary.value
    assert event.dtstart.value == due
    assert event.dtstart.value.utcoffset() == datetime.timedelta(hours=9)
    assert event.url.value.endswith("/curriculum/ai-lab-2/weeks/3/")
    titles = " ".join(e.summary.value for e in feed.values())
    assert "No deadline" not in titles and "Elsewhere" not in titles


def test_a_mentor_gets_no_mission_due_times(client, week_mentor, current_week):
    MissionFactory(week=current_week, title="Train a CNN", due_at=timezone.now())

    assert not any("Train a CNN" in e.summary.value for e in events(client, week_mentor))
