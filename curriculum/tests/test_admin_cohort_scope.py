"""Staff run their own cohorts in the admin: another cohort's rows are neither listed, opened,
changed nor reachable through a forged form."""

import pytest

from curriculum.models import Cohort, Membership, Role, Week
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_week(other_cohort):
    return other_cohort.weeks.get(number=1)


def test_staff_list_only_their_cohorts_weeks(login, staff, cohort, other_cohort):
    html = login(staff).get("/admin/curriculum/week/?all=").content.decode()

    assert "AI Lab 2기" in html
    assert "AI Lab 3기" not in html


def test_staff_cannot_open_or_change_another_cohorts_week(login, staff, other_week):
    client = login(staff)

    response = client.get(f"/admin/curriculum/week/{other_week.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist", back to its index

    client.post(f"/admin/curriculum/week/{other_week.pk}/delete/", {"post": "yes"})
    assert Week.objects.filter(pk=other_week.pk).exists()


def test_a_forged_post_for_another_cohorts_membership_is_refused(login, staff, other_cohort):
    someone = factories.UserFactory()

    response = login(staff).post(
        "/admin/curriculum/membership/add/",
        {"user": someone.pk, "cohort": other_cohort.pk, "role": Role.STAFF},
    )

    assert response.status_code == 200  # the form comes back with an error
    assert not Membership.objects.filter(user=someone).exists()


def test_invite_many_offers_only_the_staffs_cohorts(login, staff, cohort, other_cohort):
    response = login(staff).post(
        "/admin/curriculum/invitation/invite-many/",
        {"cohort": other_cohort.pk, "role": Role.STUDENT, "emails": "new@example.com"},
    )

    assert response.status_code == 200
    assert not other_cohort.invitations.exists()


def test_staff_who_open_a_cohort_run_it(login, staff):
    response = login(staff).post(
        "/admin/curriculum/cohort/add/",
        {
            "name": "AI Lab 4기",
            "slug": "ai-lab-4",
            "starts_on": "2026-01-05",
            "ends_on": "2026-07-31",
            "phases-TOTAL_FORMS": "0",
            "phases-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    cohort = Cohort.objects.get(slug="ai-lab-4")
    assert Membership.objects.filter(user=staff, cohort=cohort, role=Role.STAFF).exists()
    assert login(staff).get(f"/admin/curriculum/cohort/{cohort.pk}/change/").status_code == 200


def test_a_superuser_sees_every_cohort(login, cohort, other_cohort):
    root = factories.UserFactory(is_staff=True, is_superuser=True)

    html = login(root).get("/admin/curriculum/week/?all=").content.decode()

    assert "AI Lab 2기" in html and "AI Lab 3기" in html
