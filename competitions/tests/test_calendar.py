"""Calendar feeds, checked with a second, independent iCalendar parser (vobject)."""

import datetime

import pytest
import time_machine
import vobject

from competitions import services
from competitions.models import CalendarFeed
from competitions.tests.factories import hours_from_now
from curriculum.models import Role
from tests import factories

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


# --- A session that moves or is cancelled updates in the subscriber's calendar ----------------


def _event(calendar, uid):
    return next(e for e in calendar.vevent_list if e.uid.value == uid)


def test_moves_and_a_cancellation_raise_the_sequence_in_the_feed_and_the_ics(
    client, login, student, staff, session
):
    uid = f"session-{session.pk}@baton"
    ics = f"/competitions/sessions/{session.pk}/session.ics"
    seen = []

    def look():
        feed_event = _event(parse(client.get(feed_url(student))), uid)
        file_event = _event(parse(login(student).get(ics)), uid)
        for event in (feed_event, file_event):
            seen.append(
                (
                    int(event.sequence.value),
                    event.last_modified.value,
                    event.dtstart.value,
                    event.status.value,
                )
            )

    moves = [
        lambda: services.session_reschedule(session=session, starts_at=new[0], by=staff),
        lambda: services.session_reschedule(session=session, starts_at=new[1], by=staff),
        lambda: services.session_cancel(session=session, by=staff, reason="멘토 사정"),
    ]
    new = [hours_from_now(60), hours_from_now(66)]
    look()
    for minutes, move in enumerate(moves, start=1):
        with time_machine.travel(datetime.timedelta(minutes=minutes)):  # a minute apart
            move()
            session.refresh_from_db()
            look()

    feed, files = seen[::2], seen[1::2]
    assert feed == files  # the feed and the single file tell the same story
    assert [sequence for sequence, *_rest in feed] == [0, 1, 2, 3]
    modified = [last_modified for _s, last_modified, *_rest in feed]
    assert modified == sorted(modified) and len(set(modified)) == 4
    assert [start for _s, _m, start, _status in feed][1:3] == new
    assert [status for *_rest, status in feed] == ["CONFIRMED"] * 3 + ["CANCELLED"]


# --- The lead instructor's sessions ---------------------------------------------------------------


@pytest.fixture
def lead_sessions(cohort, lead_instructor, student, other_cohort):
    from mentoring.continuity_services import lead_session_schedule

    def schedule(kind, hours, topic, who=None):
        return lead_session_schedule(
            cohort=cohort,
            lead=lead_instructor,
            kind=kind,
            student=who,
            topic=topic,
            starts_at=hours_from_now(hours),
            duration_minutes=30,
        )

    classmate = factories.UserFactory(email="classmate@example.com", name="오동료")
    factories.MembershipFactory(user=classmate, cohort=cohort, role=Role.STUDENT)
    return {
        "group": schedule("group", 30, "진로 Q&A"),
        "mine": schedule("one_to_one", 50, "포트폴리오 점검", student),
        "theirs": schedule("one_to_one", 70, "이력서 첨삭", classmate),
        "classmate": classmate,
    }


def _lead_uids(calendar):
    events = calendar.contents.get("vevent", [])
    return {e.uid.value for e in events if e.uid.value.startswith("lead-session-")}


def test_the_lead_instructors_sessions_are_in_the_feed_of_those_they_concern(
    client, student, lead_instructor, competition_mentor, other_cohort_student, lead_sessions
):
    def uid(name):
        return f"lead-session-{lead_sessions[name].pk}@baton"

    assert _lead_uids(parse(client.get(feed_url(lead_instructor)))) == {
        uid("group"),
        uid("mine"),
        uid("theirs"),
    }
    assert _lead_uids(parse(client.get(feed_url(student)))) == {uid("group"), uid("mine")}
    assert _lead_uids(parse(client.get(feed_url(lead_sessions["classmate"])))) == {
        uid("group"),
        uid("theirs"),
    }
    assert _lead_uids(parse(client.get(feed_url(competition_mentor)))) == set()
    assert _lead_uids(parse(client.get(feed_url(other_cohort_student)))) == set()


def test_a_lead_session_reads_as_the_session_it_is(client, student, lead_sessions):
    calendar = parse(client.get(feed_url(student)))

    event = _event(calendar, f"lead-session-{lead_sessions['mine'].pk}@baton")
    assert "포트폴리오 점검" in event.summary.value
    assert "윤강사" in event.description.value
    assert event.dtstart.value == lead_sessions["mine"].starts_at
    assert event.dtend.value - event.dtstart.value == datetime.timedelta(minutes=30)
    assert int(event.sequence.value) == 0
    assert event.last_modified.value == lead_sessions["mine"].updated_at.replace(microsecond=0)


# --- The calendar page --------------------------------------------------------------------------


def test_the_page_offers_a_subscribe_link_and_the_address_to_copy(login, student):
    feed = CalendarFeed.objects.get_or_create(user=student)[0]

    html = login(student).get("/competitions/calendar/").content.decode()

    assert f'href="webcal://testserver/competitions/calendar/{feed.token}.ics"' in html
    assert f'value="http://testserver/competitions/calendar/{feed.token}.ics"' in html
    assert 'data-copy="feed-url"' in html
