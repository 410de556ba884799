"""How spans (competitions) are laid out across the timeline's weeks: `assign_lanes`, `lane_cells`.

No database: weeks are unsaved `Week` objects with a primary key, spans are plain `Span`s.
"""

import datetime
import zoneinfo

from curriculum.models import Week
from curriculum.timeline import Span, assign_lanes, lane_cells

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
FIRST_MONDAY = datetime.date(2025, 3, 3)


def week(number):
    """Week `number` of a course that starts on Monday 3/3 (week 1: 3/3-3/9, week 2: 3/10-3/16)."""
    start = FIRST_MONDAY + datetime.timedelta(weeks=number - 1)
    return Week(pk=number, number=number, starts_on=start, ends_on=start + datetime.timedelta(6))


WEEKS = [week(n) for n in range(1, 7)]


def at(month, day, hour=12, minute=0):
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=SEOUL)


def span(label, starts_at, ends_at):
    return Span(cohort_id=1, kind="competition", label=label, starts_at=starts_at, ends_at=ends_at)


def covered(grid, label):
    """The numbers of the weeks whose row shows `label` in some lane."""
    return [
        number
        for number, cells in grid.items()
        if any(cell.span is not None and cell.span.label == label for cell in cells)
    ]


# --- assign_lanes -----------------------------------------------------------------------------


def test_no_span_needs_no_lane():
    assert assign_lanes([]) == []


def test_spans_that_do_not_overlap_share_one_lane():
    ml = span("ML", at(3, 3), at(3, 14))
    cv = span("CV", at(3, 17), at(3, 28))

    assert assign_lanes([cv, ml]) == [[ml, cv]]


def test_overlapping_spans_get_lanes_of_their_own():
    cv = span("CV", at(3, 5), at(3, 20))
    nlp = span("NLP", at(3, 18), at(3, 30))

    assert assign_lanes([cv, nlp]) == [[cv], [nlp]]


def test_a_span_starting_the_day_another_ends_takes_another_lane():
    cv = span("CV", at(3, 5), at(3, 14, 10))
    nlp = span("NLP", at(3, 14, 18), at(3, 30))

    assert assign_lanes([cv, nlp]) == [[cv], [nlp]]


def test_a_later_span_reuses_the_first_lane_that_is_free():
    a = span("A", at(3, 3), at(3, 12))
    b = span("B", at(3, 10), at(3, 20))
    c = span("C", at(3, 15), at(3, 25))

    assert assign_lanes([a, b, c]) == [[a, c], [b]]


def test_three_spans_over_the_same_days_take_three_lanes():
    spans = [span(name, at(3, 10), at(3, 20)) for name in ("A", "B", "C")]

    assert len(assign_lanes(spans)) == 3


def test_a_span_ending_just_before_midnight_in_seoul_ends_that_day():
    # 23:30 in Seoul is 14:30 UTC the same day; 00:30 the next day is still "the next day".
    cv = span("CV", at(3, 3), at(3, 9, 23, 30))
    nlp = span("NLP", at(3, 10, 0, 30), at(3, 20))

    assert assign_lanes([cv, nlp]) == [[cv, nlp]]


# --- lane_cells -------------------------------------------------------------------------------


def test_every_week_gets_one_cell_per_lane():
    grid = lane_cells(
        WEEKS,
        [span("CV", at(3, 5), at(3, 20)), span("NLP", at(3, 18), at(3, 30))],
    )

    assert set(grid) == {1, 2, 3, 4, 5, 6}
    assert all(len(cells) == 2 for cells in grid.values())


def test_a_span_covers_exactly_the_weeks_it_overlaps():
    grid = lane_cells(WEEKS, [span("CV", at(3, 12), at(3, 19, 19))])  # weeks 2 and 3

    assert covered(grid, "CV") == [2, 3]
    assert grid[1][0].span is None
    assert grid[4][0].span is None


def test_a_span_is_marked_where_it_starts_and_ends():
    grid = lane_cells(WEEKS, [span("CV", at(3, 5), at(3, 26))])  # weeks 1 to 4

    assert [(grid[n][0].is_first, grid[n][0].is_last) for n in (1, 2, 3, 4)] == [
        (True, False),
        (False, False),
        (False, False),
        (False, True),
    ]


def test_a_span_inside_one_week_starts_and_ends_there():
    grid = lane_cells(WEEKS, [span("Quiz", at(3, 11), at(3, 13))])

    cell = grid[2][0]
    assert (cell.span.label, cell.is_first, cell.is_last) == ("Quiz", True, True)


def test_spans_sharing_a_lane_keep_to_their_own_weeks():
    grid = lane_cells(
        WEEKS,
        [span("ML", at(3, 3), at(3, 14)), span("CV", at(3, 24), at(4, 6))],
    )

    assert all(len(cells) == 1 for cells in grid.values())
    assert covered(grid, "ML") == [1, 2]
    assert covered(grid, "CV") == [4, 5]
    assert grid[3][0].span is None


def test_overlapping_spans_are_drawn_in_different_lanes_of_the_same_week():
    grid = lane_cells(
        WEEKS,
        [span("CV", at(3, 5), at(3, 20)), span("NLP", at(3, 18), at(3, 30))],
    )

    assert [cell.span.label for cell in grid[3]] == ["CV", "NLP"]
    assert covered(grid, "CV") == [1, 2, 3]
    assert covered(grid, "NLP") == [3, 4]


def test_a_span_ending_sunday_night_does_not_spill_into_the_next_week():
    grid = lane_cells(WEEKS, [span("CV", at(3, 5), at(3, 16, 23, 59))])

    assert covered(grid, "CV") == [1, 2]


def test_a_span_outside_the_course_covers_no_week():
    grid = lane_cells(WEEKS, [span("Later", at(6, 1), at(6, 20))])

    assert covered(grid, "Later") == []


def test_no_spans_means_no_lanes():
    assert lane_cells(WEEKS, []) == {n: [] for n in range(1, 7)}
