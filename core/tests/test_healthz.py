"""`/healthz`: up or down for anyone, from the database alone; the parts (database, Redis, the
Celery workers) only for staff and for a monitor that presents HEALTHZ_TOKEN."""

import socket
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError, connection
from django.test import override_settings

from bootcamp.celery import app as celery_app

pytestmark = pytest.mark.django_db

TOKEN = "monitor-token-0123456789"


def closed_port():
    """A local port nothing listens on: bound by the OS for us, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_down(execute, sql, params, many, context):
    """What the driver raises when the server has gone away (Django's execute_wrapper hook)."""
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def details(login, staff):
    """A client that may read the details: staff, logged in."""
    return login(staff)


# --- Anyone: up or down --------------------------------------------------------------------------


def test_healthz_answers_200_to_anyone_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("persona", ["student", "week_mentor", "lead_instructor"])
def test_people_who_are_not_staff_learn_only_up_or_down(request, login, persona):
    response = login(request.getfixturevalue(persona)).get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_database_that_does_not_answer_gives_503_and_nothing_more(client):
    with connection.execute_wrapper(database_down):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error"}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_only_answers_get(client, method):
    assert getattr(client, method)("/healthz").status_code == 405


# --- Staff and monitors: the parts ---------------------------------------------------------------


def test_staff_read_every_part_in_one_shape(details):
    report = details.get("/healthz").json()

    assert set(report) == {"status", "database", "redis", "celery"}
    assert report["status"] == "ok"
    assert report["database"] == {"ok": True}
    assert isinstance(report["redis"]["ok"], bool)
    assert isinstance(report["celery"]["ok"], bool)
    assert isinstance(report["celery"]["workers"], int)


@override_settings(HEALTHZ_TOKEN=TOKEN)
def test_a_monitor_with_the_token_reads_every_part(client):
    report = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"}).json()

    assert set(report) == {"status", "database", "redis", "celery"}


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}x", "Bearer ", TOKEN, f"Basic {TOKEN}"])
@override_settings(HEALTHZ_TOKEN=TOKEN)
def test_a_wrong_token_learns_only_up_or_down(client, header):
    response = client.get("/healthz", headers={"Authorization": header})

    assert response.json() == {"status": "ok"}


@override_settings(HEALTHZ_TOKEN="")
def test_no_token_is_accepted_when_none_is_configured(client):
    response = client.get("/healthz", headers={"Authorization": "Bearer "})

    assert response.json() == {"status": "ok"}


@pytest.mark.redis
def test_healthz_reports_redis_reachable(details):
    report = details.get("/healthz").json()

    assert report["redis"] == {"ok": True}


def test_an_unreachable_redis_is_reported_but_the_site_stays_healthy(details):
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0"):
        response = details.get("/healthz")

    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["redis"]["ok"] is False
    assert report["redis"]["error"] == "ConnectionError"
    assert report["celery"] == {"ok": False, "workers": 0, "error": "broker unreachable"}


@override_settings(HEALTHZ_TOKEN=TOKEN)
def test_a_monitor_learns_which_part_is_down(client):
    with connection.execute_wrapper(database_down):
        response = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"})

    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "error"
    assert report["database"] == {"ok": False, "error": "OperationalError"}


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_running_worker_is_counted(details):
    # A queue of its own, so this worker never takes a task meant for another worker.
    queue = f"healthz-test-{uuid.uuid4().hex}"
    with start_worker(
        celery_app,
        perform_ping_check=False,
        queues=[queue],
        hostname=f"{queue}@localhost",
    ):
        report = details.get("/healthz").json()

    assert report["celery"]["ok"] is True
    assert report["celery"]["workers"] >= 1
