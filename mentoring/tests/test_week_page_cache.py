"""The week page is cached per viewer and shows, on the next visit, whatever anyone changed."""

import re

import pytest

from .conftest import BoardQuestionFactory, MissionFactory

pytestmark = pytest.mark.django_db

WEEK_3 = "/curriculum/ai-lab-2/weeks/3/"


def page(client):
    response = client.get(WEEK_3)
    assert response.status_code == 200
    return response.content.decode()


def upvotes_shown(html, question):
    form = html.split(f'action="/questions/{question.pk}/upvote/"', 1)[1]
    return int(re.search(r"▲ (\d+)", form).group(1))


@pytest.fixture
def question(current_week, student):
    return BoardQuestionFactory(week=current_week, author=student, title="Why does BatchNorm help?")


def test_a_classmates_upvote_shows_on_the_next_visit(login, student, classmate, question):
    client = login(student)
    assert upvotes_shown(page(client), question) == 0

    login(classmate).post(f"/questions/{question.pk}/upvote/")

    assert upvotes_shown(page(login(student)), question) == 1


def test_a_mentors_answer_shows_on_the_next_visit(login, student, week_mentor, question):
    client = login(student)
    assert "Because it smooths the loss surface." not in page(client)

    login(week_mentor).post(
        f"/questions/{question.pk}/answers/", {"body": "Because it smooths the loss surface."}
    )

    assert "Because it smooths the loss surface." in page(login(student))


def test_a_new_question_shows_to_the_mentor_on_the_next_visit(login, week_mentor, current_week):
    client = login(week_mentor)
    page(client)

    BoardQuestionFactory(week=current_week, title="What is a residual connection?")

    assert "What is a residual connection?" in page(client)


def test_a_status_set_on_the_week_page_shows_on_the_next_visit(login, student, current_week):
    mission = MissionFactory(week=current_week, title="Train a CNN")
    client = login(student)
    page(client)

    response = client.post(f"/missions/{mission.pk}/status/", {"status": "done", "next": WEEK_3})
    assert response.status_code == 302 and response.url == WEEK_3

    item = page(client).split(f'id="mission-{mission.pk}"', 1)[1].split("</li>", 1)[0]
    assert re.findall(r'value="(\w+)"[^>]*aria-pressed="true"', item) == ["done"]
