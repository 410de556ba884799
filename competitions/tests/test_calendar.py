"""Calendar feeds, checked with a second, independent iCalendar parser (vobject)."""

import datetime

import pytest
import vobject

from competitions.models import CalendarFeed

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return vobject.readOne(response.content.decode("utf-8"))


def feed_url(user):
    return f"/competitions/calendar/{CalendarFeed.objects.get_or_create(user=user)[0].token}.ics"


def test_a_single_session_downloads_as_valid_ics_in_seoul_time(login, student, session):
    response = login(student).get(f"/competitions/sessions/{session.pk}/session.ics")
    calendar = parse(response)

    event = calendar.vevent
    assert event.dtstart.value == session.starts_at
    assert event.dtstart.value.utcoffset() == datetime.timedelta(hours=9)
    assert "DTSTART;TZID=Asia/Seoul:" in response.content.decode()
    assert calendar.vtimezone.tzid.value == "Asia/Seoul"
    assert "1조" in event.summary.value and "최멘토" in event.summary.value
    assert event.summary.value.startswith("멘토링")


def test_the_feed_has_the_users_sessions_and_deadlines(
    client, student, session, other_teams_session, competition
):
    calendar = parse(client.get(feed_url(student)))

    summaries = [event.summary.value for event in calendar.vevent_list]
    uids = {event.uid.value for event in calendar.vevent_list}
    assert f"session-{session.pk}@baton" in uids
    assert f"session-{other_teams_session.pk}@baton" not in uids
    assert any(competition.title in s and "마감" in s for s in summaries)


def test_a_mentor_gets_their_sessions_in_english(client, competition_mentor, session):
    competition_mentor.language = "en"
    competition_mentor.save(update_fields=["language"])

    calendar = parse(client.get(feed_url(competition_mentor)))

    assert any(e.summary.value.startswith("Mentoring: 1조") for e in calendar.vevent_list)


def test_a_revoked_feed_stops_working(login, student, session):
    old = feed_url(student)
    client = login(student)

    page = client.get("/competitions/calendar/")
    assert old.split("/")[-1] in page.content.decode()
    assert client.post("/competitions/calendar/revoke/").status_code == 302

    assert client.get(old).status_code == 404
    assert client.get(feed_url(student)).status_code == 200


def test_an_unknown_token_is_404(client):
    assert client.get("/competitions/calendar/not-a-token.ics").status_code == 404


def test_the_calendar_page_needs_a_login_and_revoking_a_post(client, login, student):
    assert client.get("/competitions/calendar/").status_code == 302
    assert login(student).get("/competitions/calendar/revoke/").status_code == 405
