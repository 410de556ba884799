"""`python -m bench.breakdown`: where the time of a page goes, in-process, on the large data set.

Same settings as `bench.run` (bench.settings, DEBUG off, a throwaway database built the same
way), but no gunicorn: Django's test client requests each page for the same logged-in students
as the load, one request at a time, in three passes of BENCH_BREAKDOWN_REQUESTS requests:

1. *clean*: the median time per request, split four ways: SQL (the driver's execute, through an
   execute_wrapper), ORM (running querysets: compiling SQL, making objects, prefetching; less
   the SQL), templates (the outermost Template.render, less the ORM and SQL run from inside
   it), and the rest (view code, building querysets, middleware, the test client). Also the
   slowest statements.
2. *nodes*: every template node timed on its own (less the nodes inside it and the ORM), summed
   per template file and per template line. Timing each node inflates rendering, so each figure
   is scaled to the clean pass's template time: read them as shares of it.
3. *cProfile*: own time grouped by area (ORM, templates, django.utils, markdown...), then the
   functions with the most own time and the project's functions by cumulative time; the raw
   profile is saved to bench/out/breakdown-NAME.prof (open it with pstats or snakeviz).

The baseline view goes through the same passes. Under load, gunicorn and the HTTP client add a
few ms F to every request (3 to 5 ms here), so a page's ratio is roughly
(F + baseline ms) / (F + page ms): the target 0.25 asks for a page under about 4 x baseline + 3 F
in-process, around 15 ms on this machine.

    .venv/bin/python -m bench.breakdown                      # dashboard and timeline
    .venv/bin/python -m bench.breakdown week reading_list    # named pages (see PAGES)
    BENCH_KEEP_DB=1 .venv/bin/python -m bench.breakdown      # keep the database afterwards
    BENCH_REUSE_DB=1 .venv/bin/python -m bench.breakdown     # use the kept one (no build)
    BENCH_BREAKDOWN_COLD=1 .venv/bin/python -m bench.breakdown  # cache emptied before each request

The report goes to stdout and to bench/out/breakdown.txt; progress to stderr.
"""

import collections
import cProfile
import dataclasses
import functools
import gc
import io
import os
import pstats
import re
import statistics
import sys
import time

from .database import OUT_DIR, bench_database
from .run import (
    BASELINE_PATH,
    PAGES,
    VISITED_BY,
    Config,
    _environment,
    log,
    tree_state,
    visiting,
)
from .server import BASE_DIR

REQUESTS = int(os.environ.get("BENCH_BREAKDOWN_REQUESTS", "40"))
COLD = os.environ.get("BENCH_BREAKDOWN_COLD", "") == "1"  # empty the cache before each request
TOP_NODES = 15
TOP_FILES = 8
TOP_QUERIES = 5
TOP_FUNCTIONS = 25


@dataclasses.dataclass
class Clean:
    """Medians per request over the clean pass, in ms (each part's median on its own, so the
    parts need not add up exactly to the total)."""

    total_ms: float
    sql_ms: float
    queries: int
    orm_ms: float
    template_ms: float
    slowest: list  # (median ms, SQL) of the slowest statements

    @property
    def other_ms(self):
        return max(0.0, self.total_ms - self.sql_ms - self.orm_ms - self.template_ms)


class Timer:
    """Splits the time of the requests made inside `with Timer():` four ways:

    - sql: the database driver's execute (the connection's execute_wrapper);
    - orm: evaluating querysets (the outermost QuerySet._fetch_all or SQLCompiler.execute_sql:
      compiling the SQL, making model objects, prefetching), less the SQL inside;
    - template: the outermost Template.render, less the ORM (and SQL) run from inside it;
    - the rest: view code, building querysets, middleware, the test client.

    With `nodes=True`, it also times every template node on its own (see the module's doc)."""

    def __init__(self, *, nodes=False):
        self.nodes = nodes
        self.template_depth = self.orm_depth = 0
        self.node_stack = []  # per open node: seconds spent in its child nodes and in the ORM
        self.lines = collections.defaultdict(lambda: [0.0, 0])  # key -> [seconds, calls]
        self._patched = []
        self.reset()

    def reset(self):
        self.sql = self.sql_in_orm = self.orm = self.orm_in_template = self.template = 0.0
        self.queries = 0
        self.statements = collections.defaultdict(float)  # SQL (with placeholders) -> seconds

    @property
    def parts(self):
        return {
            "sql": self.sql,
            "orm": self.orm - self.sql_in_orm,
            "template": self.template - self.orm_in_template,
        }

    def __enter__(self):
        from django.db import connection
        from django.db.models.query import QuerySet
        from django.db.models.sql.compiler import SQLCompiler
        from django.template import base

        self._wrapper = connection.execute_wrapper(self._execute)
        self._wrapper.__enter__()
        self._patch(base.Template, "render", self._render)
        self._patch(QuerySet, "_fetch_all", self._orm)
        self._patch(SQLCompiler, "execute_sql", self._orm)
        if self.nodes:
            self._patch(base.Node, "render_annotated", self._node)
        return self

    def __exit__(self, *exc_info):
        for owner, name, original in reversed(self._patched):
            setattr(owner, name, original)
        self._wrapper.__exit__(*exc_info)

    def _patch(self, owner, name, make):
        original = owner.__dict__[name]
        self._patched.append((owner, name, original))
        setattr(owner, name, make(original))

    def _execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.sql += elapsed
            self.queries += 1
            self.statements[sql] += elapsed
            if self.orm_depth:
                self.sql_in_orm += elapsed

    def _render(self, original):
        timer = self

        @functools.wraps(original)
        def render(template, context):
            timer.template_depth += 1
            started = time.perf_counter()
            try:
                return original(template, context)
            finally:
                timer.template_depth -= 1
                if not timer.template_depth:
                    timer.template += time.perf_counter() - started

        return render

    def _orm(self, original):
        timer = self

        @functools.wraps(original)
        def evaluate(*args, **kwargs):
            if timer.orm_depth:
                return original(*args, **kwargs)
            timer.orm_depth += 1
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                timer.orm_depth -= 1
                elapsed = time.perf_counter() - started
                timer.orm += elapsed
                if timer.template_depth:
                    timer.orm_in_template += elapsed
                if timer.node_stack:
                    timer.node_stack[-1] += elapsed

        return evaluate

    def _node(self, original):
        timer = self

        @functools.wraps(original)
        def render_annotated(node, context):
            timer.node_stack.append(0.0)
            started = time.perf_counter()
            try:
                return original(node, context)
            finally:
                elapsed = time.perf_counter() - started
                inner = timer.node_stack.pop()
                if timer.node_stack:
                    timer.node_stack[-1] += elapsed
                line = timer.lines[_node_key(node)]
                line[0] += elapsed - inner
                line[1] += 1

        return render_annotated


def _node_key(node):
    token = getattr(node, "token", None)
    origin = getattr(node, "origin", None)
    name = getattr(origin, "template_name", None) or "?"
    if token is None:
        return (name, 0, type(node).__name__)
    contents = " ".join(token.contents.split())
    shown = contents if len(contents) <= 70 else contents[:67] + "..."
    tag = f"{{{{ {shown} }}}}" if type(node).__name__ == "VariableNode" else f"{{% {shown} %}}"
    return (name, token.lineno, tag)


def _clients(visitors):
    from .queries import logged_in_client

    return [(logged_in_client(student), path_vars) for student, path_vars in visitors]


def _get(client, path, path_vars):
    from django.core.cache import cache

    from .queries import expect_ok

    if COLD:
        cache.clear()
    url = path.format(**path_vars)
    response = client.get(url)
    expect_ok(response.status_code, url, response.get("Location", ""))


def _clean_pass(clients, path):
    samples = collections.defaultdict(list)
    statements = collections.defaultdict(list)
    with Timer() as timer:
        for number in range(REQUESTS):
            client, path_vars = clients[number % len(clients)]
            timer.reset()
            started = time.perf_counter()
            _get(client, path, path_vars)
            samples["total"].append(time.perf_counter() - started)
            samples["queries"].append(timer.queries)
            for part, seconds in timer.parts.items():
                samples[part].append(seconds)
            for sql, seconds in timer.statements.items():
                statements[sql].append(seconds)
    return Clean(
        total_ms=_median_ms(samples["total"]),
        sql_ms=_median_ms(samples["sql"]),
        queries=round(statistics.median(samples["queries"])),
        orm_ms=_median_ms(samples["orm"]),
        template_ms=_median_ms(samples["template"]),
        slowest=sorted(
            ((_median_ms(seconds), sql) for sql, seconds in statements.items()), reverse=True
        )[:TOP_QUERIES],
    )


def _median_ms(seconds):
    return round(statistics.median(seconds) * 1000, 2)


def _node_pass(clients, path):
    with Timer(nodes=True) as timer:
        for number in range(REQUESTS):
            client, path_vars = clients[number % len(clients)]
            _get(client, path, path_vars)
    return timer.lines


# Where cProfile's own time goes, by file (first match wins). A built-in (getattr, isinstance...)
# counts for the area of the function that called it; the database driver's execute for itself.
AREAS = [
    ("database driver", r"sqlite3|psycopg2|CursorWrapper\.execute"),
    ("ORM (django.db)", r"/django/db/"),
    ("templates (django.template)", r"/django/template/|/django/templatetags/"),
    ("translation (django.utils.translation)", r"/django/utils/translation/"),
    ("escaping, dates, lazy objects (django.utils)", r"/django/utils/"),
    ("thread-locals (asgiref: active language, time zone, urlconf)", r"/asgiref/"),
    ("url reversing (django.urls)", r"/django/urls/"),
    ("markdown and nh3", r"/markdown/|nh3"),
    ("the project's code", re.escape(str(BASE_DIR)) + r"/(?!\.venv/)"),
    ("the test client", r"/django/test/"),
    ("Python's library (copy, inspect, ...)", r"/lib/python3\.\d+/(?!site-packages/)"),
    ("the rest: request handling, middleware, other packages", r"."),
]


def _area(function):
    filename, _line, name = function
    text = name if filename == "~" else filename
    if filename == "~" and not re.search(AREAS[0][1], name):
        return AREAS[-1][0]
    return next(area for area, pattern in AREAS if re.search(pattern, text))


def _areas(stats, clean):
    """Own time per area, scaled to the clean pass's total (the profiler slows small Python
    calls more than C code: read them as rough shares)."""
    seconds = collections.Counter()
    for function, (_cc, _nc, own, _cumulative, callers) in stats.stats.items():
        if function[0] == "~" and not re.search(AREAS[0][1], function[2]) and callers:
            for caller, (*_counts, caller_own, _caller_cumulative) in callers.items():
                seconds[_area(caller)] += caller_own
        else:
            seconds[_area(function)] += own
    total = sum(seconds.values()) or 1.0
    return [
        f"    {share / total * clean.total_ms:7.2f} ms {share / total:6.1%}  {area}"
        for area, share in seconds.most_common()
    ]


def _profile_pass(clients, path, name):
    profiler = cProfile.Profile()
    for number in range(REQUESTS):
        client, path_vars = clients[number % len(clients)]
        profiler.enable()
        _get(client, path, path_vars)
        profiler.disable()
    profiler.dump_stats(OUT_DIR / f"breakdown-{name}.prof")
    return profiler


def _profile_text(profiler):
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write("  by own time:\n")
    stats.sort_stats("tottime").print_stats(TOP_FUNCTIONS)
    out.write("  the project's own functions, by cumulative time:\n")
    project = re.escape(str(BASE_DIR)) + r"/(?!\.venv/|bench/)"
    stats.sort_stats("cumulative").print_stats(project, TOP_FUNCTIONS)
    return out.getvalue()


def _node_lines(lines, clean):
    """Per template file, then the top template lines, each scaled to the clean pass's template
    time (per request)."""
    total = sum(seconds for seconds, _calls in lines.values()) or 1.0
    files = collections.Counter()
    for (template, _line, _tag), (seconds, _calls) in lines.items():
        files[template] += seconds
    out = ["  template files, own time of their nodes (scaled to the clean template time):"]
    out += [
        f"    {seconds / total * clean.template_ms:7.2f} ms {seconds / total:6.1%}  {template}"
        for template, seconds in files.most_common(TOP_FILES)
    ]
    out += ["  template lines with the most own time (ms, share, calls per request):"]
    rows = sorted(lines.items(), key=lambda item: -item[1][0])[:TOP_NODES]
    for (template, lineno, tag), (seconds, calls) in rows:
        share = seconds / total
        out.append(
            f"    {share * clean.template_ms:7.2f} ms {share:6.1%} {calls / REQUESTS:7.1f}x  "
            f"{template}:{lineno}  {tag}"
        )
    return out


def _describe(name, clean, baseline):
    ratio = baseline.total_ms / clean.total_ms if clean.total_ms else 0.0
    return [
        f"== {name}: {clean.total_ms:.1f} ms per request "
        f"(the baseline's {baseline.total_ms:.1f} ms is {ratio:.2f} of it)",
        f"  SQL        {clean.sql_ms:7.2f} ms  ({clean.queries} queries: the driver's execute)",
        f"  ORM        {clean.orm_ms:7.2f} ms  (running querysets: compiling, objects, prefetch)",
        f"  templates  {clean.template_ms:7.2f} ms  (rendering, ORM and SQL excluded)",
        f"  other      {clean.other_ms:7.2f} ms  (view code, building querysets, middleware, "
        "test client)",
        "  slowest statements (median ms):",
        *(f"    {ms:7.2f} ms  {_short(sql)}" for ms, sql in clean.slowest),
    ]


def _short(sql):
    """A statement without its column list (up to its own FROM), cut to one line."""
    depth, start = 0, sql.startswith("SELECT ") and len("SELECT ")
    for index, char in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if start and not depth and sql.startswith(" FROM ", index):
            sql = f"SELECT ...{sql[index:]}"
            break
    return sql if len(sql) <= 150 else sql[:147] + "..."


def _measure(names, dataset, config):
    roles = {"student", *(VISITED_BY.get(name, "student") for name in names)}
    clients_of = {role: _clients(visiting(dataset, config, role)) for role in roles}
    # A gunicorn worker does not hold the objects the data set was built from: leave them out of
    # the garbage collector's scans, or its pauses land on whichever template line runs then.
    gc.collect()
    gc.freeze()
    paths = dict(PAGES)
    report = []
    for name in ["baseline", *names]:  # every page once: sessions, caches, connections warm
        for client, path_vars in clients_of[VISITED_BY.get(name, "student")]:
            _get(client, paths.get(name, BASELINE_PATH), path_vars)
    baseline = _clean_pass(clients_of["student"], BASELINE_PATH)
    report += _describe("baseline", baseline, baseline)
    for name in names:
        log(f"measuring {name} ({REQUESTS} requests a pass, 3 passes)")
        clients = clients_of[VISITED_BY.get(name, "student")]
        clean = _clean_pass(clients, paths[name])
        report += ["", *_describe(name, clean, baseline)]
        report += _node_lines(_node_pass(clients, paths[name]), clean)
        profiler = _profile_pass(clients, paths[name], name)
        report += ["  cProfile: own time by area, scaled to the clean total:"]
        report += _areas(pstats.Stats(profiler), clean)
        report += [f"  cProfile, own time over the pass (bench/out/breakdown-{name}.prof):"]
        report += ["    " + line for line in _profile_text(profiler).splitlines() if line.strip()]
    return report


def _run(names, config, reuse):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from .dataset import database_analyze, dataset_build, dataset_load

    if reuse:
        dataset = dataset_load(label="large")
        if not dataset.cohorts:
            raise SystemExit("bench: BENCH_REUSE_DB=1 but no large data set in the database")
    else:
        call_command("migrate", interactive=False, verbosity=0, stdout=sys.stderr)
        log(f"building the large data set ({config.cohorts} cohorts x {config.students} students)")
        started = time.monotonic()
        dataset = dataset_build(
            label="large",
            cohorts=config.cohorts,
            students_per_cohort=config.students,
            today=timezone.localdate(),
        )
        log(f"built and committed in {time.monotonic() - started:.1f}s")
        database_analyze()
    header = [
        f"database: {connection.vendor}; {dataset.counts['cohorts']} cohorts, "
        f"{dataset.counts['students']} students; {REQUESTS} requests a pass; "
        f"cache {'emptied before each request' if COLD else 'warm'}; "
        f"load average {os.getloadavg()[0]:.2f}; tree {tree_state()}",
        "",
    ]
    return header + _measure(names, dataset, config)


def main():
    from .run import _close_connections

    names = sys.argv[1:] or ["dashboard", "timeline"]
    unknown = set(names) - dict(PAGES).keys()
    if unknown:
        raise SystemExit(f"bench: unknown pages {sorted(unknown)}; known: {dict(PAGES).keys()}")
    config = Config.from_env()
    reuse = os.environ.get("BENCH_REUSE_DB", "") == "1"
    database = bench_database()
    OUT_DIR.mkdir(exist_ok=True)
    os.environ.update(_environment(database))
    if not reuse:
        database.create()
    try:
        report = _run(names, config, reuse)
    finally:
        _close_connections()
        if not (config.keep_database or reuse):
            database.drop()
    text = "\n".join(report) + "\n"
    (OUT_DIR / "breakdown.txt").write_text(text)
    print(text, end="", flush=True)


if __name__ == "__main__":
    main()
