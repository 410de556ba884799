"""One mentoring session: its details and history, notes, and (for staff) moving or cancelling."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..forms import CancelForm, NoteForm, RescheduleForm
from ..models import SessionNote
from ..permissions import (
    can_manage_session,
    can_write_notes,
    get_session_for_user,
    require_manager,
    require_note_writer,
)
from ..services import note_add
from ..services import session_cancel as cancel
from ..services import session_reschedule as reschedule


def _render(
    request, session, *, reschedule_form=None, note_form=None, cancel_form=None, status=200
):
    manage = can_manage_session(request.user, session)
    write = can_write_notes(request.user, session)
    local = timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M")
    context = {
        "session": session,
        "competition": session.competition,
        "late": session.is_late(),
        "past": session.is_past(),
        "changes": session.changes.select_related("by").order_by("at", "pk"),
        "notes": SessionNote.objects.filter(session=session)
        .select_related("author")
        .prefetch_related("tags"),
        "can_manage": manage,
        "can_write": write,
        "reschedule_form": reschedule_form or RescheduleForm(initial={"starts_at": local}),
        "cancel_form": cancel_form or CancelForm(),
        "note_form": note_form or NoteForm(),
    }
    return render(request, "competitions/session.html", context, status=status)


@login_required
@require_GET
def session_detail(request, pk):
    return _render(request, get_session_for_user(request.user, pk))


@login_required
@require_POST
def session_reschedule(request, pk):
    session = get_session_for_user(request.user, pk)
    require_manager(request.user, session)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            reschedule(session=session, by=request.user, **data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Session moved. The team and the mentor are told."))
            return redirect(session.get_absolute_url())
    session.refresh_from_db()
    return _render(request, session, reschedule_form=form, status=400)


@login_required
@require_POST
def session_cancel(request, pk):
    session = get_session_for_user(request.user, pk)
    require_manager(request.user, session)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _render(request, session, cancel_form=form, status=400)
    try:
        cancel(session=session, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Session cancelled. The team and the mentor are told."))
    return redirect(session.get_absolute_url())


@login_required
@require_POST
def session_note_add(request, pk):
    session = get_session_for_user(request.user, pk)
    require_note_writer(request.user, session)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note_add(session=session, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("body", error.messages[0])
        else:
            messages.success(request, _("Note saved. The team can read it now."))
            return redirect(session.get_absolute_url() + "#notes")
    return _render(request, session, note_form=form, status=400)
