"""A course seen on Monday 09:00 in Seoul: the clock is pinned before the cohort is built, so
week 3 (3/10 to 3/16) runs now and week 2 was last week. Celery runs tasks in the test's process
unless a test starts a real worker."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine

from bootcamp.celery import app as celery_app
from curriculum.models import Role
from mentoring.models import Article, Mission
from tests import factories

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
MONDAY_9AM = datetime.datetime(2025, 3, 10, 9, 0, tzinfo=SEOUL)


@pytest.fixture
def monday_morning():
    with time_machine.travel(MONDAY_9AM, tick=False) as traveller:
        yield traveller


@pytest.fixture
def eager():
    """Tasks run inline where they are enqueued (after the commit, with on_commit callbacks)."""
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    celery_app.conf.update(task_always_eager=False, task_eager_propagates=False)


@pytest.fixture
def course(monday_morning, cohort):
    """The `cohort` fixture with missions this week and last week, and an article today."""
    this_week, last_week = cohort.weeks.get(number=3), cohort.weeks.get(number=2)
    missions = {
        "this": [
            _mission(this_week, "어텐션 구현", "easy", 1),
            _mission(this_week, "트랜스포머 논문 읽기", "hard", 2),
        ],
        "last": [
            _mission(last_week, "RNN 복습", "easy", 1),
            _mission(last_week, "LSTM 실습", "medium", 2),
        ],
    }
    Article.objects.create(
        week=this_week,
        day=MONDAY_9AM.date(),
        title="Attention Is All You Need 해설",
        url="https://example.com/attention",
        reading_minutes=15,
    )
    return {"cohort": cohort, "week": this_week, "missions": missions}


def _mission(week, title, difficulty, order):
    return Mission.objects.create(
        week=week, title=title, difficulty=difficulty, estimated_hours=Decimal("2"), order=order
    )


def add_student(cohort, email, language="ko", **fields):
    user = factories.UserFactory(email=email, language=language, **fields)
    factories.MembershipFactory(user=user, cohort=cohort, role=Role.STUDENT)
    return user


@pytest.fixture
def finished_cohort(db):
    cohort = factories.CohortFactory(
        name="AI Lab 1기",
        slug="ai-lab-1",
        starts_on=datetime.date(2024, 3, 4),
        ends_on=datetime.date(2024, 9, 29),
    )
    add_student(cohort, "alumni@example.com")
    return cohort
