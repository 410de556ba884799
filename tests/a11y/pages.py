"""Every student, mentor and staff page of the seeded demo, as (persona, path, status): the list the
accessibility sweep (axe in Chromium) and the HTML validity check both walk, in both languages.

A page added to the product belongs here, so that axe and the validator hold it to the same bar
(tests/a11y/test_coverage.py fails while a page of the project is missing). The sweep runs with
the URLs of tests/a11y/urls.py (`pytest.mark.urls(URLCONF)`): the project's, plus one view that
fails, for the 500 page.
"""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.utils import timezone

from accounts.models import User
from competitions.models import Competition, Session
from curriculum.models import Cohort, Invitation, Role, Week
from mentoring.continuity_models import LeadSession
from mentoring.models import QuizAttempt
from notifications.models import Delivery
from notifications.registry import get_kind
from notifications.services import unsubscribe_path

from .urls import CSRF_FAILURE_PATH, SERVER_ERROR_PATH

URLCONF = "tests.a11y.urls"

STUDENT = "student@example.com"
MENTOR = "mentor@example.com"
LEAD = "lead@example.com"
COMPETITION_MENTOR = "compmentor@example.com"
STAFF = "staff@example.com"
INVITED = "invited-a11y@example.com"
OTHER_STUDENT = "student2@example.com"
OTHER_MENTOR = "mentor2@example.com"
NO_COHORT = "no-cohort-a11y@example.com"
UNCONFIRMED = "unconfirmed-a11y@example.com"  # never signs in: its reset link stays valid


@dataclass(frozen=True)
class Page:
    name: str
    persona: str | None  # None: anonymous
    path: str
    status: int = 200
    lands_on: str | None = None  # where a redirect leads (None: the page answers at `path`)


def demo_pages():
    """The pages of the demo (seed it first), each with who looks at it."""
    cohort = Cohort.objects.get()
    week = _current_week(cohort)
    attempt = (
        QuizAttempt.objects.filter(student__email=STUDENT, submitted_at__isnull=False)
        .select_related("quiz")
        .order_by("-submitted_at")
        .first()
    )
    session = (
        Session.objects.filter(mentor__email=COMPETITION_MENTOR, team__members__email=STUDENT)
        .select_related("competition")
        .order_by("starts_at")
        .first()
    )
    # The running competition's board: the one with a late session, a cancelled one, a flagged
    # team and proposals to accept.
    competition = Competition.objects.running().get(cohort=cohort)
    lead_session = LeadSession.objects.filter(cohort=cohort).order_by("pk").first()
    delivery = Delivery.objects.filter(user__email=STUDENT).order_by("pk").first()
    student = User.objects.get(email=STUDENT)
    invitation, _ = Invitation.objects.get_or_create(
        cohort=cohort,
        email=INVITED,
        role=Role.STUDENT,
        accepted_at=None,
        defaults={"expires_at": timezone.now() + timedelta(days=7)},
    )
    User.objects.get_or_create(email=NO_COHORT, defaults={"name": "No cohort"})
    unconfirmed = _unconfirmed_address()
    reset_uid = user_pk_to_url_str(unconfirmed.user)
    reset_key = default_token_generator.make_token(unconfirmed.user)
    slug = cohort.slug
    pages = [
        Page("login", None, "/accounts/login/"),
        Page("password reset", None, "/accounts/password/reset/"),
        Page("invitation", None, invitation.get_absolute_url()),
        Page("password reset sent", None, "/accounts/password/reset/done/"),
        Page("signup (no invitation)", None, "/accounts/signup/"),
        Page("confirmation mail sent", None, "/accounts/confirm-email/"),
        Page(
            "confirm address",
            None,
            f"/accounts/confirm-email/{EmailConfirmationHMAC(unconfirmed).key}/",
        ),
        Page(
            "new password (reset link)",
            None,
            f"/accounts/password/reset/key/{reset_uid}-{reset_key}/",
            lands_on=f"/accounts/password/reset/key/{reset_uid}-set-password/",
        ),
        Page("new password saved", None, "/accounts/password/reset/key/done/"),
        Page("account inactive", None, "/accounts/inactive/"),
        Page("unsubscribe", None, unsubscribe_path(student.pk, get_kind(delivery.kind).category)),
        Page("unsubscribe (bad link)", None, "/notifications/unsubscribe/forged/", 400),
        Page("404", None, "/no-such-page/", 404),
        Page("dashboard (no cohort)", NO_COHORT, "/"),
        Page("dashboard (other student)", OTHER_STUDENT, "/"),
        Page("competitions (other student)", OTHER_STUDENT, "/competitions/"),
        Page("404 (signed in)", OTHER_STUDENT, f"/competitions/sessions/{session.pk}/", 404),
        Page("dashboard (other-week mentor)", OTHER_MENTOR, "/"),
        Page("timeline (other-week mentor)", OTHER_MENTOR, f"/curriculum/{slug}/"),
        Page("dashboard", STUDENT, "/"),
        Page("timeline", STUDENT, "/curriculum/"),
        Page("week", STUDENT, f"/curriculum/{slug}/weeks/{week.number}/"),
        Page("reading list", STUDENT, "/reading-list/"),
        Page("quiz take", STUDENT, f"/quizzes/{attempt.quiz_id}/"),
        Page("quiz result", STUDENT, f"/quizzes/{attempt.quiz_id}/attempts/{attempt.number}/"),
        Page("competitions", STUDENT, "/competitions/"),
        Page("session (student)", STUDENT, f"/competitions/sessions/{session.pk}/"),
        Page("tips", STUDENT, "/competitions/tips/"),
        Page("calendar", STUDENT, "/competitions/calendar/"),
        Page("notifications", STUDENT, "/notifications/"),
        Page("notification", STUDENT, f"/notifications/{delivery.pk}/"),
        Page("notification preferences", STUDENT, "/notifications/preferences/"),
        Page("preferences", STUDENT, "/accounts/preferences/"),
        Page("password change", STUDENT, "/accounts/password/change/"),
        Page("login addresses", STUDENT, "/accounts/email/"),
        Page("confirm your password", STUDENT, "/accounts/reauthenticate/"),
        Page("log out", STUDENT, "/accounts/logout/"),
        Page("403", STUDENT, f"/quizzes/{attempt.quiz_id}/statistics/", 403),
        Page("invitation (other account)", STUDENT, invitation.get_absolute_url(), 403),
        Page("500", STUDENT, SERVER_ERROR_PATH, 500),
        Page("form out of date", STUDENT, CSRF_FAILURE_PATH, 403),
        Page("quiz statistics", MENTOR, f"/quizzes/{attempt.quiz_id}/statistics/"),
        Page("brief", MENTOR, f"/weeks/{week.pk}/brief/"),
        Page("handoff note", MENTOR, f"/weeks/{week.pk}/handoff-note/"),
        Page("dashboard (mentor)", MENTOR, "/"),
        Page("radar", LEAD, f"/cohorts/{slug}/radar/"),
        Page("dashboard (lead)", LEAD, "/"),
        Page("brief (lead)", LEAD, f"/cohorts/{slug}/weeks/{week.number}/brief/"),
        Page("student timeline", LEAD, f"/cohorts/{slug}/students/{student.pk}/"),
        Page("lead sessions", LEAD, f"/cohorts/{slug}/lead-sessions/"),
        Page("lead session", LEAD, f"/cohorts/{slug}/lead-sessions/{lead_session.pk}/"),
        Page("competitions (mentor)", COMPETITION_MENTOR, "/competitions/"),
        Page("session (mentor)", COMPETITION_MENTOR, f"/competitions/sessions/{session.pk}/"),
        Page("schedule board", STAFF, f"/competitions/{competition.pk}/board/"),
        Page("competitions (staff)", STAFF, "/competitions/"),
        Page("suggest a schedule", STAFF, f"/competitions/{competition.pk}/board/suggest/"),
        Page("dashboard (staff)", STAFF, "/"),
        Page("radar (staff)", STAFF, f"/cohorts/{slug}/radar/"),
    ]
    return pages


def _unconfirmed_address():
    user, _ = User.objects.get_or_create(email=UNCONFIRMED, defaults={"name": "Unconfirmed"})
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email=UNCONFIRMED, defaults={"verified": False, "primary": True}
    )
    return address


def _current_week(cohort):
    today = timezone.localdate()
    return Week.objects.filter(cohort=cohort).from_day(today).first()


def set_language(language):
    """Every demo account reads Baton in `language` (anonymous pages follow the cookie)."""
    User.objects.update(language=language)
