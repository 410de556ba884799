"""The competitions page and the schedule board are served from the cache until a row they show
changes: whatever the team, its mentor or staff change, through the pages or the admin, the next
visit shows it, and the forms in the cached page work for every session that reads it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from competitions.models import LiveLectureHours, ScoreEntry, Session, SessionNote
from competitions.tests.factories import (
    AvailabilityWindowFactory,
    NoteTagFactory,
    SessionFactory,
    booking,
    hours_from_now,
    local_input,
)
from curriculum.models import Role
from tests import factories
from tests.helpers import in_english, signed_in, visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

# The clock is pinned to Wednesday 3/12 noon (Seoul): hours_from_now(48) is Friday 3/14 12:00.
LIST = "/competitions/"


def board_url(competition):
    return f"/competitions/{competition.pk}/board/"


def session_url(session, suffix=""):
    return f"/competitions/sessions/{session.pk}/{suffix}"


def csrf_token(html, form_start):
    """The token in the first form after `form_start`."""
    after = html[html.index(form_start) :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', after).group(1)


@pytest.fixture(params=["student", "competition_mentor"])
def viewer(request, login, team, competition_mentor):
    """The team's student or its competition mentor, reading /competitions/ in English."""
    return login(in_english(request.getfixturevalue(request.param)))


@pytest.fixture
def board(staff):
    """Staff's browser, in English."""
    return signed_in(in_english(staff))


@pytest.fixture
def later_session(team, competition_mentor):
    """The team's second session, Sunday 3/16 12:00."""
    return SessionFactory(team=team, mentor=competition_mentor, starts_at=hours_from_now(96))


# --- /competitions/, as the team's student and as its competition mentor -----------------------


def test_a_session_booked_on_the_board_shows_on_the_next_visit(
    viewer, board, team, competition_mentor
):
    assert "No session booked yet." in visit(viewer, LIST)

    response = board.post(board_url(team.competition), booking(team, competition_mentor, 72))

    assert response.status_code == 302
    html = visit(viewer, LIST)
    assert session_url(Session.objects.get(team=team)) in html
    assert "3/15 (Sat) 12:00–12:30" in html


def test_a_session_moved_and_another_cancelled_show_on_the_next_visit(
    viewer, staff, session, later_session
):
    first = visit(viewer, LIST)
    assert "3/14 (Fri) 12:00" in first and "Cancelled" not in first

    staff_browser = signed_in(staff)
    moved = staff_browser.post(
        session_url(session, "reschedule/"), {"starts_at": local_input(hours_from_now(74))}
    )
    cancelled = staff_browser.post(
        session_url(later_session, "cancel/"), {"reason": "멘토 사정", "confirm": "on"}
    )

    assert (moved.status_code, cancelled.status_code) == (302, 302)
    session.refresh_from_db()
    later_session.refresh_from_db()
    assert (session.starts_at, later_session.status) == (hours_from_now(74), "cancelled")
    html = visit(viewer, LIST)
    assert "3/15 (Sat) 14:00–14:30" in html
    assert "3/14 (Fri) 12:00" not in html
    assert "Cancelled" in html.split(session_url(later_session))[1].split("</li>")[0]


def test_a_tagged_note_the_mentor_writes_shows_on_the_next_visit(
    viewer, competition_mentor, held_session
):
    tag = NoteTagFactory(slug="lr-scheduler", name="LR scheduler")
    assert "CosineAnnealing" not in visit(viewer, LIST)

    response = signed_in(competition_mentor).post(
        session_url(held_session, "notes/"),
        {"body": "CosineAnnealing을 써 보세요", "tags": [tag.pk], "is_tip": "on"},
    )

    assert response.status_code == 302
    assert list(SessionNote.objects.get().tags.all()) == [tag]
    note = visit(viewer, LIST).split('class="session-note"')[1].split("</div> </div>")[0]
    assert "CosineAnnealing을 써 보세요" in note
    assert "LR scheduler" in note


def test_a_score_recorded_then_corrected_the_same_day_shows_the_corrected_value(
    viewer, student, team
):
    team_browser = signed_in(student)
    scores_url = f"/competitions/teams/{team.pk}/scores/"
    today = timezone.localdate()
    assert "No score recorded yet." in visit(viewer, LIST)

    team_browser.post(scores_url, {"recorded_on": today, "score": "0.81", "rank": 7})
    assert "lowest 0.81, highest 0.81" in visit(viewer, LIST)

    team_browser.post(scores_url, {"recorded_on": today, "score": "0.86", "rank": 3})
    html = visit(viewer, LIST)
    assert "lowest 0.86, highest 0.86" in html
    assert "0.86 · rank 3" in html
    assert "0.81" not in html
    assert ScoreEntry.objects.get(team=team).score == Decimal("0.86")


def test_a_classmate_added_to_the_team_shows_on_the_next_visit(viewer, cohort, team):
    classmate = factories.UserFactory(name="오동료")
    factories.MembershipFactory(user=classmate, cohort=cohort, role=Role.STUDENT)
    assert "오동료" not in visit(viewer, LIST)

    factories.TeamMemberFactory(team=team, user=classmate)  # as staff do it in the admin

    assert "오동료" in visit(viewer, LIST)


def test_a_mentor_assigned_to_the_students_team_shows_on_the_next_visit(
    login, english, cohort, team
):
    client = login(english)
    assert "Not assigned yet" in visit(client, LIST)

    mentor = factories.UserFactory(name="윤그랜드마스터")
    factories.MembershipFactory(user=mentor, cohort=cohort, role=Role.COMPETITION_MENTOR)
    team.mentors.add(mentor)

    html = visit(client, LIST)
    assert "윤그랜드마스터" in html
    assert "Not assigned yet" not in html


def test_a_team_assigned_to_the_mentor_shows_on_the_next_visit(
    login, competition_mentor, other_team
):
    client = login(in_english(competition_mentor))
    assert f'id="team-{other_team.pk}"' not in visit(client, LIST)

    other_team.mentors.add(competition_mentor)

    html = visit(client, LIST)
    assert f'id="team-{other_team.pk}"' in html
    assert "오동료" in html  # 2조's student, in the coached team's heading


def test_a_competition_added_to_the_students_second_cohort_shows_on_the_next_visit(
    login, english, competition, other_cohort
):
    factories.MembershipFactory(user=english, cohort=other_cohort, role=Role.STUDENT)
    client = login(english)
    assert "CV 경진대회" in visit(client, LIST)

    factories.CompetitionFactory(cohort=other_cohort, title="3기 NLP 경진대회")

    html = visit(client, LIST)
    assert "3기 NLP 경진대회" in html
    assert "CV 경진대회" in html


def test_a_second_session_of_the_student_records_a_score_with_its_own_token(student, team):
    visit(signed_in(student, enforce_csrf_checks=True), LIST)  # caches this session's page

    second = signed_in(student, enforce_csrf_checks=True)
    html = visit(second, LIST)
    response = second.post(
        f"/competitions/teams/{team.pk}/scores/",
        {
            "recorded_on": timezone.localdate(),
            "score": "0.9",
            "csrfmiddlewaretoken": csrf_token(html, 'class="score-form"'),
        },
    )

    assert "csrf-placeholder" not in html
    assert response.status_code == 302
    assert ScoreEntry.objects.get(team=team).score == Decimal("0.9")


# --- The schedule board, as staff ---------------------------------------------------------------


def test_a_session_booked_shows_on_the_board_at_once(board, team, competition_mentor):
    assert "Nothing booked yet." in visit(board, board_url(team.competition))

    response = board.post(board_url(team.competition), booking(team, competition_mentor, 72))

    assert response.status_code == 302
    session = Session.objects.get(team=team)
    assert (session.mentor, session.starts_at) == (competition_mentor, hours_from_now(72))
    html = visit(board, board_url(team.competition))
    assert "Nothing booked yet." not in html
    assert f'<a href="{session_url(session)}">3/15 (Sat) 12:00</a> · 1조 · 최멘토' in html
    chip = '12:00–12:30</span> <span class="chip-who">최멘토</span>'
    assert chip in html.split('board-grid"')[1]  # the team's row of the grid


def test_a_session_moved_and_another_cancelled_show_on_the_board(board, session, later_session):
    url = board_url(session.competition)
    assert "Cancelled" not in visit(board, url)

    board.post(session_url(session, "reschedule/"), {"starts_at": local_input(hours_from_now(74))})
    board.post(session_url(later_session, "cancel/"), {"reason": "멘토 사정", "confirm": "on"})

    assert Session.objects.get(pk=session.pk).starts_at == hours_from_now(74)
    assert Session.objects.get(pk=later_session.pk).status == "cancelled"
    html = visit(board, url)
    assert f'<a href="{session_url(session)}">3/15 (Sat) 14:00</a>' in html
    assert "3/14 (Fri) 12:00" not in html
    cancelled = html.split(f'<a href="{session_url(later_session)}">')[1].split("</li>")[0]
    assert "Cancelled" in cancelled


def test_availability_added_shows_on_the_board_at_once(board, competition, competition_mentor):
    url = board_url(competition)
    assert "No availability entered yet." in visit(board, url)

    start = hours_from_now(30)  # Thursday 3/13 18:00
    response = board.post(
        url + "availability/",
        {
            "mentor": competition_mentor.pk,
            "starts_at": local_input(start),
            "ends_at": local_input(start + datetime.timedelta(hours=3)),
        },
    )

    assert response.status_code == 302
    assert competition_mentor.availability_windows.count() == 1
    html = visit(board, url)
    assert "1 window entered" in html
    assert "최멘토: 3/13 (Thu) 18:00 – 21:00" in html


def test_live_lecture_hours_added_in_the_admin_show_on_the_board(board, cohort, competition):
    assert "Live lectures" not in visit(board, board_url(competition))

    LiveLectureHours.objects.create(
        cohort=cohort, weekday=0, starts=datetime.time(9), ends=datetime.time(12)
    )

    assert "Live lectures (no sessions then): Monday 09:00–12:00" in visit(
        board, board_url(competition)
    )


def test_a_mentor_assigned_shows_on_the_board_and_in_its_forms(board, cohort, team):
    url = board_url(team.competition)
    assert "윤그랜드마스터" not in visit(board, url)

    mentor = factories.UserFactory(name="윤그랜드마스터")
    factories.MembershipFactory(user=mentor, cohort=cohort, role=Role.COMPETITION_MENTOR)
    team.mentors.add(mentor)

    html = visit(board, url)
    assert "윤그랜드마스터" in html.split('class="board-mentors"')[1]  # a row of the grid
    # The booking form names the teams a mentor coaches.
    option = f'<option value="{mentor.pk}">윤그랜드마스터 · 1조</option>'
    assert option in html.split('id="booking-form"')[1].split("</form>")[0]
    option = f'<option value="{mentor.pk}">윤그랜드마스터</option>'
    assert option in html.split('id="availability"')[1].split("</form>")[0]


def test_a_second_staff_member_books_through_the_cached_form_with_their_own_token(
    staff, cohort, team, competition_mentor
):
    url = board_url(team.competition)
    visit(signed_in(staff, enforce_csrf_checks=True), url)  # caches the board and its forms
    colleague = factories.UserFactory(name="문운영")
    factories.MembershipFactory(user=colleague, cohort=cohort, role=Role.STAFF)

    second = signed_in(colleague, enforce_csrf_checks=True)
    html = visit(second, url)
    token = csrf_token(html, 'id="booking-form"')
    response = second.post(
        url, {**booking(team, competition_mentor, 72), "csrfmiddlewaretoken": token}
    )

    assert "csrf-placeholder" not in html
    assert response.status_code == 302
    assert Session.objects.get(team=team).created_by == colleague


def test_a_refused_booking_keeps_what_was_typed_and_the_grid_still_shows(
    board, session, competition_mentor
):
    url = board_url(session.competition)
    visit(board, url)
    typed = booking(
        session.team,
        competition_mentor,
        2,  # Wednesday 14:00: under the 12 hours' notice
        meeting_url="https://meet.example.com/typed-by-staff",
    )

    response = board.post(url, typed)

    html = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 400
    assert "Sessions need at least 12 hours&#x27; notice." in html
    form = html.split('id="booking-form"')[1].split("</form>")[0]
    assert 'value="https://meet.example.com/typed-by-staff"' in form
    assert f'value="{typed["starts_at"]}"' in form
    chip = '12:00–12:30</span> <span class="chip-who">최멘토</span>'
    assert chip in html.split('board-grid"')[1]  # the booked session's chip
    assert Session.objects.count() == 1
    # What was typed stays in that answer: the next visit shows the empty form.
    assert "typed-by-staff" not in visit(board, url)


# --- Rows edited in place, as the admin does ----------------------------------------------------


def test_live_lecture_hours_moved_in_the_admin_show_on_the_board(board, cohort, competition):
    hours = LiveLectureHours.objects.create(
        cohort=cohort, weekday=0, starts=datetime.time(9), ends=datetime.time(12)
    )
    assert "Monday 09:00–12:00" in visit(board, board_url(competition))

    hours.weekday, hours.starts, hours.ends = 1, datetime.time(13), datetime.time(15)
    hours.save()

    assert "Tuesday 13:00–15:00" in visit(board, board_url(competition))


def test_an_availability_window_moved_in_the_admin_shows_on_the_board(
    board, competition, competition_mentor
):
    window = AvailabilityWindowFactory(
        competition=competition, mentor=competition_mentor, starts_at=hours_from_now(30)
    )
    assert "3/13 (Thu) 18:00 – 22:00" in visit(board, board_url(competition))

    window.starts_at, window.ends_at = hours_from_now(54), hours_from_now(56)
    window.save()

    assert "3/14 (Fri) 18:00 – 20:00" in visit(board, board_url(competition))


def test_a_teammate_replaced_in_the_admin_shows_on_the_next_visit(login, english, cohort, team):
    first, second = (factories.UserFactory(name=name) for name in ("오동료", "백신입"))
    for user in (first, second):
        factories.MembershipFactory(user=user, cohort=cohort, role=Role.STUDENT)
    row = factories.TeamMemberFactory(team=team, user=first)
    client = login(english)
    assert "오동료" in visit(client, LIST)

    row.user = second  # the team's member inline, its user changed
    row.save()

    html = visit(client, LIST)
    assert "백신입" in html
    assert "오동료" not in html
