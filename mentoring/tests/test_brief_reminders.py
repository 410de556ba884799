"""The continuity reminders: the handoff brief two days before a mentor's week and the note
prompt on its last day, sent through the notifications app once per mentor and week, in the
mentor's language."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail

from bootcamp.celery import app as celery_app
from mentoring.brief_reminders import mentors_due_brief, mentors_missing_note
from mentoring.models import HandoffNote
from mentoring.tasks import send_handoff_prompts, send_mentor_briefs
from notifications.models import Delivery, Status
from notifications.services import preference_set
from tests import factories

from .continuity_fixtures import build_handmade

pytestmark = pytest.mark.django_db


SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


@pytest.fixture
def eager():
    """Tasks run inline where they are enqueued (after the commit)."""
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=True)
    yield
    celery_app.conf.update(task_always_eager=False, task_eager_propagates=False)


def at(day, hour):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), SEOUL))


def run(task, capture):
    with capture(execute=True):
        task.delay()


# --- Who is due --------------------------------------------------------------------------------


def test_the_brief_is_due_from_two_days_before_the_week_starts(
    week_mentor, other_week_mentor, cohort
):
    week5 = cohort.weeks.get(number=5)
    saturday = week5.starts_on - datetime.timedelta(days=2)
    assert mentors_due_brief(saturday - datetime.timedelta(days=1)) == []
    assert mentors_due_brief(saturday) == [(other_week_mentor, week5)]
    # A day the scheduler missed delays the brief; the week as period keeps it to one.
    assert mentors_due_brief(saturday + datetime.timedelta(days=1)) == [(other_week_mentor, week5)]
    assert mentors_due_brief(week5.starts_on) == []


def test_the_note_prompt_goes_only_to_mentors_without_a_note(week_mentor, cohort, current_week):
    second = factories.UserFactory(email="co-mentor@example.com")
    factories.WeekMentorFactory(week=current_week, user=second)
    HandoffNote.objects.create(week=current_week, mentor=second, pick_up="Recap.")
    assert mentors_missing_note(current_week.ends_on) == [(week_mentor, current_week)]
    assert mentors_missing_note(current_week.ends_on - datetime.timedelta(days=1)) == []
    assert mentors_missing_note(current_week.ends_on + datetime.timedelta(days=2)) == []


# --- Sent once, in the mentor's language ---------------------------------------------------------


@pytest.mark.usefixtures("eager")
def test_the_brief_reaches_the_weeks_mentor_once_with_last_weeks_weakest_question(
    week_mentor,
    lead_instructor,
    competition,
    cohort,
    current_week,
    django_capture_on_commit_callbacks,
):
    build_handmade(cohort, week_mentor=week_mentor, lead=lead_instructor)
    week_mentor.language = "en"
    week_mentor.save()
    saturday = current_week.starts_on - datetime.timedelta(days=2)

    with at(saturday, 9):
        run(send_mentor_briefs, django_capture_on_commit_callbacks)
    with at(saturday + datetime.timedelta(days=1), 9):  # the next day's run, and a retry
        run(send_mentor_briefs, django_capture_on_commit_callbacks)
        run(send_mentor_briefs, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(kind="mentoring.mentor_brief")
    assert (delivery.user, delivery.status) == (week_mentor, Status.SENT)
    [message] = mail.outbox
    assert message.to == [week_mentor.email]
    assert message.subject == "Your handoff brief for AI Lab 2기 · 단계 1 week 3 (Theme 3)"
    html, _mime = message.alternatives[0]
    for body in (message.body, html):
        assert "Which are optimizers?" in body
        assert "Last week (단계 1 week 2): Week 2 quiz" in body
        assert "Revisit learning-rate schedules." in body
        assert f"/weeks/{current_week.pk}/brief/" in body
    # S03 and S04 have been quiet since Friday noon: one day, not yet five, on that Saturday.
    assert "Inactive for 5 days or more: -" in message.body


@pytest.mark.usefixtures("eager")
def test_the_note_prompt_in_korean_once_and_not_after_the_note(
    week_mentor, cohort, current_week, django_capture_on_commit_callbacks
):
    co_mentor = factories.UserFactory(email="co-mentor@example.com", language="ko")
    factories.WeekMentorFactory(week=current_week, user=co_mentor)
    HandoffNote.objects.create(week=current_week, mentor=co_mentor, pick_up="Recap.")
    week_mentor.language = "ko"
    week_mentor.save()

    with at(current_week.ends_on, 17):
        run(send_handoff_prompts, django_capture_on_commit_callbacks)
        run(send_handoff_prompts, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == [week_mentor.email]
    assert "인수인계 노트" in message.subject
    assert f"/weeks/{current_week.pk}/handoff-note/" in message.body
    assert "<a href" in message.alternatives[0][0]


@pytest.mark.usefixtures("eager")
def test_a_mentor_who_opted_out_of_emails_still_finds_the_brief_under_the_bell(
    week_mentor, cohort, current_week, django_capture_on_commit_callbacks
):
    preference_set(user=week_mentor, category="mentors", email=False)

    with at(current_week.starts_on - datetime.timedelta(days=2), 9):
        run(send_mentor_briefs, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert Delivery.objects.get(user=week_mentor, kind="mentoring.mentor_brief").read_at is None
