"""Real parts for the fault tests: a redis-server of the test's own on a free port (so it can be
killed and restarted without touching the shared one), and Celery workers as real processes
(`celery -A bootcamp worker`) on the test's PostgreSQL database, so they can be SIGKILLed."""

import contextlib
import datetime
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import redis
from celery import Celery
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection

from accounts.models import User
from curriculum.models import Membership, Role

ROOT = Path(settings.BASE_DIR)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    """redis-server on a free port, keeping nothing on disk (like the shared one)."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
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
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        wait_for(lambda: _pings(client), timeout=10, what="redis-server to answer")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.kill()


def _pings(client):
    try:
        return client.ping()
    except redis.RedisError:
        return False


class Worker:
    """`celery -A bootcamp worker` in a process group of its own, writing each email it sends
    as a line of `mail_log`: one process (the solo pool), or a main process and `processes`
    pool processes (prefork), as `celery worker` runs by default."""

    def __init__(self, broker_url, mail_log, log_dir, processes=1):
        self.broker_url = broker_url
        self.mail_log = mail_log
        self.log_dir = log_dir
        self.processes = processes
        self.process = None

    def env(self):
        database = connection.settings_dict
        return {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            ),
            "REDIS_URL": self.broker_url,
            "EMAIL_BACKEND": "notifications.tests.backends.FileLineBackend",
            "NOTIFY_TEST_MAIL_LOG": str(self.mail_log),
            "CELERY_VISIBILITY_TIMEOUT": "8",
            "NOTIFICATIONS_STALE_SECONDS": "3",
            "DATABASE_CONN_MAX_AGE": "0",
        }

    def pool(self):
        if self.processes == 1:
            return ["--pool", "solo"]
        return ["--pool", "prefork", "--concurrency", str(self.processes)]

    def start(self):
        name = f"notify-test-{uuid.uuid4().hex[:8]}@localhost"
        log = open(Path(self.log_dir) / f"{name}.log", "w")  # noqa: SIM115 - closed by the process
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "bootcamp",
                "worker",
                *self.pool(),
                "--loglevel",
                "INFO",
                "-n",
                name,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill takes the pool with it
        )
        return self

    def kill(self):
        """SIGKILL the worker and every pool process at once, mid-task (a machine lost)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        with contextlib.suppress(ProcessLookupError):  # a pool process left behind
            os.killpg(self.process.pid, signal.SIGKILL)


def send_task(broker_url, name, *args):
    """Publish a task by name, as beat would, to the test's own broker."""
    producer = Celery(broker=broker_url)
    producer.conf.broker_connection_timeout = 2
    try:
        producer.send_task(name, args=list(args))
    finally:
        producer.close()


def wait_for(condition, *, timeout, what, every=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}.")


def many_students(cohort, count, *, prefix):
    """`count` students of `cohort`, half of them in English, written in two queries."""
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{n:05d}@example.com",
            name=f"{prefix} {n}",
            language="en" if n % 2 else "ko",
            password=password,
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, cohort=cohort, role=Role.STUDENT) for user in users
    )
    return users


def mail_lines(path):
    if not os.path.exists(path):
        return []
    with open(path) as log:
        return [line.split() for line in log if line.strip()]


@contextlib.contextmanager
def scratch_dir():
    """A folder for the mail log and the workers' logs; NOTIFY_TEST_LOG_DIR keeps them."""
    kept = os.environ.get("NOTIFY_TEST_LOG_DIR")
    if kept:
        folder = Path(kept) / uuid.uuid4().hex[:8]
        folder.mkdir(parents=True)
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="notify-test-") as folder:
        yield Path(folder)


def a_while_ago(seconds):
    from django.utils import timezone

    return timezone.now() - datetime.timedelta(seconds=seconds)
