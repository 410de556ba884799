"""What the competitions' database refuses, and the clear errors staff get from the admin forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from competitions import services
from competitions.models import Competition, Package, Session, TeamMember
from competitions.tests.factories import hours_from_now
from curriculum.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_team(competition):
    return factories.TeamFactory(competition=competition, name="2조")


def user_errors(member):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        member.clean()
    with translation.override("en"):
        return error.value.message_dict["user"]


# --- Constraints ------------------------------------------------------------------------------
# Each refused write runs in its own savepoint, so the test's transaction stays usable on
# PostgreSQL for the assertions that follow.


def test_a_competition_cannot_close_before_it_opens():
    now = timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.CompetitionFactory(starts_at=now, deadline_at=now - datetime.timedelta(hours=1))
    assert not Competition.objects.exists()


def test_two_teams_of_a_competition_cannot_share_a_name(competition):
    factories.TeamFactory(competition=competition, name="1조")

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.TeamFactory(competition=competition, name="1조")


def test_a_student_cannot_be_on_two_teams_of_one_competition(team, second_team, student):
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(team=second_team, user=student)

    assert list(TeamMember.objects.filter(user=student).values_list("team__name", flat=True)) == [
        "1조"
    ]


def test_a_student_joins_one_team_in_each_competition(cohort, team, student):
    later = factories.CompetitionFactory(cohort=cohort, title="NLP 경진대회")
    TeamMember.objects.create(team=factories.TeamFactory(competition=later), user=student)

    assert TeamMember.objects.filter(user=student).count() == 2


def test_a_member_row_follows_its_teams_competition(team, student):
    member = TeamMember.objects.get(team=team, user=student)

    assert member.competition_id == team.competition_id


def _insert_session(team, mentor, hours, minutes=30, **fields):
    """A session written straight to the table, past every rule of competitions.services."""
    starts_at = hours_from_now(hours)
    return Session.objects.create(
        competition=team.competition,
        team=team,
        mentor=mentor,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        **fields,
    )


def _book(team, mentor, hours, minutes=30):
    return services.session_book(
        team=team, mentor=mentor, starts_at=hours_from_now(hours), minutes=minutes, by=None
    )


def test_the_database_refuses_a_third_session_of_a_2x30_team(team, competition_mentor):
    _book(team, competition_mentor, hours=48)
    _book(team, competition_mentor, hours=72)

    with pytest.raises(IntegrityError), transaction.atomic():
        _insert_session(team, competition_mentor, hours=96)

    assert Session.objects.filter(team=team).count() == 2


@pytest.mark.parametrize("slot", [1, 2, 3])
def test_no_slot_takes_a_third_session_of_a_2x30_team(team, competition_mentor, slot):
    _book(team, competition_mentor, hours=48)
    _book(team, competition_mentor, hours=72)

    with pytest.raises(IntegrityError), transaction.atomic():
        _insert_session(team, competition_mentor, hours=96, slot=slot, package="2x30")

    assert Session.objects.filter(team=team).count() == 2


def test_the_database_refuses_a_second_session_of_a_1x60_team(
    competition, team, competition_mentor
):
    competition.package = Package.ONE_BY_SIXTY
    competition.save(update_fields=["package"])
    _book(team, competition_mentor, hours=48, minutes=60)

    for slot in (1, 2):
        with pytest.raises(IntegrityError), transaction.atomic():
            _insert_session(team, competition_mentor, 96, 60, slot=slot, package="1x60")

    assert Session.objects.filter(team=team).count() == 1


def test_a_cancelled_session_gives_its_slot_back(team, competition_mentor):
    first = _book(team, competition_mentor, hours=48)
    _book(team, competition_mentor, hours=72)
    services.session_cancel(session=first, by=None)

    again = _book(team, competition_mentor, hours=96)

    assert again.slot == first.slot
    assert Session.objects.scheduled().filter(team=team).count() == 2


# --- TeamMember.clean (what the admin shows) --------------------------------------------------


def test_a_student_of_the_cohort_may_join_a_team(cohort, second_team):
    newcomer = factories.MembershipFactory(cohort=cohort, role=Role.STUDENT).user

    TeamMember(team=second_team, user=newcomer).clean()


def test_a_mentor_cannot_join_a_team(second_team, week_mentor):
    errors = user_errors(TeamMember(team=second_team, user=week_mentor))

    assert errors == ["Only students of this cohort can join its teams."]


def test_a_student_of_another_cohort_cannot_join_a_team(second_team, other_cohort_student):
    errors = user_errors(TeamMember(team=second_team, user=other_cohort_student))

    assert errors == ["Only students of this cohort can join its teams."]


def test_a_second_team_in_the_same_competition_is_refused_clearly(team, second_team, student):
    errors = user_errors(TeamMember(team=second_team, user=student))

    assert errors == ["This student is already on a team in this competition."]


def test_saving_a_member_again_is_not_a_clash_with_itself(team, student):
    member = TeamMember.objects.get(team=team, user=student)

    member.clean()
