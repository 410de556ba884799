"""The weekly reminder's fan-out to 10,000 students through a real Celery worker and Redis,
next to its floor: Django's own `send_messages` of the same 10,000 prepared messages.

Both sides use Django's locmem email backend: it builds every message's MIME text as an SMTP
backend would, but talks to no server, so neither side waits on a network we do not measure
(an SMTP server on loopback would add the same per-message cost to both, and a console or file
backend would add disk writes). The worker (`celery -A bootcamp worker`, prefork, one process
per core) runs on the benchmark's database and a redis-server of its own on a free port, so
no other worker on the machine can take its tasks. The clock runs from publishing the fan-out
task, as beat does, until the last delivery is marked sent.

The machine is shared, so a fan-out and its floor are measured back to back in each of ROUNDS
rounds (the deliveries deleted between rounds, so each round sends all 10,000 again), and the
figures are the medians over the rounds: a burst of load elsewhere spoils one round, not the
ratio.
"""

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time

from .database import OUT_DIR, bench_database

RECIPIENTS = 10_000
ROUNDS = 3
TIMEOUT = 600


def fanout_section(run):
    return "fanout", measure(RECIPIENTS)


def measure(recipients, rounds=ROUNDS):
    from celery import Celery

    from mentoring.notifications import WEEKLY_MISSIONS

    from .dataset import database_analyze

    _top_up_students(recipients)
    database_analyze()
    measured = []
    with _redis() as broker_url, _worker(broker_url):
        app = Celery(broker=broker_url)
        _wait_for_worker(app)
        for _round in range(rounds):
            _forget(WEEKLY_MISSIONS)
            started = time.monotonic()
            app.send_task("mentoring.tasks.send_weekly_missions")
            _wait_until_sent(WEEKLY_MISSIONS, recipients)
            seconds = time.monotonic() - started
            measured.append((seconds, _floor(WEEKLY_MISSIONS)))
        app.close()
    return {
        "recipients": recipients,
        "rounds": rounds,
        "seconds": round(statistics.median(s for s, _f in measured), 2),
        "floor_seconds": round(statistics.median(f for _s, f in measured), 2),
        "ratio": round(statistics.median(s / f for s, f in measured), 2),
    }


def _forget(kind):
    """No delivery of `kind` yet: the next fan-out creates and sends all of them again."""
    from notifications.models import Content, Delivery, FanOut

    Delivery.objects.filter(kind=kind).delete()
    Content.objects.filter(deliveries__isnull=True).delete()
    FanOut.objects.filter(kind=kind).delete()


def _top_up_students(recipients):
    """Enough students in the running cohorts for `recipients` deliveries."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User
    from curriculum.models import Cohort, Membership, Role

    cohorts = list(Cohort.objects.running_on(timezone.localdate()).order_by("pk"))
    have = (
        Membership.objects.filter(cohort__in=cohorts, role=Role.STUDENT)
        .values("user")
        .distinct()
        .count()
    )
    missing = recipients - have
    if missing <= 0:
        return
    password = make_password(None)
    users = User.objects.bulk_create(
        (
            User(
                email=f"fanout-{n:05d}@example.com",
                name=f"Fan-out {n}",
                password=password,
                language="en" if n % 3 == 0 else "ko",
            )
            for n in range(missing)
        ),
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        (
            Membership(user=user, cohort=cohorts[n % len(cohorts)], role=Role.STUDENT)
            for n, user in enumerate(users)
        ),
        batch_size=2000,
    )


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _redis:
    def __enter__(self):
        import redis

        port = _free_port()
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis.from_url(url, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return url
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)


class _worker:
    def __init__(self, broker_url):
        self.broker_url = broker_url

    def __enter__(self):
        from django.db import connections

        connections.close_all()
        env = {
            **os.environ,
            "REDIS_URL": self.broker_url,
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
        self.log = (OUT_DIR / "fanout-worker.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "bootcamp",
                "worker",
                "--loglevel=WARNING",
                f"--concurrency={os.cpu_count() or 2}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"bench-fanout-{os.getpid()}@localhost",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


def _wait_for_worker(app):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return
    raise RuntimeError("the Celery worker did not start: see bench/out/fanout-worker.log")


def _wait_until_sent(kind, recipients):
    from notifications.models import Delivery, Status

    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if Delivery.objects.filter(kind=kind, status=Status.SENT).count() >= recipients:
            return
        time.sleep(0.1)
    raise RuntimeError(f"the fan-out did not send {recipients} emails in {TIMEOUT}s")


def _floor(kind):
    """Seconds Django's send_messages takes for the same messages, built beforehand."""
    from django.core import mail

    from notifications.models import Delivery
    from notifications.services import build_email

    connection = mail.get_connection("django.core.mail.backends.locmem.EmailBackend")
    footers = {}
    messages = [
        build_email(row, footers, connection)
        for row in Delivery.objects.filter(kind=kind).select_related("user").order_by("pk")
    ]
    mail.outbox = []
    started = time.monotonic()
    connection.send_messages(messages)
    seconds = time.monotonic() - started
    if len(mail.outbox) != len(messages):
        raise RuntimeError("the floor did not send every message")
    return seconds


def main():
    """`python -m bench.fanout`: only the fan-out, on a throwaway database with one cohort of the
    benchmark's data set (then topped up to 10,000 students); prints its JSON."""
    from .run import _environment

    database = bench_database()
    OUT_DIR.mkdir(exist_ok=True)
    os.environ.update(_environment(database))
    database.create()
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections
        from django.utils import timezone

        from .dataset import dataset_build

        call_command("migrate", interactive=False, verbosity=0, stdout=sys.stderr)
        dataset_build(
            label="fanout", cohorts=1, students_per_cohort=300, today=timezone.localdate()
        )
        result = measure(RECIPIENTS)
        connections.close_all()
    finally:
        database.drop()
    print(json.dumps({"fanout": result}), flush=True)


if __name__ == "__main__":
    main()
