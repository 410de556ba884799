from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report, health_status
from .navigation import back_to
from .permissions import may_see_health_details

# Fields of a refused form that are never shown back: the machinery, and secrets.
UNSHOWN_FIELDS = ("csrfmiddlewaretoken", "next")


@never_cache
@require_GET
def healthz(request):
    """Up or down for anyone (a load balancer's check); every part for staff and monitors."""
    report = health_report() if may_see_health_details(request) else health_status()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def csrf_failure(request, reason=""):
    """A form sent from a page that is out of date (its owner logged in again elsewhere, or the
    session ended): nothing was saved, so show what was typed, to copy, and the way back."""
    return render(
        request,
        "403_csrf.html",
        {"back": back_to(request, "/"), "typed": _typed_text(request.POST)},
        status=403,
    )


def _typed_text(post):
    """What a person typed into the form, without the values of its buttons and hidden inputs
    (short words like "done" or "on") and never a password."""
    typed = []
    for name, values in post.lists():
        if name in UNSHOWN_FIELDS or "password" in name or "token" in name:
            continue
        typed += [value for value in values if _looks_typed(value)]
    return typed


def _looks_typed(value):
    value = value.strip()
    return bool(value) and (len(value) > 20 or not value.isascii() or " " in value)
