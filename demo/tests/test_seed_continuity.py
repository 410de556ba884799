"""`seed_demo` fills the past weeks so that the demo brief and radar look like a real cohort in
mid-course: handoff notes, the lead's notes, sessions held and coming, and a few quiet students."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from curriculum.models import Cohort, Week
from mentoring.brief import build_brief
from mentoring.models import CohortNote, HandoffNote, LeadSession, StudentNote
from mentoring.radar import build_radar

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("seed_demo")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def cohort(seeded, db):
    return Cohort.objects.get(slug="ai-lab-2")


@pytest.fixture
def brief(cohort):
    week = Week.objects.for_cohort(cohort).containing(timezone.localdate()).get()
    return build_brief(week)


def test_the_demo_mentors_brief_has_history(brief):
    assert brief.week.mentors.filter(email="mentor@example.com").exists()
    assert len(brief.handoff_notes) >= 5
    assert brief.handoff_notes[0].week.number == brief.week.number - 1
    assert brief.lead_notes
    assert brief.last_week_quizzes and brief.last_week_quizzes[0].weakest is not None
    assert brief.weakest_questions
    assert brief.open_questions
    assert brief.competitions


def test_the_demo_cohort_spreads_over_levels_with_a_few_quiet_students(brief, cohort):
    counts = {band: count for band, _label, count in brief.level_bands}
    assert counts["struggling"] and counts["steady"] and counts["strong"]
    assert 1 <= len(brief.inactive) <= 6
    radar = build_radar(cohort)
    assert len(radar.rows) == 30
    assert radar.inactive_count == len(brief.inactive)
    assert {figure.trend_direction for figure in radar.rows} >= {"up", "down"}


def test_the_lead_has_notes_and_sessions(cohort):
    student = User.objects.get(email="student@example.com")
    assert StudentNote.objects.filter(cohort=cohort, student=student).exists()
    assert CohortNote.objects.filter(cohort=cohort).count() == 2
    upcoming = LeadSession.objects.upcoming_for_student(student, cohort)
    assert {session.kind for session in upcoming} == {"group", "one_to_one"}
    held = LeadSession.objects.filter(cohort=cohort, starts_at__lt=timezone.now())
    assert held.exists() and all(session.summary for session in held)


def test_seeding_again_adds_no_continuity_rows(cohort):
    before = [m.objects.count() for m in (HandoffNote, CohortNote, StudentNote, LeadSession)]
    call_command("seed_demo")
    assert [
        m.objects.count() for m in (HandoffNote, CohortNote, StudentNote, LeadSession)
    ] == before
