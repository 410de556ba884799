"""Logging out and in again must not break a page's forms.

Logging in gives the browser a new CSRF token. A page kept in the page cache was once rendered
with whoever's token was current then; every form on it must still be sent with the token of the
session reading it. Each persona opens their pages (filling the cache), logs out from the user
menu, logs in again, opens the same pages and sends every form on them: none may be refused.
Then the journeys of the issue, by clicks: a question asked, a mission marked, an upvote, an
answer, each after logging in again.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from competitions.models import Competition
from curriculum.models import Week
from mentoring.models import BoardAnswer, BoardQuestion, BoardUpvote, MissionProgress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "baton-demo"


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def _week():
    return (
        Week.objects.containing(timezone.localdate())
        .select_related("cohort")
        .get(cohort__slug="ai-lab-2")
    )


def _log_in(page, email):
    page.goto("/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.click('main button[type="submit"]')
    assert not page.url.endswith("/accounts/login/"), f"{email} could not log in"


def _log_out(page):
    page.click("details.user-menu summary")
    with page.expect_navigation():
        page.click('form[action="/accounts/logout/"] button[type="submit"]')


def _log_in_again(page, email, urls):
    """Open every page (they go into the cache), log out, log in, open them again."""
    _log_in(page, email)
    for url in urls:
        page.goto(url)
    _log_out(page)
    _log_in(page, email)


# Every form inside <main>, sent as the browser would send it (its own fields and token, the
# session's cookies), one after the other; the page is reloaded between forms so that each
# is read as it is now. Answers: the status of each, 0 for a redirect.
SEND_EVERY_FORM = """
async (index) => {
  const forms = [...document.querySelectorAll('main form[method="post" i]')];
  if (index >= forms.length) return null;
  const form = forms[index];
  const response = await fetch(form.action, {
    method: "POST", body: new FormData(form), redirect: "manual", credentials: "same-origin",
  });
  return {action: form.getAttribute("action"), status: response.status};
}
"""


def _send_every_form(page, url):
    page.goto(url)
    count = page.locator('main form[method="post" i]').count()
    assert count, f"{url} shows no form to send"
    refused = []
    for index in range(count):
        page.goto(url)
        sent = page.evaluate(SEND_EVERY_FORM, index)
        if sent is None:  # an earlier form removed this one (a question answered...)
            continue
        if sent["status"] == 403:
            refused.append(sent["action"])
    return refused


def _urls(persona):
    week = _week()
    slug = week.cohort.slug
    competition = Competition.objects.filter(cohort=week.cohort).running().first()
    return {
        "student2@example.com": [
            "/",
            f"/curriculum/{slug}/weeks/{week.number}/",
            "/reading-list/",
            "/competitions/",
        ],
        "mentor@example.com": [f"/curriculum/{slug}/weeks/{week.number}/"],
        "lead@example.com": [f"/cohorts/{slug}/radar/"],
        "staff@example.com": [f"/competitions/{competition.pk}/board/"],
    }[persona]


@pytest.mark.parametrize(
    "persona",
    ["student2@example.com", "mentor@example.com", "lead@example.com", "staff@example.com"],
)
def test_every_form_of_a_cached_page_is_accepted_after_logging_in_again(page, demo, persona):
    urls = _urls(persona)
    _log_in_again(page, persona, urls)

    refused = {url: actions for url in urls if (actions := _send_every_form(page, url))}

    assert refused == {}


def test_student_asks_a_question_after_logging_in_again(page, demo):
    week = _week()
    url = f"/curriculum/{week.cohort.slug}/weeks/{week.number}/"
    _log_in_again(page, "student2@example.com", [url])
    page.goto(url)

    page.click("details.ask summary")
    page.fill("details.ask input[name='title']", "BERT는 GPT 이후에도 쓸모가 있을까요?")
    with page.expect_navigation():
        page.click("details.ask button[type='submit']")

    expect(page.locator("main")).to_contain_text("BERT는 GPT 이후에도 쓸모가 있을까요?")
    assert BoardQuestion.objects.filter(title="BERT는 GPT 이후에도 쓸모가 있을까요?").exists()


def test_student_marks_a_mission_and_upvotes_after_logging_in_again(page, demo):
    week = _week()
    url = f"/curriculum/{week.cohort.slug}/weeks/{week.number}/"
    _log_in_again(page, "student2@example.com", [url])
    page.goto(url)
    upvotes = BoardUpvote.objects.count()

    done = page.locator('li.mission button[value="done"][aria-pressed="false"]').first
    mission_pk = int(done.locator("xpath=ancestor::li[1]").get_attribute("id").split("-")[1])
    with page.expect_response(lambda response: "/status/" in response.url) as answer:
        done.click()
    assert answer.value.status == 200
    with page.expect_navigation():
        page.locator(".board-votes button:not([disabled])").first.click()

    assert (
        MissionProgress.objects.get(
            mission_id=mission_pk, student__email="student2@example.com"
        ).status
        == "done"
    )
    assert BoardUpvote.objects.count() != upvotes


def test_mentor_answers_a_question_after_logging_in_again(page, demo):
    week = _week()
    url = f"/curriculum/{week.cohort.slug}/weeks/{week.number}/"
    question = BoardQuestion.objects.filter(week=week).first()
    assert question is not None, "the demo has a question on this week's board"
    _log_in_again(page, "mentor@example.com", [url])
    page.goto(url)
    answers = BoardAnswer.objects.filter(question=question).count()

    card = page.locator(f"#question-{question.pk}")
    card.locator("details summary").click()
    card.locator("textarea[name='body']").fill("서비스 관점에서는 encoder-only도 장점이 있습니다.")
    with page.expect_navigation():
        card.locator("button[type='submit']").last.click()

    assert BoardAnswer.objects.filter(question=question).count() == answers + 1
