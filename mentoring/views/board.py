from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.navigation import back_to
from curriculum.models import Role, Week

from ..forms import BoardAnswerForm, BoardQuestionForm
from ..models import BoardQuestion
from ..permissions import can_answer_questions, require_member
from ..services import board_answer, board_question_ask, board_upvote_toggle


def _form_errors(form):
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )


@login_required
@require_POST
def question_ask(request, week_pk):
    week = get_object_or_404(Week.objects.select_related("cohort"), pk=week_pk)
    if Role.STUDENT not in require_member(request.user, week.cohort_id):
        raise PermissionDenied
    form = BoardQuestionForm(request.POST)
    if form.is_valid():
        board_question_ask(week=week, author=request.user, **form.cleaned_data)
        messages.success(request, _("Your question is posted. The week's mentor will answer it."))
    else:
        messages.error(request, _form_errors(form))
    return redirect(back_to(request, week.get_absolute_url()) + "#board")


@login_required
@require_POST
def question_upvote(request, pk):
    question = get_object_or_404(BoardQuestion.objects.select_related("week__cohort"), pk=pk)
    require_member(request.user, question.week.cohort_id)
    if question.author_id == request.user.pk:
        messages.error(request, _("You cannot upvote your own question."))
    else:
        board_upvote_toggle(question=question, user=request.user)
    return redirect(back_to(request, question.week.get_absolute_url()) + f"#question-{pk}")


@login_required
@require_POST
def question_answer(request, pk):
    question = get_object_or_404(BoardQuestion.objects.select_related("week__cohort"), pk=pk)
    roles = require_member(request.user, question.week.cohort_id)
    if not can_answer_questions(request.user, question.week, roles):
        raise PermissionDenied
    form = BoardAnswerForm(request.POST)
    if form.is_valid():
        board_answer(question=question, author=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Your answer is posted."))
    else:
        messages.error(request, _form_errors(form))
    return redirect(back_to(request, question.week.get_absolute_url()) + f"#question-{pk}")
