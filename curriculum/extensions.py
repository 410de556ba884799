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
