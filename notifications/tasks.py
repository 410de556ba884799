"""Celery entry points: they take ids or keys and call a service. Each is idempotent."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_deliveries(delivery_ids):
    result = services.deliveries_send(delivery_ids=delivery_ids)
    if result.retry:
        send_deliveries.apply_async((result.retry,), countdown=services.backoff(result.attempts))
    return {"sent": len(result.sent), "retry": len(result.retry), "failed": len(result.failed)}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_stale_deliveries():
    return services.requeue_stale()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def notify(kind, cohort=None):
    """Run any registered kind now; each app's own tasks (mentoring/tasks.py) do the same."""
    return services.notify_kind(kind=kind, cohort=cohort).created


@shared_task(acks_late=True, reject_on_worker_lost=True)
def resume_fan_out(fan_out_id):
    result = services.fan_out_resume(fan_out_id=fan_out_id)
    return result.created if result else 0
