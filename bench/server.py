"""gunicorn on loopback, in its own process group so that stopping it stops every worker."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time

from .database import OUT_DIR
from .queries import BenchError

BASE_DIR = OUT_DIR.parent.parent
HOST = "127.0.0.1"
START_TIMEOUT = 60
STOP_TIMEOUT = 10


def _free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """`with Gunicorn(workers=2) as address:` serves bench.settings on (HOST, port)."""

    def __init__(self, *, workers, ready_path):
        self.workers = workers
        self.ready_path = ready_path
        self.log_path = OUT_DIR / "gunicorn.log"
        self.process = None

    def __enter__(self):
        port = _free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "bootcamp.wsgi:application",
            f"--bind={HOST}:{port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--log-level=warning",
            "--no-control-socket",  # gunicorn 27 would otherwise claim ~/.gunicorn/gunicorn.ctl
            f"--chdir={BASE_DIR}",
        ]
        OUT_DIR.mkdir(exist_ok=True)
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            self._wait_until_ready((HOST, port))
        except BaseException:
            self.stop()
            raise
        return HOST, port

    def __exit__(self, *exc_info):
        self.stop()

    def _wait_until_ready(self, address):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited ({self.process.returncode}): {self._log_tail()}")
            if self._answers(address):
                return
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer in {START_TIMEOUT}s: {self._log_tail()}")

    def _answers(self, address):
        connection = http.client.HTTPConnection(*address, timeout=5)
        try:
            connection.request("GET", self.ready_path)
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def _log_tail(self):
        return self.log_path.read_text(errors="replace")[-2000:]

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is not None:
            self._signal(signal.SIGKILL)  # workers the master left behind, if any
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait(STOP_TIMEOUT)

    def _signal(self, number):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, number)
