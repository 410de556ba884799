"""`/healthz`: the database decides the status; Redis and the Celery workers are reported."""

import socket
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError, connection
from django.test import override_settings

from bootcamp.celery import app as celery_app

pytestmark = pytest.mark.django_db


def closed_port():
    """A local port nothing listens on: bound by the OS for us, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_down(execute, sql, params, many, context):
    """What the driver raises when the server has gone away (Django's execute_wrapper hook)."""
    raise OperationalError("server closed the connection unexpectedly")


def test_healthz_answers_200_to_anyone_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"] == {"ok": True}


def test_healthz_reports_every_part_in_one_shape(client):
    report = client.get("/healthz").json()

    assert set(report) == {"status", "database", "redis", "celery"}
    assert isinstance(report["redis"]["ok"], bool)
    assert isinstance(report["celery"]["ok"], bool)
    assert isinstance(report["celery"]["workers"], int)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_healthz_only_answers_get(client, method):
    assert getattr(client, method)("/healthz").status_code == 405


@pytest.mark.redis
def test_healthz_reports_redis_reachable(client):
    report = client.get("/healthz").json()

    assert report["redis"] == {"ok": True}


def test_an_unreachable_redis_is_reported_but_the_site_stays_healthy(client):
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.get("/healthz")

    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["redis"]["ok"] is False
    assert report["redis"]["error"] == "ConnectionError"
    assert report["celery"] == {"ok": False, "workers": 0, "error": "broker unreachable"}


def test_a_database_that_does_not_answer_gives_503(client):
    with connection.execute_wrapper(database_down):
        response = client.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "error"
    assert report["database"] == {"ok": False, "error": "OperationalError"}


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_a_running_worker_is_counted(client):
    # A queue of its own, so this worker never takes a task meant for another worker.
    queue = f"healthz-test-{uuid.uuid4().hex}"
    with start_worker(
        celery_app,
        perform_ping_check=False,
        queues=[queue],
        hostname=f"{queue}@localhost",
    ):
        report = client.get("/healthz").json()

    assert report["celery"]["ok"] is True
    assert report["celery"]["workers"] >= 1
