"""The authorization matrix: every URL pattern of the project x every persona x each method.

`MATRIX` declares, for every named URL of the project, what each persona gets for GET and POST,
on the objects of their own cohort and (key "o_GET"/"o_POST") on another cohort's objects. The
admin's URLs are declared by `ADMIN_PAGES` and, per registered model, by `ADMIN_CHANGELIST`.
`test_every_url_pattern_is_declared` walks bootcamp.urls and fails on any pattern nobody
declared: a new view cannot land without saying who may use it.

Outcomes: an int is the status code; "login" is a redirect to the login page (with ?next=);
"admin_login" the admin's login page; "302 /path" a redirect to that place (prefix match).
A POST that a persona must not make is sent with valid data, and the rows that view writes
must be the same afterwards.

The world (tests/authz_world.py) is built once for the module in an outer transaction; each
case runs in a savepoint of it.
"""

import datetime
import uuid

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve

from accounts.models import User
from competitions.models import AvailabilityWindow, ScoreEntry, Session, SessionNote
from curriculum.models import Invitation, Membership
from mentoring.models import (
    BoardAnswer,
    BoardQuestion,
    BoardUpvote,
    CohortNote,
    HandoffNote,
    LeadSession,
    MissionProgress,
    QuizAttempt,
    SavedArticle,
    StudentNote,
)
from mentoring.tests.conftest import right_answers
from notifications.models import CategoryPreference, Delivery
from tests.authz_world import COHORT_LOOKUPS, PERSONAS, build_world
from tests.helpers import TODAY
from tests.url_patterns import url_patterns

L = "login"
AL = "admin_login"


def row(default, *, anon=L, **overrides):
    """Every persona's outcome: `default`, anonymous `anon`, and the named exceptions."""
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, unknown
    return {"anon": anon, **dict.fromkeys(PERSONAS[1:], default), **overrides}


def only(*personas, ok=200, others=404, anon=L, **overrides):
    """`ok` for the named personas, `others` for the rest, then the named exceptions."""
    return row(others, anon=anon, **{**dict.fromkeys(personas, ok), **overrides})


# The roles of the first cohort (everyone but the anonymous visitor and the outsider).
MEMBERS = ("student", "mentor", "mentor2", "lead", "compmentor", "staff")


# On another cohort's object: members of the first cohort get 404, its own student `ok`.
def other(ok, *, anon=L, members=404):
    return row(members, anon=anon, outsider=ok)


NOT_ALLOWED = row(405)  # a method the view does not take; login first where login is required
NOT_ALLOWED_OPEN = row(405, anon=405)


# URL: a template over the world's ids (tests/authz_world.py; "o_" names another cohort's).
# data: the POST body (a function of the ids); writes: the models a forged POST must not change.
MATRIX = {
    "dashboard": {
        "url": "/",
        "GET": row(200),
        "POST": NOT_ALLOWED,
    },
    "healthz": {  # everyone gets up or down; HEALTH_DETAILS below says who reads the parts
        "url": "/healthz",
        "GET": row(200, anon=200),
        "POST": NOT_ALLOWED_OPEN,
    },
    # --- mentoring: the student's week ---------------------------------------------------------
    "mentoring:mission_status": {
        "url": "/missions/{mission}/status/",
        "data": lambda ids: {"status": "done"},
        "writes": [MissionProgress],
        "GET": NOT_ALLOWED,
        "POST": row(403, student="302 /", outsider=404),
        "o_GET": NOT_ALLOWED,
        "o_POST": other("302 /"),
    },
    "mentoring:article_action": {
        "url": "/articles/{article}/reading-list/",
        "data": lambda ids: {"action": "save"},
        "writes": [SavedArticle],
        # Anyone of the cohort may keep a reading list (mentors read the articles too).
        "GET": NOT_ALLOWED,
        "POST": row("302 /reading-list/", outsider=404),
        "o_GET": NOT_ALLOWED,
        "o_POST": other("302 /reading-list/"),
    },
    "mentoring:reading_list": {
        "url": "/reading-list/",
        "GET": row(200),
        "POST": NOT_ALLOWED,
    },
    "mentoring:quiz": {
        "url": "/quizzes/{quiz}/",
        "data": "quiz",
        "writes": [QuizAttempt],
        "GET": row(200, outsider=404),
        "POST": row(403, student="302 /quizzes/{quiz}/attempts/2/", outsider=404),
        "o_GET": other(200),
        "o_POST": other("302 /quizzes/{o_quiz}/attempts/2/"),
    },
    "mentoring:quiz_result": {
        "url": "/quizzes/{quiz}/attempts/{attempt}/",
        "GET": only("student"),
        "POST": NOT_ALLOWED,
        "o_GET": other(200),
        "o_POST": NOT_ALLOWED,
    },
    "mentoring:quiz_statistics": {
        "url": "/quizzes/{quiz}/statistics/",
        # Every theme mentor of the cohort, not only the week's (see the report).
        "GET": row(403, outsider=404, mentor=200, mentor2=200, lead=200, staff=200),
        "POST": NOT_ALLOWED,
        "o_GET": other(403),
        "o_POST": NOT_ALLOWED,
    },
    "mentoring:question_ask": {
        "url": "/weeks/{week}/questions/",
        "data": lambda ids: {"title": "Forged question?", "body": "Forged."},
        "writes": [BoardQuestion],
        "GET": NOT_ALLOWED,
        "POST": row(403, student="302 /curriculum/{slug}/weeks/{number}/#board", outsider=404),
        "o_GET": NOT_ALLOWED,
        "o_POST": other("302 /curriculum/{o_slug}/weeks/{o_number}/#board"),
    },
    "mentoring:question_upvote": {
        "url": "/questions/{question}/upvote/",
        "writes": [BoardUpvote],
        # Any member of the cohort may upvote (see the report).
        "GET": NOT_ALLOWED,
        "POST": row("302 /curriculum/{slug}/weeks/{number}/#question-{question}", outsider=404),
        "o_GET": NOT_ALLOWED,
        "o_POST": other("302 /curriculum/{o_slug}/weeks/{o_number}/#question-{o_question}"),
    },
    "mentoring:question_answer": {
        "url": "/questions/{question}/answers/",
        "data": lambda ids: {"body": "Forged answer."},
        "writes": [BoardAnswer],
        "GET": NOT_ALLOWED,
        "POST": row(
            "302 /curriculum/{slug}/weeks/{number}/#question-{question}",
            outsider=404,
            student=403,
            compmentor=403,
        ),
        "o_GET": NOT_ALLOWED,
        "o_POST": other(403),
    },
    # --- mentoring: continuity (brief, handoff notes, the lead's pages) ------------------------
    "mentoring:brief": {
        "url": "/weeks/{week}/brief/",
        "GET": only("mentor", "lead", "staff"),
        "POST": NOT_ALLOWED,
        "o_GET": row(404),
        "o_POST": NOT_ALLOWED,
    },
    "mentoring:brief_by_number": {
        "url": "/cohorts/{slug}/weeks/{number}/brief/",
        "GET": only("mentor", "lead", "staff"),
        "POST": NOT_ALLOWED,
        "o_GET": row(404),
        "o_POST": NOT_ALLOWED,
    },
    "mentoring:handoff_note": {
        "url": "/weeks/{week}/handoff-note/",
        "data": lambda ids: {"went_well": "Forged.", "pick_up": "Forged."},
        "writes": [HandoffNote],
        "GET": row(404, mentor=200, lead=403, staff=403),
        "POST": row(404, mentor="302 /weeks/{week}/brief/", lead=403, staff=403),
        "o_GET": row(404),
        "o_POST": row(404),
    },
    "mentoring:radar": {
        "url": "/cohorts/{slug}/radar/",
        "GET": only("lead", "staff"),
        "POST": NOT_ALLOWED,
        "o_GET": row(404),
        "o_POST": NOT_ALLOWED,
    },
    "mentoring:cohort_note": {
        "url": "/cohorts/{slug}/lead-notes/",
        "data": lambda ids: {"body": "Forged cohort note."},
        "writes": [CohortNote],
        "GET": NOT_ALLOWED,
        "POST": only("lead", "staff", ok="302 /cohorts/{slug}/radar/"),
        "o_GET": NOT_ALLOWED,
        "o_POST": row(404),
    },
    "mentoring:student_timeline": {
        "url": "/cohorts/{slug}/students/{student_id}/",
        "data": lambda ids: {"topic": "career", "body": "Forged private note."},
        "writes": [StudentNote],
        "GET": only("lead", "staff"),
        "POST": only("lead", "staff", ok="302 /cohorts/{slug}/students/{student_id}/"),
        "o_GET": row(404),
        "o_POST": row(404),
    },
    "mentoring:lead_sessions": {
        "url": "/cohorts/{slug}/lead-sessions/",
        "data": lambda ids: {
            "kind": "group",
            "topic": "Forged session",
            "starts_at": "2025-03-20T10:00",
            "duration_minutes": "30",
        },
        "writes": [LeadSession],
        # Staff read the lead's sessions; only the lead schedules them.
        "GET": only("lead", "staff"),
        "POST": only("lead", ok="302 /cohorts/{slug}/lead-sessions/", staff=403),
        "o_GET": row(404),
        "o_POST": row(404),
    },
    "mentoring:lead_session": {
        "url": "/cohorts/{slug}/lead-sessions/{lead_session}/",
        "data": lambda ids: {"summary": "Forged summary."},
        "writes": [LeadSession],
        "GET": only("lead", "staff"),
        "POST": only("lead", ok="302 /cohorts/{slug}/lead-sessions/", staff=403),
        "o_GET": row(404),
        "o_POST": row(404),
    },
    # --- curriculum ------------------------------------------------------------------------------
    "curriculum:home": {
        "url": "/curriculum/",
        "GET": row(200),
        "POST": NOT_ALLOWED,
    },
    "curriculum:timeline": {
        "url": "/curriculum/{slug}/",
        "GET": row(200, outsider=404),
        "POST": NOT_ALLOWED,
        "o_GET": other(200),
        "o_POST": NOT_ALLOWED,
    },
    "curriculum:week": {
        "url": "/curriculum/{slug}/weeks/{number}/",
        "GET": row(200, outsider=404),
        "POST": NOT_ALLOWED,
        "o_GET": other(200),
        "o_POST": NOT_ALLOWED,
    },
    "curriculum:invitation": {
        # The link is the key: anonymous visitors sign up; a signed-in account that is not the
        # invited address is refused (403) and nothing joins.
        "url": "/invitations/{invitation}/",
        "writes": [Membership, Invitation],
        "GET": row(403, anon=200),
        "POST": row(403, anon="302 /accounts/signup/?email=*"),
        "o_GET": row(403, anon=200),
        "o_POST": row(403, anon="302 /accounts/signup/?email=*"),
    },
    # --- competitions ---------------------------------------------------------------------------
    "competitions:list": {
        "url": "/competitions/",
        "GET": row(200),
        "POST": NOT_ALLOWED,
    },
    "competitions:tips": {
        "url": "/competitions/tips/",
        "GET": row(200),
        "POST": NOT_ALLOWED,
    },
    "competitions:calendar": {
        "url": "/competitions/calendar/",
        "GET": row(200),
        "POST": NOT_ALLOWED,
    },
    "competitions:calendar_revoke": {
        "url": "/competitions/calendar/revoke/",
        "GET": NOT_ALLOWED,
        "POST": row("302 /competitions/calendar/"),
    },
    "competitions:calendar_feed": {
        # The token is the key (calendar apps cannot log in): whoever holds it reads the feed.
        "url": "/competitions/calendar/{feed}.ics",
        "GET": row(200, anon=200),
        "POST": NOT_ALLOWED_OPEN,
        "o_GET": row(200, anon=200),
        "o_POST": NOT_ALLOWED_OPEN,
    },
    "competitions:board": {
        "url": "/competitions/{competition}/board/",
        "data": "booking",
        "writes": [Session],
        "GET": row(403, outsider=404, staff=200),
        "POST": row(403, outsider=404, staff="302 /competitions/{competition}/board/"),
        "o_GET": other(403),
        "o_POST": other(403),
    },
    "competitions:availability_add": {
        "url": "/competitions/{competition}/board/availability/",
        "data": "availability",
        "writes": [AvailabilityWindow],
        "GET": NOT_ALLOWED,
        "POST": row(403, outsider=404, staff="302 /competitions/{competition}/board/#availability"),
        "o_GET": NOT_ALLOWED,
        "o_POST": other(403),
    },
    "competitions:suggest": {
        "url": "/competitions/{competition}/board/suggest/",
        "writes": [Session],
        "GET": row(403, outsider=404, staff=200),
        "POST": row(403, outsider=404, staff="302 /competitions/{competition}/board/suggest/"),
        "o_GET": other(403),
        "o_POST": other(403),
    },
    "competitions:score_add": {
        "url": "/competitions/teams/{team}/scores/",
        "data": lambda ids: {"recorded_on": "2025-03-11", "score": "0.9"},
        "writes": [ScoreEntry],
        "GET": NOT_ALLOWED,
        "POST": row(403, outsider=404, student="302 /competitions/#competition-{competition}"),
        "o_GET": NOT_ALLOWED,
        "o_POST": other("302 /competitions/#competition-{o_competition}"),
    },
    "competitions:session": {
        "url": "/competitions/sessions/{session}/",
        "GET": only("student", "compmentor", "staff"),
        "POST": NOT_ALLOWED,
        "o_GET": other(200),
        "o_POST": NOT_ALLOWED,
    },
    "competitions:session_ics": {
        "url": "/competitions/sessions/{session}/session.ics",
        "GET": only("student", "compmentor", "staff"),
        "POST": NOT_ALLOWED,
        "o_GET": other(200),
        "o_POST": NOT_ALLOWED,
    },
    "competitions:session_reschedule": {
        "url": "/competitions/sessions/{session}/reschedule/",
        "data": lambda ids: {"starts_at": "2025-03-15T14:00", "reason": "Forged move."},
        "writes": [Session],
        # The team and its mentor see the session but only staff move it.
        "GET": NOT_ALLOWED,
        "POST": only(
            "staff", ok="302 /competitions/sessions/{session}/", student=403, compmentor=403
        ),
        "o_GET": NOT_ALLOWED,
        "o_POST": other(403),
    },
    "competitions:session_cancel": {
        "url": "/competitions/sessions/{session}/cancel/",
        "data": lambda ids: {"reason": "Forged cancellation.", "confirm": "on"},
        "writes": [Session],
        "GET": NOT_ALLOWED,
        "POST": only(
            "staff", ok="302 /competitions/sessions/{session}/", student=403, compmentor=403
        ),
        "o_GET": NOT_ALLOWED,
        "o_POST": other(403),
    },
    "competitions:session_note_add": {
        "url": "/competitions/sessions/{held_session}/notes/",
        "data": lambda ids: {"body": "Forged note."},
        "writes": [SessionNote],
        "GET": NOT_ALLOWED,
        "POST": only(
            "compmentor",
            "staff",
            ok="302 /competitions/sessions/{held_session}/#notes",
            student=403,
        ),
        "o_GET": NOT_ALLOWED,
        "o_POST": other(403),
    },
    # --- accounts and notifications: the signed-in person's own things ------------------------
    "accounts:preferences": {
        "url": "/accounts/preferences/",
        "GET": row(200),
        "POST": row(200),  # an empty form answers with its errors
    },
    "accounts:set_language": {
        "url": "/accounts/language/",
        "data": lambda ids: {"language": "en"},
        "GET": NOT_ALLOWED_OPEN,
        "POST": row("302 /", anon="302 /"),
    },
    "notifications:list": {
        "url": "/notifications/",
        "GET": row(200),
        "POST": NOT_ALLOWED,
    },
    "notifications:open": {
        "url": "/notifications/{delivery}/",
        "GET": only("student"),
        "POST": NOT_ALLOWED,
        "o_GET": other(200),
        "o_POST": NOT_ALLOWED,
    },
    "notifications:read": {
        "url": "/notifications/{delivery}/read/",
        "writes": [Delivery],
        "GET": NOT_ALLOWED,
        "POST": only("student", ok="302 /notifications/"),
        "o_GET": NOT_ALLOWED,
        "o_POST": other("302 /notifications/"),
    },
    "notifications:read_all": {
        "url": "/notifications/read/",
        "GET": NOT_ALLOWED,
        "POST": row("302 /notifications/"),
    },
    "notifications:preferences": {
        "url": "/notifications/preferences/",
        "GET": row(200),
        "POST": row(200),  # an empty form answers with its errors
    },
    "notifications:unsubscribe": {
        # The signed token is the key (one-click unsubscribe from a mail client, RFC 8058).
        "url": "/notifications/unsubscribe/{unsubscribe}/",
        "writes": [CategoryPreference],
        "GET": row(200, anon=200),
        "POST": row(200, anon=200),
        "o_GET": row(200, anon=200),
        "o_POST": row(200, anon=200),
    },
    "notifications:unsubscribe(forged token)": {
        "url": "/notifications/unsubscribe/{unsubscribe}x/",
        "pattern": "notifications:unsubscribe",
        "writes": [CategoryPreference],
        "GET": row(400, anon=400),
        "POST": row(400, anon=400),
    },
}


# allauth's pages: open to everyone (they send signed-in people on) or login first.
ALLAUTH = {
    "account_login": ("/accounts/login/", row("302 /", anon=200)),
    "account_logout": ("/accounts/logout/", row(200, anon="302 /accounts/login/")),
    "account_inactive": ("/accounts/inactive/", row(200, anon=200)),
    "account_signup": ("/accounts/signup/", row("302 /", anon=200)),
    "account_reauthenticate": ("/accounts/reauthenticate/", row(200)),
    "account_email": ("/accounts/email/", row(200)),
    "account_email_verification_sent": ("/accounts/confirm-email/", row(200, anon=200)),
    "account_change_password": ("/accounts/password/change/", row(200)),
    "account_set_password": ("/accounts/password/set/", row("302 /accounts/password/change/")),
    "account_reset_password": ("/accounts/password/reset/", row(200, anon=200)),
    "account_confirm_login_code": (
        "/accounts/login/code/confirm/",
        row("302 /", anon="302 /accounts/login/"),
    ),
    "account_confirm_email": ("/accounts/confirm-email/forged/", row(200, anon=200)),
    "account_reset_password_from_key_done": (
        "/accounts/password/reset/key/done/",
        row(200, anon=200),
    ),
    "account_reset_password_from_key": (
        "/accounts/password/reset/key/1-forged/",
        row(200, anon=200),
    ),
    "account_reset_password_done": ("/accounts/password/reset/done/", row(200, anon=200)),
}


# --- The admin -----------------------------------------------------------------------------------

ADMIN_USERS = ("mentor", "mentor2", "lead", "compmentor", "staff")
NO_ADMIN = dict.fromkeys(("anon", "student", "outsider"), "302 /admin/login/?next=*")

ADMIN_PAGES = {
    "admin:index": ("/admin/", {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 200)}),
    # secure_admin_login: allauth's login page; a signed-in student is refused.
    "admin:login": (
        "/admin/login/",
        {
            **dict.fromkeys(ADMIN_USERS, "302 /admin/"),
            "anon": "302 /accounts/login/?next=*",
            "student": 403,
            "outsider": 403,
        },
    ),
    "admin:logout": (
        "/admin/logout/",
        {**dict.fromkeys(NO_ADMIN, "302 /admin/"), **dict.fromkeys(ADMIN_USERS, 405)},
    ),
    "admin:password_change": (
        "/admin/password_change/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 200)},
    ),
    "admin:password_change_done": (
        "/admin/password_change/done/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 200)},
    ),
    "admin:autocomplete": ("/admin/autocomplete/", {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403)}),
    "admin:jsi18n": ("/admin/jsi18n/", {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 200)}),
    # an app's page: 404 to whoever may see none of its models
    "admin:app_list": (
        "/admin/curriculum/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 200), "compmentor": 404},
    ),
    # the object's page on the site, by content type: any admin user (see the report)
    "admin:view_on_site": (
        "/admin/r/{week_ct}/{o_week}/",
        {
            **NO_ADMIN,
            **dict.fromkeys(
                ADMIN_USERS, "302 http://testserver/curriculum/{o_slug}/weeks/{o_number}/"
            ),
        },
    ),
    # setting a person's password: staff, for the people of their own cohorts only
    "admin:auth_user_password_change": (
        "/admin/accounts/user/{student_id}/password/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403), "staff": 200},
    ),
    "admin:auth_user_password_change(other cohort)": (
        "/admin/accounts/user/{o_student_id}/password/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403), "staff": 404},
    ),
    "admin:auth_user_password_change(superuser)": (
        "/admin/accounts/user/{superuser}/password/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403), "staff": 404},
    ),
    # a person's and a login address's change page: another cohort's or a superuser's is
    # "not found" (the admin sends you to its index with a message)
    "admin:accounts_user_change": (
        "/admin/accounts/user/{student_id}/change/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403), "staff": 200},
    ),
    "admin:accounts_user_change(other cohort)": (
        "/admin/accounts/user/{o_student_id}/change/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403), "staff": "302 /admin/"},
    ),
    "admin:accounts_user_change(superuser)": (
        "/admin/accounts/user/{superuser}/change/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403), "staff": "302 /admin/"},
    ),
    "admin:account_emailaddress_change": (
        "/admin/account/emailaddress/{student_email}/change/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403), "staff": 200},
    ),
    "admin:account_emailaddress_change(other cohort)": (
        "/admin/account/emailaddress/{o_student_email}/change/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403), "staff": "302 /admin/"},
    ),
    "admin:account_emailaddress_change(superuser)": (
        "/admin/account/emailaddress/{superuser_email}/change/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403), "staff": "302 /admin/"},
    ),
    "admin:curriculum_invitation_invite_many": (
        "/admin/curriculum/invitation/invite-many/",
        {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 403), "staff": 200},
    ),
    # the catch-all: an unknown admin address
    "admin/(?P<url>.*)$": ("/admin/nowhere/", {**NO_ADMIN, **dict.fromkeys(ADMIN_USERS, 404)}),
}

# Who opens each registered model's list (everyone else in the admin: 403; students,
# the outsider and anonymous visitors: the admin's login page).
T, LD, C, S = "mentor", "lead", "compmentor", "staff"
THEME = ("mentor", "mentor2")
ADMIN_CHANGELIST = {
    "auth.group": (),
    "account.emailaddress": (S,),
    "django_celery_beat.periodictask": (S,),  # the reminders' times (notifications/admin.py)
    "django_celery_beat.clockedschedule": (),
    "django_celery_beat.crontabschedule": (S,),
    "django_celery_beat.solarschedule": (),
    "django_celery_beat.intervalschedule": (),
    "accounts.user": (S,),
    "curriculum.cohort": (LD, S),
    "curriculum.membership": (S,),
    "curriculum.phase": (S,),
    "curriculum.week": (*THEME, LD, S),
    "curriculum.lecture": (*THEME, LD, S),
    "curriculum.invitation": (S,),
    "mentoring.mission": (*THEME, LD, S),
    "mentoring.article": (*THEME, LD, S),
    "mentoring.quizquestion": (*THEME, LD, S),
    "mentoring.quiz": (*THEME, LD, S),
    "mentoring.boardquestion": (*THEME, LD, S),
    "mentoring.tag": (*THEME, LD, S),
    "mentoring.quizattempt": (*THEME, LD, S),
    "mentoring.missionprogress": (*THEME, LD, S),
    "mentoring.handoffnote": (*THEME, LD, S),
    "mentoring.studentnote": (LD, S),
    "mentoring.cohortnote": (LD, S),
    "mentoring.leadsession": (LD, S),
    "competitions.competition": (LD, C, S),
    "competitions.team": (LD, C, S),
    "competitions.session": (LD, C, S),
    "competitions.availabilitywindow": (C, S),
    "competitions.livelecturehours": (S,),
    "competitions.notetag": (C, S),
    "competitions.sessionnote": (C, S),
    "competitions.scoreentry": (S,),
    "notifications.delivery": (S,),
    "notifications.fanout": (S,),
}
# Another cohort's row, opened by its change page: "not found" (the admin sends you to its
# index) for whoever may see the model, 403 for whoever may not. The exceptions, if any:
OTHER_COHORT_CHANGE_EXCEPTIONS = {}

# The URLs Django's admin makes for every registered model: declared through ADMIN_CHANGELIST.
MODEL_URL_NAMES = ("changelist", "add", "history", "delete", "change")


# --- The world ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        time_machine.travel(TODAY, tick=True),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _post_data(kind, ids):
    if kind is None:
        return {}
    if callable(kind):
        return kind(ids)
    from competitions.models import Competition, Team
    from mentoring.models import Quiz

    if kind == "quiz":
        return {**right_answers(Quiz.objects.get(pk=ids["quiz"])), "token": str(uuid.uuid4())}
    competition = Competition.objects.get(pk=ids["competition"])
    team = Team.objects.get(pk=ids["team"])
    mentor = team.mentors.get()
    start = (TODAY + datetime.timedelta(days=3)).replace(hour=20, tzinfo=None)
    if kind == "booking":
        return {
            "team": team.pk,
            "mentor": mentor.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "minutes": "30",
        }
    if kind == "availability":
        return {
            "mentor": mentor.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "competition": competition.pk,
        }
    raise AssertionError(kind)


def _rows(models):
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in models or ()
    }


def _check(response, expected, ids):
    if isinstance(expected, int):
        assert response.status_code == expected, response.get("Location", "")
        return
    assert response.status_code == 302, (response.status_code, expected)
    location = response["Location"]
    if expected == L:
        assert location.startswith("/accounts/login/?next="), location
    else:
        target = expected.split(" ", 1)[1].format(**ids)
        if target.endswith("*"):  # a prefix: the rest is a query string made by the view
            assert location.startswith(target[:-1]), (location, target)
        else:
            assert location == target, (location, target)


def _client(world, persona):
    client = Client()
    user = world["users"][persona]
    if user is not None:
        client.force_login(user)
    return client


def _cases():
    for key, spec in MATRIX.items():
        for method in ("GET", "POST", "o_GET", "o_POST"):
            for persona, expected in spec.get(method, {}).items():
                yield pytest.param(key, method, persona, expected, id=f"{key}|{method}|{persona}")


@pytest.mark.parametrize(("key", "method", "persona", "expected"), list(_cases()))
def test_matrix(world, db, key, method, persona, expected):
    spec = MATRIX[key]
    ids = world["ids"]
    other_cohort = method.startswith("o_")
    url_ids = {k[2:]: v for k, v in ids.items() if k.startswith("o_")} if other_cohort else ids
    url = spec["url"].format(**url_ids)
    assert resolve(url.split("?")[0]).view_name == spec.get("pattern", key), url
    client = _client(world, persona)
    verb = method.removeprefix("o_")
    if verb == "GET":
        response = client.get(url)
    else:
        data = _post_data(spec.get("data"), url_ids)
        forged = (isinstance(expected, int) and expected >= 400) or expected == L
        before = _rows(spec.get("writes")) if forged else None
        response = client.post(url, data)
        if forged:
            assert _rows(spec.get("writes")) == before, "a refused POST changed rows"
    _check(response, expected, ids)


# Who reads /healthz's parts (database, Redis, workers): staff; everyone else up or down only.
HEALTH_DETAILS = {"staff"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_healthz_details(world, db, persona):
    report = _client(world, persona).get("/healthz").json()

    if persona in HEALTH_DETAILS:
        assert set(report) == {"status", "database", "redis", "celery"}
    else:
        assert report == {"status": "ok"}


@pytest.mark.parametrize(
    ("name", "persona"),
    [(name, persona) for name in ALLAUTH for persona in PERSONAS],
    ids=lambda value: str(value),
)
def test_allauth_pages(world, db, name, persona):
    url, expected = ALLAUTH[name]
    assert resolve(url).view_name == name
    _check(_client(world, persona).get(url), expected[persona], world["ids"])


@pytest.mark.parametrize(
    ("name", "persona"),
    [(name, persona) for name in ADMIN_PAGES for persona in PERSONAS],
    ids=lambda value: str(value),
)
def test_admin_pages(world, db, name, persona):
    url, expected = ADMIN_PAGES[name]
    url = url.format(**world["ids"])
    _check(_client(world, persona).get(url), expected[persona], world["ids"])


@pytest.mark.parametrize(
    ("label", "persona"),
    [(label, persona) for label in ADMIN_CHANGELIST for persona in PERSONAS],
    ids=lambda value: str(value),
)
def test_admin_changelists(world, db, label, persona):
    app_label, model_name = label.split(".")
    if persona in NO_ADMIN:
        expected = NO_ADMIN[persona]
    else:
        expected = 200 if persona in ADMIN_CHANGELIST[label] else 403
    url = f"/admin/{app_label}/{model_name}/"
    _check(_client(world, persona).get(url), expected, world["ids"])


@pytest.mark.parametrize(
    ("label", "persona"),
    [(label, persona) for label in COHORT_LOOKUPS for persona in ADMIN_USERS],
    ids=lambda value: str(value),
)
def test_admin_change_page_of_another_cohorts_row(world, db, label, persona):
    app_label, model_name = label.split(".")
    url = f"/admin/{app_label}/{model_name}/{world['admin_objects'][label]}/change/"
    default = "302 /admin/" if persona in ADMIN_CHANGELIST[label] else 403
    expected = OTHER_COHORT_CHANGE_EXCEPTIONS.get((label, persona), default)
    _check(_client(world, persona).get(url), expected, world["ids"])


# --- Every pattern is declared ------------------------------------------------------------------


def _declared_admin_model(route, name):
    """A URL Django's admin makes for a registered model is declared by ADMIN_CHANGELIST."""
    for label in ADMIN_CHANGELIST:
        app_label, model_name = label.split(".")
        if name and name in {f"admin:{app_label}_{model_name}_{n}" for n in MODEL_URL_NAMES}:
            return True
        if name is None and route == f"admin/{app_label}/{model_name}/<path:object_id>/":
            return True  # the bare object address, which redirects to its change page
    return False


def test_staff_cannot_take_over_a_superuser_through_the_admin(world, db):
    """A forged POST: staff set the superuser's password, then give them a login address of
    their own (a password reset to it would hand them the account). Nothing changes."""
    ids = world["ids"]
    root = User.objects.get(pk=ids["superuser"])
    client = _client(world, "staff")
    before = _rows([User, EmailAddress])

    response = client.post(
        f"/admin/accounts/user/{root.pk}/password/",
        {"password1": "Taken-over-123", "password2": "Taken-over-123"},
    )
    assert response.status_code == 404
    response = client.post(
        "/admin/account/emailaddress/add/",
        {"user": root.pk, "email": "mine@example.com", "verified": "on", "primary": "on"},
    )
    assert response.status_code == 200  # the form, with "not one of the available choices"

    assert _rows([User, EmailAddress]) == before


def test_staff_list_only_their_cohorts_people(world, db):
    page = _client(world, "staff").get("/admin/accounts/user/?all=").content.decode()
    assert "student@example.com" in page
    assert "outsider@example.com" not in page
    assert "root@example.com" not in page


def _declared_names():
    return {spec.get("pattern", key) for key, spec in MATRIX.items()} | {
        name.split("(")[0] for name in (*ALLAUTH, *ADMIN_PAGES)
    }


def test_every_url_pattern_is_declared():
    declared = _declared_names()
    missing = [
        (route, name)
        for route, name in url_patterns()
        if name not in declared
        and route.removeprefix("admin/") not in ADMIN_PAGES
        and route not in ADMIN_PAGES
        and not _declared_admin_model(route, name)
    ]
    assert not missing, f"URL patterns with no declared expectation: {missing}"


def test_every_registered_admin_model_is_declared():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_CHANGELIST)
