"""The reminder schedule lives in django-celery-beat's tables, where staff can change it in the
admin. Apps declare their defaults here; `ensure_schedules()` creates the missing entries after
each migrate (and from `manage.py sync_schedules`) and never touches an existing one, so a time
staff changed stays changed."""

import dataclasses

_schedules: dict[str, "Schedule"] = {}


@dataclasses.dataclass(frozen=True)
class Schedule:
    name: str  # shown in the admin; the key that says "already there"
    task: str  # a Celery task name
    crontab: str | None = None  # "minute hour day_of_month month_of_year day_of_week"
    every_seconds: int | None = None
    args: tuple = ()
    time_zone: str = "Asia/Seoul"
    # The kind the task fans out: lets the sweeper re-send a run that beat started but that no
    # worker ever began (its message lost with Redis).
    kind: str | None = None


def register_schedule(schedule: Schedule) -> Schedule:
    _schedules[schedule.name] = schedule
    return schedule


def schedules() -> list[Schedule]:
    return list(_schedules.values())


def ensure_schedules(**kwargs) -> list[str]:
    """Create the periodic tasks that do not exist yet; returns the names created."""
    import json

    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    created = []
    existing = set(PeriodicTask.objects.filter(name__in=_schedules).values_list("name", flat=True))
    for schedule in _schedules.values():
        if schedule.name in existing:
            continue
        timing = {}
        if schedule.crontab:
            minute, hour, day_of_month, month, day_of_week = schedule.crontab.split()
            timing["crontab"], _ = CrontabSchedule.objects.get_or_create(
                minute=minute,
                hour=hour,
                day_of_month=day_of_month,
                month_of_year=month,
                day_of_week=day_of_week,
                timezone=schedule.time_zone,
            )
        else:
            timing["interval"], _ = IntervalSchedule.objects.get_or_create(
                every=schedule.every_seconds, period=IntervalSchedule.SECONDS
            )
        PeriodicTask.objects.get_or_create(
            name=schedule.name,
            defaults={"task": schedule.task, "args": json.dumps(list(schedule.args)), **timing},
        )
        created.append(schedule.name)
    return created


def lost_runs(now, older_than) -> list[Schedule]:
    """Scheduled kinds that beat sent (its `last_run_at`) more than `older_than` ago, with no
    fan-out begun since: their task message was lost."""
    from django_celery_beat.models import PeriodicTask

    from .models import FanOut

    by_name = {s.name: s for s in _schedules.values() if s.kind}
    sent = dict(
        PeriodicTask.objects.filter(
            name__in=by_name, enabled=True, last_run_at__lt=now - older_than
        ).values_list("name", "last_run_at")
    )
    if not sent:
        return []
    kinds = {by_name[name].kind for name in sent}
    latest = {}
    for kind, started in FanOut.objects.filter(kind__in=kinds).values_list("kind", "started_at"):
        latest[kind] = max(started, latest.get(kind, started))
    return [
        by_name[name]
        for name, last_run in sent.items()
        if by_name[name].kind not in latest or latest[by_name[name].kind] < last_run
    ]
