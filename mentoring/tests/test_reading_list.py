"""Articles and the reading list: a student saves an article to read later, marks it read, and
finds every past article again on `/reading-list/`."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client

from mentoring.models import SavedArticle
from tests import factories

from .conftest import ArticleFactory

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
HTMX = {"HX-Request": "true"}
WEEK_3 = "/curriculum/ai-lab-2/weeks/3/"


def day(month_day):
    month, number = month_day.split("/")
    return datetime.date(2025, int(month), int(number))


@pytest.fixture
def article(current_week):
    return ArticleFactory(week=current_week, day=day("3/12"), title="Attention Is All You Need")


def action_url(article):
    return f"/articles/{article.pk}/reading-list/"


def saved(user, article):
    return SavedArticle.objects.filter(user=user, article=article).first()


def titles(response):
    return [article.title for article in response.context["page"].object_list]


def save(user, *articles, read=False):
    for article in articles:
        SavedArticle.objects.create(
            user=user,
            article=article,
            read_at=datetime.datetime(2025, 3, 12, 9, tzinfo=SEOUL) if read else None,
        )


# --- Save, unsave, read, unread ----------------------------------------------------------------


def test_a_student_saves_an_article_and_comes_back_to_the_page(login, english, article):
    response = login(english).post(action_url(article), {"action": "save", "next": WEEK_3})

    assert response.status_code == 302
    assert response["Location"] == WEEK_3
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    assert saved(english, article).read_at is None


def test_each_student_reads_the_message_in_their_own_language(english, classmate, article):
    classmate.language = "ko"
    classmate.save(update_fields=["language"])
    said = {}
    for user in [english, classmate]:
        client = Client()
        client.force_login(user)
        response = client.post(action_url(article), {"action": "save"})
        said[user.language] = [str(m) for m in get_messages(response.wsgi_request)]

    assert said["en"] == ["Saved to your reading list."]
    assert len(said["ko"]) == 1
    assert said["ko"] != said["en"]


def test_with_htmx_the_saved_article_comes_back_with_its_new_buttons(login, english, article):
    response = login(english).post(action_url(article), {"action": "save"}, headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="article" id="article-{article.pk}">')
    assert "On your list" in html
    assert 'value="read"' in html
    assert 'value="unsave"' in html
    assert 'value="save"' not in html
    assert saved(english, article) is not None


def test_saving_twice_keeps_one_entry(login, student, article):
    client = login(student)
    client.post(action_url(article), {"action": "save"})
    client.post(action_url(article), {"action": "save"})

    assert SavedArticle.objects.filter(user=student).count() == 1


def test_marking_read_and_unread(login, english, article):
    client = login(english)

    response = client.post(action_url(article), {"action": "read"}, headers=HTMX)

    assert saved(english, article).read_at is not None
    assert 'value="unread"' in response.content.decode()
    assert "badge state-read" in response.content.decode()

    client.post(action_url(article), {"action": "unread"})

    assert saved(english, article).read_at is None


def test_marking_an_unsaved_article_read_puts_it_on_the_list(login, student, article):
    login(student).post(action_url(article), {"action": "read"})

    assert saved(student, article).read_at is not None


def test_unsaving_takes_it_off_the_list(login, student, article):
    save(student, article)

    response = login(student).post(action_url(article), {"action": "unsave"}, headers=HTMX)

    assert 'value="save"' in response.content.decode()
    assert saved(student, article) is None


def test_one_students_list_is_their_own(login, student, classmate, article):
    save(classmate, article, read=True)

    login(student).post(action_url(article), {"action": "unsave"})

    assert saved(classmate, article).read_at is not None


@pytest.mark.parametrize("action", ["delete", "", "SAVE", "read;drop"])
def test_an_unknown_action_is_400_and_stores_nothing(login, student, article, action):
    response = login(student).post(action_url(article), {"action": action})

    assert response.status_code == 400
    assert not SavedArticle.objects.exists()


def test_a_missing_action_is_400(login, student, article):
    assert login(student).post(action_url(article)).status_code == 400
    assert not SavedArticle.objects.exists()


def test_another_cohorts_article_is_404(login, student, other_cohort):
    theirs = ArticleFactory(week=other_cohort.weeks.get(number=3))

    response = login(student).post(action_url(theirs), {"action": "save"})

    assert response.status_code == 404
    assert not SavedArticle.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, article):
    response = client.post(action_url(article), {"action": "save"})

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/articles/{article.pk}/reading-list/"
    assert not SavedArticle.objects.exists()


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_the_action_only_takes_post(login, student, article, method):
    assert getattr(login(student), method)(action_url(article)).status_code == 405


@pytest.mark.parametrize("persona", ["week_mentor", "lead_instructor", "staff"])
def test_mentors_and_staff_keep_a_reading_list_too(request, login, article, persona):
    user = request.getfixturevalue(persona)

    response = login(user).post(action_url(article), {"action": "save"})

    assert response.status_code == 302
    assert saved(user, article) is not None


# --- The reading list page -----------------------------------------------------------------------


@pytest.fixture
def week_3_articles(current_week):
    return {
        label: ArticleFactory(week=current_week, day=day(label), title=f"Article of {label}")
        for label in ["3/10", "3/11", "3/12", "3/13", "3/16"]
    }


def test_the_list_shows_saved_articles_unread_first_then_newest_first(
    login, student, week_3_articles
):
    save(student, week_3_articles["3/10"], week_3_articles["3/12"])
    save(student, week_3_articles["3/11"], read=True)

    response = login(student).get("/reading-list/")

    assert response.status_code == 200
    assert titles(response) == ["Article of 3/12", "Article of 3/10", "Article of 3/11"]


def test_an_empty_list_offers_every_article_of_the_cohort(login, english, week_3_articles):
    response = login(english).get("/reading-list/")

    assert titles(response) == []
    assert 'href="?show=all"' in response.content.decode()


def test_show_all_lists_every_article_up_to_today_and_nothing_else(
    login, student, cohort, other_cohort, week_3_articles
):
    ArticleFactory(week=cohort.weeks.get(number=1), day=day("2/24"), title="Week 1 article")
    ArticleFactory(week=other_cohort.weeks.get(number=3), day=day("3/11"), title="Other cohort")
    save(student, week_3_articles["3/11"], read=True)

    response = login(student).get("/reading-list/?show=all")

    assert titles(response) == [
        "Article of 3/12",
        "Article of 3/10",
        "Week 1 article",
        "Article of 3/11",  # read: last
    ]


def test_an_article_saved_ahead_of_its_day_is_on_the_list_but_not_yet_in_show_all(
    login, student, week_3_articles
):
    save(student, week_3_articles["3/13"])

    assert titles(login(student).get("/reading-list/")) == ["Article of 3/13"]
    assert "Article of 3/13" not in titles(login(student).get("/reading-list/?show=all"))

    with time_machine.travel(datetime.datetime(2025, 3, 13, 8, tzinfo=SEOUL)):
        assert "Article of 3/13" in titles(login(student).get("/reading-list/?show=all"))


def test_the_state_filter(login, student, week_3_articles):
    save(student, week_3_articles["3/10"], week_3_articles["3/12"])
    save(student, week_3_articles["3/11"], read=True)
    client = login(student)

    assert titles(client.get("/reading-list/?state=read")) == ["Article of 3/11"]
    assert titles(client.get("/reading-list/?state=unread")) == [
        "Article of 3/12",
        "Article of 3/10",
    ]


def test_unread_in_show_all_includes_articles_never_saved(login, student, week_3_articles):
    save(student, week_3_articles["3/11"], read=True)
    save(student, week_3_articles["3/12"])

    response = login(student).get("/reading-list/?show=all&state=unread")

    assert titles(response) == ["Article of 3/12", "Article of 3/10"]


def test_an_article_a_classmate_read_stays_unread_for_the_student(
    login, student, classmate, week_3_articles
):
    save(student, week_3_articles["3/12"])
    save(classmate, week_3_articles["3/12"], read=True)

    response = login(student).get("/reading-list/?state=unread")

    assert titles(response) == ["Article of 3/12"]


def test_the_week_and_phase_filters_reach_back_to_past_phases(login, student, cohort):
    # On 3/26 (week 5, the second phase) weeks 2 and 4, in two phases, are both in the past.
    with time_machine.travel(datetime.datetime(2025, 3, 26, 12, tzinfo=SEOUL)):
        week_2, week_4 = cohort.weeks.get(number=2), cohort.weeks.get(number=4)
        ArticleFactory(week=week_2, day=day("3/4"), title="CNN basics")
        ArticleFactory(week=week_4, day=day("3/18"), title="Transformers")
        ArticleFactory(week=week_4, day=day("3/19"), title="BERT")
        client = login(student)

        by_week = titles(client.get(f"/reading-list/?show=all&week={week_2.pk}"))
        by_phase = titles(client.get(f"/reading-list/?show=all&phase={week_4.phase_id}"))
        everything = titles(client.get("/reading-list/?show=all"))

    assert by_week == ["CNN basics"]
    assert by_phase == ["BERT", "Transformers"]
    assert everything == ["BERT", "Transformers", "CNN basics"]


def test_the_filters_apply_to_the_saved_list_too(login, student, cohort, week_3_articles):
    old = ArticleFactory(week=cohort.weeks.get(number=2), day=day("3/4"), title="Week 2 saved")
    save(student, old, week_3_articles["3/10"])

    response = login(student).get(f"/reading-list/?week={old.week_id}")

    assert titles(response) == ["Week 2 saved"]


def test_pagination_keeps_the_filters(login, student, last_week):
    articles = [
        ArticleFactory(week=last_week, day=day("3/3") + datetime.timedelta(days=n % 7))
        for n in range(35)
    ]
    save(student, *articles)
    query = f"week={last_week.pk}&state=unread"
    client = login(student)

    first = client.get(f"/reading-list/?{query}")

    assert len(titles(first)) == 30
    assert f'href="?{query.replace("&", "&amp;")}&amp;page=2"' in first.content.decode()
    second = client.get(f"/reading-list/?{query}&page=2")
    assert len(titles(second)) == 5
    assert f'href="?{query.replace("&", "&amp;")}&amp;page=1"' in second.content.decode()
    assert set(titles(first)).isdisjoint(titles(second))


@pytest.mark.parametrize(
    "query",
    [
        "week=abc",
        "phase=abc",
        "week=999999",
        "state=bogus",
        "show=bogus",
        "page=abc",
        "page=999",
        "page=-1",
        "week=1.5&phase=%00",
    ],
)
def test_a_bad_filter_value_does_not_break_the_page(login, student, week_3_articles, query):
    save(student, week_3_articles["3/12"])

    response = login(student).get(f"/reading-list/?{query}")

    assert response.status_code == 200
    assert titles(response) == ["Article of 3/12"]


def test_a_week_of_another_cohort_is_not_a_filter(login, student, other_cohort, week_3_articles):
    theirs = other_cohort.weeks.get(number=3)
    ArticleFactory(week=theirs, day=day("3/11"), title="Other cohort")
    save(student, week_3_articles["3/12"])

    response = login(student).get(f"/reading-list/?show=all&week={theirs.pk}")

    assert response.status_code == 200
    assert "Other cohort" not in titles(response)
    assert response.context["form"].errors["week"]


def test_another_cohort_by_name_is_404(login, student, other_cohort):
    assert login(student).get("/reading-list/?cohort=ai-lab-3").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page_from_the_list(client):
    response = client.get("/reading-list/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/reading-list/"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_list_only_answers_get(login, student, method):
    assert getattr(login(student), method)("/reading-list/").status_code == 405


def test_a_user_in_no_cohort_gets_a_friendly_page(login):
    response = login(factories.UserFactory(language="en")).get("/reading-list/")

    assert response.status_code == 200
    assert "You are not in a cohort yet" in response.content.decode()


def test_the_cached_list_shows_a_save_and_a_read_on_the_next_visit(
    login, student, article, pinned_clock
):
    client = login(student)
    assert "Attention Is All You Need" not in client.get("/reading-list/").content.decode()

    client.post(action_url(article), {"action": "save"})
    html = client.get("/reading-list/").content.decode()
    assert "Attention Is All You Need" in html and "state-read" not in html

    client.post(action_url(article), {"action": "read"})
    assert "state-read" in client.get("/reading-list/").content.decode()
