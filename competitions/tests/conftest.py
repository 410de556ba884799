import pytest

from competitions.tests.factories import SessionFactory, hours_from_now
from tests import factories


@pytest.fixture
def session(team, competition_mentor):
    return SessionFactory(team=team, mentor=competition_mentor, starts_at=hours_from_now(48))


@pytest.fixture
def held_session(team, competition_mentor):
    """A session of the team that took place yesterday: its mentor can write notes on it."""
    return SessionFactory(team=team, mentor=competition_mentor, starts_at=hours_from_now(-24))


@pytest.fixture
def other_team(competition, cohort):
    """Another team of the same competition, with a student of its own and no mentor of ours."""
    from curriculum.models import Role

    team = factories.TeamFactory(competition=competition, name="2조")
    classmate = factories.UserFactory(email="classmate@example.com", name="오동료")
    factories.MembershipFactory(user=classmate, cohort=cohort, role=Role.STUDENT)
    factories.TeamMemberFactory(team=team, user=classmate)
    team.classmate = classmate
    return team


@pytest.fixture
def other_teams_session(other_team, cohort):
    from curriculum.models import Role

    mentor = factories.UserFactory(email="othermentor@example.com", name="남멘토")
    factories.MembershipFactory(user=mentor, cohort=cohort, role=Role.COMPETITION_MENTOR)
    other_team.mentors.add(mentor)
    return SessionFactory(team=other_team, mentor=mentor, starts_at=hours_from_now(72))


@pytest.fixture(autouse=True)
def eager():
    """Celery tasks (the emails of a session's notices and reminders) run inline where they are
    enqueued, after the commit, instead of waiting in Redis for a worker."""
    from bootcamp.celery import app as celery_app

    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    celery_app.conf.update(task_always_eager=False, task_eager_propagates=False)
