"""The timeline's weeks are rendered once and cached: every change a user can make to what it
shows appears on the next view, because the cache key follows the cohort's rows."""

import datetime

import pytest
from django.utils import translation

from mentoring.models import Mission
from tests import factories
from tests.helpers import get_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_clock")]
URL = "/curriculum/ai-lab-2/"


def test_a_changed_theme_shows_on_the_next_view(login, student, current_week):
    client = login(student)
    assert "Theme 3" in get_page(client, URL)

    current_week.theme = "CV Generation"
    current_week.save()

    html = get_page(client, URL)
    assert "CV Generation" in html
    assert "Theme 3" not in html


def test_a_deleted_lecture_and_a_new_mentor_show_on_the_next_view(login, student, current_week):
    client = login(student)
    get_page(client, URL)

    current_week.lectures.first().delete()
    mentor = factories.UserFactory(name="새 멘토")
    factories.WeekMentorFactory(week=current_week, user=mentor)

    html = get_page(client, URL)
    assert "새 멘토" in html
    assert html.count("2 lectures") or html.count("강의 2개")


def test_a_new_mission_changes_the_weeks_load(login, student, current_week):
    client = login(student)
    before = get_page(client, URL)

    Mission.objects.create(
        week=current_week, title="Long one", difficulty="hard", estimated_hours=40
    )

    after = get_page(client, URL)
    assert before != after
    assert "load-heavy" in after


def test_a_new_competition_is_drawn_on_the_next_view(login, student, cohort, current_week):
    client = login(student)
    get_page(client, URL)

    factories.CompetitionFactory(cohort=cohort, title="새 경진대회")

    assert "새 경진대회" in get_page(client, URL)


def test_each_language_gets_its_own_copy(login, student):
    client = login(student)
    korean = get_page(client, URL)

    student.language = "en"
    student.save(update_fields=["language"])

    english = get_page(client, URL)
    with translation.override("en"):
        assert english != korean


def test_the_current_week_moves_when_the_day_turns(login, student, cohort):
    import time_machine

    client = login(student)
    assert 'id="now"' in get_page(client, URL)
    week_4 = cohort.weeks.get(number=4)

    with time_machine.travel(datetime.datetime.combine(week_4.starts_on, datetime.time(12))):
        html = get_page(client, URL)

    row = html[html.index('id="now"') - 200 : html.index('id="now"') + 600]
    assert week_4.get_absolute_url() in row
