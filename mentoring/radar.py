"""The lead instructor's radar: every student of a cohort with their level, recent activity,
mission completion and quiz trend, over the weeks already over (see levels.py for the measure).
Sorting and filtering happen here, on the server, so the page works without JavaScript."""

import dataclasses
import datetime

from django.utils import timezone

from curriculum.models import Week

from .levels import StudentFigures, band_counts, student_figures
from .models import Mission

SORT_KEYS = {
    "name": lambda f: (f.student.name or f.student.email).lower(),
    "level": lambda f: (f.level is None, f.level or 0),
    "-level": lambda f: (f.level is None, -(f.level or 0)),
    "activity": lambda f: (f.last_activity is not None, f.last_activity or datetime.datetime.min),
    "completion": lambda f: (f.completion is None, f.completion or 0),
    "trend": lambda f: (f.trend is None, f.trend or 0),
}


@dataclasses.dataclass
class Radar:
    cohort: object
    counted_weeks: int  # the weeks already over: the figures cover weeks 1..counted_weeks
    as_of: datetime.datetime
    everyone: list[StudentFigures]
    rows: list[StudentFigures]

    @property
    def level_bands(self):
        return band_counts(self.everyone)

    @property
    def inactive_count(self):
        return sum(1 for figure in self.everyone if figure.inactive)


def weeks_over(cohort, today):
    """How many of the cohort's weeks have ended by `today`."""
    return Week.objects.filter(cohort=cohort, ends_on__lt=today).count()


def build_radar(cohort, *, q="", band="", inactive=False, sort="name", now=None) -> Radar:
    now = now or timezone.now()
    counted = weeks_over(cohort, timezone.localdate(now))
    missions = Mission.objects.filter(week__cohort=cohort, week__number__lte=counted).count()
    everyone = student_figures(
        cohort.pk, before_number=counted + 1, missions_total=missions, as_of=now
    )
    rows = [figure for figure in everyone if _matches(figure, q=q, band=band, inactive=inactive)]
    rows.sort(key=SORT_KEYS.get(sort or "name", SORT_KEYS["name"]))
    return Radar(cohort=cohort, counted_weeks=counted, as_of=now, everyone=everyone, rows=rows)


def _matches(figure, *, q, band, inactive):
    needle = (q or "").strip().lower()
    if needle and needle not in f"{figure.student.name} {figure.student.email}".lower():
        return False
    if band and figure.band != band:
        return False
    return not (inactive and not figure.inactive)
