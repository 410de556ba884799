"""A small line chart of a team's leaderboard scores, drawn on the server as SVG coordinates."""

import dataclasses

WIDTH, HEIGHT, PAD = 320, 120, 16


@dataclasses.dataclass
class Chart:
    points: str
    dots: list
    low: object
    high: object
    first_day: object
    last_day: object
    width: int = WIDTH
    height: int = HEIGHT


def score_chart(entries):
    """None for fewer than one entry; otherwise coordinates for a polyline and its dots."""
    entries = sorted(entries, key=lambda e: e.recorded_on)
    if not entries:
        return None
    low = min(e.score for e in entries)
    high = max(e.score for e in entries)
    first, last = entries[0].recorded_on, entries[-1].recorded_on
    span_days = max((last - first).days, 1)
    span_score = (high - low) or 1
    dots = []
    for entry in entries:
        x = PAD + (WIDTH - 2 * PAD) * (entry.recorded_on - first).days / span_days
        if len(entries) == 1:
            x = WIDTH / 2
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * float((entry.score - low) / span_score)
        dots.append({"x": round(x, 1), "y": round(y, 1), "entry": entry})
    points = " ".join(f"{d['x']},{d['y']}" for d in dots)
    return Chart(points=points, dots=dots, low=low, high=high, first_day=first, last_day=last)
