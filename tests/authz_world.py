"""The fixture world of the authorization matrix: two cohorts, the eight personas, and one object
of every kind a URL of the project points to, in each cohort.

Built once per test module (tests/test_authorization_matrix.py) inside an outer transaction that
is rolled back at the end; each test runs in a savepoint of it, so a forged write that got
through would be undone after the test that caught it.
"""

import datetime
import uuid

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from competitions.models import CalendarFeed
from competitions.tests.factories import SessionFactory, one_of_each
from curriculum.models import Role, Week
from curriculum.services import user_sync_admin_access
from mentoring.models import CohortNote, HandoffNote, LeadSession, MissionProgress, StudentNote
from mentoring.services import quiz_submit
from mentoring.tests.conftest import (
    ArticleFactory,
    BoardQuestionFactory,
    MissionFactory,
    right_answers,
    three_question_quiz,
)
from notifications.services import unsubscribe_token
from notifications.tests.factories import DeliveryFactory
from tests import factories

PERSONAS = (
    "anon",
    "student",
    "outsider",
    "mentor",
    "mentor2",
    "lead",
    "compmentor",
    "staff",
)


def _member(cohort, role, **fields):
    user = factories.UserFactory(**fields)
    factories.MembershipFactory(user=user, cohort=cohort, role=role)
    # Memberships made through the admin or an invitation sync admin access the same way.
    user_sync_admin_access(user=user)
    return user


def _take(quiz, student):
    answers = {
        int(key[1:]): {int(pk) for pk in value} for key, value in right_answers(quiz).items()
    }
    attempt, _created = quiz_submit(quiz=quiz, student=student, token=uuid.uuid4(), answers=answers)
    return attempt


def _cohort_objects(cohort, *, student, lead, week_mentor, comp_mentor):
    """One of each object in `cohort`, owned by its own people; returns the URL ids."""
    week = cohort.weeks.get(number=3)
    mission = MissionFactory(week=week)
    article = ArticleFactory(week=week)
    quiz = three_question_quiz(week)
    attempt = _take(quiz, student)
    question = BoardQuestionFactory(week=week, author=student)
    HandoffNote.objects.create(week=week, mentor=week_mentor, went_well="Went well.")
    StudentNote.objects.create(
        cohort=cohort, student=student, author=lead, topic="career", body="Private."
    )
    CohortNote.objects.create(cohort=cohort, author=lead, body="The cohort note.")
    lead_session = LeadSession.objects.create(
        cohort=cohort,
        lead=lead,
        kind="one_to_one",
        student=student,
        topic="Career talk",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        duration_minutes=30,
    )
    competition = factories.CompetitionFactory(cohort=cohort)
    team = factories.TeamFactory(competition=competition)
    factories.TeamMemberFactory(team=team, user=student)
    team.mentors.add(comp_mentor)
    session = one_of_each(team, comp_mentor)  # with a note, availability, hours and a score
    held = _held_session(cohort, student, comp_mentor)
    MissionProgress.objects.create(mission=mission, student=student, status="done")
    feed = CalendarFeed.objects.create(user=student)
    delivery = DeliveryFactory(user=student)
    invitation = factories.InvitationFactory(cohort=cohort, email=f"new-{cohort.slug}@example.com")
    return {
        "slug": cohort.slug,
        "week": week.pk,
        "number": week.number,
        "mission": mission.pk,
        "article": article.pk,
        "quiz": quiz.pk,
        "attempt": attempt.number,
        "question": question.pk,
        "student_id": student.pk,
        "lead_session": lead_session.pk,
        "competition": competition.pk,
        "team": team.pk,
        "session": session.pk,
        "held_session": held.pk,
        "feed": feed.token,
        "delivery": delivery.pk,
        "invitation": invitation.token,
        "unsubscribe": unsubscribe_token(student.pk, "missions"),
    }


def _held_session(cohort, student, comp_mentor):
    """A session of an earlier competition that took place: notes are written after a session
    starts (the running competition's team keeps its package free for the booking rows)."""
    now = timezone.now()
    earlier = factories.CompetitionFactory(
        cohort=cohort, starts_at=now - datetime.timedelta(days=30), deadline_at=now
    )
    team = factories.TeamFactory(competition=earlier)
    factories.TeamMemberFactory(team=team, user=student)
    team.mentors.add(comp_mentor)
    return SessionFactory(team=team, mentor=comp_mentor, starts_at=now - datetime.timedelta(days=9))


def build_world():
    cohort = factories.CohortFactory(name="AI Lab 2기", slug="ai-lab-2")
    factories.build_course(cohort)
    other = factories.CohortFactory(name="AI Lab 3기", slug="ai-lab-3")
    factories.build_course(other)
    week3 = cohort.weeks.get(number=3)

    users = {"anon": None}
    users["student"] = _member(cohort, Role.STUDENT, email="student@example.com", name="김학생")
    users["outsider"] = _member(other, Role.STUDENT, email="outsider@example.com", name="박외부")
    users["mentor"] = _member(cohort, Role.THEME_MENTOR, email="mentor@example.com", name="이멘토")
    factories.WeekMentorFactory(week=week3, user=users["mentor"])
    users["mentor2"] = _member(
        cohort, Role.THEME_MENTOR, email="mentor2@example.com", name="정멘토"
    )
    factories.WeekMentorFactory(week=cohort.weeks.get(number=5), user=users["mentor2"])
    users["lead"] = _member(cohort, Role.LEAD_INSTRUCTOR, email="lead@example.com", name="윤강사")
    users["compmentor"] = _member(
        cohort, Role.COMPETITION_MENTOR, email="compmentor@example.com", name="최멘토"
    )
    users["staff"] = _member(cohort, Role.STAFF, email="staff@example.com", name="한운영")

    ids = _cohort_objects(
        cohort,
        student=users["student"],
        lead=users["lead"],
        week_mentor=users["mentor"],
        comp_mentor=users["compmentor"],
    )
    # The other cohort's people own its objects; the URLs try them as "o_<name>".
    other_lead = _member(other, Role.LEAD_INSTRUCTOR, email="lead3@example.com")
    other_mentor = _member(other, Role.THEME_MENTOR, email="mentor3@example.com")
    factories.WeekMentorFactory(week=other.weeks.get(number=3), user=other_mentor)
    other_comp = _member(other, Role.COMPETITION_MENTOR, email="compmentor3@example.com")
    other_ids = _cohort_objects(
        other,
        student=users["outsider"],
        lead=other_lead,
        week_mentor=other_mentor,
        comp_mentor=other_comp,
    )
    ids.update({f"o_{key}": value for key, value in other_ids.items()})
    ids["week_ct"] = ContentType.objects.get_for_model(Week).pk
    # A superuser, in no cohort: no other admin user may see or edit them.
    root = factories.UserFactory(email="root@example.com", is_staff=True, is_superuser=True)
    ids["superuser"] = root.pk
    ids["superuser_email"] = EmailAddress.objects.get(user=root).pk
    ids["o_student_email"] = EmailAddress.objects.get(user=users["outsider"]).pk
    ids["student_email"] = EmailAddress.objects.get(user=users["student"]).pk
    return {
        "users": users,
        "ids": ids,
        "cohort": cohort,
        "other": other,
        "admin_objects": admin_objects(other),
    }


# How each registered model's rows reach their cohort (models that belong to no cohort: none).
COHORT_LOOKUPS = {
    "curriculum.cohort": "pk",
    "curriculum.membership": "cohort",
    "curriculum.phase": "cohort",
    "curriculum.week": "cohort",
    "curriculum.lecture": "week__cohort",
    "curriculum.invitation": "cohort",
    "accounts.user": "memberships__cohort",
    "account.emailaddress": "user__memberships__cohort",
    "mentoring.mission": "week__cohort",
    "mentoring.article": "week__cohort",
    "mentoring.quiz": "week__cohort",
    "mentoring.quizquestion": "quiz__week__cohort",
    "mentoring.boardquestion": "week__cohort",
    "mentoring.quizattempt": "quiz__week__cohort",
    "mentoring.missionprogress": "mission__week__cohort",
    "mentoring.handoffnote": "week__cohort",
    "mentoring.studentnote": "cohort",
    "mentoring.cohortnote": "cohort",
    "mentoring.leadsession": "cohort",
    "competitions.competition": "cohort",
    "competitions.team": "competition__cohort",
    "competitions.session": "competition__cohort",
    "competitions.availabilitywindow": "competition__cohort",
    "competitions.livelecturehours": "cohort",
    "competitions.sessionnote": "session__competition__cohort",
    "competitions.scoreentry": "team__competition__cohort",
    "notifications.delivery": "user__memberships__cohort",
}


def admin_objects(cohort):
    """{model label: the pk of one of `cohort`'s rows} for every cohort-bound admin model."""
    from django.apps import apps

    found = {}
    for label, lookup in COHORT_LOOKUPS.items():
        model = apps.get_model(label)
        found[label] = model._default_manager.filter(**{lookup: cohort.pk}).values_list(
            "pk", flat=True
        )[0]
    return found
