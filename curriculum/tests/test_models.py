"""What the curriculum's database refuses, and the reads the pages are built on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import translation

from curriculum.models import Cohort, Membership, Role, Week
from tests import factories

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 3, 10)


# --- Constraints ------------------------------------------------------------------------------
# Each refused write runs in its own savepoint, so the test's transaction stays usable on
# PostgreSQL for the assertions that follow.


def test_a_cohort_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.CohortFactory(starts_on=MONDAY, ends_on=MONDAY - datetime.timedelta(days=1))


def test_a_week_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.WeekFactory(starts_on=MONDAY, ends_on=MONDAY - datetime.timedelta(days=1))


def test_a_one_day_week_is_allowed():
    week = factories.WeekFactory(starts_on=MONDAY, ends_on=MONDAY)

    assert Week.objects.filter(pk=week.pk).exists()


def test_two_weeks_of_a_cohort_cannot_share_a_number():
    cohort = factories.CohortFactory()
    factories.WeekFactory(cohort=cohort, number=3)

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.WeekFactory(cohort=cohort, number=3)
    assert cohort.weeks.count() == 1


def test_two_cohorts_each_have_their_week_3():
    factories.WeekFactory(number=3)
    factories.WeekFactory(number=3)

    assert Week.objects.filter(number=3).count() == 2


def test_a_cohort_has_at_most_one_lead_instructor():
    cohort = factories.CohortFactory()
    factories.MembershipFactory(cohort=cohort, role=Role.LEAD_INSTRUCTOR)

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.MembershipFactory(cohort=cohort, role=Role.LEAD_INSTRUCTOR)
    assert cohort.memberships.filter(role=Role.LEAD_INSTRUCTOR).count() == 1


def test_one_person_may_lead_two_cohorts():
    lead = factories.UserFactory()
    factories.MembershipFactory(user=lead, role=Role.LEAD_INSTRUCTOR)
    factories.MembershipFactory(user=lead, role=Role.LEAD_INSTRUCTOR)

    assert Membership.objects.filter(user=lead, role=Role.LEAD_INSTRUCTOR).count() == 2


def test_a_second_lead_instructor_is_a_clear_validation_error():
    cohort = factories.CohortFactory()
    factories.MembershipFactory(cohort=cohort, role=Role.LEAD_INSTRUCTOR)
    second = Membership(user=factories.UserFactory(), cohort=cohort, role=Role.LEAD_INSTRUCTOR)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        second.validate_constraints()

    with translation.override("en"):
        assert error.value.messages == ["This cohort already has a lead instructor."]


def test_a_person_holds_a_role_in_a_cohort_once():
    membership = factories.MembershipFactory(role=Role.STUDENT)

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.MembershipFactory(user=membership.user, cohort=membership.cohort)


def test_a_person_may_hold_several_roles_in_one_cohort():
    membership = factories.MembershipFactory(role=Role.STUDENT)
    factories.MembershipFactory(
        user=membership.user, cohort=membership.cohort, role=Role.THEME_MENTOR
    )

    assert membership.user.memberships.count() == 2


def test_two_phases_of_a_cohort_cannot_share_a_place():
    phase = factories.PhaseFactory(order=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.PhaseFactory(cohort=phase.cohort, order=1)


def test_a_mentor_is_assigned_to_a_week_once():
    assignment = factories.WeekMentorFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.WeekMentorFactory(week=assignment.week, user=assignment.user)


@pytest.mark.parametrize("minutes", [0, 24 * 60 + 1])
def test_a_lecture_lasts_a_sensible_time(minutes):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.LectureFactory(duration_minutes=minutes)


def test_a_phase_with_weeks_cannot_be_deleted():
    week = factories.WeekFactory()

    with pytest.raises(ProtectedError), transaction.atomic():
        week.phase.delete()


# --- Reads ------------------------------------------------------------------------------------


def test_a_week_without_a_theme_is_labelled_with_a_dash():
    assert factories.WeekFactory(theme="").theme_label == "—"


def test_the_lecture_load_is_counted_per_week():
    week = factories.WeekFactory()
    factories.LectureFactory(week=week, duration_minutes=45)
    factories.LectureFactory(week=week, duration_minutes=90)
    empty = factories.WeekFactory()

    loads = {w.pk: (w.lecture_count, w.lecture_minutes) for w in Week.objects.with_lecture_load()}

    assert loads[week.pk] == (2, 135)
    assert loads[empty.pk] == (0, 0)


def test_the_running_cohort_comes_first_on_the_home_page():
    day = MONDAY
    old = factories.CohortFactory(starts_on=day - datetime.timedelta(days=400), ends_on=day)
    running = factories.CohortFactory(
        starts_on=day - datetime.timedelta(days=30), ends_on=day + datetime.timedelta(days=30)
    )
    later = factories.CohortFactory(
        starts_on=day + datetime.timedelta(days=60), ends_on=day + datetime.timedelta(days=200)
    )

    order = list(Cohort.objects.home_first(day + datetime.timedelta(days=1)))

    assert order == [running, later, old]


def test_a_person_sees_only_the_cohorts_they_belong_to():
    mine = factories.CohortFactory()
    factories.CohortFactory()
    member = factories.MembershipFactory(cohort=mine).user
    factories.MembershipFactory(user=member, cohort=mine, role=Role.THEME_MENTOR)

    assert list(Cohort.objects.for_user(member)) == [mine]


def test_a_superuser_sees_every_cohort():
    factories.CohortFactory()
    factories.CohortFactory()
    admin = factories.UserFactory(is_superuser=True)

    assert Cohort.objects.for_user(admin).count() == 2
