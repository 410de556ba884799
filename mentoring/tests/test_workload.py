"""A week's load: lecture minutes + mission hours by tier + reading minutes + COMPETITION_HOURS per
overlapping competition; light below 15 hours, heavy from 30. Shown on the timeline and the
dashboard."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from curriculum.models import Lecture, Week
from curriculum.timeline import spans_for_cohorts
from mentoring.workload import week_loads
from tests import factories

from .conftest import ArticleFactory, MissionFactory

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def at(month_day, hour=12):
    month, day = month_day.split("/")
    return datetime.datetime(2025, int(month), int(day), hour, tzinfo=SEOUL)


def loads_of(cohort):
    weeks = list(Week.objects.for_cohort(cohort).with_lecture_load())
    loads = week_loads(weeks, spans_for_cohorts([cohort.pk]))
    return {week.number: loads[week.pk] for week in weeks}


def set_lectures(week, *minutes):
    week.lectures.all().delete()
    Lecture.objects.bulk_create(
        Lecture(week=week, order=n, title=f"Lecture {n}", duration_minutes=m)
        for n, m in enumerate(minutes, start=1)
    )


@pytest.fixture
def busy_week(cohort, current_week, other_cohort):
    """Week 3 (3/10 to 3/16): 5 h of lectures, 13 h of missions, 1 h of reading, one competition.
    Total 5 + 13 + 1 + 10 = 29.0 hours: normal, just below heavy."""
    set_lectures(current_week, 90, 90, 120)  # 300 min
    for difficulty, hours in [("easy", "1.5"), ("easy", "2.5"), ("medium", "3"), ("hard", "6")]:
        MissionFactory(week=current_week, difficulty=difficulty, estimated_hours=Decimal(hours))
    ArticleFactory(week=current_week, day=datetime.date(2025, 3, 10), reading_minutes=20)
    ArticleFactory(week=current_week, day=datetime.date(2025, 3, 15), reading_minutes=40)
    factories.CompetitionFactory(
        cohort=cohort, title="CV 경진대회", starts_at=at("3/14"), deadline_at=at("3/28", 19)
    )
    factories.CompetitionFactory(
        cohort=cohort, title="ML 경진대회", starts_at=at("2/10"), deadline_at=at("3/2", 19)
    )
    factories.CompetitionFactory(
        cohort=other_cohort, title="Other cohort", starts_at=at("3/1"), deadline_at=at("3/30")
    )
    # Another week's content never counts in this one.
    MissionFactory(week=cohort.weeks.get(number=4), difficulty="hard", estimated_hours=Decimal(9))
    return current_week


def test_the_load_sums_lectures_missions_by_tier_reading_and_competitions(cohort, busy_week):
    load = loads_of(cohort)[3]

    assert load.lecture_minutes == 300
    assert load.mission_hours == {
        "easy": Decimal("4.0"),
        "medium": Decimal("3.0"),
        "hard": Decimal("6.0"),
    }
    assert load.reading_minutes == 60
    assert [span.label for span in load.competitions] == ["CV 경진대회"]
    assert load.total_hours == 29.0  # 5 + 13 + 1 + 10
    assert load.level == "normal"


def test_a_competition_counts_in_every_week_it_overlaps(cohort, busy_week):
    loads = loads_of(cohort)

    assert {n: [s.label for s in load.competitions] for n, load in loads.items()} == {
        1: ["ML 경진대회"],  # 2/24 to 3/2
        2: [],
        3: ["CV 경진대회"],
        4: ["CV 경진대회"],
        5: ["CV 경진대회"],  # ends 3/28, inside week 5 (3/24 to 3/30)
        6: [],
    }
    # Week 4: 3 lectures of 60 min + the 9 h hard mission + the competition = 22 h.
    assert loads[4].total_hours == 22.0


def test_a_week_with_nothing_but_lectures_is_light(cohort):
    load = loads_of(cohort)[2]

    assert (load.lecture_minutes, load.mission_hours, load.reading_minutes) == (180, {}, 0)
    assert load.competitions == []
    assert (load.total_hours, load.level) == (3.0, "light")


@pytest.mark.parametrize(
    ("mission_hours", "total", "level"),
    [
        ("11.9", 14.9, "light"),
        ("12", 15.0, "normal"),  # from 15 hours: normal
        ("26.9", 29.9, "normal"),
        ("27", 30.0, "heavy"),  # from 30 hours: heavy
    ],
)
def test_the_levels_change_at_15_and_30_hours(cohort, last_week, mission_hours, total, level):
    # Week 2 has 3 lectures of 60 min: 3 hours before any mission.
    MissionFactory(week=last_week, estimated_hours=Decimal(mission_hours))

    load = loads_of(cohort)[2]

    assert (load.total_hours, load.level) == (total, level)


def test_the_timeline_shows_each_weeks_level(login, english, cohort, busy_week):
    MissionFactory(week=cohort.weeks.get(number=4), estimated_hours=Decimal(8))  # 30 h in all

    response = login(english).get("/curriculum/ai-lab-2/")

    weeks = [week for block in response.context["phases"] for week in block["weeks"]]
    assert [(week.number, week.load.level) for week in weeks] == [
        (1, "light"),  # 3 h of lectures + the ML competition: 13 h
        (2, "light"),  # 3 h
        (3, "normal"),  # 29 h
        (4, "heavy"),  # 3 + 9 + 8 + 10: 30 h
        (5, "light"),  # 3 + 10: 13 h
        (6, "light"),  # 3 h
    ]
    html = response.content.decode()
    assert html.count('class="load load-heavy"') == 1
    assert html.count('class="load load-light"') == 4


@pytest.mark.parametrize("persona", ["english", "week_mentor", "staff"])
def test_the_dashboard_shows_this_weeks_load(request, login, busy_week, persona):
    user = request.getfixturevalue(persona)
    user.language = "en"
    user.save(update_fields=["language"])

    response = login(user).get("/")

    load = response.context["load"]
    assert (load.total_hours, load.level) == (29.0, "normal")
    assert load.mission_hours_total == Decimal("13.0")
    html = response.content.decode()
    assert 'This week\'s load <span class="load load-normal">Normal</span>' in html
    assert "About 29 h in all" in html
    assert "<li>Lectures: 5 h</li>" in html
    assert "<li>Missions: Easy 4 h · Medium 3 h · Hard 6 h</li>" in html
    assert "<li>Reading: 1 h</li>" in html
    assert "<li>CV 경진대회 running</li>" in html
