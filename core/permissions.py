"""Who reads the details of /healthz (the database, Redis, the Celery workers): staff, and a
monitor that presents HEALTHZ_TOKEN. Everyone else learns up or down, nothing more."""

import hmac

from django.conf import settings

# Staff hold it through their role's group (curriculum/roles.py), superusers hold every
# permission: the people who watch the background jobs' deliveries watch the jobs' health too.
DETAILS_PERMISSION = "notifications.view_delivery"


def may_see_health_details(request):
    if request.user.is_authenticated and request.user.has_perm(DETAILS_PERMISSION):
        return True
    return _presents_token(request)


def _presents_token(request):
    """`Authorization: Bearer <HEALTHZ_TOKEN>`; no token configured means none is accepted."""
    token = settings.HEALTHZ_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
