"""Shared fixtures: the personas of STYLE.md, and the rule for tests that need a real part.

A test marked `postgres`, `redis`, `browser` or `i18n` runs only where that part is present. On a
developer's laptop without it the test is skipped with the reason (shown by `-ra`); under CI=true
it fails instead, so CI can never pass by skipping.
"""

import os
import shutil
from pathlib import Path

import pytest
import time_machine
from django.conf import settings

from curriculum.models import Role
from tests import factories
from tests.helpers import in_english

CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _redis_available():
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False
    return True


def _missing(marker):
    if marker == "postgres":
        engine = settings.DATABASES["default"]["ENGINE"]
        return None if "postgresql" in engine else "DATABASE_URL does not point at PostgreSQL"
    if marker in ("redis", "celery"):
        return None if _redis_available() else f"Redis does not answer at {settings.REDIS_URL}"
    if marker == "browser":
        return None if os.access(CHROMIUM, os.X_OK) else f"no Chromium at {CHROMIUM}"
    if marker == "vnu":
        jar = Path(settings.BASE_DIR) / "tests" / "vendor" / "vnu" / "vnu.jar"
        if not shutil.which("java"):
            return "Java (17 or later) is not installed"
        return None if jar.exists() else f"no {jar} (`make test` fetches it)"
    if marker == "i18n":
        return (
            None
            if shutil.which("xgettext") and shutil.which("msgfmt")
            else "GNU gettext is not installed"
        )
    return None


def pytest_runtest_setup(item):
    for marker in ("postgres", "redis", "celery", "browser", "i18n", "vnu"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _missing(marker)
        if reason is None:
            continue
        if CI:
            pytest.fail(f"CI=true and this test needs {marker}: {reason}", pytrace=False)
        pytest.skip(f"needs {marker}: {reason}")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters and cached page fragments of
    one test must not leak into the next (SQLite reuses primary keys after a rollback)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 costs about half a second a password here; no test is about the hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pinned_clock():
    """The clock at tests.helpers.TODAY, pinned before any fixture builds a course, so the
    `cohort` fixture's week 3 is "this week" on every run. Use it with usefixtures."""
    from tests.helpers import TODAY

    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture
def english(student):
    return in_english(student)


# --- Personas -----------------------------------------------------------------------------------


def _member(cohort, role, **user_fields):
    user = factories.UserFactory(**user_fields)
    factories.MembershipFactory(user=user, cohort=cohort, role=role)
    return user


@pytest.fixture
def cohort(db):
    cohort = factories.CohortFactory(name="AI Lab 2기", slug="ai-lab-2")
    factories.build_course(cohort)
    return cohort


@pytest.fixture
def current_week(cohort):
    return cohort.weeks.get(number=3)


@pytest.fixture
def other_cohort(db):
    cohort = factories.CohortFactory(name="AI Lab 3기", slug="ai-lab-3")
    factories.build_course(cohort)
    return cohort


@pytest.fixture
def student(cohort):
    return _member(cohort, Role.STUDENT, email="student@example.com", name="김학생")


@pytest.fixture
def other_cohort_student(other_cohort):
    return _member(other_cohort, Role.STUDENT, email="outsider@example.com", name="박외부")


@pytest.fixture
def week_mentor(cohort, current_week):
    mentor = _member(cohort, Role.THEME_MENTOR, email="mentor@example.com", name="이멘토")
    factories.WeekMentorFactory(week=current_week, user=mentor)
    return mentor


@pytest.fixture
def other_week_mentor(cohort):
    mentor = _member(cohort, Role.THEME_MENTOR, email="mentor2@example.com", name="정멘토")
    factories.WeekMentorFactory(week=cohort.weeks.get(number=5), user=mentor)
    return mentor


@pytest.fixture
def lead_instructor(cohort):
    return _member(cohort, Role.LEAD_INSTRUCTOR, email="lead@example.com", name="윤강사")


@pytest.fixture
def competition(cohort):
    return factories.CompetitionFactory(cohort=cohort, title="CV 경진대회")


@pytest.fixture
def team(competition, student):
    team = factories.TeamFactory(competition=competition, name="1조")
    factories.TeamMemberFactory(team=team, user=student)
    return team


@pytest.fixture
def competition_mentor(cohort, team):
    mentor = _member(cohort, Role.COMPETITION_MENTOR, email="compmentor@example.com", name="최멘토")
    team.mentors.add(mentor)
    return mentor


@pytest.fixture
def staff(cohort):
    from curriculum.services import user_sync_admin_access

    user = _member(cohort, Role.STAFF, email="staff@example.com", name="한운영")
    user_sync_admin_access(user=user)
    return user


@pytest.fixture
def login(client):
    """Log a persona in on the test client: `login(student)`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
