from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report, health_status
from .permissions import may_see_health_details


@never_cache
@require_GET
def healthz(request):
    """Up or down for anyone (a load balancer's check); every part for staff and monitors."""
    report = health_report() if may_see_health_details(request) else health_status()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
