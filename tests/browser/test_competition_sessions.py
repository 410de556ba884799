"""One mentoring session's page in a real browser, on the demo cohort: staff cancelling with a
reason too long are told so and keep what they typed; the competition mentor writes notes only
on a session that has started, with the characters used counted under the box.

UI copy is not asserted: the assertions read form names, error elements, values and the database.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from competitions.models import Competition, Session, SessionChange, SessionNote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "baton-demo"


@pytest.fixture
def running():
    call_command("seed_demo", stdout=io.StringIO())
    return Competition.objects.running().get(cohort__slug="ai-lab-2")


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.click('main button[type="submit"]')


def _submit(page, form):
    with page.expect_navigation():
        page.click(f'{form} button[type="submit"]')


def test_a_cancel_reason_too_long_is_refused_on_the_page_and_kept(page, running):
    session = running.sessions.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
    _log_in(page, "staff@example.com")
    page.goto(session.get_absolute_url())
    cancel = 'form[action$="/cancel/"]'
    reason = "멘토 개인 사정으로 취소합니다. " * 30  # 540 characters
    box = page.locator(f"{cancel} textarea[name=reason]")

    box.fill(reason)  # the browser stops at the limit...
    expect(box).to_have_value(reason[:500])
    expect(page.locator(f"{cancel} .char-count")).to_have_class("char-count is-full")
    # ...which a script, an older browser or a hand-made request does not.
    box.evaluate("(box, text) => { box.removeAttribute('maxlength'); box.value = text; }", reason)
    page.check(f"{cancel} input[name=confirm]")
    _submit(page, cancel)

    expect(page.locator("#id_cancel_reason_error")).to_be_visible()
    expect(page.locator(f"{cancel} textarea[name=reason]")).to_have_value(reason)
    session.refresh_from_db()
    assert session.status == "scheduled"
    assert not SessionChange.objects.filter(session=session, kind="cancelled").exists()

    page.fill(f"{cancel} textarea[name=reason]", "멘토 개인 사정")
    page.check(f"{cancel} input[name=confirm]")
    _submit(page, cancel)

    expect(page.locator(cancel)).to_have_count(0)
    session.refresh_from_db()
    assert session.status == "cancelled"
    assert session.changes.get(kind="cancelled").reason == "멘토 개인 사정"


def test_the_mentor_writes_notes_once_a_session_has_started(page, running):
    mentor = "compmentor@example.com"
    mine = Session.objects.filter(mentor__email=mentor).order_by("starts_at")
    coming = mine.filter(competition=running, starts_at__gt=timezone.now()).first()
    held = mine.filter(ends_at__lt=timezone.now()).last()  # in an earlier competition
    notes = 'form[action$="/notes/"]'
    _log_in(page, mentor)

    page.goto(coming.get_absolute_url())
    expect(page.locator("#notes")).to_be_visible()
    expect(page.locator(notes)).to_have_count(0)

    page.goto(held.get_absolute_url())
    page.fill(f"{notes} textarea[name=body]", "검증 세트를 리더보드처럼 나누세요.")
    expect(page.locator(f"{notes} .char-count")).to_have_text("19 / 4,000")
    _submit(page, notes)

    expect(page.locator(".session-note").first).to_contain_text("검증 세트를 리더보드처럼")
    assert held.notes.filter(body="검증 세트를 리더보드처럼 나누세요.").exists()
    assert not SessionNote.objects.filter(session=coming).exists()
