"""The weekly reminder and the article kinds, fanned out through the outbox: who gets what, in
which language, once per period, and what preferences change. Tasks run inline (`eager`)."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.models import MissionProgress, SavedArticle
from mentoring.notifications import ARTICLES_DAILY, ARTICLES_DIGEST, WEEKLY_MISSIONS
from mentoring.tasks import send_article_digest, send_daily_articles, send_weekly_missions
from notifications.models import Delivery, Status
from notifications.services import notify_kind, preference_set

from .conftest import add_student

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]


@pytest.fixture(autouse=True)
def _clock(monday_morning):
    """Monday 09:00 in Seoul, before any fixture builds the course."""


def run(task, capture):
    with capture(execute=True):
        task.delay()


def test_the_weekly_reminder_reaches_every_running_student_once_in_their_language(
    course, student, finished_cohort, django_capture_on_commit_callbacks
):
    english = add_student(course["cohort"], "en@example.com", language="en")

    run(send_weekly_missions, django_capture_on_commit_callbacks)

    deliveries = Delivery.objects.filter(kind=WEEKLY_MISSIONS)
    assert {d.user.email for d in deliveries} == {"student@example.com", "en@example.com"}
    assert {d.period for d in deliveries} == {"2025-W11"}
    assert {d.status for d in deliveries} == {Status.SENT}
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["en@example.com", "student@example.com"]
    korean, english_mail = by_address["student@example.com"], by_address["en@example.com"]
    assert korean.subject.startswith("이번 주")
    assert english_mail.subject.startswith("This week")
    for message in (korean, english_mail):
        assert "어텐션 구현" in message.body and "트랜스포머 논문 읽기" in message.body
        assert "http://127.0.0.1:8000/" in message.body
        assert message.extra_headers["List-Unsubscribe"].startswith(
            "<http://127.0.0.1:8000/notifications/unsubscribe/"
        )
        html, mime = message.alternatives[0]
        assert mime == "text/html" and "어텐션 구현" in html
    assert "Still open from last week" in english_mail.body
    assert english.deliveries.get().read_at is None


def test_nobody_of_a_finished_cohort_is_reminded(
    finished_cohort, django_capture_on_commit_callbacks
):
    run(send_weekly_missions, django_capture_on_commit_callbacks)

    assert not Delivery.objects.exists()
    assert mail.outbox == []


def test_running_the_fan_out_twice_sends_nothing_new(
    course, student, django_capture_on_commit_callbacks
):
    run(send_weekly_missions, django_capture_on_commit_callbacks)
    run(send_weekly_missions, django_capture_on_commit_callbacks)

    assert Delivery.objects.filter(user=student).count() == 1
    assert len(mail.outbox) == 1


def test_last_weeks_missions_listed_are_only_the_unfinished_ones(
    course, student, django_capture_on_commit_callbacks
):
    rnn, _lstm = course["missions"]["last"]
    MissionProgress.objects.create(mission=rnn, student=student, status="done")

    run(send_weekly_missions, django_capture_on_commit_callbacks)

    body = Delivery.objects.get(user=student).body_text
    leftovers = body.split("지난주에 못 끝낸 미션")[1]
    assert "LSTM 실습" in leftovers and "RNN 복습" not in leftovers


def test_an_email_opt_out_keeps_the_notification_in_the_app(
    course, student, django_capture_on_commit_callbacks
):
    preference_set(user=student, category="missions", email=False)

    run(send_weekly_missions, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get(user=student)
    assert delivery.email is False and delivery.status == Status.SENT
    assert mail.outbox == []


def test_the_article_frequency_chooses_between_the_daily_email_and_the_digest(
    course, student, django_capture_on_commit_callbacks
):
    weekly_reader = add_student(course["cohort"], "weekly@example.com", language="en")
    preference_set(user=weekly_reader, category="articles", frequency="weekly")
    article = course["week"].articles.get()
    SavedArticle.objects.create(article=article, user=weekly_reader)

    run(send_daily_articles, django_capture_on_commit_callbacks)
    run(send_article_digest, django_capture_on_commit_callbacks)

    assert set(
        Delivery.objects.filter(kind=ARTICLES_DAILY).values_list("user__email", flat=True)
    ) == {"student@example.com"}
    digest = Delivery.objects.get(kind=ARTICLES_DIGEST)
    assert digest.user == weekly_reader
    assert "1 saved article is still unread" in digest.body_text
    assert "Attention Is All You Need" in digest.body_text


def test_the_fan_out_costs_the_same_queries_for_5_or_50_students(course, student):
    counts = []
    for total in (5, 50):
        for n in range(total - len(course["cohort"].memberships.filter(role="student"))):
            add_student(course["cohort"], f"q{total}-{n}@example.com")
        Delivery.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = notify_kind(kind=WEEKLY_MISSIONS)
        assert result.created == total
        counts.append(len(queries))

    assert counts[0] == counts[1], counts


def test_send_reminders_says_what_it_would_send_and_what_it_sent(
    course, student, finished_cohort, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    call_command("send_reminders", WEEKLY_MISSIONS, "--dry-run", stdout=out)

    assert "would create 1 notification(s), 1 by email" in out.getvalue()
    assert "student@example.com" in out.getvalue()
    assert not Delivery.objects.exists()

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", WEEKLY_MISSIONS, "--cohort", "ai-lab-2", stdout=out)
    assert "created 1 notification(s)" in out.getvalue()
    assert len(mail.outbox) == 1

    out = io.StringIO()
    call_command("send_reminders", WEEKLY_MISSIONS, "--cohort", "ai-lab-1", stdout=out)
    assert "0 recipient(s)" in out.getvalue()


def test_send_reminders_rejects_an_unknown_kind_or_cohort(course):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"mentoring\.weekly_missions"):
        call_command("send_reminders", "mentoring.nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match="no-such"):
        call_command("send_reminders", WEEKLY_MISSIONS, "--cohort", "no-such")
    assert not Delivery.objects.exists()
