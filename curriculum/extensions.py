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
# moves whenever a row a cached page shows changes. The aggregates come in named scopes, each over
# a cohort's rows or over a user's: "cohort", what every page of a cohort shows (weeks, lectures,
# missions...); "user", a user's own marks (their mission progress, reading list, quiz attempts,
# teams...); and scopes that only some pages show (the schedule board's sessions, a viewer's
# teams' notes and scores...), registered by the app that owns those rows. Whatever scopes a page
# names, over however many cohorts, are read in one statement.

COHORT, USER = "cohort", "user"
WEEK_PAGE = "week"  # what the week page's panels show beyond the cohort's rows (the board)
_fingerprint_parts: dict[str, list[Callable]] = {COHORT: [], USER: [], WEEK_PAGE: []}
_user_scopes: set[str] = {USER}


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


def register_cohort_fingerprint(parts: Callable[[], dict], *, scope: str = COHORT) -> None:
    """`parts()` returns annotations on a Cohort (see latest_and_count) of rows that pages
    shared by the cohort show: every page of it (scope "cohort"), or the pages that name
    `scope` when they ask for a fingerprint."""
    _register(parts, scope, personal=False)


def register_user_fingerprint(parts: Callable[[], dict], *, scope: str = USER) -> None:
    """`parts()` returns annotations on a User of rows only that user sees on their pages: their
    own marks (scope "user"), or what the pages that name `scope` show of them."""
    _register(parts, scope, personal=True)


def _register(parts, scope, *, personal):
    if scope in _fingerprint_parts and (scope in _user_scopes) != personal:
        raise ValueError(f"the scope {scope!r} is over {'users' if personal else 'cohorts'}")
    registered = _fingerprint_parts.setdefault(scope, [])
    if personal:
        _user_scopes.add(scope)
    if parts not in registered:
        registered.append(parts)


def is_personal(scopes) -> bool:
    """Whether a fingerprint of these scopes depends on who is looking."""
    return any(scope in _user_scopes for scope in scopes)


_fingerprint_sql: dict[tuple, tuple[str, list]] = {}


def _compiled(model, scopes: tuple, keys: int) -> tuple[str, list]:
    """The SQL of the scopes' aggregates over the `keys` rows of `model` whose pks are the last
    parameters, with the parameters before them; compiled once per process and shape: building
    a score of subqueries through the ORM costs more than running them."""
    shape = (model._meta.label, scopes, keys)
    if shape not in _fingerprint_sql:
        annotations = {}
        for scope in scopes:
            for parts in _fingerprint_parts[scope]:
                annotations.update(parts())
        # Negative stand-ins for the pks: no real row has them, so they are easy to find.
        stand_ins = list(range(-keys, 0))
        rows = model.objects.filter(pk__in=stand_ins).order_by().annotate(**annotations)
        sql, params = rows.values_list("pk", *annotations).query.sql_with_params()
        if list(params[-keys:]) != stand_ins or any(p in stand_ins for p in params[:-keys]):
            raise RuntimeError(f"unexpected parameters in the {scopes} fingerprint: {params!r}")
        _fingerprint_sql[shape] = (sql, list(params[:-keys]))
    return _fingerprint_sql[shape]


def _digest(rows) -> str:
    import hashlib

    rows = sorted(rows, key=lambda row: row[0])  # one row per cohort, its pk first
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]


# PostgreSQL plans a statement of a score of subqueries in about a millisecond, twice what it
# takes to run it: each connection prepares it once (in the same round trip as its first use)
# and executes the prepared plan from then on.
_prepared: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _fetch_all(name: str, sql: str, params: list) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
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
        return cursor.fetchall()


def fingerprint(cohort_ids, *, user_id=None, scopes=(COHORT,)) -> str:
    """A digest that changes whenever a row of the named scopes changes, in any of the cohorts
    and, for the scopes over users, among the rows of the user `user_id`: one statement."""
    from django.contrib.auth import get_user_model

    from .models import Cohort

    cohort_ids = sorted(set(cohort_ids))
    shared = tuple(sorted(set(scopes) - _user_scopes))
    personal = tuple(sorted(set(scopes) & _user_scopes))
    if not cohort_ids or not shared:
        raise ValueError("a fingerprint covers at least one cohort and one scope over cohorts")
    sql, params = _compiled(Cohort, shared, len(cohort_ids))
    params = [*params, *cohort_ids]
    name = f"baton_fp_{'_'.join(shared)}_{len(cohort_ids)}"
    if personal:
        if user_id is None:
            raise ValueError(f"the scopes {personal} need a user")
        user_sql, user_params = _compiled(get_user_model(), personal, 1)
        # Our own compiled SQL; the values are bound as parameters.
        sql = f"SELECT * FROM ({sql}) AS cohort_rows, ({user_sql}) AS user_rows"  # noqa: S608
        params += [*user_params, user_id]
        name += f"_{'_'.join(personal)}"
    return _digest(_fetch_all(name, sql, params))
