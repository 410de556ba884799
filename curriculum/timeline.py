"""Things that span weeks on the timeline (competitions, later anything else).

`curriculum` knows nothing of competitions; an app that has something to draw across weeks
registers a source here from its AppConfig.ready(). A source takes a list of cohorts and returns
their spans in a constant number of queries, so the timeline's query count does not grow.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable

from django.utils import timezone


@dataclasses.dataclass(frozen=True)
class Span:
    cohort_id: int
    kind: str
    label: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    url: str = ""

    @property
    def starts_on(self):
        return timezone.localdate(self.starts_at)

    @property
    def ends_on(self):
        return timezone.localdate(self.ends_at)

    def overlaps(self, start: datetime.date, end: datetime.date):
        return self.starts_on <= end and start <= self.ends_on

    def is_running(self, now=None):
        now = now or timezone.now()
        return self.starts_at <= now <= self.ends_at


SpanSource = Callable[[Iterable[int]], list[Span]]
_sources: list[SpanSource] = []


def register_span_source(source: SpanSource) -> None:
    if source not in _sources:
        _sources.append(source)


def spans_for_cohorts(cohort_ids: Iterable[int]) -> list[Span]:
    cohort_ids = list(cohort_ids)
    spans = [span for source in _sources for span in source(cohort_ids)]
    return sorted(spans, key=lambda span: (span.starts_at, span.label))


@dataclasses.dataclass
class LaneCell:
    """One week's piece of one lane: empty, or part of a span (its first, middle or last week)."""

    span: Span | None = None
    is_first: bool = False
    is_last: bool = False


def assign_lanes(spans: list[Span]) -> list[list[Span]]:
    """Put spans in as few lanes as possible, a span never sharing a lane with one it overlaps."""
    lanes: list[list[Span]] = []
    for span in sorted(spans, key=lambda s: (s.starts_on, s.ends_on)):
        for lane in lanes:
            if lane[-1].ends_on < span.starts_on:
                lane.append(span)
                break
        else:
            lanes.append([span])
    return lanes


def lane_cells(weeks, spans) -> dict[int, list[LaneCell]]:
    """For every week, one LaneCell per lane, so a template can draw the bands across weeks."""
    lanes = assign_lanes(spans)
    grid = {week.pk: [LaneCell() for _lane in lanes] for week in weeks}
    for index, lane in enumerate(lanes):
        for span in lane:
            covered = [week for week in weeks if span.overlaps(week.starts_on, week.ends_on)]
            for week in covered:
                grid[week.pk][index] = LaneCell(span, week is covered[0], week is covered[-1])
    return grid
