"""`make bench`: Baton's pages under load next to a bare Django view, on a large data set.

Builds a throwaway database, serves it with gunicorn on loopback, loads the baseline and every page
of PAGES in interleaved rounds, and prints one JSON object on the last line of stdout (progress
goes to stderr). bench/README.md explains the figures and the targets.
"""

import dataclasses
import json
import os
import secrets
import signal
import subprocess
import sys
import time

from .database import OUT_DIR, bench_database
from .fanout import fanout_section

# The pages under load: (name in the JSON, path). A path may hold {cohort}: the slug of the
# visitor's home cohort, {week}: the number of that cohort's current week, and {competition}: the
# pk of that cohort's competition running now (the one that opened last). One line here adds
# a page to the run and to the JSON. The visitors are the cohorts' students, or for a page named
# in VISITED_BY, the holders of that role in each cohort.
PAGES = [
    ("dashboard", "/"),
    ("timeline", "/curriculum/"),
    ("week", "/curriculum/{cohort}/weeks/{week}/"),
    ("reading_list", "/reading-list/"),
    ("competitions", "/competitions/"),
    ("board", "/competitions/{competition}/board/"),
    ("brief", "/cohorts/{cohort}/weeks/{week}/brief/"),
    ("radar", "/cohorts/{cohort}/radar/"),
]
VISITED_BY = {"board": "staff", "brief": "lead", "radar": "lead"}
BASELINE_PATH = "/bench/baseline/"

# Proof that the data set gives each page something to show: text its HTML must contain.
PAGE_SHAPE = {
    "dashboard": ("week-card is-current", "competition-card", 'class="mission"', "tier-heading"),
    "timeline": ('aria-current="date"', 'class="load load-'),
    "week": ('class="mission"', 'class="article', 'class="quizzes"', 'class="board-question"'),
    "reading_list": ('class="article',),
    "competitions": ("competition-card", 'id="past-heading"', 'class="session-list"', "<svg"),
    "board": ('board-grid"', 'class="chip', 'class="session-list"'),
    "brief": ('class="last-week-quiz"', '<svg class="chart"', 'id="brief-open"'),
    "radar": ('class="radar-row', 'class="level-band'),
}

# More top-level entries of the JSON (later: "fanout"): functions that take the Run, called while
# gunicorn still serves, returning (key, value).
EXTRA_SECTIONS = [fanout_section]

RATIO_TARGET = 0.25
STARTED = time.monotonic()


def log(message):
    print(f"[bench {time.monotonic() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def tree_state():
    """The commit the run measures, and whether the work tree differs from it (read-only git)."""
    from .server import BASE_DIR

    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=BASE_DIR, capture_output=True, text=True, check=False
        )

    head = git("rev-parse", "--short", "HEAD")
    if head.returncode:
        return "unknown (no git)"
    changed = git("diff-index", "--quiet", "HEAD", "--").returncode != 0
    return head.stdout.strip() + (" + uncommitted changes" if changed else "")


def _env_number(name, default, kind=int):
    raw = os.environ.get(name, "").strip()
    try:
        return kind(raw) if raw else default
    except ValueError:
        raise SystemExit(f"bench: {name} must be a number, not {raw!r}") from None


@dataclasses.dataclass(frozen=True)
class Config:
    cohorts: int
    students: int
    rounds: int
    round_seconds: float
    concurrency: int
    workers: int
    keep_database: bool
    small_students: int = 30
    warmup_seconds: float = 1.0
    visitors_per_cohort: int = 4

    @classmethod
    def from_env(cls):
        return cls(
            cohorts=_env_number("BENCH_COHORTS", 10),
            students=_env_number("BENCH_STUDENTS", 300),
            rounds=_env_number("BENCH_ROUNDS", 8),
            round_seconds=_env_number("BENCH_ROUND_SECONDS", 2.0, float),
            concurrency=_env_number("BENCH_CONCURRENCY", 4),
            workers=_env_number("BENCH_WORKERS", 2),
            keep_database=os.environ.get("BENCH_KEEP_DB", "") == "1",
        )


@dataclasses.dataclass
class Run:
    """What an extra section may use: the settings of the run, the data set, the live server."""

    config: Config
    dataset: object
    visitors: dict  # {role: visitors}
    address: tuple


def _environment(database):
    """The environment of this process and of gunicorn: same settings, same secret key."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database.url,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "CACHE_URL": "",
        "STATIC_MANIFEST": "0",
        "LOG_LEVEL": "WARNING",
    }


def _page_queries(dataset):
    """The SQL each page issues for the first student of the first cohort, cold and warm
    ({"cold": {name: [sql]}, "warm": ...}), checked for shape."""
    from .queries import BenchError, page_queries

    student, cohort, week = dataset.students[0][0], dataset.cohorts[0], dataset.current_weeks[0]
    competition = dataset.running_competitions[0]
    queries = {"cold": {}, "warm": {}}
    for name, path in PAGES:
        visitor = _role_holders([cohort], VISITED_BY[name])[0][0] if name in VISITED_BY else student
        path = path.format(cohort=cohort.slug, week=week, competition=competition)
        counts, html = page_queries(visitor, path)
        missing = [text for text in PAGE_SHAPE.get(name, ()) if text not in html]
        if missing:
            raise BenchError(f"{name} for {visitor.email} does not show {missing}: data set?")
        for kind, sql in counts.items():
            queries[kind][name] = sql
    return queries


def _write_queries(sizes):
    with (OUT_DIR / "queries.txt").open("w") as out:
        for size, kinds in sizes.items():
            for kind, queries in kinds.items():
                for name, sql in queries.items():
                    out.write(f"== {name}, {size} data set, cache {kind}: {len(sql)} queries\n")
                    out.writelines(f"{n:3d}. {query}\n" for n, query in enumerate(sql, 1))
                    out.write("\n")


def _role_holders(cohorts, role):
    """The holders of `role` in each cohort, one list per cohort."""
    from accounts.models import User

    return [
        list(User.objects.filter(memberships__cohort=c, memberships__role=role).order_by("pk"))
        for c in cohorts
    ]


def visiting(dataset, config, role="student"):
    """Who visits a page of `role` under the load: students (or the holders of `role`) spread
    over every cohort and each one's list, as (person, {cohort, week, competition}), the values
    a page's path is formatted with."""
    people = dataset.students if role == "student" else _role_holders(dataset.cohorts, role)
    step = max(1, len(people[0]) // config.visitors_per_cohort)
    return [
        (person, {"cohort": cohort.slug, "week": week, "competition": competition})
        for cohort, group, week, competition in zip(
            dataset.cohorts,
            people,
            dataset.current_weeks,
            dataset.running_competitions,
            strict=True,
        )
        for person in group[::step][: config.visitors_per_cohort]
    ]


def _visitors(dataset, config, role="student"):
    """The visitors of `role`, logged in: a session cookie each."""
    from .load import Visitor
    from .queries import session_cookie

    return tuple(
        Visitor(cookie=session_cookie(person), **path_values)
        for person, path_values in visiting(dataset, config, role)
    )


def _load(address, visitors, config):
    """`visitors`: {role: visitors}; "student" requests the baseline and most pages."""
    # Interleaved rounds (baseline, each page, baseline, ...) after one warm-up round each.
    from .load import Endpoint, run_round, summary

    # The baseline is requested by the same logged-in students as the pages, so that a ratio
    # measures what a page's own view and template cost, on top of what every request costs.
    endpoints = [Endpoint("baseline", BASELINE_PATH, visitors["student"])] + [
        Endpoint(name, path, visitors[VISITED_BY.get(name, "student")]) for name, path in PAGES
    ]
    for endpoint in endpoints:
        run_round(address, endpoint, seconds=config.warmup_seconds, concurrency=config.concurrency)
    rounds = {endpoint.name: [] for endpoint in endpoints}
    for number in range(1, config.rounds + 1):
        for endpoint in endpoints:
            rounds[endpoint.name].append(
                run_round(
                    address, endpoint, seconds=config.round_seconds, concurrency=config.concurrency
                )
            )
        figures = ", ".join(f"{name} {done[-1].rps:.0f} rps" for name, done in rounds.items())
        log(f"round {number}/{config.rounds}: {figures}")
    return {name: summary(done) for name, done in rounds.items()}


def _report(timings, small, large):
    pages = {
        name: {
            **timings[name],
            "queries_small": len(small["warm"][name]),
            "queries_large": len(large["warm"][name]),
            "queries_cold_small": len(small["cold"][name]),
            "queries_cold_large": len(large["cold"][name]),
        }
        for name, _path in PAGES
    }
    baseline = timings["baseline"]
    ratios = {name: round(page["rps"] / baseline["rps"], 3) for name, page in pages.items()}
    return {"pages": pages, "baseline": baseline, "ratios": ratios}


def _verdicts(result):
    for name, page in result["pages"].items():
        same = (
            page["queries_small"] == page["queries_large"]
            and page["queries_cold_small"] == page["queries_cold_large"]
        )
        ratio = result["ratios"][name]
        log(
            f"{name}: queries {page['queries_small']} small / {page['queries_large']} large, "
            f"cache cold {page['queries_cold_small']} / {page['queries_cold_large']} "
            f"({'equal' if same else 'DIFFERENT: see bench/out/queries.txt'}); "
            f"ratio {ratio:.3f} ({'ok' if ratio >= RATIO_TARGET else f'UNDER {RATIO_TARGET}'})"
        )


def _bench(config):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from .dataset import database_analyze, dataset_build
    from .server import Gunicorn

    call_command("migrate", interactive=False, verbosity=0, stdout=sys.stderr)
    today = timezone.localdate()
    log(f"migrated; building the small data set (1 cohort x {config.small_students} students)")
    small = dataset_build(
        label="small", cohorts=1, students_per_cohort=config.small_students, today=today
    )
    database_analyze()
    small_queries = _page_queries(small)
    log(f"building the large data set ({config.cohorts} cohorts x {config.students} students)")
    started = time.monotonic()
    large = dataset_build(
        label="large", cohorts=config.cohorts, students_per_cohort=config.students, today=today
    )
    log(f"built and committed in {time.monotonic() - started:.1f}s: {large.counts}")
    database_analyze()
    large_queries = _page_queries(large)
    _write_queries({"small": small_queries, "large": large_queries})
    visitors = {role: _visitors(large, config, role) for role in {"student", *VISITED_BY.values()}}
    connections.close_all()
    log(
        f"{len(visitors['student'])} logged-in students; "
        f"starting gunicorn with {config.workers} workers"
    )
    with Gunicorn(workers=config.workers, ready_path=BASELINE_PATH) as address:
        timings = _load(address, visitors, config)
        run = Run(config=config, dataset=large, visitors=visitors, address=address)
        extras = dict(section(run) for section in EXTRA_SECTIONS)
    return {**_report(timings, small_queries, large_queries), **extras}


def _close_connections():
    from django.apps import apps

    if apps.ready:
        from django.db import connections

        connections.close_all()


def _stop_on_sigterm(signum, _frame):
    raise SystemExit(128 + signum)  # so that `finally` stops gunicorn and drops the database


def main():
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    config = Config.from_env()
    database = bench_database()
    OUT_DIR.mkdir(exist_ok=True)
    os.environ.update(_environment(database))
    log(f"database: {database.vendor}, {database.url.rsplit('@', 1)[-1]}; tree {tree_state()}")
    database.create()
    try:
        result = _bench(config)
    finally:
        _close_connections()
        if config.keep_database:
            log(f"kept the database: {database.url.rsplit('@', 1)[-1]}")
        else:
            database.drop()
    _verdicts(result)
    log("done")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
