"""How heavy a week is: lecture minutes, mission hours by tier, reading minutes, and the
competitions it overlaps. Shown on the timeline and the dashboard so mentors can see a heavy
competition week before adding missions.

The estimate is deliberately simple and explained on the page: hours of lectures + hours of
missions + hours of reading + COMPETITION_HOURS for each competition running that week.
"""

import dataclasses
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from curriculum.timeline import Span

from .models import Article, Difficulty, Mission

COMPETITION_HOURS = 10
LIGHT_BELOW_HOURS = 15
HEAVY_FROM_HOURS = 30


@dataclasses.dataclass
class WeekLoad:
    lecture_minutes: int = 0
    mission_hours: dict = dataclasses.field(default_factory=dict)  # difficulty -> Decimal hours
    reading_minutes: int = 0
    competitions: list = dataclasses.field(default_factory=list)

    @property
    def mission_hours_total(self):
        return sum(self.mission_hours.values(), Decimal(0))

    @property
    def tiers(self):
        return [
            (label, self.mission_hours.get(value, Decimal(0)))
            for value, label in Difficulty.choices
        ]

    @property
    def total_hours(self):
        return round(
            self.lecture_minutes / 60
            + float(self.mission_hours_total)
            + self.reading_minutes / 60
            + COMPETITION_HOURS * len(self.competitions),
            1,
        )

    @property
    def total_minutes(self):
        return round(self.total_hours * 60)

    @property
    def level(self):
        if self.total_hours < LIGHT_BELOW_HOURS:
            return "light"
        if self.total_hours >= HEAVY_FROM_HOURS:
            return "heavy"
        return "normal"

    @property
    def level_label(self):
        return {"light": _("Light"), "normal": _("Normal"), "heavy": _("Heavy")}[self.level]


def _overlapping(week, spans):
    return [
        span
        for span in spans
        if span.kind == "competition" and span.overlaps(week.starts_on, week.ends_on)
    ]


def load_of(week, *, missions, articles, spans) -> WeekLoad:
    """The load of one week from its missions and articles already in hand (no query)."""
    hours = defaultdict(Decimal)
    for mission in missions:
        hours[mission.difficulty] += mission.estimated_hours
    return WeekLoad(
        lecture_minutes=week.total_lecture_minutes,
        mission_hours=dict(hours),
        reading_minutes=sum(article.reading_minutes for article in articles),
        competitions=_overlapping(week, spans),
    )


def week_loads(weeks, spans: list[Span]) -> dict[int, WeekLoad]:
    """Loads of many weeks in two queries (lecture minutes come from `with_lecture_load()` or
    prefetched lectures on the weeks themselves)."""
    weeks = list(weeks)
    ids = [week.pk for week in weeks]
    missions = defaultdict(dict)
    for row in (
        Mission.objects.filter(week_id__in=ids)
        .values("week_id", "difficulty")
        .annotate(hours=Sum("estimated_hours"))
        .order_by()
    ):
        missions[row["week_id"]][row["difficulty"]] = row["hours"]
    reading = dict(
        Article.objects.filter(week_id__in=ids)
        .values("week_id")
        .annotate(minutes=Sum("reading_minutes"))
        .order_by()
        .values_list("week_id", "minutes")
    )
    return {
        week.pk: WeekLoad(
            lecture_minutes=week.total_lecture_minutes,
            mission_hours=missions[week.pk],
            reading_minutes=reading.get(week.pk) or 0,
            competitions=_overlapping(week, spans),
        )
        for week in weeks
    }
