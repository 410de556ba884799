"""Small server-side SVG bar charts for the brief: no JavaScript, no library.

Readable without colour: each series has its own fill pattern (solid, hatched, dotted) named in
a legend, every bar carries its value as text, and the numbers are also given as a table next to
the chart. Labels come in already translated.
"""

import dataclasses
import hashlib

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

PATTERNS = ["solid", "hatch", "dots"]
BAR = 18
GAP = 10
HEIGHT = 140
TOP = 24
BOTTOM = 36
LEFT = 34


@dataclasses.dataclass
class Series:
    label: str
    values: list  # one value (or None for "no data") per category


def _chart_id(title, categories):
    """Pattern ids of their own for each chart, so two charts on a page never share an id."""
    digest = hashlib.blake2s(f"{title}|{list(categories)}".encode(), digest_size=4).hexdigest()
    return f"chart-{digest}"


def _defs(chart_id):
    return format_html(
        "<defs>"
        '<pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#1d4ed8" stroke-width="3"/></pattern>'
        '<pattern id="{}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="#fff"/>'
        '<circle cx="2.5" cy="2.5" r="1.5" fill="#1d4ed8"/></pattern>'
        "</defs>",
        chart_id,
        chart_id,
    )


def _fill(index, chart_id):
    kind = PATTERNS[index % len(PATTERNS)]
    return "#1d4ed8" if kind == "solid" else f"url(#{chart_id}-{kind})"


def bar_chart(*, title, categories, series, max_value=100, unit="%", group_width=None):
    """Grouped bars: one group per category, one bar per series, on a 0..max_value scale.
    A wider `group_width` leaves room for long category labels (the bars widen with it)."""
    bar = BAR if group_width is None else min(48, (group_width - GAP) // len(series))
    group_width = group_width or len(series) * BAR + GAP
    width = LEFT + len(categories) * group_width + GAP
    legend_height = 18 * len(series) if len(series) > 1 else 0
    height = TOP + HEIGHT + BOTTOM + legend_height
    chart_id = _chart_id(title, categories)
    parts = [_defs(chart_id), _axis(width, max_value, unit)]
    for column, category in enumerate(categories):
        x0 = LEFT + GAP + column * group_width
        for index, one in enumerate(series):
            parts.append(
                _bar(
                    x0 + index * bar,
                    (bar, one.values[column]),
                    max_value,
                    unit,
                    one.label,
                    category,
                    (index, chart_id),
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" class="chart-label">{}</text>',
                x0 + len(series) * bar / 2,
                TOP + HEIGHT + 16,
                category,
            )
        )
    if len(series) > 1:
        parts.append(_legend(series, TOP + HEIGHT + BOTTOM, chart_id))
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        title,
        width,
        height,
        width,
        height,
        title,
        mark_safe("".join(str(part) for part in parts)),  # noqa: S308 - built with format_html
    )


def _axis(width, max_value, unit):
    ticks = [0, max_value / 2, max_value]
    lines = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="chart-grid"/>'
        '<text x="{}" y="{}" text-anchor="end" class="chart-tick">{}{}</text>',
        (
            (LEFT, width, y, y, LEFT - 4, y + 4, _number(tick), unit)
            for tick in ticks
            for y in [TOP + HEIGHT - HEIGHT * tick / max_value]
        ),
    )
    return lines


def _number(value):
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _bar(x, sized, max_value, unit, series_label, category, fill):
    width, value = sized
    if value is None:
        return format_html(
            '<text x="{}" y="{}" text-anchor="middle" class="chart-value">–</text>',
            x + width / 2,
            TOP + HEIGHT - 4,
        )
    height = max(1, HEIGHT * min(value, max_value) / max_value) if value else 0
    y = TOP + HEIGHT - height
    return format_html(
        "<g><title>{} · {}: {}{}</title>"
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#1d4ed8"/>'
        '<text x="{}" y="{}" text-anchor="middle" class="chart-value">{}</text></g>',
        category,
        series_label,
        _number(value),
        unit,
        x + 1,
        y,
        width - 2,
        height,
        _fill(*fill),
        x + width / 2,
        y - 3,
        f"{value:.0f}",
    )


def _legend(series, y0, chart_id):
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="12" height="12" fill="{}" stroke="#1d4ed8"/>'
        '<text x="{}" y="{}" class="chart-label">{}</text>',
        (
            (
                LEFT,
                y0 + 18 * index,
                _fill(index, chart_id),
                LEFT + 18,
                y0 + 18 * index + 10,
                one.label,
            )
            for index, one in enumerate(series)
        ),
    )
