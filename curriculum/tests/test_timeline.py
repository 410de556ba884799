"""The curriculum timeline (`/curriculum/` and `/curriculum/<slug>/`): the whole course at once."""

import datetime
import re
import zoneinfo

import pytest
import time_machine

from core.tests import LARGE, SMALL, build_dataset, count_queries
from curriculum.models import Lecture, Role
from tests import factories
from tests.helpers import MEMBERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
# A Wednesday. The `cohort` fixture's weeks then run Monday to Sunday from 2/24: week 2 is
# 3/3-3/9, week 3 (this week) 3/10-3/16, week 4 3/17-3/23.
TODAY = datetime.datetime(2025, 3, 12, 12, 0, tzinfo=SEOUL)


def page(client, url="/curriculum/ai-lab-2/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def week_rows(html):
    """The timeline's rows, by week number (read from the link to the week's page)."""
    rows = {}
    for chunk in html.split('<li class="tl-week')[1:]:
        row = chunk.split("</li>")[0]
        number = int(re.search(r"/curriculum/[\w-]+/weeks/(\d+)/", row).group(1))
        rows[number] = row
    return rows


# --- Who may see it ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEMBERS)
@pytest.mark.parametrize("url", ["/curriculum/", "/curriculum/ai-lab-2/"])
def test_every_member_of_the_cohort_sees_its_timeline(request, login, persona, url):
    client = login(request.getfixturevalue(persona))

    response = client.get(url)

    assert response.status_code == 200
    assert response.context["cohort"].slug == "ai-lab-2"
    assert len(week_rows(response.content.decode())) == 6


def test_a_student_of_another_cohort_gets_404(login, cohort, other_cohort_student):
    response = login(other_cohort_student).get("/curriculum/ai-lab-2/")

    assert response.status_code == 404
    assert "AI Lab 2기" not in response.content.decode()


def test_a_student_of_another_cohort_is_shown_their_own_timeline(
    login, cohort, other_cohort_student
):
    html = page(login(other_cohort_student), "/curriculum/")

    assert "AI Lab 3기" in html
    assert "AI Lab 2기" not in html
    assert "/curriculum/ai-lab-2/" not in html


def test_an_unknown_cohort_is_404(login, student):
    assert login(student).get("/curriculum/no-such-cohort/").status_code == 404


def test_a_superuser_may_open_any_cohort(login, cohort):
    admin = factories.UserFactory(is_superuser=True, is_staff=True)

    assert login(admin).get("/curriculum/ai-lab-2/").status_code == 200


@pytest.mark.parametrize("url", ["/curriculum/", "/curriculum/ai-lab-2/"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, cohort, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
@pytest.mark.parametrize("url", ["/curriculum/", "/curriculum/ai-lab-2/"])
def test_the_timeline_only_answers_get(login, student, url, method):
    response = getattr(login(student), method)(url)

    assert response.status_code == 405


def test_a_user_in_no_cohort_gets_a_friendly_page(login):
    newcomer = factories.UserFactory(language="en")

    html = page(login(newcomer), "/curriculum/")

    assert "You are not in a cohort yet" in html


# --- What it shows ----------------------------------------------------------------------------


def test_phases_come_in_order_each_with_its_weeks(login, student):
    html = page(login(student))

    first, second = html.index("단계 1"), html.index("단계 2")
    assert first < second
    assert set(week_rows(html[first:second])) == {1, 2, 3}
    assert set(week_rows(html[second:])) == {4, 5, 6}


def test_each_week_shows_its_dates_theme_level_and_mentor(login, english, week_mentor):
    rows = week_rows(page(login(english)))

    assert "3/10 – 3/16" in rows[3]
    assert "Theme 3" in rows[3]
    assert "Basic" in rows[3]
    assert "이멘토" in rows[3]
    assert "이멘토" not in rows[4]
    assert "No mentor" in rows[4]


def test_only_the_current_week_is_marked_as_today(login, student):
    html = page(login(student))

    assert html.count('aria-current="date"') == 1
    assert 'aria-current="date"' in week_rows(html)[3]


def test_no_week_is_marked_once_the_course_is_over(login, student):
    with time_machine.travel(datetime.datetime(2025, 5, 1, 12, 0, tzinfo=SEOUL), tick=True):
        html = page(login(student))

    assert 'aria-current="date"' not in html


def test_each_week_shows_its_lecture_count_and_minutes(login, english, cohort):
    week_2 = cohort.weeks.get(number=2)
    factories.LectureFactory(week=week_2, duration_minutes=30)
    Lecture.objects.filter(week__cohort=cohort, week__number=5).delete()

    rows = week_rows(page(login(english)))

    assert "4 lectures · 3 h 30 min" in rows[2]
    assert "3 lectures · 3 h" in rows[3]
    assert "0 lectures · 0 min" in rows[5]


def test_a_week_without_a_theme_reads_as_such(login, english, current_week):
    current_week.theme = ""
    current_week.save(update_fields=["theme"])

    rows = week_rows(page(login(english)))

    assert "No theme" in rows[3]
    assert "Theme 3" not in rows[3]


def test_a_competition_is_drawn_across_the_weeks_it_spans(login, student, cohort):
    factories.CompetitionFactory(
        cohort=cohort,
        title="CV 경진대회",
        starts_at=datetime.datetime(2025, 3, 5, 10, 0, tzinfo=SEOUL),
        deadline_at=datetime.datetime(2025, 3, 14, 19, 0, tzinfo=SEOUL),
    )

    rows = week_rows(page(login(student)))

    assert "CV 경진대회" in rows[2]
    assert "CV 경진대회" in rows[3]
    assert "CV 경진대회" not in rows[1]
    assert "CV 경진대회" not in rows[4]
    assert "band-start" in rows[2]
    assert "band-end" in rows[3]


def test_overlapping_competitions_are_drawn_side_by_side(login, student, cohort):
    factories.CompetitionFactory(
        cohort=cohort,
        title="CV 경진대회",
        starts_at=datetime.datetime(2025, 3, 5, 10, 0, tzinfo=SEOUL),
        deadline_at=datetime.datetime(2025, 3, 14, 19, 0, tzinfo=SEOUL),
    )
    factories.CompetitionFactory(
        cohort=cohort,
        title="NLP 경진대회",
        starts_at=datetime.datetime(2025, 3, 11, 10, 0, tzinfo=SEOUL),
        deadline_at=datetime.datetime(2025, 3, 20, 19, 0, tzinfo=SEOUL),
    )

    response = login(student).get("/curriculum/ai-lab-2/")
    rows = week_rows(response.content.decode())

    assert response.context["lane_count"] == 2
    assert "CV 경진대회" in rows[3]
    assert "NLP 경진대회" in rows[3]
    assert "NLP 경진대회" in rows[4]


def test_another_cohorts_competition_is_not_drawn(login, student, other_cohort):
    factories.CompetitionFactory(cohort=other_cohort, title="3기 경진대회")

    assert "3기 경진대회" not in page(login(student))


def test_a_member_of_two_cohorts_finds_links_to_the_other(login, student, other_cohort):
    factories.MembershipFactory(user=student, cohort=other_cohort, role=Role.STUDENT)

    html = page(login(student))

    assert 'href="/curriculum/ai-lab-3/"' in html
    assert page(login(student), "/curriculum/ai-lab-3/").count('class="tl-week') == 6


# --- Query count ------------------------------------------------------------------------------

# (first view, which renders and caches the weeks; a later view, which reuses them: session, user,
# the bell's unread count, the viewer's cohorts and roles, the fingerprint)
EXPECTED_QUERIES = {
    ("/curriculum/", "student"): (10, 5),
    ("/curriculum/", "mentor"): (10, 5),
    ("/curriculum/", "staff"): (10, 5),
    ("/curriculum/{size}-1/", "student"): (10, 5),
    ("/curriculum/{size}-1/", "mentor"): (10, 5),
    ("/curriculum/{size}-1/", "staff"): (10, 5),
}


@pytest.mark.parametrize(("url", "persona"), EXPECTED_QUERIES)
def test_the_timelines_query_count_does_not_grow_with_data(client, url, persona):
    small = build_dataset(tag="small", **SMALL)
    large = build_dataset(tag="large", **LARGE)

    counts = {}
    for size, data in [("small", small), ("large", large)]:
        user, page_url = getattr(data, persona), url.format(size=size)
        first = count_queries(client, user, page_url)
        again = count_queries(client, user, page_url)
        counts[size] = (len(first), len(again))

    assert counts["small"] == counts["large"], counts
    assert counts["large"] == EXPECTED_QUERIES[url, persona], counts
