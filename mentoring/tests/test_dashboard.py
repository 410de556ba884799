"""The dashboard (`/`): a student's week at a glance, and who may see it."""

import datetime
import zoneinfo

import pytest
import time_machine

from core.tests import LARGE, SMALL, build_dataset, count_queries
from curriculum.models import Lecture, Role
from tests import factories
from tests.helpers import MEMBERS

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
# A Wednesday: the `cohort` fixture's week 3 then runs from Monday 3/10 to Sunday 3/16.
TODAY = datetime.datetime(2025, 3, 12, 12, 0, tzinfo=SEOUL)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]


def page(client, url="/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- Who may see it ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS)
@pytest.mark.parametrize("url", ["/", "/?cohort=ai-lab-2"])
def test_every_member_of_the_cohort_sees_its_week(request, login, persona, url):
    client = login(request.getfixturevalue(persona))

    response = client.get(url)

    assert response.status_code == 200
    assert response.context["cohort"].slug == "ai-lab-2"
    assert response.context["current_week"].theme == "Theme 3"


def test_a_student_of_another_cohort_gets_404_for_this_cohort(login, cohort, other_cohort_student):
    response = login(other_cohort_student).get("/?cohort=ai-lab-2")

    assert response.status_code == 404
    assert "AI Lab 2기" not in response.content.decode()


def test_a_student_of_another_cohort_sees_only_their_own_cohort(
    login, cohort, other_cohort_student
):
    html = page(login(other_cohort_student))

    assert "AI Lab 3기" in html
    assert "AI Lab 2기" not in html


def test_an_unknown_cohort_is_404(login, student):
    assert login(student).get("/?cohort=no-such-cohort").status_code == 404


@pytest.mark.parametrize(
    ("url", "login_url"),
    [
        ("/", "/accounts/login/?next=/"),
        ("/?cohort=ai-lab-2", "/accounts/login/?next=/%3Fcohort%3Dai-lab-2"),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, cohort, url, login_url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == login_url


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_dashboard_only_answers_get(login, student, method):
    response = getattr(login(student), method)("/")

    assert response.status_code == 405


def test_a_user_in_no_cohort_gets_a_friendly_page(login):
    newcomer = factories.UserFactory(language="en")

    html = page(login(newcomer))

    assert "You are not in a cohort yet" in html


# --- What it shows ----------------------------------------------------------------------------


def test_a_student_sees_this_weeks_theme_dates_lectures_and_mentor(
    login, english, current_week, week_mentor
):
    durations = [45, 90, 120]
    lectures = list(current_week.lectures.order_by("order"))
    for lecture, minutes in zip(lectures, durations, strict=True):
        lecture.duration_minutes = minutes
    Lecture.objects.bulk_update(lectures, ["duration_minutes"])

    html = page(login(english))

    assert "단계 1 week 3" in html
    assert "Theme 3" in html
    assert "3/10 (Mon)" in html
    assert "3/16 (Sun)" in html
    for lecture in lectures:
        assert lecture.title in html
    assert "45 min" in html
    assert "1 h 30 min" in html
    assert "2 h" in html
    assert "4 h 15 min in all" in html
    assert "이멘토" in html


def test_a_student_sees_what_comes_next_week(login, english, cohort):
    html = page(login(english))

    assert "단계 2 week 1" in html  # week 4, the first week of the second phase
    assert "Theme 4" in html
    assert "Theme 5" not in html


def test_a_week_without_a_theme_reads_as_such(login, english, current_week):
    current_week.theme = ""
    current_week.save(update_fields=["theme"])

    html = page(login(english))

    assert "단계 1 week 3" in html
    assert "No theme" in html
    assert "Theme 3" not in html


def test_a_week_without_a_mentor_says_so(login, english, current_week):
    html = page(login(english))

    assert "Not assigned" in html


def test_the_running_competition_shows_the_students_team_and_its_mentor(
    login, english, team, competition_mentor
):
    html = page(login(english))

    assert "CV 경진대회" in html
    assert "1조" in html
    assert "최멘토" in html


def test_finished_and_upcoming_competitions_stay_off_the_dashboard(
    login, english, cohort, competition, team
):
    now = datetime.datetime.now(tz=SEOUL)
    finished = factories.CompetitionFactory(
        cohort=cohort,
        title="ML 경진대회",
        starts_at=now - datetime.timedelta(days=30),
        deadline_at=now - datetime.timedelta(days=6),  # last week
    )
    factories.TeamMemberFactory(team=factories.TeamFactory(competition=finished), user=english)
    upcoming = factories.CompetitionFactory(
        cohort=cohort,
        title="NLP 경진대회",
        starts_at=now + datetime.timedelta(days=20),
        deadline_at=now + datetime.timedelta(days=40),
    )

    html = page(login(english))

    assert f'id="competition-{competition.pk}"' in html
    assert f'id="competition-{finished.pk}"' not in html
    assert f'id="competition-{upcoming.pk}"' not in html
    assert "ML 경진대회" not in html
    assert "NLP 경진대회" not in html


def test_another_cohorts_competition_never_shows(login, english, other_cohort):
    factories.CompetitionFactory(cohort=other_cohort, title="3기 경진대회")

    assert "3기 경진대회" not in page(login(english))


def test_before_the_course_starts_the_dashboard_points_to_the_first_week(login, english, cohort):
    with time_machine.travel(datetime.datetime(2025, 2, 20, 12, 0, tzinfo=SEOUL), tick=True):
        html = page(login(english))

    assert "There are no lectures this week" in html
    assert "The next week starts on 2/24" in html
    assert "Theme 1" in html


def test_after_the_last_week_the_dashboard_says_the_course_has_ended(login, english, cohort):
    with time_machine.travel(datetime.datetime(2025, 4, 20, 12, 0, tzinfo=SEOUL), tick=True):
        html = page(login(english))

    assert "The course has ended" in html
    assert "Theme 6" not in html


def test_a_student_in_two_cohorts_picks_one_with_the_cohort_parameter(login, english, other_cohort):
    factories.MembershipFactory(user=english, cohort=other_cohort, role=Role.STUDENT)
    other_week = other_cohort.weeks.get(number=3)
    other_week.theme = "NLP Advanced"
    other_week.save(update_fields=["theme"])

    html = page(login(english), "/?cohort=ai-lab-3")

    assert "NLP Advanced" in html
    assert "Theme 3" not in html


def test_a_theme_mentor_sees_the_weeks_they_mentor(login, other_week_mentor):
    html = page(login(other_week_mentor))

    assert "/curriculum/ai-lab-2/weeks/5/" in html


# --- Query count ------------------------------------------------------------------------------

# The student also reads their upcoming sessions with the lead instructor (continuity).
EXPECTED_QUERIES = {"student": 15, "mentor": 13, "staff": 13}


@pytest.mark.parametrize("persona", ["student", "mentor", "staff"])
def test_the_dashboards_query_count_does_not_grow_with_data(client, persona):
    small = build_dataset(tag="small", **SMALL)
    large = build_dataset(tag="large", **LARGE)

    queries = {
        size: count_queries(client, getattr(data, persona), "/")
        for size, data in [("small", small), ("large", large)]
    }

    assert len(queries["small"]) == len(queries["large"]), queries
    assert len(queries["large"]) == EXPECTED_QUERIES[persona], queries["large"]
