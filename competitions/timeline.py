from curriculum.timeline import Span

from .models import Competition


def competition_spans(cohort_ids):
    return spans_of(Competition.objects.for_cohorts(cohort_ids).order_by("starts_at"))


def spans_of(competitions):
    """Competitions already in hand, as timeline spans (no query)."""
    return [
        Span(
            cohort_id=competition.cohort_id,
            kind="competition",
            label=competition.title,
            starts_at=competition.starts_at,
            ends_at=competition.deadline_at,
            url=competition.get_absolute_url(),
        )
        for competition in competitions
    ]
