"""What the competitions' database refuses, and the clear errors staff get from the admin forms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from competitions.models import Competition, TeamMember
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
