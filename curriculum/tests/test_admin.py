"""Admin smoke tests: staff (not a superuser) open every page of the models they manage; others
cannot; the admin's login is allauth's."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib import admin

from competitions.tests.factories import one_of_each
from curriculum.models import Role
from curriculum.services import membership_add
from tests import factories

STAFF_APPS = {"accounts", "account", "curriculum", "competitions"}

MANAGED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in STAFF_APPS
)

AUTOCOMPLETES = sorted(
    (model._meta.app_label, model._meta.model_name, field)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label in STAFF_APPS
    for field in model_admin.autocomplete_fields
)


@pytest.fixture
def everything(cohort, current_week, team, week_mentor):
    """At least one row of every model staff manage, so list and change pages render rows."""
    factories.InvitationFactory(cohort=cohort)
    one_of_each(team, factories.UserFactory(name="세션 멘토"))
    return cohort


@pytest.fixture
def staff_client(login, staff, everything):
    return login(staff)


def test_the_smoke_tests_cover_the_models_staff_manage():
    assert {f"{app}.{model}" for app, model in MANAGED} >= {
        "accounts.user",
        "account.emailaddress",
        "curriculum.cohort",
        "curriculum.phase",
        "curriculum.week",
        "curriculum.lecture",
        "curriculum.membership",
        "curriculum.invitation",
        "competitions.competition",
        "competitions.team",
    }


def test_staff_is_not_a_superuser(staff):
    assert staff.is_staff
    assert not staff.is_superuser


@pytest.mark.parametrize(("app", "model"), MANAGED)
def test_staff_opens_the_changelist(staff_client, app, model):
    response = staff_client.get(f"/admin/{app}/{model}/")

    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize(("app", "model"), MANAGED)
def test_staff_searches_the_changelist(staff_client, app, model):
    response = staff_client.get(f"/admin/{app}/{model}/", {"q": "example"})

    assert response.status_code == 200


@pytest.mark.parametrize(("app", "model"), MANAGED)
def test_staff_opens_the_add_page(staff_client, app, model):
    response = staff_client.get(f"/admin/{app}/{model}/add/")

    assert response.status_code == 200


@pytest.mark.parametrize(("app", "model"), MANAGED)
def test_staff_opens_a_change_page(staff_client, app, model):
    changelist = staff_client.get(f"/admin/{app}/{model}/")
    obj = changelist.context["cl"].result_list[0]

    response = staff_client.get(f"/admin/{app}/{model}/{obj.pk}/change/")

    assert response.status_code == 200


@pytest.mark.parametrize(("app", "model", "field"), AUTOCOMPLETES)
def test_staff_uses_every_autocomplete(staff_client, app, model, field):
    response = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": app, "model_name": model, "field_name": field, "term": ""},
    )

    assert response.status_code == 200
    assert response.json()["results"]


def test_staff_opens_the_invite_many_page(staff_client):
    response = staff_client.get("/admin/curriculum/invitation/invite-many/")

    assert response.status_code == 200
    assert "emails" in response.context["form"].fields


def test_the_invitation_list_links_to_invite_many(staff_client):
    content = staff_client.get("/admin/curriculum/invitation/").content.decode()

    assert 'href="/admin/curriculum/invitation/invite-many/"' in content


def test_the_week_page_shows_its_theme_mentor_and_lectures(staff_client, current_week):
    response = staff_client.get(f"/admin/curriculum/week/{current_week.pk}/change/")

    content = response.content.decode()
    assert "이멘토" in content
    for lecture in current_week.lectures.all():
        assert lecture.title in content


@pytest.mark.parametrize(("language", "title"), [("ko", "단계 기준"), ("en", "By phase")])
def test_the_weeks_are_filtered_by_a_phase_so_titled(staff_client, staff, language, title):
    staff.language = language
    staff.save(update_fields=["language"])

    html = staff_client.get("/admin/curriculum/week/").content.decode()

    filters = re.findall(r"<summary>\s*(.*?)\s*</summary>", html)
    assert title in filters
    assert not [f for f in filters if "이름" in f or "By name" in f or "(으)로" in f], filters


@pytest.mark.parametrize(("app", "model"), MANAGED)
def test_a_student_is_sent_to_the_admin_login_and_refused_there(client, student, app, model):
    client.force_login(student)

    response = client.get(f"/admin/{app}/{model}/")

    assert response.status_code == 302
    assert response.url == f"/admin/login/?next=/admin/{app}/{model}/"
    assert client.get(response.url).status_code == 403


def test_anonymous_admin_visitor_goes_to_the_allauth_login(client, db):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=%2Fadmin%2F"
    assert response.templates[0].name == "account/login.html"


def test_the_admin_login_page_itself_hands_over_to_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/curriculum/cohort/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=%2Fadmin%2Fcurriculum%2Fcohort%2F"


def test_staff_logs_in_through_allauth_and_reaches_the_admin(client, staff):
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": "staff@example.com", "password": factories.PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_unverified_staff_address_cannot_reach_the_admin(client, staff):
    EmailAddress.objects.filter(user=staff).update(verified=False)

    response = client.post(
        "/accounts/login/", {"login": "staff@example.com", "password": factories.PASSWORD}
    )

    assert response.url == "/accounts/confirm-email/"
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    ("role", "allowed", "refused"),
    [
        (Role.THEME_MENTOR, "/admin/curriculum/week/", "/admin/curriculum/cohort/add/"),
        (Role.COMPETITION_MENTOR, "/admin/competitions/team/", "/admin/curriculum/membership/"),
        (Role.LEAD_INSTRUCTOR, "/admin/curriculum/cohort/", "/admin/curriculum/invitation/"),
    ],
)
def test_mentors_see_only_what_their_role_allows(client, everything, role, allowed, refused):
    mentor = factories.UserFactory()
    membership_add(user=mentor, cohort=factories.CohortFactory(), role=role)
    client.force_login(mentor)

    assert client.get(allowed).status_code == 200
    assert client.get(refused).status_code == 403
