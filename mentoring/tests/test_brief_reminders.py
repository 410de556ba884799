"""What the notifications app will send: who is due the brief and the note prompt on a day, and
the emails, rendered from build_brief's object in the recipient's language."""

import datetime

import pytest

from mentoring.brief_reminders import (
    mentors_due_brief,
    mentors_missing_note,
    render_brief_email,
    render_note_prompt_email,
)
from mentoring.models import HandoffNote
from tests import factories

from .continuity_fixtures import build_handmade

pytestmark = pytest.mark.django_db


def test_the_brief_is_due_two_days_before_the_week_starts(week_mentor, other_week_mentor, cohort):
    week5 = cohort.weeks.get(number=5)
    saturday = week5.starts_on - datetime.timedelta(days=2)
    assert mentors_due_brief(saturday) == [(other_week_mentor, week5)]
    assert mentors_due_brief(saturday + datetime.timedelta(days=1)) == []


def test_the_note_prompt_goes_only_to_mentors_without_a_note(week_mentor, cohort, current_week):
    second = factories.UserFactory(email="co-mentor@example.com")
    factories.WeekMentorFactory(week=current_week, user=second)
    HandoffNote.objects.create(week=current_week, mentor=second, pick_up="Recap.")
    assert mentors_missing_note(current_week.ends_on) == [(week_mentor, current_week)]
    assert mentors_missing_note(current_week.ends_on - datetime.timedelta(days=1)) == []


def test_the_brief_email_in_english_carries_last_weeks_weakest_question(
    week_mentor, lead_instructor, competition, cohort, current_week
):
    build_handmade(cohort, week_mentor=week_mentor, lead=lead_instructor)
    week_mentor.language = "en"
    subject, text, html = render_brief_email(week_mentor, current_week)
    assert subject == "Your handoff brief for AI Lab 2기 · 단계 1 week 3 (Theme 3)"
    for body in (text, html):
        assert "Which are optimizers?" in body
        assert "Last week (단계 1 week 2): Week 2 quiz" in body
        assert "Revisit learning-rate schedules." in body
        assert f"/weeks/{current_week.pk}/brief/" in body
    assert "S03, S04" in text


def test_the_emails_in_korean(week_mentor, current_week):
    week_mentor.language = "ko"
    subject, text, _html = render_brief_email(week_mentor, current_week)
    assert "인수인계 브리프" in subject
    subject, text, html = render_note_prompt_email(week_mentor, current_week)
    assert "인수인계 노트" in subject
    assert f"/weeks/{current_week.pk}/handoff-note/" in text and "<a href" in html
