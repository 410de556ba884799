"""What /healthz reports: the database decides the status, which is all anyone learns; Redis and
the Celery workers are reported to staff and monitors (core.permissions), so an operator sees at
a glance whether background jobs can run."""

import redis
from django.conf import settings
from django.db import connection

from bootcamp.celery import app as celery_app

REDIS_TIMEOUT_SECONDS = 0.5
CELERY_PING_SECONDS = 0.5


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "not answering"
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": True}


def check_redis():
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except redis.RedisError as error:
        return {"ok": False, "error": error.__class__.__name__}
    finally:
        client.close()
    return {"ok": True}


def check_celery(redis_ok):
    if not redis_ok:
        return {"ok": False, "workers": 0, "error": "broker unreachable"}
    try:
        replies = celery_app.control.ping(timeout=CELERY_PING_SECONDS) or []
    except Exception as error:  # noqa: BLE001 - report, never raise, from a health check
        return {"ok": False, "workers": 0, "error": error.__class__.__name__}
    return {"ok": bool(replies), "workers": len(replies)}


def health_status():
    """Up or down, from the database alone: what anyone may know."""
    return {"status": "ok" if check_database()["ok"] else "error"}


def health_report():
    database = check_database()
    redis_status = check_redis()
    return {
        "status": "ok" if database["ok"] else "error",
        "database": database,
        "redis": redis_status,
        "celery": check_celery(redis_status["ok"]),
    }
