"""The staff's schedule board of a competition, availability windows and the suggested schedule."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from curriculum.caching import cached_body
from curriculum.forms import CourseDateTimeField

from ..board import board_context
from ..fingerprints import SCHEDULE
from ..forms import AvailabilityForm, BookingForm
from ..permissions import get_competition_for_staff
from ..services import Slot, late_cutoff, schedule_accept, schedule_suggest, session_book
from ..services import availability_add as add_window


def _board_url(competition, hide_cancelled=False):
    url = f"/competitions/{competition.pk}/board/"
    return f"{url}?cancelled=hide" if hide_cancelled else url


def _hides_cancelled(request):
    """Whether the board leaves cancelled sessions out: remembered in its address."""
    return request.GET.get("cancelled") == "hide"


def _apply_errors(form, error):
    for field, problems in error.message_dict.items():
        target = field if field in form.fields else None
        for problem in problems:
            form.add_error(target, problem)


@login_required
@require_http_methods(["GET", "POST"])
def board(request, pk):
    competition = get_competition_for_staff(request.user, pk)
    hide_cancelled = _hides_cancelled(request)
    form = BookingForm(request.POST, competition=competition) if request.method == "POST" else None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            session = session_book(
                team=data["team"],
                mentor=data["mentor"],
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                meeting_url=data["meeting_url"],
                confirm_late=data["confirm_late"],
                late_reason=data["late_reason"],
                competition=competition,
                by=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Booked %(team)s with %(mentor)s on %(when)s. The team and the mentor are told.")
                % {
                    "team": session.team.name,
                    "mentor": session.mentor.display_name,
                    "when": timezone.localtime(session.starts_at).strftime("%m/%d %H:%M"),
                },
            )
            return redirect(_board_url(competition, hide_cancelled))
    status = 200 if form is None else 400
    if form is None and request.GET.get("team"):
        # Booking for a chosen team: its own mentors first (htmx asks for this on a change).
        form = BookingForm(competition=competition, initial={"team": request.GET["team"]})
        if request.htmx:
            return HttpResponse(booking_form(request, competition, form))
    pieces = board_pieces(request, competition, hide_cancelled)
    # A refused booking shows what was typed and why; an empty form is the cached one.
    booking = pieces["booking"] if form is None else booking_form(request, competition, form)
    context = {"competition": competition, "board": pieces, "booking_form": booking}
    return render(request, "competitions/board.html", context, status=status)


BOARD_CACHE_SECONDS = 300  # what no fingerprint covers: a renamed team or mentor account


def booking_form(request, competition, form):
    context = {
        "competition": competition,
        "form": form,
        "late_hours": settings.SESSION_LATE_HOURS,
        "late_cutoff": late_cutoff(competition),
    }
    return render_to_string("competitions/booking_form.html", context, request=request)


def board_pieces(request, competition, hide_cancelled=False):
    """The grid and the lists of sessions and availability, rendered once and cached until a
    row they show changes (a booking, a window, a team...), the day turns, or five minutes pass.
    The empty forms are cached with them; a refused booking is rendered anew."""

    def build():
        context = {
            **board_context(competition, hide_cancelled=hide_cancelled),
            "competition": competition,
            "late_hours": settings.SESSION_LATE_HOURS,
            "board_url": _board_url(competition),
            "availability_form": AvailabilityForm(competition=competition),
        }
        return {
            "grid": render_to_string("competitions/board_grid.html", context, request=request),
            "sessions": render_to_string(
                "competitions/board_sessions.html", context, request=request
            ),
            "booking": booking_form(request, competition, BookingForm(competition=competition)),
        }

    return cached_body(
        request,
        name="board",
        cohorts=[competition.cohort],
        render=build,
        seconds=BOARD_CACHE_SECONDS,
        scopes=(SCHEDULE,),
        parts=(competition.pk, hide_cancelled),
    )


@login_required
@require_POST
def availability_add(request, pk):
    competition = get_competition_for_staff(request.user, pk)
    form = AvailabilityForm(request.POST, competition=competition)
    back = _board_url(competition, _hides_cancelled(request)) + "#availability"
    if form.is_valid():
        try:
            add_window(competition=competition, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Availability saved."))
            return redirect(back)
    problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
    messages.error(request, _("Availability not saved: %(problems)s") % {"problems": problems})
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request, pk):
    """GET: the proposal, nothing saved. POST: book the checked slots at once, or none."""
    competition = get_competition_for_staff(request.user, pk)
    if request.method == "POST":
        if not request.POST.getlist("slot"):
            messages.error(request, _("Check at least one session to book. Nothing was booked."))
            return redirect(request.path)
        slots = _slots_from_post(request.POST.getlist("slot"), competition)
        if slots is None:
            messages.error(request, _("The proposal could not be read. Nothing was booked."))
            return redirect(request.path)
        try:
            sessions = schedule_accept(competition=competition, slots=slots, by=request.user)
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem)
            messages.error(request, _("Nothing was booked. Here is a fresh proposal."))
            return redirect(request.path)
        messages.success(
            request,
            ngettext(
                "%(count)s session booked. Its team and mentor are told.",
                "%(count)s sessions booked. Their teams and mentors are told.",
                len(sessions),
            )
            % {"count": len(sessions)},
        )
        return redirect(_board_url(competition))
    proposals, unplaced = schedule_suggest(competition=competition)
    tokens = [_token(slot) for slot in proposals]
    context = {
        "competition": competition,
        "proposals": proposals,
        "unplaced": unplaced,
        "tokens": tokens,
        "rows": list(zip(proposals, tokens, strict=True)),
    }
    return render(request, "competitions/suggest.html", context)


def _token(slot):
    return (
        f"{slot.team.pk}|{slot.mentor.pk}|{slot.starts_at.isoformat()}|{slot.ends_at.isoformat()}"
    )


def _moment(text):
    """A moment of a proposal, read as the booking form reads one: None unless it is a date and
    time in the course's years (a hidden field edited to year 9999 is no proposal of ours)."""
    try:
        return CourseDateTimeField().clean(text)
    except ValidationError:
        return None


def _slots_from_post(tokens, competition):
    """Slots named by the posted tokens; None when any is malformed or names a stranger."""
    if not tokens:
        return None
    teams = {t.pk: t for t in competition.teams.all()}
    parsed = []
    for token in tokens:
        parts = token.split("|")
        if len(parts) != 4 or not all(p.lstrip("-").isdigit() for p in parts[:2]):
            return None
        start, end = _moment(parts[2]), _moment(parts[3])
        team = teams.get(int(parts[0]))
        if team is None or start is None or end is None:
            return None
        parsed.append((team, int(parts[1]), start, end))
    mentors = User.objects.in_bulk({mentor_id for _t, mentor_id, _s, _e in parsed})
    if any(mentor_id not in mentors for _t, mentor_id, _s, _e in parsed):
        return None
    return [Slot(team, mentors[m], s, e) for team, m, s, e in parsed]
