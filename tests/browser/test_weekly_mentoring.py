"""The weekly mentoring track in a real browser, on the demo cohort: the student marks a mission
done (in place with htmx, and by a plain form post with JavaScript off), saves an article and
finds it on the reading list, takes the pre-lecture quiz and reads the explanations; the week's
mentor adds a mission and a quiz with questions to their own week in the admin and cannot reach
another week's.

UI copy is not asserted: the assertions read ids, form names and values, URLs and the database.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from curriculum.models import Week
from mentoring.models import (
    Article,
    Mission,
    MissionProgress,
    Quiz,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    SavedArticle,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "baton-demo"
STUDENT = "student@example.com"
MENTOR = "mentor@example.com"


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    return Week.objects.containing(timezone.localdate()).get(cohort__slug="ai-lab-2")


@pytest.fixture
def student(demo):
    return User.objects.get(email=STUDENT)


@pytest.fixture
def mentor(demo):
    mentor = User.objects.get(email=MENTOR)
    assert list(mentor.mentored_weeks.all()) == [demo], "the demo mentor holds only this week"
    return mentor


@pytest.fixture
def open_mission(demo, student):
    """This week's first mission, not started by the student (whatever the seed rolled)."""
    mission = Mission.objects.filter(week=demo).order_by("order", "pk").first()
    MissionProgress.objects.filter(mission=mission, student=student).delete()
    return mission


def _submit(page, selector):
    """Click a button that posts a form, and wait for the page the server answers with."""
    with page.expect_navigation():
        page.click(selector)


def _log_in(page, email):
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    _submit(page, 'main button[type="submit"]')


def _logged_in_page(new_page, live_server, email, **context_options):
    page = new_page(**context_options)
    page.goto("/accounts/login/")
    _log_in(page, email)
    assert page.url == f"{live_server.url}/"
    return page


def _status(mission, student):
    return MissionProgress.objects.get(mission=mission, student=student).status


# --- The student ---------------------------------------------------------------------------------


def _click_status(page, mission, status):
    """Click a mission's status button and wait for htmx's answer."""
    with page.expect_response(f"**/missions/{mission.pk}/status/") as response:
        page.click(f'li#mission-{mission.pk} button[name="status"][value="{status}"]')
    assert response.value.status == 200


def test_marking_a_mission_done_updates_it_in_place_without_a_reload(
    new_page, live_server, student, open_mission
):
    page = _logged_in_page(new_page, live_server, STUDENT)
    item = page.locator(f"li#mission-{open_mission.pk}")
    pressed = item.locator('button[name="status"][aria-pressed="true"]')
    expect(pressed).to_have_attribute("value", "todo")
    page.evaluate("window.beforeClick = 'still here'")

    _click_status(page, open_mission, "done")

    expect(pressed).to_have_attribute("value", "done")
    expect(pressed).to_have_count(1)
    assert page.url == f"{live_server.url}/"
    assert page.evaluate("window.beforeClick") == "still here", "the page was reloaded"
    assert _status(open_mission, student) == "done"

    _click_status(page, open_mission, "doing")  # the swapped-in mission takes the next click

    expect(pressed).to_have_attribute("value", "doing")
    assert page.evaluate("window.beforeClick") == "still here"
    assert _status(open_mission, student) == "doing"


def test_the_dashboard_counter_after_a_click_matches_the_page_after_a_reload(
    new_page, live_server, demo, student, open_mission
):
    """The "N of M done" beside this week's missions, swapped in with the clicked mission,
    counts this week's missions and this student's done ones, whatever others have done."""
    others = User.objects.filter(
        memberships__cohort=demo.cohort, memberships__role="student"
    ).exclude(pk=student.pk)[:5]
    for other in others:
        for mission in Mission.objects.filter(week=demo):
            MissionProgress.objects.update_or_create(
                mission=mission, student=other, defaults={"status": "done"}
            )
    page = _logged_in_page(new_page, live_server, STUDENT)
    counter = page.locator("#missions-heading #missions-done")

    _click_status(page, open_mission, "done")

    expect(page.locator(f"li#mission-{open_mission.pk} [aria-pressed='true']")).to_have_attribute(
        "value", "done"
    )
    total = Mission.objects.filter(week=demo).count()
    done = MissionProgress.objects.filter(
        mission__week=demo, student=student, status="done"
    ).count()
    after_click = counter.inner_text()
    assert sorted(int(n) for n in re.findall(r"\d+", after_click)) == sorted([done, total])
    page.reload()
    expect(counter).to_have_text(after_click)


def _tiers_as_shown(page, section):
    """[(tier heading, [mission ids under it]), ...] of a missions section, and the mission
    items that carry a tier badge of their own."""
    groups = page.locator(section).evaluate(
        """section => {
            const groups = [];
            for (const element of section.querySelectorAll(".tier-heading, li.mission")) {
                if (element.matches(".tier-heading")) groups.push([element.innerText, []]);
                else if (groups.length) groups.at(-1)[1].push(Number(element.id.split("-")[1]));
            }
            return groups;
        }"""
    )
    badged = page.locator(f"{section} li.mission .badge.tier").count()
    return [tuple(group) for group in groups], badged


def test_the_week_page_and_the_dashboard_group_missions_under_tier_headings_alike(
    new_page, live_server, demo
):
    missions = Mission.objects.filter(week=demo).by_tier()
    tiers = {}
    for mission in missions:
        tiers.setdefault(mission.get_difficulty_display(), []).append(mission.pk)
    expected = list(tiers.items())
    assert len(expected) > 1, "the demo week has missions of several tiers"
    page = _logged_in_page(new_page, live_server, STUDENT)
    this_week = 'article[aria-labelledby="missions-heading"]'
    shown, badged = _tiers_as_shown(page, this_week)
    # The dashboard may add last week's unfinished missions after this week's.
    assert shown[: len(expected)] == expected
    assert badged == 0

    page.goto(demo.get_absolute_url())

    assert _tiers_as_shown(page, "section#missions") == (expected, 0)


def test_mission_status_posts_as_a_plain_form_without_javascript(
    new_page, live_server, student, open_mission
):
    page = _logged_in_page(new_page, live_server, STUDENT, java_script_enabled=False)

    _submit(page, f'li#mission-{open_mission.pk} button[name="status"][value="done"]')

    assert page.url == f"{live_server.url}/"
    item = page.locator(f"li#mission-{open_mission.pk}")
    expect(item.locator('button[name="status"][value="done"]')).to_have_attribute(
        "aria-pressed", "true"
    )
    assert _status(open_mission, student) == "done"


def test_saved_article_is_on_the_reading_list_and_can_be_marked_read(
    new_page, live_server, demo, student
):
    article = Article.objects.filter(week=demo, day__lte=timezone.localdate()).earliest("day")
    SavedArticle.objects.filter(article=article, user=student).delete()
    page = _logged_in_page(new_page, live_server, STUDENT)
    page.goto(demo.get_absolute_url())
    item = page.locator(f"li#article-{article.pk}")

    item.locator('button[name="action"][value="save"]').click()

    expect(item.locator('button[name="action"][value="unsave"]')).to_be_visible()
    saved = SavedArticle.objects.get(article=article, user=student)
    assert saved.read_at is None

    page.click('header nav a[href="/reading-list/"]')
    expect(page).to_have_url(f"{live_server.url}/reading-list/")
    listed = page.locator(f"ul.articles > li#article-{article.pk}")
    expect(listed.locator("a.article-title")).to_have_text(article.title)
    expect(listed).not_to_have_class("article is-read")

    listed.locator('button[name="action"][value="read"]').click()

    expect(listed.locator('button[name="action"][value="unread"]')).to_be_visible()
    expect(listed).to_have_class("article is-read")
    saved.refresh_from_db()
    assert saved.read_at is not None


def test_pre_lecture_quiz_is_taken_once_and_the_result_explains_every_question(
    new_page, live_server, demo, student
):
    quiz = Quiz.objects.get(week=demo, is_pre_lecture=True)
    questions = list(quiz.questions.order_by("order", "pk").prefetch_related("choices"))
    before = QuizAttempt.objects.filter(quiz=quiz, student=student).count()
    page = _logged_in_page(new_page, live_server, STUDENT)

    with page.expect_navigation():
        page.click(f'article[aria-labelledby="quizzes-heading"] a[href="/quizzes/{quiz.pk}/"]')
    assert page.url == f"{live_server.url}/quizzes/{quiz.pk}/"
    expect(page.locator("fieldset.quiz-question")).to_have_count(len(questions))
    right = 0
    for index, question in enumerate(questions):
        # Every other answer wrong, so the result page has both kinds of row.
        wanted = index % 2 == 0
        choice = next(c for c in question.choices.all() if c.is_correct == wanted)
        page.check(f'input[name="q{question.pk}"][value="{choice.pk}"]')
        right += wanted
    _submit(page, 'form.quiz-form button[type="submit"]')

    attempts = QuizAttempt.objects.filter(quiz=quiz, student=student)
    assert attempts.count() == before + 1
    attempt = attempts.get(number=before + 1)
    assert (attempt.score, attempt.total) == (right, len(questions))
    assert page.url == f"{live_server.url}/quizzes/{quiz.pk}/attempts/{before + 1}/"
    expect(page.locator("main hgroup")).to_contain_text(f"{attempt.percent}%")
    rows = page.locator("ol.results > li.result")
    expect(rows).to_have_count(len(questions))
    expect(page.locator("ol.results > li.is-right")).to_have_count(right)
    for row, question in zip(rows.all(), questions, strict=True):
        expect(row.locator(".explanation .prose")).to_be_visible()
        expect(row.locator(".explanation .prose")).to_have_text(question.explanation)


# --- The week's mentor in the admin ---------------------------------------------------------------


def _admin_page(new_page, live_server):
    page = new_page()
    page.goto("/admin/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    _log_in(page, MENTOR)
    assert page.url == f"{live_server.url}/admin/"
    return page


def _option_values(page, select):
    return page.locator(f"{select} option").evaluate_all("options => options.map(o => o.value)")


def _fill_question(page, number, *, text, choices, correct, explanation):
    prefix = f"questions-{number}"
    page.fill(f'textarea[name="{prefix}-text"]', text)
    page.fill(f'input[name="{prefix}-order"]', str(number + 1))
    for slot, choice in enumerate(choices, start=1):
        page.fill(f'input[name="{prefix}-choice_{slot}"]', choice)
    page.check(f'input[name="{prefix}-correct"][value="{correct}"]')
    page.fill(f'textarea[name="{prefix}-explanation"]', explanation)


def test_mentor_adds_a_mission_and_a_quiz_with_questions_to_their_week(
    new_page, live_server, demo, mentor
):
    page = _admin_page(new_page, live_server)

    page.goto("/admin/mentoring/mission/add/")
    assert _option_values(page, "select#id_week") == ["", str(demo.pk)]
    page.select_option("select#id_week", str(demo.pk))
    page.fill('input[name="title"]', "Fine-tune a small BERT on NSMC")
    page.select_option('select[name="difficulty"]', "hard")
    page.fill('input[name="estimated_hours"]', "4.5")
    page.fill('textarea[name="body"]', "Report **accuracy** and a confusion matrix.")
    _submit(page, 'input[name="_save"]')

    assert page.url == f"{live_server.url}/admin/mentoring/mission/"
    mission = Mission.objects.get(title="Fine-tune a small BERT on NSMC")
    assert (mission.week, mission.difficulty, str(mission.estimated_hours)) == (demo, "hard", "4.5")
    assert (mission.created_by, mission.updated_by) == (mentor, mentor)

    page.goto("/admin/mentoring/quiz/add/")
    assert _option_values(page, "select#id_week") == ["", str(demo.pk)]
    lectures = {str(pk) for pk in demo.lectures.values_list("pk", flat=True)}
    assert set(_option_values(page, "select#id_lecture")) - {""} == lectures
    page.select_option("select#id_week", str(demo.pk))
    page.fill('input[name="title"]', "Attention check")
    page.select_option('select[name="intended_difficulty"]', "medium")
    expect(page.locator('textarea[name="questions-0-text"]')).to_be_visible()
    expect(page.locator('textarea[name="questions-1-text"]')).to_have_count(0)
    _fill_question(
        page,
        0,
        text="What does a query attend to?",
        choices=["Keys", "Labels", "Gradients"],
        correct=1,
        explanation="Queries are compared with keys.",
    )
    page.click("#questions-group .add-row a")
    _fill_question(
        page,
        1,
        text="Why divide by the square root of d_k?",
        choices=["Speed", "Keep the softmax from saturating"],
        correct=2,
        explanation="Large dot products push the softmax into tiny gradients.",
    )
    _submit(page, 'input[name="_save"]')

    assert page.url == f"{live_server.url}/admin/mentoring/quiz/"
    quiz = Quiz.objects.get(title="Attention check")
    assert (quiz.week, quiz.intended_difficulty, quiz.created_by) == (demo, "medium", mentor)
    stored = [
        (question.order, question.text, question.explanation)
        for question in QuizQuestion.objects.filter(quiz=quiz).order_by("order")
    ]
    assert stored == [
        (1, "What does a query attend to?", "Queries are compared with keys."),
        (
            2,
            "Why divide by the square root of d_k?",
            "Large dot products push the softmax into tiny gradients.",
        ),
    ]
    choices = QuizChoice.objects.filter(question__quiz=quiz).order_by("question__order", "order")
    assert [(c.question.order, c.order, c.text, c.is_correct) for c in choices] == [
        (1, 1, "Keys", True),
        (1, 2, "Labels", False),
        (1, 3, "Gradients", False),
        (2, 1, "Speed", False),
        (2, 2, "Keep the softmax from saturating", True),
    ]


def _refused(page, live_server, response):
    """The admin's answer to an object outside the user's queryset: back to the index with a
    warning (Django's "does not exist"), or a 404."""
    if response.status == 404:
        return True
    return page.url == f"{live_server.url}/admin/" and (
        page.locator("ul.messagelist li.warning").count() == 1
    )


def test_mentor_cannot_open_or_change_another_weeks_mission_or_quiz(
    new_page, live_server, demo, mentor
):
    other_week = Week.objects.get(cohort=demo.cohort, number=demo.number - 1)
    mission = Mission.objects.filter(week=other_week).first()
    quiz = Quiz.objects.get(week=other_week)

    def snapshot():
        return (
            list(Mission.objects.filter(week=other_week).order_by("pk").values()),
            list(Quiz.objects.filter(week=other_week).order_by("pk").values()),
        )

    before = snapshot()
    page = _admin_page(new_page, live_server)

    for url in (
        f"/admin/mentoring/mission/{mission.pk}/change/",
        f"/admin/mentoring/mission/{mission.pk}/delete/",
        f"/admin/mentoring/quiz/{quiz.pk}/change/",
    ):
        response = page.goto(url)
        assert _refused(page, live_server, response), url
        expect(page.locator('input[name="title"]')).to_have_count(0)

    page.goto("/admin/mentoring/mission/")
    expect(page.locator("#result_list")).to_be_visible()
    expect(page.locator(f'#result_list a[href*="/mission/{mission.pk}/"]')).to_have_count(0)

    # A hand-made post of the change and delete forms, with the mentor's own CSRF token.
    token = page.locator('input[name="csrfmiddlewaretoken"]').first.input_value()
    forged = {
        "csrfmiddlewaretoken": token,
        "week": str(other_week.pk),
        "title": "Taken over",
        "difficulty": "easy",
        "estimated_hours": "1",
        "order": "1",
        "post": "yes",
    }
    for action in ("change", "delete"):
        response = page.request.post(
            f"/admin/mentoring/mission/{mission.pk}/{action}/",
            form=forged,
            headers={"Referer": f"{live_server.url}/admin/"},
        )
        assert response.status == 404 or response.url == f"{live_server.url}/admin/", action
    assert snapshot() == before


def test_writing_a_quiz_the_calibration_table_follows_the_chosen_difficulty_and_tags(
    new_page, live_server, mentor, demo
):
    from mentoring.models import Quiz

    earlier = list(Quiz.objects.filter(week__cohort=demo.cohort).prefetch_related("tags"))
    page = _logged_in_page(new_page, live_server, MENTOR)
    page.goto("/admin/mentoring/quiz/add/")
    rows = page.locator("[data-calibration] tbody tr")

    def visible_titles():
        return sorted(
            rows.nth(i).locator("td").first.inner_text()
            for i in range(rows.count())
            if rows.nth(i).is_visible()
        )

    assert visible_titles() == sorted(quiz.title for quiz in earlier)

    page.select_option("#id_intended_difficulty", "hard")
    assert visible_titles() == sorted(q.title for q in earlier if q.intended_difficulty == "hard")

    page.select_option("#id_intended_difficulty", "easy")
    easy = sorted(q.title for q in earlier if q.intended_difficulty == "easy")
    assert easy and visible_titles() == easy

    tag = next(t for q in earlier if q.intended_difficulty != "easy" for t in q.tags.all())
    page.select_option("#id_tags_from", str(tag.pk))
    page.click("#id_tags_add")
    sharing = {q.title for q in earlier if tag in q.tags.all()}
    assert visible_titles() == sorted(set(easy) | sharing)


@pytest.mark.parametrize("model", ["mission", "article"])
def test_the_admin_filters_missions_and_articles_by_a_phase_so_titled(
    new_page, live_server, mentor, model
):
    page = _logged_in_page(new_page, live_server, MENTOR)
    page.goto(f"/admin/mentoring/{model}/")
    titles = [
        title.strip() for title in page.locator("#changelist-filter summary").all_inner_texts()
    ]
    assert "단계 기준" in titles, titles
    assert not [title for title in titles if "이름" in title or "(으)로" in title], titles
    phase = page.locator('#changelist-filter details[data-filter-title="단계"]')
    assert phase.locator("a", has_text="NLP").count() == 1
