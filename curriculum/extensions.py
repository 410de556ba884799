"""Hooks through which apps above curriculum add to its pages without curriculum importing them.

- A *week load* provider computes, for the timeline's weeks, an object with `level`,
  `level_label` and `total_hours` (mentoring's workload); at most one is registered.
- A *week panel* renders a section of the week page (missions, articles, quizzes, the question
  board); panels appear in the order they were registered. Each keeps its queries constant.
"""

import re
import weakref
from collections.abc import Callable

_week_load_provider: list[Callable] = []
_week_panels: list[Callable] = []


def register_week_load_provider(provider: Callable) -> None:
    _week_load_provider[:] = [provider]


def week_loads(weeks, spans) -> dict:
    if not _week_load_provider:
        return {}
    return _week_load_provider[0](weeks, spans)


def register_week_panel(panel: Callable) -> None:
    if panel not in _week_panels:
        _week_panels.append(panel)


def render_week_panels(request, week, context) -> list[str]:
    return [html for panel in _week_panels if (html := panel(request, week, context))]


# --- What a shared page is made of, in one cheap query -----------------------------------------
#
# A *fingerprint* is a digest of a few aggregates (how many rows, when they last changed) that
# moves whenever a row a cached page shows changes. Two scopes: a cohort's rows (weeks, lectures,
# missions...: what everyone in the cohort sees) and a user's own rows (their mission progress,
# reading list, quiz attempts, teams...: what only they see). Both are read in one statement.

_fingerprint_parts: dict[str, list[Callable]] = {"cohort": [], "user": []}


def aggregates_of(model, path: str, name: str, **aggregates) -> dict:
    """One annotation on the scope's row (a Cohort or a User): the aggregates (e.g.
    `count=Count("pk")`) over `model`'s rows whose `path` leads to that row, joined into one
    text, so that the database scans those rows once."""
    from django.db.models import CharField, OuterRef, Subquery, Value
    from django.db.models.functions import Cast, Concat

    rows = model.objects.filter(**{path: OuterRef("pk")}).order_by().values(path)
    parts = []
    for aggregate in aggregates.values():
        parts += [Cast(aggregate, CharField()), Value("|")]
    summary = Concat(*parts, output_field=CharField())
    return {f"fingerprint_{name}": Subquery(rows.annotate(value=summary).values("value")[:1])}


def latest_and_count(model, path: str, name: str) -> dict:
    """When `model`'s rows of the scope's row last changed, and how many there are (a deletion
    changes the count even when it leaves the latest time alone)."""
    from django.db.models import Count, Max

    return aggregates_of(model, path, name, latest=Max("updated_at"), count=Count("pk"))


def register_cohort_fingerprint(parts: Callable[[], dict]) -> None:
    """`parts()` returns annotations on a Cohort (see latest_and_count) of rows that pages
    shared by the cohort show."""
    if parts not in _fingerprint_parts["cohort"]:
        _fingerprint_parts["cohort"].append(parts)


def register_user_fingerprint(parts: Callable[[], dict]) -> None:
    """`parts()` returns annotations on a User of the rows only that user sees on their pages."""
    if parts not in _fingerprint_parts["user"]:
        _fingerprint_parts["user"].append(parts)


_fingerprint_sql: dict[str, tuple[str, list]] = {}


def _scope_query(scope: str) -> tuple[str, list]:
    """The SQL of one scope's aggregates over the row whose pk is the last parameter, with the
    parameters before it, compiled once per process: building a score of subqueries through
    the ORM costs more than running them."""
    if scope not in _fingerprint_sql:
        from django.contrib.auth import get_user_model

        from .models import Cohort

        model = Cohort if scope == "cohort" else get_user_model()
        annotations = {}
        for parts in _fingerprint_parts[scope]:
            annotations.update(parts())
        rows = model.objects.filter(pk=0).order_by().annotate(**annotations)
        rows = rows.values_list(*annotations) if annotations else rows.values_list("pk")
        sql, params = rows.query.sql_with_params()
        if list(params).count(0) != 1 or params[-1] != 0:  # the pk, in the WHERE at the end
            raise RuntimeError(f"unexpected parameters in the {scope} fingerprint: {params!r}")
        _fingerprint_sql[scope] = (sql, list(params[:-1]))
    return _fingerprint_sql[scope]


def _digest(row) -> str:
    import hashlib

    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


# PostgreSQL plans a statement of a score of subqueries in about a millisecond, twice what it
# takes to run it: each connection prepares it once (in the same round trip as its first use)
# and executes the prepared plan from then on.
_prepared: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _fetch_one(name: str, sql: str, params: list):
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchone()
        raw = connection.connection
        done = _prepared.setdefault(raw, set())
        execute = f"EXECUTE {name} ({', '.join(['%s'] * len(params))})"
        if name in done:
            cursor.execute(execute, params)
        else:
            numbered = iter(range(1, len(params) + 1))
            body = re.sub(r"%s", lambda match: f"${next(numbered)}", sql)
            cursor.execute(f"PREPARE {name} AS {body}; {execute}", params)
            done.add(name)
        return cursor.fetchone()


def cohort_fingerprint(cohort_id) -> str:
    """A digest that changes whenever a row shown on the cohort's shared pages changes."""
    sql, params = _scope_query("cohort")
    return _digest(_fetch_one("baton_cohort_fingerprint", sql, [*params, cohort_id]))


def viewer_fingerprint(cohort_id, user_id) -> str:
    """One digest of the cohort's shared rows and of the user's own rows, in one statement: it
    changes whenever anything a personal page of that cohort shows changes."""
    (cohort_sql, cohort_params), (user_sql, user_params) = map(_scope_query, ["cohort", "user"])
    # Our own compiled SQL; the values are bound as parameters.
    sql = f"SELECT * FROM ({cohort_sql}) AS cohort_rows, ({user_sql}) AS user_rows"  # noqa: S608
    params = [*cohort_params, cohort_id, *user_params, user_id]
    return _digest(_fetch_one("baton_viewer_fingerprint", sql, params))
