"""Hooks through which apps above curriculum add to its pages without curriculum importing them.

- A *week load* provider computes, for the timeline's weeks, an object with `level`,
  `level_label` and `total_hours` (mentoring's workload); at most one is registered.
- A *week panel* renders a section of the week page (missions, articles, quizzes, the question
  board); panels appear in the order they were registered. Each keeps its queries constant.
"""

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


# --- What a cohort's shared pages are made of, in one cheap query ------------------------------

_fingerprint_parts: list[Callable] = []


def latest_and_count(model, cohort_path: str, name: str) -> dict:
    """Two annotations on a Cohort row: when `model`'s rows of that cohort last changed, and how
    many there are (a deletion changes the count even when it leaves the latest time alone)."""
    from django.db.models import Count, Max, OuterRef, Subquery

    rows = model.objects.filter(**{cohort_path: OuterRef("pk")}).order_by().values(cohort_path)
    return {
        f"{name}_latest": Subquery(rows.annotate(value=Max("updated_at")).values("value")[:1]),
        f"{name}_count": Subquery(rows.annotate(value=Count("pk")).values("value")[:1]),
    }


def register_cohort_fingerprint(parts: Callable[[], dict]) -> None:
    """`parts()` returns annotations (see latest_and_count) of rows a shared page shows."""
    if parts not in _fingerprint_parts:
        _fingerprint_parts.append(parts)


_fingerprint_sql: list[str] = []


def _fingerprint_query() -> str:
    """The fingerprint's SQL, compiled once per process: building sixteen subqueries through the
    ORM costs more than running them."""
    if not _fingerprint_sql:
        from .models import Cohort

        annotations = {}
        for parts in _fingerprint_parts:
            annotations.update(parts())
        rows = Cohort.objects.filter(pk=0).annotate(**annotations).values_list(*annotations)
        sql, params = rows.query.sql_with_params()
        if list(params) != [0]:
            raise RuntimeError(f"unexpected parameters in the cohort fingerprint: {params!r}")
        _fingerprint_sql.append(sql)
    return _fingerprint_sql[0]


def cohort_fingerprint(cohort_id) -> str:
    """A digest that changes whenever a row shown on the cohort's shared pages changes."""
    import hashlib

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_query(), [cohort_id])
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]
