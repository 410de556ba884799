from django.shortcuts import render
from django.views.decorators.http import require_GET

ITEMS = [f"Item {number}" for number in range(1, 11)]


@require_GET
def baseline(request):
    """The cheapest page: no query of its own and a small template, behind the full middleware
    (which, for a logged-in visitor, loads the session and the user as on every page)."""
    return render(request, "bench/baseline.html", {"title": "Baseline", "items": ITEMS})
