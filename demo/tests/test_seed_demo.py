"""`manage.py seed_demo`: the demo cohort and the contract's accounts, placed around today."""

import datetime
import itertools

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import User
from competitions.models import Competition, Session, SessionChangeKind, SessionStatus, Team
from curriculum.models import Cohort, Level, Membership, Role, Week

CONTRACT = {
    "student@example.com": Role.STUDENT,
    "student2@example.com": Role.STUDENT,
    "mentor@example.com": Role.THEME_MENTOR,
    "mentor2@example.com": Role.THEME_MENTOR,
    "lead@example.com": Role.LEAD_INSTRUCTOR,
    "compmentor@example.com": Role.COMPETITION_MENTOR,
    "staff@example.com": Role.STAFF,
}
PASSWORD = "baton-demo"
# The hasher is not under test; PBKDF2 costs about half a second a login here.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, in a transaction rolled back at its end; each test still runs in
    its own savepoint inside it (pytest-django's `db`)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("seed_demo")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def cohort(seeded, db):
    return Cohort.objects.get(slug="ai-lab-2")


@pytest.fixture
def current_week(cohort):
    return Week.objects.for_cohort(cohort).containing(timezone.localdate()).get()


@pytest.fixture
def running_competition(cohort):
    return Competition.objects.filter(cohort=cohort).running().get()


def team_of(email, competition):
    return Team.objects.get(competition=competition, members__email=email)


def every_row():
    """Every row of every table the project's models know, to compare before and after."""
    return {
        model._meta.db_table: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.mark.parametrize("email", CONTRACT)
def test_each_contract_account_logs_in_with_the_demo_password(seeded, db, email):
    client = Client()

    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/"
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)
    assert EmailAddress.objects.get(email=email).verified


@pytest.mark.parametrize(("email", "role"), CONTRACT.items())
def test_each_contract_account_holds_its_role_in_the_demo_cohort(cohort, email, role):
    user = User.objects.get(email=email)

    assert Membership.objects.filter(user=user, cohort=cohort, role=role).exists()
    assert user.is_staff == (role != Role.STUDENT)
    assert not user.is_superuser


def test_five_phases_in_the_programmes_order(cohort):
    assert list(cohort.phases.order_by("order").values_list("name", flat=True)) == [
        "딥러닝 입문",
        "ML",
        "CV",
        "NLP",
        "AI 실전학습",
    ]


def test_twenty_six_weeks_back_to_back_from_monday_to_sunday(cohort):
    weeks = list(Week.objects.for_cohort(cohort).order_by("number"))

    assert [week.number for week in weeks] == list(range(1, 27))
    assert weeks[0].starts_on == cohort.starts_on
    assert weeks[-1].ends_on == cohort.ends_on
    for week in weeks:
        assert week.starts_on.weekday() == 0
        assert week.ends_on == week.starts_on + datetime.timedelta(days=6)
    for week, following in itertools.pairwise(weeks):
        assert following.starts_on == week.ends_on + datetime.timedelta(days=1)
    assert all(week.lectures.exists() for week in weeks)


def test_thirty_students(cohort):
    assert Membership.objects.filter(cohort=cohort, role=Role.STUDENT).count() == 30


def test_the_current_week_is_mid_course(cohort, current_week):
    today = timezone.localdate()

    assert cohort.starts_on < today < cohort.ends_on
    assert 5 < current_week.number < 22
    assert current_week.theme


def test_mentor_is_the_current_weeks_theme_mentor_and_mentor2_is_not(current_week):
    mentors = set(current_week.mentors.values_list("email", flat=True))

    assert "mentor@example.com" in mentors
    assert "mentor2@example.com" not in mentors
    mentor2 = User.objects.get(email="mentor2@example.com")
    assert mentor2.mentored_weeks.exists()


def test_there_is_a_week_without_a_theme(cohort):
    assert Week.objects.for_cohort(cohort).filter(theme="").exists()


def test_students_are_on_different_teams_of_the_running_competition(running_competition):
    first = team_of("student@example.com", running_competition)
    second = team_of("student2@example.com", running_competition)

    assert first != second


def test_compmentor_mentors_the_students_team_in_the_running_competition(running_competition):
    team = team_of("student@example.com", running_competition)

    assert team.mentors.filter(email="compmentor@example.com").exists()


def test_the_running_board_shows_a_flagged_team_a_late_session_and_a_cancelled_one(
    running_competition,
):
    """So the page sweeps (axe, the phone's width, the HTML check) meet every kind of chip."""
    late = Session.objects.late_for(running_competition).get()
    cancelled = running_competition.sessions.get(status=SessionStatus.CANCELLED)

    assert late.late_reason
    assert cancelled.changes.filter(kind=SessionChangeKind.CANCELLED).exists()
    flagged = Team.objects.without_session_by(running_competition)
    assert list(flagged) == [late.team]


@pytest.mark.parametrize(("track", "phase"), [("ml", "ML"), ("cv", "CV"), ("nlp", "NLP")])
def test_each_competition_overlaps_its_phases_advanced_week(cohort, track, phase):
    competition = Competition.objects.get(cohort=cohort, track=track)
    advanced = Week.objects.for_cohort(cohort).get(
        phase__name=phase, theme=f"{phase} Advanced", level=Level.ADVANCED
    )
    opens = timezone.localtime(competition.starts_at).date()
    closes = timezone.localtime(competition.deadline_at).date()

    assert advanced.overlaps(opens, closes)
    assert (
        Week.objects.for_cohort(cohort).filter(starts_on__lte=closes, ends_on__gte=opens).count()
        > 1
    )


def test_running_it_again_changes_nothing(seeded, db):
    before = every_row()

    call_command("seed_demo")

    assert every_row() == before
