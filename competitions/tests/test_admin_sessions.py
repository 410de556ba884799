"""Sessions in the admin go through the same rules and services as the board."""

import datetime

import pytest
from django.utils import timezone

from competitions.models import Session
from competitions.tests.factories import SessionFactory, hours_from_now

pytestmark = pytest.mark.django_db

ADD = "/admin/competitions/session/add/"


def form(team, mentor, start, minutes=30, **extra):
    local = timezone.localtime(start)
    end = local + datetime.timedelta(minutes=minutes)
    data = {
        "team": team.pk,
        "mentor": mentor.pk,
        "starts_at_0": local.strftime("%Y-%m-%d"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%Y-%m-%d"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "meeting_url": "",
        "status": "scheduled",
        "late_reason": "",
    }
    for prefix in ("notes", "changes"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(extra)
    return data


@pytest.fixture
def staff_en(staff):
    staff.language = "en"
    staff.save(update_fields=["language"])
    return staff


def test_staff_book_in_the_admin_with_history(login, staff_en, team, competition_mentor):
    response = login(staff_en).post(ADD, form(team, competition_mentor, hours_from_now(48)))

    assert response.status_code == 302, response.content.decode()[:2000]
    session = Session.objects.get()
    assert session.created_by == staff_en
    assert list(session.changes.values_list("kind", flat=True)) == ["booked"]


def test_the_admin_refuses_an_overlap_with_the_boards_message(
    login, staff_en, team, competition_mentor
):
    SessionFactory(team=team, mentor=competition_mentor, starts_at=hours_from_now(48))

    response = login(staff_en).post(ADD, form(team, competition_mentor, hours_from_now(48)))

    assert response.status_code == 200
    assert "already has a session then" in response.content.decode()
    assert Session.objects.count() == 1


def test_cancelling_in_the_admin_keeps_history(login, staff_en, session):
    data = form(session.team, session.mentor, session.starts_at, status="cancelled")
    data.pop("team")
    data.pop("mentor")

    response = login(staff_en).post(f"/admin/competitions/session/{session.pk}/change/", data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert session.changes.filter(kind="cancelled").exists()


def test_a_competition_mentor_cannot_book_in_the_admin(login, team, competition_mentor):
    from curriculum.services import user_sync_admin_access

    user_sync_admin_access(user=competition_mentor)

    response = login(competition_mentor).post(
        ADD, form(team, competition_mentor, hours_from_now(48))
    )

    assert response.status_code == 403
    assert not Session.objects.exists()


# --- What a competition mentor reaches in the admin ----------------------------------------------


@pytest.fixture
def mentor_in_admin(competition_mentor):
    from curriculum.services import user_sync_admin_access

    user_sync_admin_access(user=competition_mentor)
    return competition_mentor


def test_a_mentor_lists_only_their_own_sessions(
    login, mentor_in_admin, session, other_teams_session
):
    response = login(mentor_in_admin).get("/admin/competitions/session/")

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert login(mentor_in_admin).get(
        f"/admin/competitions/session/{other_teams_session.pk}/change/"
    ).status_code in (302, 404)


def test_a_mentor_enters_availability_only_for_themselves(
    login, mentor_in_admin, competition, other_teams_session
):
    start = timezone.localtime(hours_from_now(30))
    response = login(mentor_in_admin).post(
        "/admin/competitions/availabilitywindow/add/",
        {
            "competition": competition.pk,
            "mentor": other_teams_session.mentor.pk,  # forged: someone else
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": "19:00:00",
            "ends_at_0": start.strftime("%Y-%m-%d"),
            "ends_at_1": "21:00:00",
        },
    )

    assert response.status_code == 302
    from competitions.models import AvailabilityWindow

    assert AvailabilityWindow.objects.get().mentor == mentor_in_admin


def test_a_mentor_cannot_write_notes_on_another_teams_session(
    login, mentor_in_admin, other_teams_session
):
    from competitions.models import SessionNote

    response = login(mentor_in_admin).post(
        "/admin/competitions/sessionnote/add/",
        {"session": other_teams_session.pk, "body": "forged", "is_tip": "on"},
    )

    assert response.status_code == 200
    assert not SessionNote.objects.exists()


# --- Queryset methods the reminders and the staff summary build on -------------------------------


def test_the_integrators_querysets(team, competition_mentor, student, other_team, competition):
    from competitions.models import Team

    soon = SessionFactory(team=team, mentor=competition_mentor, starts_at=hours_from_now(2))
    late_start = competition.deadline_at - datetime.timedelta(hours=24)
    late = SessionFactory(team=team, mentor=competition_mentor, starts_at=late_start)

    assert list(Session.objects.upcoming_for_user(student)) == [soon, late]
    assert list(Session.objects.upcoming_for_user(competition_mentor)) == [soon, late]
    assert list(Session.objects.upcoming_for_user(other_team.classmate)) == []
    window = Session.objects.starting_between(hours_from_now(1), hours_from_now(3))
    assert list(window) == [soon]
    assert list(Session.objects.late_for(competition)) == [late]
    assert list(Team.objects.without_session_by(competition)) == [other_team]
