import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from curriculum.models import Role

from ..models import Quiz, QuizAnswer, QuizAttempt, QuizChoice, QuizQuestion
from ..permissions import can_see_statistics, require_member
from ..services import QuizSubmissionError, quiz_submit
from ..stats import comparable_quizzes, item_statistics, quiz_summaries


def _quiz_for(user, pk):
    quiz = get_object_or_404(
        Quiz.objects.select_related("week__cohort", "week__phase", "lecture").prefetch_related(
            "tags",
            Prefetch(
                "questions",
                queryset=QuizQuestion.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("choices", queryset=QuizChoice.objects.order_by("order", "pk"))
                ),
            ),
        ),
        pk=pk,
    )
    roles = require_member(user, quiz.week.cohort_id)
    return quiz, roles


def _is_id(raw):
    """A primary key as a form sends it: ASCII digits only ("²" passes isdigit() but not int()),
    and short enough for int() (Python refuses over 4,300 digits) and the database."""
    return raw.isascii() and raw.isdigit() and len(raw) <= 18


def _answers_from(post, quiz):
    """{question id: {choice ids}} from the form; anything that is not a number is dropped, so
    tampering shows up as a missing or foreign answer in quiz_submit."""
    answers = {}
    for question in quiz.questions.all():
        chosen = set()
        for raw in post.getlist(f"q{question.pk}"):
            if _is_id(raw):
                chosen.add(int(raw))
        answers[question.pk] = chosen
    extra = {key for key in post if key.startswith("q") and _is_id(key[1:])}
    for key in extra:
        answers.setdefault(int(key[1:]), {0})
    return answers


def _token(post):
    try:
        return uuid.UUID(post.get("token", ""))
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def quiz_take(request, pk):
    quiz, roles = _quiz_for(request.user, pk)
    is_student = Role.STUDENT in roles
    error = None
    if request.method == "POST":
        if not is_student:
            raise PermissionDenied
        token = _token(request.POST)
        answers = _answers_from(request.POST, quiz)
        for question in quiz.questions.all():
            question.selected_ids = answers.get(question.pk, set())
        if token is None:
            error = _("The form is out of date. Reload the page and answer again.")
        else:
            try:
                attempt, _created = quiz_submit(
                    quiz=quiz, student=request.user, token=token, answers=answers
                )
            except QuizSubmissionError as exc:
                error = " ".join(exc.messages)
            else:
                return redirect(attempt.get_absolute_url())
    attempts = list(QuizAttempt.objects.filter(quiz=quiz, student=request.user).order_by("number"))
    context = {
        "quiz": quiz,
        "cohort": quiz.week.cohort,
        "week": quiz.week,
        "is_student": is_student,
        "can_see_statistics": can_see_statistics(request.user, roles),
        "attempts": attempts,
        "token": uuid.uuid4(),
        "error": error,
    }
    return render(request, "mentoring/quiz_take.html", context, status=400 if error else 200)


@login_required
@require_GET
def quiz_result(request, pk, number):
    quiz, _roles = _quiz_for(request.user, pk)
    attempt = get_object_or_404(
        QuizAttempt.objects.prefetch_related(
            Prefetch("answers", queryset=QuizAnswer.objects.prefetch_related("selected"))
        ),
        quiz=quiz,
        student=request.user,
        number=number,
    )
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    rows = []
    for question in quiz.questions.all():
        answer = answers.get(question.pk)
        chosen = {choice.pk for choice in answer.selected.all()} if answer else set()
        rows.append(
            {"question": question, "chosen": chosen, "correct": bool(answer and answer.is_correct)}
        )
    context = {
        "quiz": quiz,
        "week": quiz.week,
        "cohort": quiz.week.cohort,
        "attempt": attempt,
        "rows": rows,
    }
    return render(request, "mentoring/quiz_result.html", context)


@login_required
@require_GET
def quiz_statistics(request, pk):
    quiz, roles = _quiz_for(request.user, pk)
    if not can_see_statistics(request.user, roles):
        raise PermissionDenied
    earlier = comparable_quizzes(
        week=quiz.week,
        tag_ids=[tag.pk for tag in quiz.tags.all()],
        difficulty=quiz.intended_difficulty,
        exclude_quiz_id=quiz.pk,
    )
    summaries = quiz_summaries([quiz.pk, *[other.pk for other in earlier]])
    context = {
        "quiz": quiz,
        "week": quiz.week,
        "cohort": quiz.week.cohort,
        "summary": summaries.get(quiz.pk),
        "items": item_statistics(quiz),
        "earlier": [(other, summaries.get(other.pk)) for other in earlier],
    }
    return render(request, "mentoring/quiz_statistics.html", context)
