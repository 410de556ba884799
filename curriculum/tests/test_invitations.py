"""Signup is by invitation only: staff invite from the admin, the link signs up that email only."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from accounts.models import User
from curriculum.models import Invitation, Membership, Role
from curriculum.services import membership_add
from tests.factories import PASSWORD, InvitationFactory, UserFactory

NEW_PASSWORD = "invited-pass-2468"


@pytest.fixture
def invitation(cohort):
    return InvitationFactory(cohort=cohort, email="invitee@example.com", role=Role.STUDENT)


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def sign_up(client, email, password=NEW_PASSWORD):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )


def open_invitation(client, invitation):
    """What the invitee does with the link: open it, then press the button on the page."""
    assert client.get(f"/invitations/{invitation.token}/").status_code == 200
    return client.post(f"/invitations/{invitation.token}/")


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- Staff invite from the admin ----------------------------------------------------------------


def test_staff_invites_one_person_and_they_get_an_email_with_their_link(
    login, staff, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(
            "/admin/curriculum/invitation/add/",
            {"cohort": cohort.pk, "email": "New.Person@Example.com", "role": Role.THEME_MENTOR},
        )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.cohort, invitation.email, invitation.role) == (
        cohort,
        "new.person@example.com",
        Role.THEME_MENTOR,
    )
    assert invitation.invited_by == staff
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=13)
    [message] = mailoutbox
    assert message.to == ["new.person@example.com"]
    link = f"http://127.0.0.1:8000/invitations/{invitation.token}/"
    assert link in message.body
    assert link in message.alternatives[0][0]
    assert cohort.name in message.subject


def test_staff_invites_a_pasted_list_and_each_address_gets_its_own_link(
    login, staff, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    pasted = "ana@example.com, Ben@Example.com;\n<cho@example.com>\n\nana@example.com"

    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(
            "/admin/curriculum/invitation/invite-many/",
            {"cohort": cohort.pk, "role": Role.STUDENT, "emails": pasted},
        )

    assert response.status_code == 302
    assert response.url == "/admin/curriculum/invitation/"
    invitations = {i.email: i for i in Invitation.objects.filter(cohort=cohort)}
    assert set(invitations) == {"ana@example.com", "ben@example.com", "cho@example.com"}
    assert {i.role for i in invitations.values()} == {Role.STUDENT}
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        [email] = message.to
        assert f"/invitations/{invitations[email].token}/" in message.body


def test_staff_resends_open_invitations_and_only_those(login, staff, cohort, mailoutbox):
    open_one = InvitationFactory(cohort=cohort, email="open@example.com")
    used = InvitationFactory(cohort=cohort, email="used@example.com", accepted_at=timezone.now())
    expired = InvitationFactory(
        cohort=cohort,
        email="expired@example.com",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )

    response = login(staff).post(
        "/admin/curriculum/invitation/",
        {"action": "resend", "_selected_action": [open_one.pk, used.pk, expired.pk]},
    )

    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["open@example.com"]]
    assert f"/invitations/{open_one.token}/" in mailoutbox[0].body


def test_an_existing_user_is_invited_in_their_own_language_and_a_newcomer_in_korean(
    login, staff, student, other_cohort, mailoutbox, django_capture_on_commit_callbacks
):
    student.language = "en"
    student.save(update_fields=["language"])
    membership_add(user=staff, cohort=other_cohort, role=Role.STAFF)  # staff invite to their own

    with django_capture_on_commit_callbacks(execute=True):
        login(staff).post(
            "/admin/curriculum/invitation/invite-many/",
            {
                "cohort": other_cohort.pk,
                "role": Role.STUDENT,
                "emails": "student@example.com newcomer@example.com",
            },
        )

    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects["student@example.com"] == "You are invited to AI Lab 3기 on Baton"
    assert "AI Lab 3기" in subjects["newcomer@example.com"]
    assert subjects["newcomer@example.com"] != subjects["student@example.com"]


def test_a_pasted_list_with_an_invalid_address_is_a_form_error_and_invites_nobody(
    login, staff, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(
            "/admin/curriculum/invitation/invite-many/",
            {"cohort": cohort.pk, "role": Role.STUDENT, "emails": "ana@example.com not-an-email"},
        )

    assert response.status_code == 200
    assert "emails" in response.context["form"].errors
    assert "not-an-email" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_an_empty_pasted_list_is_a_form_error(login, staff, cohort):
    response = login(staff).post(
        "/admin/curriculum/invitation/invite-many/",
        {"cohort": cohort.pk, "role": Role.STUDENT, "emails": " ,; \n"},
    )

    assert response.status_code == 200
    assert "emails" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_inviting_the_same_email_again_renews_the_open_invitation(
    login, staff, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    old = InvitationFactory(
        cohort=cohort,
        email="invitee@example.com",
        expires_at=timezone.now() + datetime.timedelta(hours=2),
    )

    with django_capture_on_commit_callbacks(execute=True):
        login(staff).post(
            "/admin/curriculum/invitation/invite-many/",
            {"cohort": cohort.pk, "role": Role.STUDENT, "emails": "Invitee@example.com"},
        )

    renewed = Invitation.objects.get()
    assert renewed.pk == old.pk
    assert renewed.token == old.token
    assert renewed.expires_at > timezone.now() + datetime.timedelta(days=13)
    assert renewed.invited_by == staff
    [message] = mailoutbox
    assert f"/invitations/{old.token}/" in message.body


def test_inviting_again_after_the_invitation_was_used_makes_a_new_one(
    login, staff, cohort, django_capture_on_commit_callbacks
):
    used = InvitationFactory(cohort=cohort, email="invitee@example.com", accepted_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        login(staff).post(
            "/admin/curriculum/invitation/add/",
            {"cohort": cohort.pk, "email": "invitee@example.com", "role": Role.STUDENT},
        )

    assert Invitation.objects.count() == 2
    assert Invitation.objects.exclude(pk=used.pk).get().accepted_at is None


def test_the_database_holds_one_open_invitation_per_email_cohort_and_role(cohort):
    InvitationFactory(cohort=cohort, email="invitee@example.com", role=Role.STUDENT)
    InvitationFactory(cohort=cohort, email="invitee@example.com", role=Role.THEME_MENTOR)

    with pytest.raises(IntegrityError), transaction.atomic():
        InvitationFactory(cohort=cohort, email="invitee@example.com", role=Role.STUDENT)


def test_a_used_invitation_does_not_block_a_new_open_one(cohort):
    InvitationFactory(cohort=cohort, email="invitee@example.com", accepted_at=timezone.now())

    InvitationFactory(cohort=cohort, email="invitee@example.com")

    assert Invitation.objects.count() == 2


def test_a_theme_mentor_cannot_invite(login, cohort):
    mentor = UserFactory()
    membership_add(user=mentor, cohort=cohort, role=Role.THEME_MENTOR)
    client = login(mentor)

    assert client.get("/admin/curriculum/invitation/invite-many/").status_code == 403
    response = client.post(
        "/admin/curriculum/invitation/invite-many/",
        {"cohort": cohort.pk, "role": Role.STAFF, "emails": "friend@example.com"},
    )

    assert response.status_code == 403
    assert not Invitation.objects.exists()


# --- The invitee signs up through the link ------------------------------------------------------


def test_invitee_signs_up_through_the_link_and_lands_in_the_cohort_with_the_role(
    client, invitation, cohort
):
    response = open_invitation(client, invitation)

    assert response.status_code == 302
    assert response.url == "/accounts/signup/?email=invitee%40example.com"
    assert client.get(response.url).status_code == 200
    response = sign_up(client, "invitee@example.com")

    assert response.status_code == 302
    user = User.objects.get(email="invitee@example.com")
    assert user.check_password(NEW_PASSWORD)
    assert list(Membership.objects.filter(user=user).values_list("cohort", "role")) == [
        (cohort.pk, Role.STUDENT)
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None


def test_signing_up_through_the_link_needs_no_verification_email(
    client, invitation, current_week, mailoutbox
):
    open_invitation(client, invitation)

    response = sign_up(client, "invitee@example.com")

    assert response.url == "/"
    user = User.objects.get(email="invitee@example.com")
    assert logged_in_user_id(client) == str(user.pk)
    assert mailoutbox == []
    assert current_week.theme in client.get("/").content.decode()


def test_an_invited_address_needs_no_verification_to_log_in_again(client, invitation):
    open_invitation(client, invitation)
    sign_up(client, "invitee@example.com")

    assert EmailAddress.objects.get(email="invitee@example.com").verified
    other_browser = Client()
    response = other_browser.post(
        "/accounts/login/", {"login": "invitee@example.com", "password": NEW_PASSWORD}
    )
    assert response.url == "/"


def test_a_staff_role_invitation_gives_admin_access(client, cohort):
    invitation = InvitationFactory(cohort=cohort, email="ops@example.com", role=Role.STAFF)
    open_invitation(client, invitation)

    sign_up(client, "ops@example.com")

    user = User.objects.get(email="ops@example.com")
    assert user.is_staff
    assert user.has_perm("curriculum.add_invitation")


def test_signup_with_another_address_is_refused_with_a_clear_error(english, invitation):
    open_invitation(english, invitation)

    response = sign_up(english, "someone.else@example.com")

    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert "This invitation is for invitee@example.com" in response.content.decode()
    assert not User.objects.filter(email="someone.else@example.com").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_link_cannot_be_used_twice(client, invitation):
    open_invitation(client, invitation)
    sign_up(client, "invitee@example.com")

    response = Client().get(f"/invitations/{invitation.token}/")

    assert response.status_code == 410


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_invitation_gets_a_clear_page(english, cohort, method):
    expired = InvitationFactory(
        cohort=cohort, expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    response = getattr(english, method)(f"/invitations/{expired.token}/")

    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert "baton_invitation_token" not in english.session


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_used_invitation_gets_a_clear_page(english, cohort, method):
    used = InvitationFactory(cohort=cohort, accepted_at=timezone.now())

    response = getattr(english, method)(f"/invitations/{used.token}/")

    assert response.status_code == 410
    assert "This invitation has already been used" in response.content.decode()


def test_an_unknown_token_is_not_found(english, db):
    response = english.get("/invitations/not-a-real-token/")

    assert response.status_code == 404
    assert "This invitation link is not valid" in response.content.decode()


def test_an_invitation_that_expires_before_signup_closes_signup(client, invitation):
    open_invitation(client, invitation)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    response = sign_up(client, "invitee@example.com")

    assert response.status_code == 200
    assert response.templates[0].name == "account/signup_closed.html"
    assert not User.objects.filter(email="invitee@example.com").exists()


def test_invitation_page_accepts_only_get_and_post(client, invitation):
    assert client.put(f"/invitations/{invitation.token}/").status_code == 405


# --- Signup without an invitation ---------------------------------------------------------------


def test_anyone_else_reaching_signup_is_told_it_is_by_invitation(english, db):
    response = english.get("/accounts/signup/")

    assert response.status_code == 200
    assert response.templates[0].name == "account/signup_closed.html"
    assert "Signup is by invitation" in response.content.decode()


def test_signing_up_without_an_invitation_creates_no_account(client, db):
    response = sign_up(client, "gatecrasher@example.com")

    assert response.templates[0].name == "account/signup_closed.html"
    assert not User.objects.filter(email="gatecrasher@example.com").exists()


def test_opening_an_invitation_does_not_open_signup_for_other_addresses_later(client, invitation):
    open_invitation(client, invitation)
    sign_up(client, "invitee@example.com")
    client.post("/accounts/logout/")

    response = sign_up(client, "friend@example.com")

    assert response.templates[0].name == "account/signup_closed.html"
    assert not User.objects.filter(email="friend@example.com").exists()


# --- Existing accounts --------------------------------------------------------------------------


def test_an_existing_user_invited_to_a_second_cohort_logs_in_and_joins(
    client, student, cohort, other_cohort
):
    invitation = InvitationFactory(
        cohort=other_cohort, email="student@example.com", role=Role.THEME_MENTOR
    )

    response = open_invitation(client, invitation)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next=%2Finvitations%2F{invitation.token}%2F"
    response = client.post(response.url, {"login": "student@example.com", "password": PASSWORD})
    assert response.url == f"/invitations/{invitation.token}/"
    response = open_invitation(client, invitation)

    assert response.status_code == 302
    assert response.url == "/"
    assert set(Membership.objects.filter(user=student).values_list("cohort", "role")) == {
        (cohort.pk, Role.STUDENT),
        (other_cohort.pk, Role.THEME_MENTOR),
    }
    assert User.objects.filter(email="student@example.com").count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_by == student


def test_a_logged_in_invitee_joins_with_one_click(login, student, other_cohort):
    invitation = InvitationFactory(cohort=other_cohort, email="student@example.com")
    client = login(student)

    response = open_invitation(client, invitation)

    assert response.url == "/"
    assert Membership.objects.filter(user=student, cohort=other_cohort).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_logged_in_as_another_account_gets_a_clear_page_and_joins_nothing(
    english, student, other_cohort, method
):
    student.language = "en"
    student.save(update_fields=["language"])
    invitation = InvitationFactory(cohort=other_cohort, email="invitee@example.com")
    english.force_login(student)

    response = getattr(english, method)(f"/invitations/{invitation.token}/")

    assert response.status_code == 403
    assert response.context["wrong_account"]
    assert "invitee@example.com" in response.content.decode()
    assert not Membership.objects.filter(cohort=other_cohort).exists()
    assert not User.objects.filter(email="invitee@example.com").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_existing_user_is_not_offered_a_second_account(client, student, other_cohort):
    invitation = InvitationFactory(cohort=other_cohort, email="student@example.com")
    open_invitation(client, invitation)

    response = sign_up(client, "student@example.com")

    assert response.templates[0].name == "account/signup_closed.html"
    assert User.objects.filter(email="student@example.com").count() == 1


def test_accepting_a_role_already_held_keeps_a_single_membership(login, student, cohort):
    invitation = InvitationFactory(cohort=cohort, email="student@example.com", role=Role.STUDENT)

    response = open_invitation(login(student), invitation)

    assert response.url == "/"
    assert Membership.objects.filter(user=student, cohort=cohort).count() == 1


def test_a_second_lead_instructor_invitation_gets_a_clear_page_and_joins_nothing(
    english, lead_instructor, student, cohort
):
    invitation = InvitationFactory(
        cohort=cohort, email="student@example.com", role=Role.LEAD_INSTRUCTOR
    )
    student.language = "en"
    student.save(update_fields=["language"])
    english.force_login(student)

    assert english.get(f"/invitations/{invitation.token}/").status_code == 410
    response = english.post(f"/invitations/{invitation.token}/")

    assert response.status_code == 410
    assert "This cohort already has a lead instructor." in response.content.decode()
    assert not Membership.objects.filter(user=student, role=Role.LEAD_INSTRUCTOR).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_new_person_invited_as_a_second_lead_cannot_sign_up(client, lead_instructor, cohort):
    invitation = InvitationFactory(
        cohort=cohort, email="lead2@example.com", role=Role.LEAD_INSTRUCTOR
    )

    assert client.post(f"/invitations/{invitation.token}/").status_code == 410
    response = sign_up(client, "lead2@example.com")

    assert response.templates[0].name == "account/signup_closed.html"
    assert not User.objects.filter(email="lead2@example.com").exists()
