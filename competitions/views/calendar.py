"""Calendar feeds: the private feed URL (and its revocation) and one session's .ics file."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import calendar
from ..models import CalendarFeed, Session
from ..permissions import get_session_for_user
from ..services import calendar_feed_for, calendar_feed_revoke


def _ics(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def calendar_page(request):
    feed = calendar_feed_for(request.user)
    url = request.build_absolute_uri(feed.get_absolute_url())
    context = {
        "feed": feed,
        "feed_url": url,
        # Calendar apps open webcal:// addresses as a subscription, not a one-off import.
        "subscribe_url": "webcal://" + url.split("://", 1)[1],
    }
    return render(request, "competitions/calendar.html", context)


@login_required
@require_POST
def calendar_revoke(request):
    calendar_feed_revoke(user=request.user)
    messages.success(request, _("A new feed address is ready. The old one no longer works."))
    return redirect("competitions:calendar")


@require_GET
def calendar_feed(request, token):
    """The private feed: no login (calendar apps cannot log in); the token is the key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    user = feed.user
    if not user.is_active:
        return HttpResponse(status=404)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        body = calendar.render(calendar.user_items(user), name=_("Baton mentoring"))
    return _ics(body, "baton.ics")


@login_required
@require_GET
def session_ics(request, pk):
    session = get_session_for_user(request.user, pk)
    session = Session.objects.with_related().with_sequence().get(pk=session.pk)
    body = calendar.render([calendar.session_item(session)], name=_("Baton mentoring"))
    return _ics(body, f"baton-session-{session.pk}.ics")
