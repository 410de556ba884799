"""Sessions in the admin go through the same rules and services as the board."""

import datetime
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.test import Client
from django.utils import timezone

from competitions.models import Session
from competitions.tests.factories import SessionFactory, hours_from_now
from curriculum.models import Role
from tests import factories

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


# --- Input the admin refuses with a message, never a server error --------------------------------


@pytest.fixture
def lecture_hours(cohort):
    """Live lectures every day: the booking rules walk the days a session spans."""
    from competitions.models import LiveLectureHours

    for weekday in range(7):
        LiveLectureHours.objects.create(
            cohort=cohort, weekday=weekday, starts=datetime.time(9), ends=datetime.time(10)
        )


def _error_page(response):
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="errornote"' in page
    return page


@pytest.mark.parametrize(
    ("day", "starts", "ends"),
    [
        ("9999-12-31", "23:00:00", "23:30:00"),
        ("9999-12-31", "23:29:59", "23:59:59"),
        ("0001-01-01", "09:00:00", "09:30:00"),
    ],
)
def test_a_start_at_the_ends_of_the_calendar_is_refused(
    login, staff_en, team, competition_mentor, lecture_hours, day, starts, ends
):
    data = form(team, competition_mentor, hours_from_now(48))
    data |= {"starts_at_0": day, "starts_at_1": starts, "ends_at_0": day, "ends_at_1": ends}

    page = _error_page(login(staff_en).post(ADD, data))

    assert "Enter a date between 2000 and 2100." in page
    assert not Session.objects.exists()


@pytest.mark.parametrize("field", ["team", "mentor"])
def test_a_team_or_mentor_that_is_not_an_id_is_refused(
    login, staff_en, team, competition_mentor, field
):
    data = form(team, competition_mentor, hours_from_now(48)) | {field: "abc"}

    page = _error_page(login(staff_en).post(ADD, data))

    assert "Select a valid choice" in page
    assert not Session.objects.exists()


def test_a_new_session_is_always_booked_so_cancelled_is_no_way_around_an_overlap(
    login, staff_en, team, competition_mentor
):
    SessionFactory(team=team, mentor=competition_mentor, starts_at=hours_from_now(48))
    client = login(staff_en)

    assert 'name="status"' not in client.get(ADD).content.decode()
    data = form(team, competition_mentor, hours_from_now(48), status="cancelled")
    page = _error_page(client.post(ADD, data))

    assert "already has a session then" in page
    assert Session.objects.count() == 1


def test_a_session_that_took_place_is_not_cancelled_in_the_admin(login, staff_en, session):
    Session.objects.filter(pk=session.pk).update(
        starts_at=hours_from_now(-48), ends_at=hours_from_now(-48) + datetime.timedelta(minutes=30)
    )
    session.refresh_from_db()
    data = form(session.team, session.mentor, session.starts_at, status="cancelled")

    page = _error_page(
        login(staff_en).post(f"/admin/competitions/session/{session.pk}/change/", data)
    )

    assert "This session has already taken place." in page
    session.refresh_from_db()
    assert session.status == "scheduled"
    assert not session.changes.exists()


# --- Concurrent bookings in the admin, on PostgreSQL --------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the redirect is the answer: the booking was saved


def _post_form(url, data, session_cookie):
    """POST `data` to the live server as a browser would, with a CSRF cookie and its token."""
    token = "a" * 32
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
    assert url.startswith("http://")
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 - http only
    request.add_header("Cookie", f"sessionid={session_cookie}; csrftoken={token}")
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_admin_bookings_of_one_mentor_store_one_and_refuse_the_rest(
    live_server, cohort, competition, staff_en
):
    mentor = factories.UserFactory(name="동시멘토")
    factories.MembershipFactory(user=mentor, cohort=cohort, role=Role.COMPETITION_MENTOR)
    teams = []
    for n in range(20):
        team = factories.TeamFactory(competition=competition, name=f"{n + 1}조")
        team.mentors.add(mentor)
        teams.append(team)
    start = hours_from_now(48)
    bodies = [form(t, mentor, start + datetime.timedelta(minutes=n)) for n, t in enumerate(teams)]
    browser = Client()
    browser.force_login(staff_en)
    cookie = browser.cookies["sessionid"].value
    barrier = threading.Barrier(len(bodies))
    answers = []

    def post(body):
        barrier.wait()
        answers.append(_post_form(live_server.url + ADD, body, cookie))

    threads = [threading.Thread(target=post, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(status for status, _page in answers)
    assert statuses == [200] * 19 + [302], statuses
    for status, page in answers:
        if status == 200:
            assert 'class="errornote"' in page
            assert "already has a session then" in page or "at the same moment" in page
    assert Session.objects.scheduled().count() == 1
    assert Session.objects.get().changes.count() == 1


def test_a_superuser_changes_the_link_of_a_session_with_history(login, team, competition_mentor):
    from competitions.models import SessionChange
    from tests.fuzz.page_forms import page_forms

    root = factories.UserFactory(is_staff=True, is_superuser=True)
    session = SessionFactory(team=team, mentor=competition_mentor, starts_at=hours_from_now(48))
    SessionChange.objects.create(session=session, kind="booked", new_starts_at=session.starts_at)
    client = login(root)
    url = f"/admin/competitions/session/{session.pk}/change/"
    (shown,) = page_forms(client.get(url).content.decode())
    assert shown.body()["changes-INITIAL_FORMS"] == "1"  # the history is on the page

    response = client.post(url, shown.body() | {"meeting_url": "https://meet.example.com/new"})

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.meeting_url == "https://meet.example.com/new"
