"""Input that used to be lost or kept without a word: each refusal says why on the page, keeps
what was typed, and writes nothing; what is accepted fits the limits the team is shown."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from competitions import services
from competitions.models import AvailabilityWindow, Session, SessionChange, SessionNote
from competitions.tests.factories import (
    NoteTagFactory,
    SessionFactory,
    booking,
    hours_from_now,
    local_input,
)
from tests.helpers import in_english

pytestmark = pytest.mark.django_db


def url(session, suffix=""):
    return f"/competitions/sessions/{session.pk}/{suffix}"


# --- Cancelling ---------------------------------------------------------------------------------


def test_a_cancel_reason_over_500_characters_is_refused_and_kept(login, staff, session):
    reason = "팀 사정으로 " + "가" * 500

    response = login(in_english(staff)).post(url(session, "cancel/"), {"reason": reason})

    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 500 characters" in html
    assert reason in html  # what was typed is still in the box
    assert Session.objects.get().status == "scheduled"
    assert not SessionChange.objects.filter(kind="cancelled").exists()


def test_cancelling_a_cancelled_session_says_so_on_the_page(login, staff, session):
    services.session_cancel(session=session, by=staff)
    client = login(in_english(staff))

    response = client.post(url(session, "cancel/"), {"reason": "again", "confirm": "on"})

    assert response.status_code == 400
    assert "already cancelled" in response.content.decode()
    assert SessionChange.objects.filter(kind="cancelled").count() == 1


def test_the_cancel_and_move_forms_have_ids_of_their_own(login, staff, session):
    html = login(staff).get(url(session)).content.decode()

    assert html.count('id="id_reason"') == 1
    assert 'id="id_cancel_reason"' in html


# --- Session notes ------------------------------------------------------------------------------


def test_a_note_over_4000_characters_is_refused_and_kept(login, competition_mentor, held_session):
    body = "앙상블 " * 1001  # 4,004 characters

    response = login(in_english(competition_mentor)).post(
        url(held_session, "notes/"), {"body": body, "is_tip": "on"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 4000 characters" in html
    assert body.strip() in html
    assert not SessionNote.objects.exists()


def test_the_note_form_says_how_long_a_note_may_be(login, competition_mentor, held_session):
    html = login(in_english(competition_mentor)).get(url(held_session)).content.decode()

    assert 'maxlength="4000"' in html
    assert "At most 4,000 characters." in html


def test_a_tag_that_is_not_a_number_is_a_form_error(login, competition_mentor, held_session):
    tag = NoteTagFactory()

    response = login(in_english(competition_mentor)).post(
        url(held_session, "notes/"), {"body": "로짓 앙상블", "tags": [tag.pk, "abc"]}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose tags from the list." in html
    assert "로짓 앙상블" in html
    assert not SessionNote.objects.exists()


def test_notes_wait_until_the_session_has_started(login, competition_mentor, session):
    client = login(in_english(competition_mentor))

    page = client.get(url(session)).content.decode()
    assert url(session, "notes/") not in page
    assert "once the session has started" in page

    response = client.post(url(session, "notes/"), {"body": "미리 쓰는 조언"})

    assert response.status_code == 400
    assert "once the session has started" in response.content.decode()
    assert not SessionNote.objects.exists()


def test_a_note_on_a_session_under_way_is_saved(login, competition_mentor, team):
    under_way = SessionFactory(
        team=team,
        mentor=competition_mentor,
        starts_at=hours_from_now(0) - datetime.timedelta(minutes=10),
    )

    response = login(competition_mentor).post(url(under_way, "notes/"), {"body": "K-fold"})

    assert response.status_code == 302
    assert SessionNote.objects.get().body == "K-fold"


def test_the_service_refuses_a_note_before_the_session_or_on_a_cancelled_one(
    competition_mentor, session, held_session
):
    with pytest.raises(ValidationError):
        services.note_add(session=session, author=competition_mentor, body="미리")
    services.session_cancel(session=session, by=None)
    with pytest.raises(ValidationError):
        services.note_add(session=session, author=competition_mentor, body="취소된 세션")

    services.note_add(session=held_session, author=competition_mentor, body="지난 세션")
    assert list(SessionNote.objects.values_list("body", flat=True)) == ["지난 세션"]


# --- Late reasons -------------------------------------------------------------------------------


def _late_hours(competition):
    return (competition.deadline_at - hours_from_now(0)).total_seconds() // 3600 - 24


def test_a_late_reason_over_500_characters_is_refused(login, staff, team, competition_mentor):
    reason = "출장 " * 200
    form = booking(
        team,
        competition_mentor,
        _late_hours(team.competition),
        confirm_late="on",
        late_reason=reason,
    )

    response = login(in_english(staff)).post(f"/competitions/{team.competition.pk}/board/", form)

    assert response.status_code == 400
    assert "at most 500 characters" in response.content.decode()
    assert not Session.objects.exists()


def test_the_service_refuses_a_late_reason_over_500_characters(team, competition_mentor):
    with pytest.raises(ValidationError) as error:
        services.session_book(
            team=team,
            mentor=competition_mentor,
            starts_at=hours_from_now(_late_hours(team.competition)),
            minutes=30,
            confirm_late=True,
            late_reason="가" * 501,
            by=None,
        )

    assert "late_reason" in error.value.message_dict
    assert not Session.objects.exists()


# --- Availability -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start_days", "end_days"),
    [(-6, -4), (-4, 1), (9, 11), (12, 13)],  # before, across the opening or the deadline, after
)
def test_availability_outside_the_competition_is_refused(
    login, staff, team, competition_mentor, start_days, end_days
):
    competition = team.competition
    response = login(in_english(staff)).post(
        f"/competitions/{competition.pk}/board/availability/",
        {
            "mentor": competition_mentor.pk,
            "starts_at": local_input(hours_from_now(24 * start_days)),
            "ends_at": local_input(hours_from_now(24 * end_days)),
        },
        follow=True,
    )

    assert "must fall inside the competition" in response.content.decode()
    assert not AvailabilityWindow.objects.exists()


def test_the_service_refuses_availability_outside_the_competition(team, competition_mentor):
    competition = team.competition
    with pytest.raises(ValidationError):
        services.availability_add(
            competition=competition,
            mentor=competition_mentor,
            starts_at=competition.deadline_at - datetime.timedelta(hours=1),
            ends_at=competition.deadline_at + datetime.timedelta(hours=2),
        )

    window = services.availability_add(
        competition=competition,
        mentor=competition_mentor,
        starts_at=hours_from_now(24),
        ends_at=hours_from_now(27),
    )
    assert list(AvailabilityWindow.objects.all()) == [window]


# --- The same rules in the admin ------------------------------------------------------------------


def _split(moment):
    local = timezone.localtime(moment)
    return {"0": local.strftime("%Y-%m-%d"), "1": local.strftime("%H:%M:%S")}


def test_the_admin_refuses_a_note_before_the_session(login, staff, session):
    response = login(in_english(staff)).post(
        "/admin/competitions/sessionnote/add/",
        {"session": session.pk, "body": "미리 쓰는 조언", "is_tip": "on"},
    )

    assert response.status_code == 200
    assert "once the session has started" in response.content.decode()
    assert not SessionNote.objects.exists()


def test_the_admin_refuses_availability_outside_the_competition(
    login, staff, team, competition_mentor
):
    starts, ends = _split(hours_from_now(24 * 9)), _split(hours_from_now(24 * 11))

    response = login(in_english(staff)).post(
        "/admin/competitions/availabilitywindow/add/",
        {
            "competition": team.competition.pk,
            "mentor": competition_mentor.pk,
            **{f"starts_at_{k}": v for k, v in starts.items()},
            **{f"ends_at_{k}": v for k, v in ends.items()},
        },
    )

    assert response.status_code == 200
    assert "must fall inside the competition" in response.content.decode()
    assert not AvailabilityWindow.objects.exists()
