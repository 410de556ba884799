"""Exactly once, nothing lost, with real parts: a Celery worker on Redis and PostgreSQL.

The fault tests run `celery -A bootcamp worker` as real processes against this test's database
and a redis-server of their own, so they can SIGKILL the worker or kill Redis mid fan-out. Each
email the worker sends is a line in a file (delivery id, address, Message-ID), so the test
counts them.
"""

import collections
import itertools
import time

import pytest
from celery.contrib.testing.worker import start_worker

from bootcamp.celery import app as celery_app
from mentoring.notifications import WEEKLY_MISSIONS
from notifications.models import Delivery, Status
from notifications.services import SEND_BATCH
from tests import factories

from .conftest import add_student
from .workers import (
    OwnRedis,
    Worker,
    mail_lines,
    many_students,
    scratch_dir,
    send_task,
    wait_for,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.celery,
    pytest.mark.django_db(transaction=True),
]

FAN_OUT = "mentoring.tasks.send_weekly_missions"
SWEEP = "notifications.tasks.sweep_stale_deliveries"


@pytest.fixture
def running_course(db):
    """A cohort whose week 3 runs today (the real clock: the worker processes cannot be
    time-travelled), and a finished one."""
    cohort = factories.CohortFactory(name="AI Lab 2기", slug="ai-lab-2")
    factories.build_course(cohort)
    finished = factories.CohortFactory(
        name="AI Lab 1기", slug="ai-lab-1", starts_on="2024-03-04", ends_on="2024-09-29"
    )
    add_student(finished, "alumni@example.com")
    return cohort


@pytest.fixture
def own_redis():
    server = OwnRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workers(own_redis):
    started = []
    with scratch_dir() as folder:

        def _start(processes=1):
            worker = Worker(own_redis.url, folder / "mail.log", folder, processes).start()
            started.append(worker)
            return worker

        _start.mail_log = folder / "mail.log"
        _start.folder = folder
        yield _start
        for worker in started:
            worker.stop()


def sent_count():
    return Delivery.objects.filter(kind=WEEKLY_MISSIONS, status=Status.SENT).count()


def test_a_real_worker_delivers_the_weekly_reminder_once_to_every_running_student(
    running_course, mailoutbox
):
    students = [add_student(running_course, f"w{n}@example.com", language="en") for n in range(5)]
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING"):
        celery_app.send_task(FAN_OUT)
        wait_for(lambda: sent_count() == 5, timeout=30, what="5 deliveries sent")
        celery_app.send_task(FAN_OUT)  # twice: nothing new
        time.sleep(1)

    assert sent_count() == 5
    assert sorted(m.to[0] for m in mailoutbox) == sorted(s.email for s in students)
    assert not Delivery.objects.filter(user__email="alumni@example.com").exists()


def _assert_every_delivery_once(users):
    deliveries = Delivery.objects.filter(kind=WEEKLY_MISSIONS)
    assert deliveries.count() == len(users)
    assert set(deliveries.values_list("user_id", flat=True)) == {u.pk for u in users}
    assert set(deliveries.values_list("status", flat=True)) == {Status.SENT}


POOL_PROCESSES = 2


def _ids(lines):
    return {delivery_id for delivery_id, _address, _message_id in lines}


def test_a_worker_killed_mid_fan_out_then_restarted_delivers_each_exactly_once(
    running_course, own_redis, workers
):
    """Workers of two pool processes, SIGKILLed whole (main and pool processes at once) twice:
    every delivery is sent, and each kill repeats at most the emails of the batches its pool
    processes had claimed and not committed: SEND_BATCH per pool process (README)."""
    users = many_students(running_course, 3000, prefix="kill")
    first = workers(POOL_PROCESSES)
    send_task(own_redis.url, FAN_OUT)
    # Killed while the fan-out task writes its batches (SIGKILL: its transaction rolls back,
    # its message stays unacknowledged in Redis), the other pool process perhaps sending...
    wait_for(lambda: Delivery.objects.count() >= 500, timeout=120, what="batches", every=0.01)
    first.kill()
    time.sleep(0.5)  # the pool processes die with it
    cuts = [len(mail_lines(workers.mail_log))]
    assert Delivery.objects.count() < len(users), "the fan-out ended before the kill"

    # ... then workers killed while they send, until a kill lands with emails in flight: emails
    # the mail server took, their rows not yet marked sent (a kill between two batches cuts
    # nothing short, so it is tried again).
    def in_flight():
        logged = _ids(mail_lines(workers.mail_log)[cuts[-1] :])
        return Delivery.objects.filter(pk__in=logged, status=Status.QUEUED).count()

    cut_short = 0
    for _attempt in range(3):
        worker = workers(POOL_PROCESSES)
        wait_for(
            lambda: sent_count() >= 300 and in_flight() >= 20, timeout=120, what="sends", every=0.01
        )
        worker.kill()
        time.sleep(0.5)
        cut_short = in_flight()  # the worker is dead: these rows stay queued, their emails sent
        cuts.append(len(mail_lines(workers.mail_log)))
        if cut_short:
            break
    assert cut_short, "no kill landed while emails were in flight"
    at_kill = sent_count()
    assert at_kill < len(users), "the sends ended before the kill"

    workers(POOL_PROCESSES)
    deadline = time.monotonic() + 180
    while sent_count() < len(users) and time.monotonic() < deadline:
        send_task(own_redis.url, SWEEP)  # what beat does every two minutes
        time.sleep(3)

    _assert_every_delivery_once(users)
    lines = mail_lines(workers.mail_log)
    emails = collections.Counter(delivery_id for delivery_id, _address, _message_id in lines)
    ids = set(Delivery.objects.values_list("pk", flat=True))
    assert {int(i) for i in emails} == ids  # every delivery's email went out
    repeated = [i for i, n in emails.items() if n > 1]
    print(f"killed at {at_kill} sent: {len(lines)} emails for {len(ids)}, {len(repeated)} twice")
    assert repeated, "the kill cut no send short"
    # What a kill repeats: emails sent before it and again after it, at most one batch per
    # pool process; between two kills, no email goes twice.
    bounds = [0, *cuts, len(lines)]
    runs = [lines[start:end] for start, end in itertools.pairwise(bounds)]
    for index, run in enumerate(runs[:-1]):
        later = [line for after in runs[index + 1 :] for line in after]
        assert len(_ids(run) & _ids(later)) <= POOL_PROCESSES * SEND_BATCH
    for run in runs:
        assert len(_ids(run)) == len(run)
    # A repeat carries the first email's Message-ID, derived from its delivery.
    message_ids = {}
    for delivery_id, _address, message_id in lines:
        assert message_ids.setdefault(delivery_id, message_id) == message_id
        assert message_id.startswith(f"<delivery-{delivery_id}.")
    assert len(set(message_ids.values())) == len(ids)


def test_redis_restarted_mid_fan_out_loses_nothing(running_course, own_redis, workers):
    users = many_students(running_course, 3000, prefix="redis")
    workers()
    send_task(own_redis.url, FAN_OUT)
    wait_for(
        lambda: Delivery.objects.exists() and sent_count() < len(users),
        timeout=120,
        what="the fan-out to be under way",
        every=0.02,
    )
    own_redis.kill()  # keeps nothing on disk: every queued message is lost
    time.sleep(1)
    own_redis.start()

    deadline = time.monotonic() + 60
    while sent_count() < len(users) and time.monotonic() < deadline:
        time.sleep(3)
        send_task(own_redis.url, SWEEP)

    _assert_every_delivery_once(users)
    emails = collections.Counter(
        delivery_id for delivery_id, _address, _message_id in mail_lines(workers.mail_log)
    )
    assert len(emails) == len(users)
    assert max(emails.values()) == 1  # no worker died: each email exactly once
