"""The notification centre: the bell on every page, the list, opening and marking read (htmx
and plain forms), preferences and the unsubscribe link from the email."""

import re

import pytest
from django.core import signing

from core.tests import count_queries
from curriculum.models import Role
from notifications.models import CategoryPreference, Delivery
from notifications.services import unsubscribe_path, unsubscribe_token
from tests import factories
from tests.helpers import MEMBERS

from .factories import DeliveryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(student):
    return [DeliveryFactory(user=student) for _ in range(3)]


def test_the_bell_shows_the_unread_count_on_every_page(login, student, notes):
    client = login(student)
    for url in ["/", "/curriculum/", "/competitions/", "/notifications/", "/reading-list/"]:
        page = client.get(url).content.decode()
        assert 'data-testid="bell-count">3</span>' in page, url


def test_the_bell_count_follows_reading_without_waiting_for_the_cache(login, student, notes):
    client = login(student)
    client.get("/notifications/")

    client.get(f"/notifications/{notes[0].pk}/")

    assert 'data-testid="bell-count">2</span>' in client.get("/").content.decode()


def test_the_list_shows_the_students_notifications_newest_first(login, student, notes):
    DeliveryFactory()  # someone else's
    page = login(student).get("/notifications/").content.decode()

    positions = [page.index(note.subject) for note in reversed(notes)]
    assert positions == sorted(positions)
    assert Delivery.objects.count() == 4 and page.count("notification-link") == 3


def test_opening_a_notification_reads_it_and_links_to_its_page(login, student, notes):
    response = login(student).get(f"/notifications/{notes[0].pk}/")

    assert response.status_code == 200
    assert 'href="/"' in response.content.decode()
    notes[0].refresh_from_db()
    assert notes[0].read_at is not None


def test_mark_read_with_htmx_swaps_the_item_and_the_bell(login, student, notes):
    response = login(student).post(f"/notifications/{notes[1].pk}/read/", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{notes[1].pk}"' in html and "is-unread" not in html
    assert 'id="notification-bell" data-hx-swap-oob="true"' in html
    assert 'data-testid="bell-count">2</span>' in html


def test_mark_read_without_javascript_goes_back_to_the_list(login, student, notes):
    response = login(student).post(f"/notifications/{notes[1].pk}/read/")

    assert response.status_code == 302 and response.url == "/notifications/"
    assert Delivery.objects.unread().count() == 2


def test_mark_all_read(login, student, notes):
    login(student).post("/notifications/read/")

    assert not Delivery.objects.unread().exists()


# --- Permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [*MEMBERS, "other_cohort_student"])
def test_every_persona_sees_their_own_list_and_preferences(request, login, persona):
    user = request.getfixturevalue(persona)
    DeliveryFactory(user=user, content__subject="Mine")
    client = login(user)

    assert "Mine" in client.get("/notifications/").content.decode()
    assert client.get("/notifications/preferences/").status_code == 200


OTHERS = [persona for persona in MEMBERS if persona != "student"] + ["other_cohort_student"]


@pytest.mark.parametrize("persona", OTHERS)
def test_nobody_opens_or_marks_someone_elses_notification(request, login, notes, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(f"/notifications/{notes[0].pk}/").status_code == 404
    assert client.post(f"/notifications/{notes[0].pk}/read/").status_code == 404
    client.post("/notifications/read/")
    assert Delivery.objects.unread().count() == 3


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/notifications/"),
        ("get", "/notifications/1/"),
        ("post", "/notifications/1/read/"),
        ("post", "/notifications/read/"),
        ("get", "/notifications/preferences/"),
        ("post", "/notifications/preferences/"),
    ],
)
def test_anonymous_users_are_sent_to_log_in(client, notes, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert Delivery.objects.unread().count() == 3


def test_wrong_methods_are_refused(login, student, notes):
    client = login(student)

    assert client.post("/notifications/").status_code == 405
    assert client.get(f"/notifications/{notes[0].pk}/read/").status_code == 405
    assert client.get("/notifications/read/").status_code == 405


# --- Preferences ---------------------------------------------------------------------------------


def test_preferences_save_an_opt_out_and_the_article_digest(login, student):
    client = login(student)
    page = client.get("/notifications/preferences/").content.decode()
    assert "주간 미션" in page and "주간 모아 보기" in page

    response = client.post(
        "/notifications/preferences/",
        {"email_articles": "on", "frequency_articles": "weekly"},  # missions box unticked
    )

    assert response.status_code == 302
    prefs = {p.category: p for p in CategoryPreference.objects.filter(user=student)}
    assert prefs["missions"].email is False
    assert (prefs["articles"].email, prefs["articles"].frequency) == (True, "weekly")


# Each person sees the categories of the roles they hold, in any cohort (Korean labels).
MISSIONS, ARTICLES, SESSIONS = "주간 미션", "아티클", "경진대회 멘토링 세션"
MENTORS, STAFF = "멘토용 알림", "운영진 요약"
PREFERENCES_SHOWN = {
    "student": {MISSIONS, ARTICLES, SESSIONS},
    "week_mentor": {MENTORS},
    "competition_mentor": {SESSIONS},
    "staff": {STAFF},
    "lead_instructor": set(),
}


@pytest.mark.parametrize("persona", PREFERENCES_SHOWN)
def test_preferences_list_only_the_categories_of_the_persons_roles(request, login, persona):
    page = login(request.getfixturevalue(persona)).get("/notifications/preferences/")

    legends = set(re.findall(r"<legend><strong>(.*?)</strong>", page.content.decode()))
    assert legends == PREFERENCES_SHOWN[persona]


def test_someone_with_no_reminders_is_told_so(login, lead_instructor):
    page = login(lead_instructor).get("/notifications/preferences/").content.decode()

    assert "보내 드리는 알림이 없습니다" in page
    assert 'type="submit">저장' not in page


def test_roles_in_two_cohorts_add_up(login, student, other_cohort):
    factories.MembershipFactory(user=student, cohort=other_cohort, role=Role.STAFF)

    page = login(student).get("/notifications/preferences/").content.decode()

    legends = set(re.findall(r"<legend><strong>(.*?)</strong>", page))
    assert legends == {MISSIONS, ARTICLES, SESSIONS, STAFF}


def test_a_student_cannot_set_a_category_that_is_not_theirs(login, student):
    response = login(student).post(
        "/notifications/preferences/",
        {"email_missions": "on", "email_articles": "on", "frequency_articles": "daily"},
    )

    assert response.status_code == 302
    saved = set(CategoryPreference.objects.filter(user=student).values_list("category", flat=True))
    assert saved == {"missions", "articles", "sessions"}


def test_a_bad_frequency_changes_nothing(login, student):
    response = login(student).post(
        "/notifications/preferences/", {"email_articles": "on", "frequency_articles": "hourly"}
    )

    assert response.status_code == 200
    assert not CategoryPreference.objects.exists()


# --- Unsubscribe ---------------------------------------------------------------------------------


def test_unsubscribe_works_logged_out(client, student):
    url = unsubscribe_path(student.pk, "missions")

    page = client.get(url)
    assert page.status_code == 200 and "student@example.com" in page.content.decode()
    assert not CategoryPreference.objects.exists()  # a link scanner's GET changes nothing

    response = client.post(url)

    assert response.status_code == 200
    assert CategoryPreference.objects.get(user=student, category="missions").email is False


def test_unsubscribe_rejects_a_tampered_signature(client, student, other_cohort_student):
    token = unsubscribe_token(student.pk, "missions")
    value, signature = token.rsplit(":", 1)
    forged_value = signing.Signer().sign_object({"u": other_cohort_student.pk, "c": "missions"})

    for bad in [f"{value}:{signature[:-2]}xx", forged_value, "nonsense"]:
        response = client.post(f"/notifications/unsubscribe/{bad}/")
        assert response.status_code == 400
    assert not CategoryPreference.objects.exists()


# --- Query count ---------------------------------------------------------------------------------


def test_the_lists_query_count_does_not_grow_with_notifications(
    client, student, other_cohort_student
):
    DeliveryFactory.create_batch(2, user=student)
    DeliveryFactory.create_batch(45, user=other_cohort_student)

    small = count_queries(client, student, "/notifications/")
    large = count_queries(client, other_cohort_student, "/notifications/")

    # session, user, the bell's unread count, the page's count and rows
    assert len(small) == len(large) == 5, large


@pytest.mark.parametrize("url", ["/notifications/{pk}/", "/notifications/preferences/"])
def test_the_other_pages_query_counts_do_not_grow(client, student, other_cohort_student, url):
    from notifications.services import preference_set

    small = DeliveryFactory(user=student)
    large = DeliveryFactory.create_batch(30, user=other_cohort_student)[0]
    for category in ("missions", "articles"):
        preference_set(user=other_cohort_student, category=category, email=False)

    counts = [
        len(count_queries(client, user, url.format(pk=delivery.pk)))
        for user, delivery in [(student, small), (other_cohort_student, large)]
    ]

    assert counts[0] == counts[1], counts
