"""The load: a few threads, each with its own HTTP connection, for a fixed time per round."""

import dataclasses
import http.client
import math
import statistics
import threading
import time

from .queries import BenchError, expect_ok

REQUEST_TIMEOUT = 30


@dataclasses.dataclass(frozen=True)
class Visitor:
    """Who sends a request: a logged-in student (session cookie, home cohort and its current
    week) or anonymous."""

    cookie: str = ""  # the Cookie header, "sessionid=..."
    cohort: str = ""
    week: int = 0
    competition: int = 0  # the competition of the home cohort running now


@dataclasses.dataclass(frozen=True)
class Endpoint:
    name: str
    path: str  # may hold {cohort}, {week}, {competition}: see Visitor
    visitors: tuple

    def request(self, number):
        visitor = self.visitors[number % len(self.visitors)]
        headers = {"Cookie": visitor.cookie} if visitor.cookie else {}
        path = self.path.format(
            cohort=visitor.cohort, week=visitor.week, competition=visitor.competition
        )
        return path, headers


@dataclasses.dataclass
class Round:
    requests: int
    seconds: float
    latencies: list

    @property
    def rps(self):
        return self.requests / self.seconds


class _Worker(threading.Thread):
    def __init__(self, *, address, endpoint, offset, step, deadline, stop):
        super().__init__(daemon=True)
        self.address, self.endpoint = address, endpoint
        self.number, self.step = offset, step
        self.deadline, self.stop = deadline, stop
        self.latencies, self.error = [], None

    def run(self):
        connection = http.client.HTTPConnection(*self.address, timeout=REQUEST_TIMEOUT)
        try:
            while time.perf_counter() < self.deadline and not self.stop.is_set():
                self.latencies.append(self.one(connection))
                self.number += self.step
        except (BenchError, OSError, http.client.HTTPException) as error:
            self.error = f"{self.endpoint.name}: {error}"
            self.stop.set()
        finally:
            connection.close()

    def one(self, connection):
        path, headers = self.endpoint.request(self.number)
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        expect_ok(response.status, path, response.getheader("Location", ""))
        return elapsed


def run_round(address, endpoint, *, seconds, concurrency):
    """Load `endpoint` from `concurrency` threads for `seconds`; fail on any answer but 200."""
    stop = threading.Event()
    started = time.perf_counter()
    workers = [
        _Worker(
            address=address,
            endpoint=endpoint,
            offset=offset,
            step=concurrency,
            deadline=started + seconds,
            stop=stop,
        )
        for offset in range(concurrency)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    errors = [worker.error for worker in workers if worker.error]
    if errors:
        raise BenchError(errors[0])
    latencies = [latency for worker in workers for latency in worker.latencies]
    return Round(requests=len(latencies), seconds=elapsed, latencies=latencies)


def percentile(values, fraction):
    """Nearest-rank percentile: the smallest value with `fraction` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(rounds):
    """Median rps over the rounds; p50 and p99 latency over every request of every round."""
    latencies = [latency for round_ in rounds for latency in round_.latencies]
    return {
        "rps": round(statistics.median(round_.rps for round_ in rounds), 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
    }
