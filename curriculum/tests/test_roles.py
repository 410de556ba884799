"""Roles per cohort: who gets into the admin, with which permissions, and how staff set them."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from accounts.models import User
from curriculum.models import Membership, Role
from curriculum.services import membership_add, membership_remove
from tests import factories
from tests.factories import CohortFactory, UserFactory

ADMIN_ROLES = [Role.STAFF, Role.LEAD_INSTRUCTOR, Role.THEME_MENTOR, Role.COMPETITION_MENTOR]

# A permission each role's group holds and a student's never does.
ROLE_PERMISSION = {
    Role.STAFF: "curriculum.add_cohort",
    Role.LEAD_INSTRUCTOR: "curriculum.view_cohort",
    Role.THEME_MENTOR: "curriculum.view_week",
    Role.COMPETITION_MENTOR: "competitions.view_team",
}


def fresh(user):
    """The user as the next request sees them (permissions are cached on the instance)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def person(db):
    return UserFactory(email="person@example.com")


@pytest.mark.parametrize("role", ADMIN_ROLES)
def test_a_non_student_role_gives_admin_access_and_the_roles_permissions(
    client, person, cohort, role
):
    membership_add(user=person, cohort=cohort, role=role)

    person = fresh(person)
    assert person.is_staff
    assert person.has_perm(ROLE_PERMISSION[role])
    client.force_login(person)
    assert client.get("/admin/").status_code == 200


def test_a_student_never_gets_admin_access(client, person, cohort):
    membership_add(user=person, cohort=cohort, role=Role.STUDENT)

    person = fresh(person)
    assert not person.is_staff
    assert not person.groups.exists()
    client.force_login(person)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/"


def test_removing_the_last_admin_role_removes_admin_access(client, person, cohort):
    membership = membership_add(user=person, cohort=cohort, role=Role.THEME_MENTOR)

    membership_remove(membership=membership)

    person = fresh(person)
    assert not person.is_staff
    assert not person.has_perm("curriculum.view_week")
    client.force_login(person)
    assert client.get("/admin/").status_code == 302


def test_removing_one_of_two_admin_roles_keeps_access_but_not_that_roles_permissions(
    person, cohort
):
    staff_role = membership_add(user=person, cohort=cohort, role=Role.STAFF)
    membership_add(user=person, cohort=cohort, role=Role.THEME_MENTOR)

    membership_remove(membership=staff_role)

    person = fresh(person)
    assert person.is_staff
    assert person.has_perm("curriculum.view_week")
    assert not person.has_perm("curriculum.add_cohort")


def test_one_person_holds_several_roles_in_several_cohorts(person, cohort, other_cohort):
    membership_add(user=person, cohort=cohort, role=Role.STUDENT)
    mentoring = membership_add(user=person, cohort=other_cohort, role=Role.THEME_MENTOR)

    assert fresh(person).is_staff
    assert set(Membership.objects.filter(user=person).values_list("cohort", "role")) == {
        (cohort.pk, Role.STUDENT),
        (other_cohort.pk, Role.THEME_MENTOR),
    }

    membership_remove(membership=mentoring)

    assert not fresh(person).is_staff
    assert Membership.objects.filter(user=person, role=Role.STUDENT).exists()


def test_adding_the_same_role_twice_keeps_one_membership(person, cohort):
    membership_add(user=person, cohort=cohort, role=Role.THEME_MENTOR)
    membership_add(user=person, cohort=cohort, role=Role.THEME_MENTOR)

    assert Membership.objects.filter(user=person).count() == 1


def test_a_superuser_keeps_admin_access_without_any_role(cohort):
    admin = User.objects.create_superuser("root@example.com", "root-pass-1234")
    membership = membership_add(user=admin, cohort=cohort, role=Role.STAFF)

    membership_remove(membership=membership)

    assert fresh(admin).is_staff


def test_role_groups_do_not_depend_on_the_language_they_were_made_in(cohort):
    first, second = UserFactory(), UserFactory()

    with translation.override("ko"):
        membership_add(user=first, cohort=cohort, role=Role.STAFF)
    with translation.override("en"):
        membership_add(user=second, cohort=cohort, role=Role.STAFF)

    assert set(first.groups.all()) == set(second.groups.all())
    assert Group.objects.count() == len(ADMIN_ROLES)


def test_a_role_removed_in_another_language_takes_its_permissions_away(person, cohort):
    with translation.override("ko"):
        staff_role = membership_add(user=person, cohort=cohort, role=Role.STAFF)
        membership_add(user=person, cohort=cohort, role=Role.THEME_MENTOR)

    with translation.override("en"):
        membership_remove(membership=staff_role)

    assert not fresh(person).has_perm("curriculum.add_cohort")


# --- The admin's Membership pages go through the same services ---------------------------------


def test_staff_adds_a_mentor_role_in_the_admin_and_the_mentor_gets_admin_access(
    login, staff, person, cohort
):
    response = login(staff).post(
        "/admin/curriculum/membership/add/",
        {"user": person.pk, "cohort": cohort.pk, "role": Role.THEME_MENTOR},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(user=person, cohort=cohort, role=Role.THEME_MENTOR).exists()
    assert fresh(person).is_staff
    assert fresh(person).has_perm("curriculum.view_week")


def test_staff_deletes_a_mentor_role_in_the_admin_and_admin_access_goes(
    login, staff, person, cohort
):
    membership = membership_add(user=person, cohort=cohort, role=Role.THEME_MENTOR)

    response = login(staff).post(
        f"/admin/curriculum/membership/{membership.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not fresh(person).is_staff


def test_staff_deletes_several_roles_at_once_and_admin_access_goes(login, staff, cohort):
    mentors = [UserFactory(), UserFactory()]
    memberships = [
        membership_add(user=mentor, cohort=cohort, role=Role.COMPETITION_MENTOR)
        for mentor in mentors
    ]

    response = login(staff).post(
        "/admin/curriculum/membership/",
        {
            "action": "delete_selected",
            "_selected_action": [m.pk for m in memberships],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(pk__in=[m.pk for m in memberships]).exists()
    assert not any(fresh(mentor).is_staff for mentor in mentors)


def test_changing_a_mentor_role_to_student_in_the_admin_removes_admin_access(
    login, staff, person, cohort
):
    membership = membership_add(user=person, cohort=cohort, role=Role.THEME_MENTOR)

    response = login(staff).post(
        f"/admin/curriculum/membership/{membership.pk}/change/",
        {"user": person.pk, "cohort": cohort.pk, "role": Role.STUDENT},
    )

    assert response.status_code == 302
    assert list(Membership.objects.filter(user=person).values_list("role", flat=True)) == [
        Role.STUDENT
    ]
    assert not fresh(person).is_staff


def test_a_second_lead_instructor_is_a_form_error_in_the_admin(
    login, staff, lead_instructor, person, cohort
):
    staff.language = "en"
    staff.save(update_fields=["language"])

    response = login(staff).post(
        "/admin/curriculum/membership/add/",
        {"user": person.pk, "cohort": cohort.pk, "role": Role.LEAD_INSTRUCTOR},
    )

    assert response.status_code == 200
    assert "This cohort already has a lead instructor." in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()
    assert not fresh(person).is_staff


def test_a_lead_instructor_per_cohort_not_per_person(person, cohort):
    other = CohortFactory()

    membership_add(user=person, cohort=cohort, role=Role.LEAD_INSTRUCTOR)
    membership_add(user=person, cohort=other, role=Role.LEAD_INSTRUCTOR)

    assert Membership.objects.filter(user=person, role=Role.LEAD_INSTRUCTOR).count() == 2


def test_staff_cannot_make_anyone_a_superuser_from_the_user_admin(login, staff, person):
    response = login(staff).post(
        f"/admin/accounts/user/{person.pk}/change/",
        {
            "email": person.email,
            "name": "Promoted?",
            "language": "ko",
            "time_zone": "Asia/Seoul",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
        },
    )

    assert response.status_code == 302
    person = fresh(person)
    assert person.name == "Promoted?"
    assert not person.is_superuser
    assert not person.is_staff


def test_a_theme_mentor_cannot_hand_out_roles(client, person, cohort):
    membership_add(user=person, cohort=cohort, role=Role.THEME_MENTOR)
    newcomer = UserFactory()
    client.force_login(person)

    response = client.post(
        "/admin/curriculum/membership/add/",
        {"user": newcomer.pk, "cohort": cohort.pk, "role": Role.STAFF},
    )

    assert response.status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()


# --- A viewer's cohorts and roles, in one query -------------------------------------------------


def test_a_viewers_cohorts_come_running_first_each_with_their_roles(
    django_assert_num_queries, cohort, other_cohort
):
    import datetime

    from curriculum.permissions import cohorts_with_roles

    finished = factories.CohortFactory(
        slug="ai-lab-1", starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2024, 6, 30)
    )
    user = factories.UserFactory()
    for target, role in [
        (finished, Role.STUDENT),
        (cohort, Role.THEME_MENTOR),
        (cohort, Role.COMPETITION_MENTOR),
        (other_cohort, Role.STAFF),
    ]:
        factories.MembershipFactory(user=user, cohort=target, role=role)
    today = cohort.starts_on + datetime.timedelta(days=10)

    with django_assert_num_queries(1):
        cohorts = cohorts_with_roles(user, today)

    running = sorted([cohort, other_cohort], key=lambda c: (-c.starts_on.toordinal(), c.pk))
    assert [c.slug for c in cohorts] == [c.slug for c in running] + ["ai-lab-1"]
    roles = {c.slug: c.viewer_roles for c in cohorts}
    assert roles == {
        "ai-lab-2": {Role.THEME_MENTOR, Role.COMPETITION_MENTOR},
        "ai-lab-3": {Role.STAFF},
        "ai-lab-1": {Role.STUDENT},
    }


def test_a_superuser_sees_every_cohort_with_the_roles_they_hold(cohort, other_cohort):
    from curriculum.permissions import cohorts_with_roles

    admin = factories.UserFactory(is_superuser=True, is_staff=True)
    factories.MembershipFactory(user=admin, cohort=cohort, role=Role.LEAD_INSTRUCTOR)

    cohorts = cohorts_with_roles(admin, cohort.starts_on)

    assert {c.slug: c.viewer_roles for c in cohorts} == {
        "ai-lab-2": {Role.LEAD_INSTRUCTOR},
        "ai-lab-3": set(),
    }
