"""The week page (`/curriculum/<slug>/weeks/<n>/`): one week's theme, mentors and lectures."""

import datetime
import zoneinfo

import pytest

from core.tests import LARGE, SMALL, build_dataset, count_queries
from curriculum.models import Lecture
from tests import factories
from tests.helpers import MEMBERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
# A Wednesday: the `cohort` fixture's week 2 runs 3/3-3/9, week 3 3/10-3/16, week 4 3/17-3/23.
TODAY = datetime.datetime(2025, 3, 12, 12, 0, tzinfo=SEOUL)
WEEK_3 = "/curriculum/ai-lab-2/weeks/3/"


def page(client, url=WEEK_3):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- Who may see it ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS)
def test_every_member_of_the_cohort_sees_the_week(request, login, persona):
    client = login(request.getfixturevalue(persona))

    response = client.get(WEEK_3)

    assert response.status_code == 200
    assert response.context["week"].theme == "Theme 3"


def test_a_student_of_another_cohort_gets_404(login, cohort, other_cohort_student):
    response = login(other_cohort_student).get(WEEK_3)

    assert response.status_code == 404
    assert "Theme 3" not in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/curriculum/ai-lab-2/weeks/99/", "/curriculum/no-such-cohort/weeks/3/"]
)
def test_a_week_that_does_not_exist_is_404(login, student, url):
    assert login(student).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, cohort):
    response = client.get(WEEK_3)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={WEEK_3}"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_week_page_only_answers_get(login, student, method):
    response = getattr(login(student), method)(WEEK_3)

    assert response.status_code == 405


# --- What it shows ----------------------------------------------------------------------------


def test_the_week_shows_its_theme_dates_mentor_and_lectures_with_durations(
    login, english, current_week, week_mentor
):
    lectures = list(current_week.lectures.order_by("order"))
    for lecture, minutes in zip(lectures, [50, 60, 100], strict=True):
        lecture.duration_minutes = minutes
    Lecture.objects.bulk_update(lectures, ["duration_minutes"])

    html = page(login(english))

    assert "Theme 3" in html
    assert "3/10 (Mon)" in html
    assert "3/16 (Sun)" in html
    assert "이멘토" in html
    for lecture in lectures:
        assert lecture.title in html
    assert "50 min" in html
    assert "1 h 40 min" in html
    assert "3 lectures, 3 h 30 min in all" in html


def test_the_lectures_come_in_their_order(login, student, current_week):
    titles = list(current_week.lectures.order_by("order").values_list("title", flat=True))

    html = page(login(student))

    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


def test_a_week_without_a_theme_reads_as_such(login, english, current_week):
    current_week.theme = ""
    current_week.save(update_fields=["theme"])

    html = page(login(english))

    assert "No theme" in html
    assert "Theme 3" not in html


def test_the_week_links_to_the_weeks_before_and_after(login, student):
    html = page(login(student))

    assert 'href="/curriculum/ai-lab-2/weeks/2/" rel="prev"' in html
    assert 'href="/curriculum/ai-lab-2/weeks/4/" rel="next"' in html


def test_the_first_and_last_weeks_have_no_link_past_the_course(login, student):
    first = page(login(student), "/curriculum/ai-lab-2/weeks/1/")
    last = page(login(student), "/curriculum/ai-lab-2/weeks/6/")

    assert 'rel="prev"' not in first
    assert 'rel="next"' not in last


def test_a_competition_shows_on_the_weeks_it_spans_only(login, student, cohort):
    factories.CompetitionFactory(
        cohort=cohort,
        title="CV 경진대회",
        starts_at=datetime.datetime(2025, 3, 5, 10, 0, tzinfo=SEOUL),
        deadline_at=datetime.datetime(2025, 3, 14, 19, 0, tzinfo=SEOUL),
    )
    client = login(student)

    assert "CV 경진대회" in page(client, "/curriculum/ai-lab-2/weeks/2/")
    assert "CV 경진대회" in page(client, "/curriculum/ai-lab-2/weeks/3/")
    assert "CV 경진대회" not in page(client, "/curriculum/ai-lab-2/weeks/4/")
    assert "CV 경진대회" not in page(client, "/curriculum/ai-lab-2/weeks/1/")


def test_another_cohorts_competition_does_not_show(login, student, other_cohort):
    factories.CompetitionFactory(cohort=other_cohort, title="3기 경진대회")

    assert "3기 경진대회" not in page(login(student))


def test_only_the_current_week_is_marked_as_current(login, student):
    client = login(student)

    assert "is-current" in page(client, WEEK_3)
    assert "is-current" not in page(client, "/curriculum/ai-lab-2/weeks/4/")


# --- Query count ------------------------------------------------------------------------------

# (first view, which renders and caches the page; a later view of the same viewer, which reuses
# it: session, user, the bell's unread count, the viewer's cohorts and roles, the fingerprint)
EXPECTED_QUERIES = {"student": (15, 5), "mentor": (16, 5), "staff": (16, 5)}


@pytest.mark.parametrize("persona", EXPECTED_QUERIES)
def test_the_week_pages_query_count_does_not_grow_with_data(client, persona):
    small = build_dataset(tag="small", **SMALL)
    large = build_dataset(tag="large", **LARGE)

    counts = {}
    for size, data in [("small", small), ("large", large)]:
        user, url = getattr(data, persona), f"/curriculum/{size}-1/weeks/3/"
        first = count_queries(client, user, url)
        again = count_queries(client, user, url)
        counts[size] = (len(first), len(again))

    assert counts["small"] == counts["large"], counts
    assert counts["large"] == EXPECTED_QUERIES[persona], counts
